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
        // (once: the copies' errors are the same); a method's copy, inside
        // mockall's own code, says nothing more. A user's item merely named
        // `Mock...` is not skipped: the attribute on it is an error.
        other if !args.is_empty() && names_mockall(&other) => return Ok(quote!(#other)),
        other => return Ok(with_errors(misplaced(&other, args.is_empty()), other)),
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

/// The attribute on what is not a trait; `on_the_trait` when it is the
/// trait's attribute (no arguments), as mockall copies it onto its mock.
fn misplaced(item: &syn::Item, on_the_trait: bool) -> syn::Error {
    if on_the_trait && looks_mocked(item) {
        return syn::Error::new(
            Span::call_site(),
            "#[lambda_client] goes on a trait, and this looks like the mock #[mockall::automock] made of one: it ran first because it is above #[lambda_client], and handed on its mock with this attribute still on it; put #[lambda_client] above #[mockall::automock] (it turns each `async fn` into the `fn .. -> impl Future + Send` mockall can mock): the errors beside this one all come from that order",
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

/// Whether `item` names mockall's own paths (`::mockall::`, `__mock_...`),
/// as what `#[mockall::automock]` writes for a trait's methods does.
fn names_mockall(item: &syn::Item) -> bool {
    fn any_ident(tokens: TokenStream, test: &impl Fn(&str) -> bool) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => test(&ident.to_string()),
            proc_macro2::TokenTree::Group(group) => any_ident(group.stream(), test),
            _ => false,
        })
    }
    any_ident(quote!(#item), &|ident| {
        ident == "mockall" || ident.starts_with("__mock_")
    })
}

/// Whether `item` looks like part of the mock `#[mockall::automock]` made
/// of a trait: it names mockall's paths, or a `Mock...` type (the mock's
/// struct and its impls). Only chooses the message of an error that is
/// reported either way.
fn looks_mocked(item: &syn::Item) -> bool {
    let mock_type = |ident: &syn::Ident| ident.to_string().starts_with("Mock");
    names_mockall(item)
        || match item {
            syn::Item::Struct(structure) => mock_type(&structure.ident),
            syn::Item::Impl(implementation) => match &*implementation.self_ty {
                syn::Type::Path(path) => path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| mock_type(&last.ident)),
                _ => false,
            },
            _ => false,
        }
}

/// The errors, and the item unchanged so that code using it still resolves.
fn with_errors(error: syn::Error, item: impl quote::ToTokens) -> TokenStream {
    let error = error.into_compile_error();
    quote!(#error #item)
}
