//! The shapes of types the checks look for: `Result<T, InvokeError<E>>`,
//! `Reply<T>`, `ClientContext`, `()`, and the owned form of an argument.

use syn::spanned::Spanned;
use syn::{GenericArgument, Ident, Pat, PathArguments, Type};

/// `ClientContext` or `&ClientContext`, by its last path segment.
pub(super) fn is_client_context(ty: &Type) -> bool {
    is_named(ty, "ClientContext")
}

/// `TenantId` or `&TenantId`.
pub(super) fn is_tenant_id(ty: &Type) -> bool {
    is_named(ty, "TenantId")
}

/// `ExecutionName` or `&ExecutionName`.
pub(super) fn is_execution_name(ty: &Type) -> bool {
    is_named(ty, "ExecutionName")
}

/// A type, or a reference to it, whose last path segment is `name`.
fn is_named(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Reference(reference) => is_named(&reference.elem, name),
        Type::Paren(paren) => is_named(&paren.elem, name),
        Type::Group(group) => is_named(&group.elem, name),
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == name && last.arguments.is_none()),
        _ => false,
    }
}

/// The owned type a callee decodes for an argument of type `ty`.
pub(super) fn owned(ty: &Type) -> Type {
    match ty {
        Type::Reference(reference) => match &*reference.elem {
            Type::Path(path) if path.qself.is_none() && path.path.is_ident("str") => {
                syn::parse_quote_spanned!(ty.span()=> ::std::string::String)
            }
            Type::Slice(slice) => {
                let element = &slice.elem;
                syn::parse_quote_spanned!(ty.span()=> ::std::vec::Vec<#element>)
            }
            other => owned(other),
        },
        Type::Paren(paren) => owned(&paren.elem),
        Type::Group(group) => owned(&group.elem),
        other => other.clone(),
    }
}

pub(super) fn contains_impl_trait(ty: &Type) -> bool {
    match ty {
        Type::ImplTrait(_) => true,
        Type::Reference(reference) => contains_impl_trait(&reference.elem),
        Type::Paren(paren) => contains_impl_trait(&paren.elem),
        Type::Group(group) => contains_impl_trait(&group.elem),
        _ => false,
    }
}

pub(super) fn result_value(output: &Type) -> Option<&Type> {
    let Type::Path(path) = output else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    let mut types = generics.args.iter().filter_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    let value = types.next()?;
    (generics.args.len() == 2 && types.next().is_some()).then_some(value)
}

/// `T` in `Reply<T>`.
pub(super) fn reply_value(value: &Type) -> Option<&Type> {
    first_argument(value, "Reply")
}

/// `T` in `DurableCall<T>` or `DurableCall<T, E>`.
pub(super) fn durable_value(value: &Type) -> Option<&Type> {
    let Type::Path(path) = value else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "DurableCall" {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    match generics.args.first() {
        Some(GenericArgument::Type(inner)) => Some(inner),
        _ => None,
    }
}

/// `T` in `Name<T>`, a type with one type argument.
fn first_argument<'t>(value: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = value else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    match generics.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// `ResponseStream<..>` or `ByteStream<..>`, by its last path segment: the
/// name of the stream it is, if it is one.
pub(super) fn stream_type(value: &Type) -> Option<&Ident> {
    let Type::Path(path) = value else {
        return None;
    };
    let last = path.path.segments.last()?;
    (last.ident == "ResponseStream" || last.ident == "ByteStream").then_some(&last.ident)
}

/// `T` in `ResponseStream<T>` or `ResponseStream<T, E>`.
pub(super) fn stream_record(value: &Type) -> Option<&Type> {
    let Type::Path(path) = value else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "ResponseStream" {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    match generics.args.first() {
        Some(GenericArgument::Type(record)) => Some(record),
        _ => None,
    }
}

/// `E` in `Result<T, X<E>>`, as in `InvokeError<E>`.
pub(super) fn callee_error(output: &Type) -> Option<&Type> {
    let Type::Path(path) = output else {
        return None;
    };
    let PathArguments::AngleBracketed(generics) = &path.path.segments.last()?.arguments else {
        return None;
    };
    let Some(GenericArgument::Type(Type::Path(error))) = generics.args.iter().nth(1) else {
        return None;
    };
    let PathArguments::AngleBracketed(error) = &error.path.segments.last()?.arguments else {
        return None;
    };
    error.args.iter().find_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

pub(super) fn is_unit(ty: &Type) -> bool {
    match ty {
        Type::Tuple(tuple) => tuple.elems.is_empty(),
        Type::Paren(paren) => is_unit(&paren.elem),
        _ => false,
    }
}

/// The argument's name, if its pattern is nothing but a name (no `mut`,
/// `ref`, `_` or destructuring).
pub(super) fn plain_ident(pat: &Pat) -> Option<&Ident> {
    match pat {
        Pat::Ident(pat)
            if pat.by_ref.is_none() && pat.mutability.is_none() && pat.subpat.is_none() =>
        {
            Some(&pat.ident)
        }
        _ => None,
    }
}
