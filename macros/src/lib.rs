//! Implementation detail of [`lambda-client`](https://docs.rs/lambda-client):
//! depend on that crate, which re-exports these macros.
//!
//! One stage per file: `args` parses the attribute, `ast` builds the typed
//! model of the trait, `valid` holds the checks Rust cannot make, and
//! `expand` generates the client.

mod args;
mod ast;
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
