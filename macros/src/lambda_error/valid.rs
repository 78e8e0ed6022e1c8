//! Validate: every rule of a `LambdaError` enum, all mistakes reported
//! together; what passes becomes an [`ErrorEnum`].

use std::collections::HashMap;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, Fields, Variant};

use super::model::{ErrorEnum, ErrorVariant, Input};
use crate::errors::Errors;
use crate::paths::Root;

const NOT_AN_ENUM: &str = "`LambdaError` is derived for an enum: each variant becomes an `errorType` the caller can match";

/// The checked enum, or every mistake found in it.
pub(crate) fn check(input: &Input<'_>) -> syn::Result<ErrorEnum> {
    let mut errors = Errors::default();
    match &input.derive.data {
        Data::Enum(_) => {}
        Data::Struct(structure) => {
            errors.push(syn::Error::new(structure.struct_token.span, NOT_AN_ENUM));
        }
        Data::Union(union) => errors.push(syn::Error::new(union.union_token.span, NOT_AN_ENUM)),
    }
    let generics = &input.derive.generics;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            generics,
            "`LambdaError` cannot be derived for a generic enum: the error document has one fixed shape",
        ));
    }
    let root = match &input.enum_args {
        Ok(args) => args.root(),
        Err(error) => {
            errors.push(error.clone());
            Root::default()
        }
    };
    let Some(declared) = &input.variants else {
        // Not an enum: the mistake is already among the errors.
        return Err(errors
            .finish()
            .unwrap_or_else(|| syn::Error::new(input.derive.ident.span(), NOT_AN_ENUM)));
    };

    let mut variants = Vec::new();
    let mut catch_alls = Vec::new();
    let mut seen = HashMap::new();
    for (variant, args) in declared {
        let args = match args {
            Ok(args) => args,
            Err(error) => {
                errors.push(error.clone());
                continue;
            }
        };
        if let Some(other) = args.other {
            if let Some(error_type) = &args.error_type {
                errors.push(syn::Error::new_spanned(
                    error_type,
                    "the catch-all variant has no `errorType` of its own: it receives every one no other variant claims",
                ));
            }
            check_catch_all(variant, other, &mut errors);
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
    let ident = &input.derive.ident;
    match catch_alls.as_slice() {
        [] => errors.push(syn::Error::new(
            ident.span(),
            format!(
                "`{ident}` needs a catch-all variant, `#[lambda_error(other)] Other(lambda_client::FunctionError)`: an unknown errorType, a platform error such as `Sandbox.Timedout` or a malformed error document arrives there"
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
    if let Some(error) = errors.finish() {
        return Err(error);
    }
    Ok(ErrorEnum {
        ident: ident.clone(),
        variants,
        // Exactly one: no catch-all, or two, is among the errors.
        catch_all: catch_alls.swap_remove(0),
        root,
    })
}

/// The catch-all holds the `FunctionError` itself: one unnamed field.
fn check_catch_all(variant: &Variant, other: Span, errors: &mut Errors) {
    let one_field = matches!(&variant.fields, Fields::Unnamed(fields) if fields.unnamed.len() == 1);
    if !one_field {
        errors.push(syn::Error::new(
            if variant.fields.is_empty() {
                other
            } else {
                variant.fields.span()
            },
            format!(
                "the catch-all keeps the error Lambda sent: write it `{}(lambda_client::FunctionError)`",
                variant.ident
            ),
        ));
    }
}
