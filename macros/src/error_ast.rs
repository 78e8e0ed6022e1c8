//! The typed model of an enum deriving `LambdaError`: each variant's
//! `errorType` and fields, and the catch-all; with every rule checked and
//! every mistake reported together.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Variant};

use crate::valid::Errors;

/// `#[lambda_error(error_type = "...")]`: the `errorType` instead of the variant's name.
const ERROR_TYPE: &str = "error_type";
/// `#[lambda_error(other)]`: the catch-all variant.
const OTHER: &str = "other";
const KEYS: &str = "`error_type = \"...\"` or `other`";

/// An error enum that travels between callee and caller.
pub(crate) struct ErrorEnum {
    pub(crate) ident: Ident,
    pub(crate) variants: Vec<ErrorVariant>,
    /// The variant holding a `FunctionError` no other variant matched.
    pub(crate) catch_all: Ident,
}

/// A variant that travels as its own `errorType`.
pub(crate) struct ErrorVariant {
    pub(crate) ident: Ident,
    pub(crate) error_type: String,
    pub(crate) fields: Fields,
}

/// What `#[lambda_error(...)]` on a variant says.
#[derive(Default)]
struct VariantArgs {
    error_type: Option<LitStr>,
    other: Option<Span>,
}

impl ErrorEnum {
    pub(crate) fn from_input(input: &DeriveInput) -> syn::Result<ErrorEnum> {
        let mut errors = Errors::default();
        let enumeration = match &input.data {
            Data::Enum(enumeration) => Some(enumeration),
            Data::Struct(structure) => {
                errors.push(syn::Error::new(
                    structure.struct_token.span,
                    "`LambdaError` is derived for an enum: each variant becomes an `errorType` the caller can match",
                ));
                None
            }
            Data::Union(union) => {
                errors.push(syn::Error::new(
                    union.union_token.span,
                    "`LambdaError` is derived for an enum: each variant becomes an `errorType` the caller can match",
                ));
                None
            }
        };
        if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
            errors.push(syn::Error::new_spanned(
                &input.generics,
                "`LambdaError` cannot be derived for a generic enum: the error document has one fixed shape",
            ));
        }
        for attribute in input
            .attrs
            .iter()
            .filter(|attribute| attribute.path().is_ident("lambda_error"))
        {
            errors.push(syn::Error::new_spanned(
                attribute,
                "#[lambda_error(...)] goes on the enum's variants, not on the enum",
            ));
        }
        let Some(enumeration) = enumeration else {
            return Err(errors.finish().unwrap_or_else(|| unreachable_error(input)));
        };

        let (variants, mut catch_alls) = variants(enumeration, &mut errors);
        match catch_alls.as_slice() {
            [] => errors.push(syn::Error::new(
                input.ident.span(),
                format!(
                    "`{}` needs a catch-all variant, `#[lambda_error(other)] Other(lambda_client::FunctionError)`: an unknown errorType, a platform error such as `Sandbox.Timedout` or a malformed error document arrives there",
                    input.ident
                ),
            )),
            [_] => {}
            [_, extra @ ..] => {
                for ident in extra {
                    errors.push(syn::Error::new(
                        ident.span(),
                        "only one variant can be the catch-all `#[lambda_error(other)]`",
                    ));
                }
            }
        }
        match errors.finish() {
            Some(error) => Err(error),
            None => Ok(ErrorEnum {
                ident: input.ident.clone(),
                variants,
                catch_all: catch_alls.swap_remove(0),
            }),
        }
    }
}

/// The variants that travel as their own `errorType`, and the catch-alls.
fn variants(enumeration: &syn::DataEnum, errors: &mut Errors) -> (Vec<ErrorVariant>, Vec<Ident>) {
    let mut variants = Vec::new();
    let mut catch_alls = Vec::new();
    let mut seen: HashMap<String, Ident> = HashMap::new();
    for variant in &enumeration.variants {
        let Some(args) = errors.take(VariantArgs::parse(variant)) else {
            continue;
        };
        if let Some(other) = args.other {
            if let Some(error_type) = &args.error_type {
                errors.push(syn::Error::new_spanned(
                    error_type,
                    "the catch-all variant has no `errorType` of its own: it receives every one no other variant claims",
                ));
            }
            check_catch_all(variant, other, errors);
            catch_alls.push(variant.ident.clone());
            continue;
        }
        let (error_type, span) = match &args.error_type {
            Some(literal) => (literal.value(), literal.span()),
            None => (variant.ident.to_string(), variant.ident.span()),
        };
        if error_type.is_empty() {
            errors.push(syn::Error::new(span, "an `errorType` cannot be empty"));
        }
        if let Some(earlier) = seen.get(&error_type) {
            errors.push(syn::Error::new(
                span,
                format!(
                    "`{}` and `{earlier}` both travel as errorType `{error_type}`: the caller could not tell them apart; give one another `error_type`",
                    variant.ident
                ),
            ));
        } else {
            seen.insert(error_type.clone(), variant.ident.clone());
        }
        variants.push(ErrorVariant {
            ident: variant.ident.clone(),
            error_type,
            fields: variant.fields.clone(),
        });
    }
    (variants, catch_alls)
}

/// Never reached: a non-enum always pushed an error.
fn unreachable_error(input: &DeriveInput) -> syn::Error {
    syn::Error::new(input.ident.span(), "`LambdaError` is derived for an enum")
}

/// The catch-all holds the `FunctionError` itself: one unnamed field.
fn check_catch_all(variant: &Variant, other: Span, errors: &mut Errors) {
    let one_field = matches!(&variant.fields, Fields::Unnamed(fields) if fields.unnamed.len() == 1);
    if !one_field {
        errors.push(syn::Error::new(
            if variant.fields.is_empty() { other } else { variant.fields.span() },
            format!(
                "the catch-all keeps the error Lambda sent: write it `{}(lambda_client::FunctionError)`",
                variant.ident
            ),
        ));
    }
}

impl VariantArgs {
    fn parse(variant: &Variant) -> syn::Result<VariantArgs> {
        let mut args = VariantArgs::default();
        for attribute in variant
            .attrs
            .iter()
            .filter(|attribute| attribute.path().is_ident("lambda_error"))
        {
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
                    Err(meta.error(format!("unknown key; #[lambda_error] takes {KEYS}")))
                }
            })?;
        }
        Ok(args)
    }
}
