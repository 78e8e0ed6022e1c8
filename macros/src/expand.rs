//! `#[lambda_client]` on an item: parse (`args.rs`, `model.rs`), validate
//! (`valid/`), render (`render/`).

use proc_macro2::{Span, TokenStream};
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
        // What `#[mockall::automock]` made of the trait when it ran first,
        // with our attributes copied onto it: the trait's attribute says so
        // once, on the mock's struct; a method's copy says nothing more.
        other if !args.is_empty() && written_by_mockall(&other) => return Ok(quote!(#other)),
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
    if written_by_mockall(item) {
        return syn::Error::new(
            Span::call_site(),
            "#[mockall::automock] is above #[lambda_client], so it ran first and handed on its mock with this attribute still on it: put #[lambda_client] above #[mockall::automock] (it turns each `async fn` into the `fn .. -> impl Future + Send` mockall can mock); the errors beside this one all come from that order",
        );
    }
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

/// Whether `item` is part of what `#[mockall::automock]` made of a trait:
/// its `Mock{Trait}` struct or impls, or a mocked method, all of which name
/// mockall's own paths.
fn written_by_mockall(item: &syn::Item) -> bool {
    fn names_mockall(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => {
                let ident = ident.to_string();
                ident == "mockall" || ident.starts_with("Mock") || ident.starts_with("__mock_")
            }
            proc_macro2::TokenTree::Group(group) => names_mockall(group.stream()),
            _ => false,
        })
    }
    names_mockall(quote!(#item))
}

/// The errors, and the item unchanged so that code using it still resolves.
fn with_errors(error: syn::Error, item: impl quote::ToTokens) -> TokenStream {
    let error = error.into_compile_error();
    quote!(#error #item)
}
