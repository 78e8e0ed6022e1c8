//! Parse: an enum deriving `LambdaError`, each variant with what its
//! `#[lambda_error(...)]` says, read without judging it.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Fields, Ident, LitStr, Variant};

use crate::args::crate_path;
use crate::keys::{
    CRATE, ERROR_TYPE, LAMBDA_ERROR, LAMBDA_ERROR_ENUM_KEYS, LAMBDA_ERROR_KEYS, OTHER,
};
use crate::paths::Root;

/// The derive's input, as written.
pub(crate) struct Input<'a> {
    pub(crate) derive: &'a DeriveInput,
    /// The variants, when the input is an enum; each with its attribute's
    /// keys, or why they do not parse.
    pub(crate) variants: Option<Vec<(&'a Variant, syn::Result<VariantArgs>)>>,
    /// What `#[lambda_error(...)]` on the enum itself says, or why it does
    /// not parse.
    pub(crate) enum_args: syn::Result<EnumArgs>,
}

/// What `#[lambda_error(...)]` on the enum says.
#[derive(Default)]
pub(crate) struct EnumArgs {
    /// `crate = "..."`: the path to the runtime, when the dependency is
    /// renamed or re-exported.
    pub(crate) root: Option<syn::Path>,
}

/// What `#[lambda_error(...)]` on a variant says.
#[derive(Default)]
pub(crate) struct VariantArgs {
    pub(crate) error_type: Option<LitStr>,
    /// The span of `other`, when the variant is the catch-all.
    pub(crate) other: Option<Span>,
}

impl<'a> Input<'a> {
    pub(crate) fn parse(input: &'a DeriveInput) -> Input<'a> {
        let variants = match &input.data {
            syn::Data::Enum(enumeration) => Some(
                enumeration
                    .variants
                    .iter()
                    .map(|variant| (variant, VariantArgs::parse(variant)))
                    .collect(),
            ),
            syn::Data::Struct(_) | syn::Data::Union(_) => None,
        };
        Input {
            derive: input,
            variants,
            enum_args: EnumArgs::parse(&input.attrs),
        }
    }
}

fn is_ours(attribute: &Attribute) -> bool {
    attribute.path().is_ident(LAMBDA_ERROR)
}

impl EnumArgs {
    fn parse(attributes: &[Attribute]) -> syn::Result<EnumArgs> {
        let mut args = EnumArgs::default();
        for attribute in attributes.iter().filter(|attribute| is_ours(attribute)) {
            attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident(CRATE) {
                    args.root = Some(crate_path(&meta, args.root.is_some())?);
                    Ok(())
                } else if meta.path.is_ident(ERROR_TYPE) || meta.path.is_ident(OTHER) {
                    Err(meta.error(
                        "`error_type` and `other` go on the enum's variants, not on the enum",
                    ))
                } else {
                    Err(meta.error(format!(
                        "unknown key; #[lambda_error] on the enum takes {LAMBDA_ERROR_ENUM_KEYS}, and {LAMBDA_ERROR_KEYS} on its variants"
                    )))
                }
            })?;
        }
        Ok(args)
    }

    /// The path generated code reaches the runtime through.
    pub(crate) fn root(&self) -> Root {
        Root::new(self.root.clone())
    }
}

impl VariantArgs {
    fn parse(variant: &Variant) -> syn::Result<VariantArgs> {
        let mut args = VariantArgs::default();
        for attribute in variant.attrs.iter().filter(|attribute| is_ours(attribute)) {
            attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident(ERROR_TYPE) {
                    if args.error_type.is_some() {
                        return Err(meta.error("duplicate `error_type`"));
                    }
                    args.error_type = Some(meta.value()?.parse()?);
                    Ok(())
                } else if meta.path.is_ident(OTHER) {
                    if args.other.is_some() {
                        return Err(meta.error("duplicate `other`"));
                    }
                    args.other = Some(meta.path.span());
                    Ok(())
                } else {
                    Err(meta.error(format!(
                        "unknown key; #[lambda_error] on a variant takes {LAMBDA_ERROR_KEYS}"
                    )))
                }
            })?;
        }
        Ok(args)
    }
}

/// An error enum that travels between callee and caller, checked.
pub(crate) struct ErrorEnum {
    pub(crate) ident: Ident,
    pub(crate) variants: Vec<ErrorVariant>,
    /// The variant holding a `FunctionError` no other variant matched.
    pub(crate) catch_all: Ident,
    /// The path generated code reaches the runtime through.
    pub(crate) root: Root,
}

/// A variant that travels as its own `errorType`.
pub(crate) struct ErrorVariant {
    pub(crate) ident: Ident,
    pub(crate) error_type: String,
    pub(crate) fields: Fields,
}
