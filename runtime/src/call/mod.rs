//! The call pipeline: what a generated method runs.
//!
//! A method's [`CallSpec`] is fixed at compile time (`spec.rs`). A call
//! encodes the arguments ([`encode`]), builds the request from the spec,
//! the client's [`ClientConfig`] and what the call carries
//! (`ClientContext`, tenant, execution name), then hands it to the
//! method's [`Mode`] (`mode.rs`; one type a mode under `modes/`), which
//! sends it under the client's policy (`send.rs`) and reads Lambda's answer
//! into the method's value, all inside the call's span (`span.rs`).

mod mode;
mod modes;
mod send;
mod span;
mod spec;

pub use mode::{Call, Mode};
pub use modes::{Accepted, Durable, Stream, Sync, WithReply};
pub use spec::{CallSpec, InvokeResult};

use std::borrow::{Borrow, Cow};
use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::ClientConfig;
use crate::context::ClientContext;
use crate::durable::name::ExecutionName;
use crate::error::{
    CLIENT_CONTEXT_LIMIT, CONTEXT_KEY, ClientContextTooLarge, ContractId, FromFunctionError,
    InvokeError, PayloadError, Unqualified,
};
use crate::invocation_type::InvocationType;
use crate::tenant::TenantId;
use crate::transport::{InvokeRequest, InvokeResponse, Transport};

/// What a call carries besides its payload, from the method's arguments.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Carried<'a> {
    pub context: Option<&'a ClientContext>,
    pub tenant: Option<&'a TenantId>,
    /// A durable call's execution name.
    pub execution: Option<&'a ExecutionName>,
}

/// A method's `TenantId` argument, owned or borrowed.
#[doc(hidden)]
pub fn tenant<T: Borrow<TenantId>>(tenant: &T) -> Option<&TenantId> {
    Some(tenant.borrow())
}

/// A method's `ClientContext` argument, owned or borrowed.
#[doc(hidden)]
pub fn client_context<C: Borrow<ClientContext>>(context: &C) -> Option<&ClientContext> {
    Some(context.borrow())
}

/// The payload of a method with no arguments.
#[doc(hidden)]
pub fn encode_nothing(spec: &CallSpec) -> Result<Vec<u8>, PayloadError> {
    crate::codec::check_size(spec.function, spec.invocation_type, b"{}".to_vec())
}

/// The payload of a method with arguments (one value, or a struct of them).
#[doc(hidden)]
pub fn encode<A: Serialize + ?Sized>(
    spec: &CallSpec,
    arguments: &A,
) -> Result<Vec<u8>, PayloadError> {
    crate::codec::encode(spec.function, spec.invocation_type, arguments)
}

/// What every generated method runs: build the request, and hand it to
/// the method's mode `M` inside the call's span.
#[doc(hidden)]
pub fn invoke<'a, M, R, T>(
    transport: &'a T,
    config: &'a ClientConfig,
    spec: &'static CallSpec,
    carried: Carried<'_>,
    payload: Result<Vec<u8>, PayloadError>,
) -> impl Future<Output = R> + Send + use<'a, M, R, T>
where
    M: Mode<R::Value, R::Error>,
    R: InvokeResult,
    T: Transport + ?Sized,
{
    // Everything that names the call names what was called: the name and
    // qualifier the client's configuration resolves.
    let function = config.resolve(spec.function);
    let qualifier = match spec.qualifier {
        Some(qualifier) => Some(Cow::Borrowed(qualifier)),
        None => config
            .default_qualifier()
            .map(|qualifier| Cow::Owned(qualifier.to_owned())),
    };
    let span = span::open(config, spec, &function, qualifier.as_deref(), || {
        transport.region()
    });
    let request = match payload {
        Ok(payload) => request(config, spec, &function, qualifier, carried, payload),
        Err(error) => Err(error.calling(&function)),
    };
    // What the caller's scopes hold is read where the method is called, so
    // that a call spawned onto another task carries it; and again where it
    // is awaited, for a call made before its scope was entered.
    let trace_header = crate::trace_header::current();
    let tenant = config.forwarded_tenant();
    tracing::Instrument::instrument(
        async move {
            let result = match request {
                Ok(mut request) => {
                    request.trace_header = trace_header.or_else(crate::trace_header::current);
                    if request.tenant_id.is_none() {
                        request.tenant_id = tenant.or_else(|| config.default_tenant());
                    }
                    let call = Call {
                        transport,
                        config,
                        spec,
                        function,
                    };
                    M::call(call, request).await
                }
                Err(error) => Err(InvokeError::from(error)),
            };
            span::outcome(&result);
            R::from_result(result)
        },
        span,
    )
}

/// The value of a synchronous call's answer, or the error it stands for.
#[doc(hidden)]
pub fn decode<T, E>(spec: &CallSpec, response: &InvokeResponse) -> Result<T, InvokeError<E>>
where
    T: DeserializeOwned,
    E: FromFunctionError,
{
    crate::codec::decode(
        &Cow::Borrowed(spec.function),
        spec.invocation_type,
        spec.contract,
        response,
    )
}

/// The request a call sends to `function`, and the `ClientContext` Lambda
/// passes to synchronous calls only.
#[allow(clippy::ptr_arg)] // cloned: a borrowed name stays unallocated
fn request(
    config: &ClientConfig,
    spec: &CallSpec,
    function: &Cow<'static, str>,
    qualifier: Option<Cow<'static, str>>,
    carried: Carried<'_>,
    payload: Vec<u8>,
) -> Result<InvokeRequest, PayloadError> {
    let Carried {
        context,
        tenant,
        execution,
    } = carried;
    // Lambda runs a durable function only under a version or alias.
    if execution.is_some() && qualifier.is_none() {
        return Err(PayloadError::Unqualified(Unqualified {
            function: function.clone(),
        }));
    }
    let sync = spec.invocation_type == InvocationType::RequestResponse;
    let fingerprint = if sync {
        spec.contract_if_made().filter(|id| id.carried())
    } else {
        None
    };
    let client_context = joined_context(config, spec, function, context, fingerprint)?;
    Ok(InvokeRequest {
        function_name: function.clone(),
        qualifier,
        invocation_type: spec.invocation_type,
        log_tail: spec.log_tail,
        client_context,
        trace_header: None,
        tenant_id: tenant
            .cloned()
            .or_else(|| spec.tenant.map(TenantId::checked)),
        durable_execution_name: execution.cloned(),
        payload,
    })
}

/// The `ClientContext` a synchronous call carries: the call's over the
/// client's, and the contract's fingerprint when it fits.
#[allow(clippy::ptr_arg)] // cloned: a borrowed name stays unallocated
fn joined_context(
    config: &ClientConfig,
    spec: &CallSpec,
    function: &Cow<'static, str>,
    context: Option<&ClientContext>,
    fingerprint: Option<&ContractId>,
) -> Result<Option<String>, PayloadError> {
    let sync = spec.invocation_type == InvocationType::RequestResponse;
    // The client's own context alone: encoded when it was set.
    if let (true, None, None, Some(encoded)) =
        (sync, context, fingerprint, config.encoded_client_context())
    {
        return within_limit(function, encoded.to_owned()).map(Some);
    }
    let client_context = match (
        spec.invocation_type,
        context,
        config.default_client_context(),
    ) {
        (InvocationType::RequestResponse, Some(call), Some(client)) => Some(call.over(client)),
        (InvocationType::RequestResponse, Some(call), None) => Some(call.clone()),
        (InvocationType::RequestResponse, None, Some(client)) => Some(client.clone()),
        _ => None,
    };
    let client_context = client_context.filter(|context| !context.is_empty());
    let client_context = match (client_context, fingerprint) {
        (None, None) => None,
        // The contract's fingerprint alone: encoded once per process.
        (None, Some(id)) => Some(id.client_context.clone()),
        (Some(context), id) => {
            let encoded = within_limit(function, context.encode())?;
            // The fingerprint joins the caller's values when it fits in
            // what they leave, and never displaces one.
            let with_fingerprint = id
                .filter(|_| context.custom_value(CONTEXT_KEY).is_none())
                .map(|id| {
                    context
                        .clone()
                        .custom(CONTEXT_KEY, id.fingerprint.clone())
                        .encode()
                })
                .filter(|encoded| encoded.len() <= CLIENT_CONTEXT_LIMIT);
            Some(with_fingerprint.unwrap_or(encoded))
        }
    };
    Ok(client_context)
}

/// `encoded`, a `ClientContext` as it travels, when Lambda takes it.
#[allow(clippy::ptr_arg)] // cloned: a borrowed name stays unallocated
fn within_limit(function: &Cow<'static, str>, encoded: String) -> Result<String, PayloadError> {
    if encoded.len() > CLIENT_CONTEXT_LIMIT {
        return Err(PayloadError::ContextTooLarge(ClientContextTooLarge {
            function: function.clone(),
            size: encoded.len(),
        }));
    }
    Ok(encoded)
}
