//! Render: the trait, its client (`client.rs`) and its callee (`callee.rs`)
//! from a checked contract; or, after a mistake, the errors and the trait.

mod callee;
mod client;
mod contract;

use proc_macro2::TokenStream;
use quote::quote;
use syn::TraitItem;
use syn::spanned::Spanned;

use crate::model::{Call, Contract};
use crate::valid;

/// The trait, each call's `async fn` rewritten as `fn -> impl Future +
/// Send`, then its client and its callee.
pub(crate) fn contract(contract: &Contract, calls: &[Call]) -> TokenStream {
    let mut item = contract.item.clone();
    for call in calls {
        if let TraitItem::Fn(method) = &mut item.items[call.position] {
            method.sig = returning_future(call);
        }
    }
    [
        quote!(#item),
        client::client(&contract.item, calls, &contract.root),
        callee::callee(&contract.item, calls, &contract.root),
        contract::contract(&contract.item, calls, &contract.root),
    ]
    .into_iter()
    .collect()
}

/// The errors, and the trait as written so that code implementing or
/// calling it still resolves: one mistake gives one error. (Uses of the
/// client or callee that were not generated add none: rustc does not report
/// names a failed macro might have defined.)
pub(crate) fn fallback(error: syn::Error, contract: Contract) -> TokenStream {
    let mut item = contract.item;
    for trait_item in &mut item.items {
        if let TraitItem::Fn(method) = trait_item {
            valid::blank_bad_patterns(method);
        }
    }
    let error = error.into_compile_error();
    quote!(#error #item)
}

/// `async fn f(..) -> R` as `fn f(..) -> impl Future<Output = R> + Send`: the
/// same signature in the trait and in the client's implementation of it.
fn returning_future(call: &Call) -> syn::Signature {
    let mut sig = call.sig.clone();
    sig.asyncness = None;
    let output = &call.output;
    sig.output = syn::parse_quote_spanned! {output.span()=>
        -> impl ::core::future::Future<Output = #output> + ::core::marker::Send
    };
    sig
}
