//! Generated code names the runtime by absolute path, so that nothing in the
//! user's crate (a module called `lambda_client`, a missing prelude) can
//! shadow it: `::lambda_client`, or the root `crate = "..."` gives, for a
//! crate that renames the dependency or re-exports the runtime.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};

/// The path generated code reaches the runtime through: `::lambda_client`
/// unless the attribute says otherwise.
#[derive(Clone)]
pub(crate) struct Root {
    path: syn::Path,
}

impl Default for Root {
    fn default() -> Self {
        let segment = syn::PathSegment::from(syn::Ident::new("lambda_client", Span::call_site()));
        Root {
            path: syn::Path {
                leading_colon: Some(syn::Token![::](Span::call_site())),
                segments: std::iter::once(segment).collect(),
            },
        }
    }
}

impl Root {
    /// The root `crate = "..."` gave, or the default.
    pub(crate) fn new(path: Option<syn::Path>) -> Self {
        path.map_or_else(Root::default, |path| Root { path })
    }

    /// `#root::#path`, for an item of the runtime's public API.
    pub(crate) fn runtime(&self, path: impl ToTokens) -> TokenStream {
        let root = &self.path;
        quote!(#root::#path)
    }

    /// `#root::#path` with the span of the user's token it stands for, so
    /// that an error about it points there.
    pub(crate) fn runtime_spanned(&self, span: Span, path: impl ToTokens) -> TokenStream {
        let root = self.spanned(span);
        quote_spanned!(span=> #root::#path)
    }

    /// `#root::__private::#path`, for what only generated code calls.
    pub(crate) fn private(&self, path: impl ToTokens) -> TokenStream {
        self.runtime(quote!(__private::#path))
    }

    /// `#root::__private::#path` with the span of the user's token.
    pub(crate) fn private_spanned(&self, span: Span, path: impl ToTokens) -> TokenStream {
        self.runtime_spanned(span, quote_spanned!(span=> __private::#path))
    }

    /// What `#[serde(crate = "...")]` takes: the serde the runtime
    /// re-exports, so that a user's crate needs no serde of its own to
    /// derive through it.
    pub(crate) fn serde_crate(&self) -> String {
        self.private(quote!(serde)).to_string().replace(' ', "")
    }

    /// The root as a doc link's target names it: `lambda_client::Transport`
    /// links to the runtime's `Transport` in a doc comment wherever the
    /// generated item is.
    pub(crate) fn doc_path(&self, item: &str) -> String {
        format!("{}::{item}", self.path.to_token_stream()).replace(' ', "")
    }

    /// The root as prose names it: without a leading `::`.
    pub(crate) fn doc_name(&self) -> String {
        let path = self.path.to_token_stream().to_string().replace(' ', "");
        path.trim_start_matches("::").to_owned()
    }

    /// The root with every token at `span`: a path whose parts came from
    /// two places would have a span covering everything between them.
    fn spanned(&self, span: Span) -> syn::Path {
        let mut path = self.path.clone();
        if let Some(colon) = &mut path.leading_colon {
            colon.spans = [span; 2];
        }
        for pair in path.segments.pairs_mut() {
            let (segment, punct) = pair.into_tuple();
            segment.ident.set_span(span);
            if let Some(punct) = punct {
                punct.spans = [span; 2];
            }
        }
        path
    }
}
