//! The typed model of an annotated trait: which methods call which function,
//! with what arguments and what result.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{
    FnArg, GenericArgument, Ident, ItemTrait, LitStr, Pat, PathArguments, ReturnType, TraitItem,
    TraitItemFn, Type,
};

use crate::args::{self, MethodArgs, Mode};
use crate::valid::{self, Errors};

/// A trait whose methods call Lambda functions.
pub(crate) struct Contract {
    /// The trait as the user wrote it, less our attributes.
    pub(crate) item: ItemTrait,
    pub(crate) calls: Vec<Call>,
}

/// One method that calls a function.
pub(crate) struct Call {
    /// Where the method sits in `Contract::item.items`.
    pub(crate) position: usize,
    /// The method's signature as declared.
    pub(crate) sig: syn::Signature,
    pub(crate) arguments: Vec<Argument>,
    /// The argument of type `&ClientContext` (or `ClientContext`), which
    /// travels in Lambda's `ClientContext` instead of the payload.
    pub(crate) context: Option<Ident>,
    /// The whole return type, `Result<T, InvokeError<E>>`.
    pub(crate) output: Type,
    /// `T` of `Result<T, _>` (or of `Result<Invoked<T>, _>`): what the callee returns.
    pub(crate) value: Type,
    /// The method returns `Invoked<T>`: the value with what Lambda said.
    pub(crate) observed: bool,
    /// `log = "tail"`: ask for the callee's log tail.
    pub(crate) log_tail: bool,
    /// `E` of `Result<_, InvokeError<E>>`, when the return type names it:
    /// then the callee must fail with that `E`.
    pub(crate) callee_error: Option<Type>,
    pub(crate) mode: Mode,
    pub(crate) function: LitStr,
    pub(crate) qualifier: Option<LitStr>,
    /// Whether the callee may run twice for one call.
    pub(crate) idempotent: bool,
    pub(crate) max_attempts: Option<syn::LitInt>,
    pub(crate) timeout_ms: Option<syn::LitInt>,
}

/// One argument: a plain identifier and its type.
pub(crate) struct Argument {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// What the callee receives: the type without its reference (`String`
    /// for `&str`, `Vec<T>` for `&[T]`).
    pub(crate) owned: Type,
}

impl Contract {
    /// Reads the trait. On failure, returns every error found together with
    /// the trait as written (less our attributes and the patterns Rust would
    /// reject a second time), so that one mistake gives one error.
    pub(crate) fn from_trait(
        mut item: ItemTrait,
    ) -> Result<Contract, Box<(syn::Error, ItemTrait)>> {
        let mut errors = Errors::default();
        valid::check_trait(&item, &mut errors);
        let mut calls = Vec::new();
        for (position, trait_item) in item.items.iter_mut().enumerate() {
            let TraitItem::Fn(method) = trait_item else {
                continue;
            };
            if let Some(call) = Call::from_method(position, method, &mut errors) {
                calls.push(call);
            }
        }
        match errors.finish() {
            Some(error) => {
                for trait_item in &mut item.items {
                    if let TraitItem::Fn(method) = trait_item {
                        blank_bad_patterns(method);
                    }
                }
                Err(Box::new((error, item)))
            }
            None => Ok(Contract { item, calls }),
        }
    }
}

impl Call {
    /// Reads one method, removing our attribute from it. `None` for a provided
    /// method without the attribute, and for a method with errors.
    fn from_method(position: usize, method: &mut TraitItemFn, errors: &mut Errors) -> Option<Call> {
        let ours: Vec<_> = method
            .attrs
            .iter()
            .filter(|attribute| args::is_ours(attribute))
            .cloned()
            .collect();
        method.attrs.retain(|attribute| !args::is_ours(attribute));

        let Some(attribute) = ours.first() else {
            if method.default.is_none() {
                errors.push(syn::Error::new(
                    method.sig.ident.span(),
                    format!(
                        "`{}` has no #[lambda_client(name = \"...\")]: say which function it calls, or give it a default body",
                        method.sig.ident
                    ),
                ));
            }
            return None;
        };
        for duplicate in &ours[1..] {
            errors.push(syn::Error::new_spanned(
                duplicate,
                "duplicate #[lambda_client] attribute; put every key in one",
            ));
        }
        let args = errors.take(MethodArgs::parse(attribute))?;

        let before = errors.len();
        check_signature(method, errors);
        let mut arguments = arguments(method, errors);
        let context = arguments
            .as_mut()
            .and_then(|arguments| take_context(arguments, args.mode.unwrap_or(Mode::Sync), errors));
        let outputs = output(method, args.mode.unwrap_or(Mode::Sync), errors);
        if args.name.is_none() {
            errors.push(syn::Error::new_spanned(
                &args.attribute,
                "missing `name`: which function does this method call? for example #[lambda_client(name = \"orders\")]",
            ));
        }
        let function = args.name;
        if let Some(function) = &function {
            valid::check_function_name(function, args.qualifier.as_ref(), errors);
        }
        let value = outputs.as_ref().and_then(result_value);
        let observed = value.and_then(invoked_value);
        if let Some(log) = &args.log_tail {
            check_log_tail(
                log,
                args.mode.unwrap_or(Mode::Sync),
                observed.is_some(),
                errors,
            );
        }
        if errors.len() > before {
            return None;
        }
        Some(Call {
            position,
            sig: method.sig.clone(),
            arguments: arguments?,
            context,
            observed: observed.is_some(),
            log_tail: args.log_tail.is_some(),
            value: observed.or(value).cloned()?,
            callee_error: outputs.as_ref().and_then(callee_error).cloned(),
            output: outputs?,
            mode: args.mode.unwrap_or(Mode::Sync),
            function: function?,
            qualifier: args.qualifier,
            idempotent: args.idempotent,
            max_attempts: args.max_attempts,
            timeout_ms: args.timeout_ms,
        })
    }
}

fn check_signature(method: &TraitItemFn, errors: &mut Errors) {
    let sig = &method.sig;
    if let Some(body) = &method.default {
        errors.push(syn::Error::new(
            body.brace_token.span.join(),
            "a method that calls a Lambda function has no body: the generated client provides it",
        ));
    }
    if let Some(constness) = &sig.constness {
        errors.push(syn::Error::new(
            constness.span,
            "a #[lambda_client] method cannot be `const`",
        ));
    }
    if let Some(unsafety) = &sig.unsafety {
        errors.push(syn::Error::new(
            unsafety.span,
            "a #[lambda_client] method cannot be `unsafe`",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(syn::Error::new(
            abi.span(),
            "a #[lambda_client] method cannot have an ABI",
        ));
    }
    if sig.asyncness.is_none() {
        errors.push(syn::Error::new(
            sig.fn_token.span,
            "a #[lambda_client] method must be `async fn`: it waits for Lambda",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            &sig.generics,
            "a #[lambda_client] method cannot be generic: the payload's shape is fixed by the trait",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new(
            variadic.span(),
            "a #[lambda_client] method cannot be variadic",
        ));
    }
    match sig.inputs.first() {
        Some(FnArg::Receiver(receiver))
            if receiver
                .reference
                .as_ref()
                .is_some_and(|(_, lifetime)| lifetime.is_none())
                && receiver.mutability.is_none()
                && receiver.colon_token.is_none() => {}
        Some(FnArg::Receiver(receiver)) => errors.push(syn::Error::new_spanned(
            receiver,
            "a #[lambda_client] method takes `&self`, so one client serves many calls at once",
        )),
        _ => errors.push(syn::Error::new(
            sig.ident.span(),
            "a #[lambda_client] method takes `&self` first: the generated client implements it",
        )),
    }
}

fn arguments(method: &TraitItemFn, errors: &mut Errors) -> Option<Vec<Argument>> {
    let mut arguments = Vec::new();
    let mut valid = true;
    for input in &method.sig.inputs {
        let FnArg::Typed(typed) = input else { continue };
        let ident = plain_ident(&typed.pat).cloned();
        if ident.is_none() {
            errors.push(syn::Error::new_spanned(
                &typed.pat,
                "an argument of a #[lambda_client] method is a plain name: it becomes the payload's key",
            ));
        }
        if contains_impl_trait(&typed.ty) {
            errors.push(syn::Error::new_spanned(
                &typed.ty,
                "a #[lambda_client] method cannot take `impl Trait`: name the type that is serialized",
            ));
            valid = false;
        }
        match ident {
            Some(ident) => arguments.push(Argument {
                ident,
                ty: (*typed.ty).clone(),
                owned: owned(&typed.ty),
            }),
            None => valid = false,
        }
    }
    valid.then_some(arguments)
}

/// Removes the `ClientContext` argument from the payload's arguments.
fn take_context(arguments: &mut Vec<Argument>, mode: Mode, errors: &mut Errors) -> Option<Ident> {
    let mut contexts = arguments
        .iter()
        .filter(|argument| is_client_context(&argument.ty))
        .map(|argument| (argument.ident.clone(), argument.ty.clone()));
    let (ident, ty) = contexts.next()?;
    for (_, extra) in contexts {
        errors.push(syn::Error::new_spanned(
            extra,
            "a call has one ClientContext: merge the values into one argument",
        ));
    }
    if mode != Mode::Sync {
        errors.push(syn::Error::new_spanned(
            &ty,
            "Lambda passes a ClientContext to synchronous calls only: an event or a dry run cannot carry one; use mode = \"sync\" or put the values in the payload",
        ));
    }
    arguments.retain(|argument| !is_client_context(&argument.ty));
    Some(ident)
}

/// `ClientContext` or `&ClientContext`, by its last path segment.
fn is_client_context(ty: &Type) -> bool {
    match ty {
        Type::Reference(reference) => is_client_context(&reference.elem),
        Type::Paren(paren) => is_client_context(&paren.elem),
        Type::Group(group) => is_client_context(&group.elem),
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "ClientContext" && last.arguments.is_none()),
        _ => false,
    }
}

/// The owned type a callee decodes for an argument of type `ty`.
fn owned(ty: &Type) -> Type {
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

fn contains_impl_trait(ty: &Type) -> bool {
    match ty {
        Type::ImplTrait(_) => true,
        Type::Reference(reference) => contains_impl_trait(&reference.elem),
        Type::Paren(paren) => contains_impl_trait(&paren.elem),
        Type::Group(group) => contains_impl_trait(&group.elem),
        _ => false,
    }
}

/// The return type, if it is `Result<T, E>` (with `T = ()` for events and dry runs).
fn output(method: &TraitItemFn, mode: Mode, errors: &mut Errors) -> Option<Type> {
    let ReturnType::Type(_, output) = &method.sig.output else {
        errors.push(syn::Error::new(
            method.sig.paren_token.span.close(),
            "a #[lambda_client] method returns `Result<T, InvokeError>`: a call can fail",
        ));
        return None;
    };
    let Some(value) = result_value(output) else {
        errors.push(syn::Error::new_spanned(
            output,
            "a #[lambda_client] method returns `Result<T, InvokeError>` (or `Result<T, InvokeError<E>>`): a call can fail",
        ));
        return None;
    };
    if mode != Mode::Sync && !is_unit(value) {
        let what = if mode == Mode::Event {
            "an event call returns nothing: Lambda queues it and answers 202 with no payload"
        } else {
            "a dry run returns nothing: Lambda only checks the call and answers 204"
        };
        errors.push(syn::Error::new_spanned(
            value,
            format!("{what}; return `Result<(), InvokeError>`, or use mode = \"sync\" to wait for the value"),
        ));
        return None;
    }
    Some((**output).clone())
}

fn result_value(output: &Type) -> Option<&Type> {
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

/// `T` in `Invoked<T>`.
fn invoked_value(value: &Type) -> Option<&Type> {
    let Type::Path(path) = value else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Invoked" {
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

/// Lambda returns a log only for a synchronous call, and only an
/// `Invoked<T>` has room for it.
fn check_log_tail(log: &LitStr, mode: Mode, observed: bool, errors: &mut Errors) {
    if mode != Mode::Sync {
        errors.push(syn::Error::new(
            log.span(),
            "Lambda returns no log for an event or a dry run: `log = \"tail\"` needs mode = \"sync\"",
        ));
    } else if !observed {
        errors.push(syn::Error::new(
            log.span(),
            "the log tail comes back in `Invoked<T>`: return `Result<Invoked<T>, InvokeError>` to keep it",
        ));
    }
}

/// `E` in `Result<T, X<E>>`, as in `InvokeError<E>`.
fn callee_error(output: &Type) -> Option<&Type> {
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

fn is_unit(ty: &Type) -> bool {
    match ty {
        Type::Tuple(tuple) => tuple.elems.is_empty(),
        Type::Paren(paren) => is_unit(&paren.elem),
        _ => false,
    }
}

/// The argument's name, if its pattern is nothing but a name (no `mut`,
/// `ref`, `_` or destructuring).
fn plain_ident(pat: &Pat) -> Option<&Ident> {
    match pat {
        Pat::Ident(pat)
            if pat.by_ref.is_none() && pat.mutability.is_none() && pat.subpat.is_none() =>
        {
            Some(&pat.ident)
        }
        _ => None,
    }
}

/// Rust rejects patterns in methods without a body; once we have reported
/// them, `_` keeps the emitted trait from reporting them again.
fn blank_bad_patterns(method: &mut TraitItemFn) {
    if method.default.is_some() {
        return;
    }
    for input in &mut method.sig.inputs {
        if let FnArg::Typed(typed) = input
            && plain_ident(&typed.pat).is_none()
        {
            *typed.pat = Pat::Wild(syn::PatWild {
                attrs: Vec::new(),
                underscore_token: syn::Token![_](Span::call_site()),
            });
        }
    }
}
