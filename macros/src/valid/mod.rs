//! Validate: every check of the model that Rust's type system cannot make
//! (the trait's shape, each method's signature and attribute, function names
//! and qualifiers Lambda would refuse at run time), all reported together.
//! What passes becomes a [`Call`].

use lambda_client_wire::tenant_id;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemTrait, LitStr, Pat, ReturnType, TraitItem, TraitItemFn, Type};

use crate::args::{MethodArgs, Mode};
use crate::errors::Errors;
use crate::model::{Argument, Call, Contract, Declared};

mod name;
mod types;

use name::check_function_name;
use types::{
    callee_error, contains_impl_trait, durable_value, is_client_context, is_execution_name,
    is_tenant_id, is_unit, owned, plain_ident, reply_value, result_value, stream_record,
    stream_type,
};

/// Checks the whole contract: the calls of the methods that passed; the
/// errors go to `errors`.
pub(crate) fn check(contract: &Contract, errors: &mut Errors) -> Vec<Call> {
    check_trait(&contract.item, errors);
    contract
        .methods
        .iter()
        .filter_map(|declared| check_method(declared, errors))
        .collect()
}

/// One method: `None` for a provided method without the attribute, and for
/// a method with errors.
fn check_method(declared: &Declared, errors: &mut Errors) -> Option<Call> {
    let method = &declared.method;
    let Some(args) = &declared.args else {
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
    for duplicate in &declared.duplicates {
        errors.push(syn::Error::new_spanned(
            duplicate,
            "duplicate #[lambda_client] attribute; put every key in one",
        ));
    }
    let args = match args {
        Ok(args) => args,
        Err(error) => {
            errors.push(error.clone());
            return None;
        }
    };

    let before = errors.len();
    let mode = args.mode.unwrap_or(Mode::Sync);
    check_signature(method, errors);
    let mut arguments = arguments(method, errors);
    let Carried {
        context,
        tenant,
        tenant_literal,
        execution,
    } = carried(method, args, mode, &mut arguments, errors);
    let outputs = output(method, mode, errors);
    if args.name.is_none() {
        errors.push(syn::Error::new_spanned(
            &args.attribute,
            "missing `name`: which function does this method call? for example #[lambda_client(name = \"orders\")]",
        ));
    }
    let target = args
        .name
        .as_ref()
        .and_then(|function| check_function_name(function, args.qualifier.as_ref(), errors));
    let value = outputs.as_ref().and_then(result_value);
    // A durable method's callee returns the execution's result.
    let value = match mode {
        Mode::Durable => value.and_then(durable_value),
        _ => value,
    };
    let reply = value.and_then(reply_value);
    check_mode_keys(args, mode, reply.is_some(), errors);
    if errors.len() > before {
        return None;
    }
    Some(Call {
        position: declared.position,
        sig: method.sig.clone(),
        arguments: arguments?,
        context,
        tenant,
        tenant_literal,
        execution,
        reply: reply.is_some(),
        record: value.and_then(stream_record).cloned(),
        value: reply.or(value).cloned()?,
        callee_error: outputs.as_ref().and_then(callee_error).cloned(),
        output: outputs?,
        mode,
        function: target.as_ref()?.function.clone(),
        qualifier: target?.qualifier,
        idempotent: args.idempotent,
        log_tail: args.log_tail.is_some(),
        max_attempts: args.max_attempts.clone(),
        timeout_ms: args.timeout_ms.clone(),
    })
}

/// The arguments that travel outside the payload, taken out of it.
struct Carried {
    context: Option<Ident>,
    tenant: Option<Ident>,
    tenant_literal: Option<String>,
    execution: Option<Ident>,
}

fn carried(
    method: &TraitItemFn,
    args: &MethodArgs,
    mode: Mode,
    arguments: &mut Option<Vec<Argument>>,
    errors: &mut Errors,
) -> Carried {
    let context = arguments
        .as_mut()
        .and_then(|arguments| take_context(arguments, mode, errors));
    let tenant = arguments.as_mut().and_then(|arguments| {
        take_one(
            arguments,
            is_tenant_id,
            "a call has one tenant: keep one `TenantId` argument",
            errors,
        )
    });
    let execution = arguments.as_mut().and_then(|arguments| {
        take_one(
            arguments,
            is_execution_name,
            "a durable execution has one name: keep one `ExecutionName` argument",
            errors,
        )
    });
    check_execution(
        method,
        mode,
        execution.as_ref(),
        arguments.is_some(),
        errors,
    );
    let tenant_literal = args
        .tenant
        .as_ref()
        .and_then(|literal| check_tenant(literal, tenant.as_ref(), errors));
    Carried {
        context,
        tenant,
        tenant_literal,
        execution,
    }
}

/// The keys that fit some modes only: `log` and `timeout_ms`.
fn check_mode_keys(args: &MethodArgs, mode: Mode, reply: bool, errors: &mut Errors) {
    if let Some(log) = &args.log_tail {
        check_log_tail(log, mode, reply, errors);
    }
    if let (Mode::Stream, Some(timeout)) = (mode, &args.timeout_ms) {
        errors.push(syn::Error::new(
            timeout.span(),
            "`timeout_ms` bounds an attempt, and a stream's attempt ends when the stream starts, long before the callee does: it would not bound the stream; bound the wait for its start with `ClientConfig::timeout`, and stop reading the stream (drop it) to end the call",
        ));
    }
}

/// The trait itself: no generics, no supertraits, nothing but methods, since
/// the generated client has to implement all of it.
fn check_trait(item: &ItemTrait, errors: &mut Errors) {
    if let Some(unsafety) = &item.unsafety {
        errors.push(syn::Error::new(
            unsafety.span,
            "a #[lambda_client] trait cannot be `unsafe`",
        ));
    }
    if let Some(auto) = &item.auto_token {
        errors.push(syn::Error::new(
            auto.span,
            "a #[lambda_client] trait cannot be `auto`",
        ));
    }
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            &item.generics,
            "a #[lambda_client] trait cannot be generic: the payloads it describes have fixed types",
        ));
    }
    if !item.supertraits.is_empty() {
        errors.push(syn::Error::new_spanned(
            &item.supertraits,
            "a #[lambda_client] trait cannot have supertraits: the generated client could not implement them",
        ));
    }
    for trait_item in &item.items {
        match trait_item {
            TraitItem::Fn(_) => {}
            other => errors.push(syn::Error::new_spanned(
                other,
                "a #[lambda_client] trait holds only methods: the generated client could not implement this",
            )),
        }
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
    if !matches!(mode, Mode::Sync | Mode::Stream) {
        errors.push(syn::Error::new_spanned(
            &ty,
            "Lambda passes a ClientContext to synchronous calls only: an event or a dry run cannot carry one; use mode = \"sync\" or put the values in the payload",
        ));
    }
    arguments.retain(|argument| !is_client_context(&argument.ty));
    Some(ident)
}

/// Removes from the payload's arguments the one whose type `is` names: it
/// travels in a header of its own.
fn take_one(
    arguments: &mut Vec<Argument>,
    is: fn(&Type) -> bool,
    twice: &str,
    errors: &mut Errors,
) -> Option<Ident> {
    let mut found = arguments.iter().filter(|argument| is(&argument.ty));
    let ident = found.next()?.ident.clone();
    for extra in found {
        errors.push(syn::Error::new_spanned(&extra.ty, twice));
    }
    arguments.retain(|argument| !is(&argument.ty));
    Some(ident)
}

/// A durable method takes its execution's name; no other method does.
fn check_execution(
    method: &TraitItemFn,
    mode: Mode,
    execution: Option<&Ident>,
    arguments_valid: bool,
    errors: &mut Errors,
) {
    match (mode, execution) {
        (Mode::Durable, None) if arguments_valid => errors.push(syn::Error::new(
            method.sig.ident.span(),
            "a durable method takes its execution's name, Lambda's idempotency key for the start: add an argument `execution: &ExecutionName`",
        )),
        (Mode::Durable, _) | (_, None) => {}
        (_, Some(execution)) => errors.push(syn::Error::new(
            execution.span(),
            "only a mode = \"durable\" method starts a named execution: remove the `ExecutionName` argument, or make the method durable",
        )),
    }
}

/// `tenant = "..."`: Lambda's rule for a tenant id, and one tenant a method.
fn check_tenant(literal: &LitStr, argument: Option<&Ident>, errors: &mut Errors) -> Option<String> {
    let value = literal.value();
    // One message whichever part of the rule the literal breaks: the span is
    // the literal's, and the rule is short enough to read whole.
    if tenant_id::check(&value).is_err() {
        errors.push(syn::Error::new(
            literal.span(),
            format!(
                "a tenant id is 1 to {} of letters, digits, spaces and . _ : / = + - @ (Lambda's rule): Lambda would refuse this one",
                tenant_id::MAX_CHARS
            ),
        ));
        return None;
    }
    if let Some(argument) = argument {
        errors.push(syn::Error::new(
            literal.span(),
            format!("the tenant is given twice, here and by the argument `{argument}`: keep one"),
        ));
        return None;
    }
    Some(value)
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
    if mode == Mode::Stream {
        return check_stream(value, errors).then(|| (**output).clone());
    }
    if mode == Mode::Durable {
        if durable_value(value).is_none() {
            errors.push(syn::Error::new_spanned(
                value,
                "a mode = \"durable\" method returns `Result<DurableCall<T>, InvokeError>`: the handle of the execution it started, whose `result()` waits for the `T`",
            ));
            return None;
        }
        return Some((**output).clone());
    }
    if let Some(stream) = stream_type(value) {
        errors.push(syn::Error::new_spanned(
            value,
            format!("a `{stream}` is what a streaming call returns: add mode = \"stream\" to call the function with InvokeWithResponseStream"),
        ));
        return None;
    }
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

/// A streaming method returns a stream: `ResponseStream<T, E>` or
/// `ByteStream<E>`, which say themselves what `Reply<T>` would.
fn check_stream(value: &Type, errors: &mut Errors) -> bool {
    if stream_type(value).is_some() {
        return true;
    }
    let message = if reply_value(value).is_some() {
        "a stream says what `Reply<T>` would: its `executed_version()`, `request_id()` and, with log = \"tail\", `log_tail()`; return `Result<ResponseStream<T>, InvokeError>`"
    } else {
        "a mode = \"stream\" method returns `Result<ResponseStream<T>, InvokeError>` (the callee's records, a JSON value a line, each decoded as `T`) or `Result<ByteStream, InvokeError>` (its bytes)"
    };
    errors.push(syn::Error::new_spanned(value, message));
    false
}

/// Lambda returns a log only for a synchronous call, and only an
/// `Reply<T>` (or a stream) has room for it.
fn check_log_tail(log: &LitStr, mode: Mode, reply: bool, errors: &mut Errors) {
    if mode == Mode::Stream {
        return;
    }
    if mode == Mode::Durable {
        errors.push(syn::Error::new(
            log.span(),
            "a durable call returns once the execution has started, with no log: `log = \"tail\"` needs mode = \"sync\"",
        ));
    } else if mode != Mode::Sync {
        errors.push(syn::Error::new(
            log.span(),
            "Lambda returns no log for an event or a dry run: `log = \"tail\"` needs mode = \"sync\"",
        ));
    } else if !reply {
        errors.push(syn::Error::new(
            log.span(),
            "the log tail comes back in `Reply<T>`: return `Result<Reply<T>, InvokeError>` to keep it",
        ));
    }
}

/// Rust rejects patterns in methods without a body; once we have reported
/// them, `_` keeps the emitted trait from reporting them again.
pub(crate) fn blank_bad_patterns(method: &mut TraitItemFn) {
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
