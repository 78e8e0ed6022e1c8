//! Generated code names the runtime by absolute path, so that nothing in the
//! user's crate (a module called `lambda_client`, a missing prelude) can
//! shadow it.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};

/// `::lambda_client::#path`, for an item of the runtime's public API.
pub(crate) fn runtime(path: impl ToTokens) -> TokenStream {
    runtime_spanned(Span::call_site(), path)
}

/// `::lambda_client::#path` with the span of the user's token it stands
/// for, so that an error about it points there.
pub(crate) fn runtime_spanned(span: Span, path: impl ToTokens) -> TokenStream {
    quote_spanned!(span=> ::lambda_client::#path)
}

/// `::lambda_client::__private::#path`, for what only generated code calls.
pub(crate) fn private(path: impl ToTokens) -> TokenStream {
    private_spanned(Span::call_site(), path)
}

/// `::lambda_client::__private::#path` with the span of the user's token.
pub(crate) fn private_spanned(span: Span, path: impl ToTokens) -> TokenStream {
    quote_spanned!(span=> ::lambda_client::__private::#path)
}

/// What `#[serde(crate = "...")]` takes: the serde the runtime re-exports,
/// so that a user's crate needs no serde of its own to derive through it.
pub(crate) fn serde_crate() -> String {
    private(quote!(serde)).to_string().replace(' ', "")
}
