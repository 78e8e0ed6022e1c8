//! `#[lambda_client]` on an item: parse (`args.rs`, `model.rs`), validate
//! (`valid/`), render (`render/`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

use crate::args;
use crate::errors::Errors;
use crate::model::Contract;
use crate::render;
use crate::valid;

/// The trait with its client and callee, or the errors with the item as
/// written.
pub(crate) fn lambda_client(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let item = match syn::parse2::<syn::Item>(item.clone())? {
        syn::Item::Trait(item) => item,
        // A method without a body is no item: this is the attribute of a
        // method whose trait lacks `#[lambda_client]`, expanded on its own.
        syn::Item::Verbatim(_) => {
            let mut method = syn::parse2::<syn::TraitItemFn>(item)?;
            method.attrs.retain(|attribute| !args::is_ours(attribute));
            let error = syn::Error::new(
                method.sig.ident.span(),
                "#[lambda_client(...)] on a method is read by #[lambda_client] on its trait; add #[lambda_client] to the trait",
            );
            return Ok(with_errors(error, method));
        }
        other => return Ok(with_errors(misplaced(&other), other)),
    };
    let mut errors = Errors::default();
    let trait_args = errors
        .take(args::parse_trait_args(args))
        .unwrap_or_default();
    let contract = Contract::parse(item, trait_args.root);
    let calls = valid::check(&contract, &mut errors);
    Ok(match errors.finish() {
        None => render::contract(&contract, &calls),
        Some(error) => render::fallback(error, contract),
    })
}

fn misplaced(item: &syn::Item) -> syn::Error {
    let span = match item {
        syn::Item::Fn(function) => function.sig.ident.span(),
        syn::Item::Impl(implementation) => implementation.impl_token.span,
        syn::Item::Struct(structure) => structure.ident.span(),
        syn::Item::Enum(enumeration) => enumeration.ident.span(),
        other => other.span(),
    };
    syn::Error::new(
        span,
        "#[lambda_client] goes on a trait, and #[lambda_client(name = \"...\")] on that trait's methods",
    )
}

/// The errors, and the item unchanged so that code using it still resolves.
fn with_errors(error: syn::Error, item: impl quote::ToTokens) -> TokenStream {
    let error = error.into_compile_error();
    quote!(#error #item)
}
