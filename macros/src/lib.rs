//! Implementation detail of [`lambda-client`](https://docs.rs/lambda-client):
//! depend on that crate, which re-exports these macros.
//!
//! `#[lambda_client]` goes through three stages, one module each, which
//! `expand` runs in turn:
//!
//! - parse: `args` reads the attribute's keys, `model` the trait;
//! - validate: `valid` makes every check Rust's type system cannot, and
//!   turns each method into a checked call;
//! - render: `render` writes the trait, its client and its callee, or,
//!   after a mistake, the errors with stand-ins that keep the user's other
//!   code quiet.
//!
//! `#[derive(LambdaError)]` has the same stages in `lambda_error/`. Errors
//! are collected in `errors`, the names users write are in `keys`, and
//! generated code names the runtime through `paths`.

mod args;
mod errors;
mod expand;
mod keys;
mod lambda_error;
mod model;
mod paths;
mod render;
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
    lambda_error::expand(&input).into()
}
