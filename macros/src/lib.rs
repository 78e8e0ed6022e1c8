//! Implementation detail of [`lambda-client`](https://docs.rs/lambda-client):
//! depend on that crate, which re-exports these macros.
//!
//! One stage per file: `args` parses the attribute, `ast` builds the typed
//! model of the trait, `valid` holds the checks Rust cannot make, `expand`
//! generates the client and `callee` the callee's side. The derive has its
//! own model (`error_ast`) and generation (`error_expand`).

mod args;
mod ast;
mod callee;
mod error_ast;
mod error_expand;
mod expand;
mod valid;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Generates a client for a trait whose methods call Lambda functions.
///
/// See the `lambda-client` crate for the attribute's keys and an example.
#[proc_macro_attribute]
pub fn lambda_client(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::lambda_client(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Makes an error enum travel from a callee to its caller: each variant
/// becomes an `errorType`, its fields the JSON in `errorMessage`.
///
/// See the `lambda-client` crate for the rules and an example.
#[proc_macro_derive(LambdaError, attributes(lambda_error))]
pub fn derive_lambda_error(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    error_expand::lambda_error(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
