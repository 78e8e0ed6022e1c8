//! `#[derive(LambdaError)]`: parse (`model.rs`), validate (`valid.rs`),
//! render (`render.rs`).

mod model;
mod render;
mod valid;

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// The conversions for `input`, or its mistakes with stand-ins for the
/// conversions, so that code using the enum reports nothing more.
pub(crate) fn expand(input: &DeriveInput) -> TokenStream {
    let parsed = model::Input::parse(input);
    match valid::check(&parsed) {
        Ok(model) => render::lambda_error(&model),
        Err(error) => {
            let root = parsed.enum_args.as_ref().map(model::EnumArgs::root);
            render::fallback(input, error, &root.unwrap_or_default())
        }
    }
}
