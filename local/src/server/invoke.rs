//! `Invoke` and `InvokeWithResponseStream`: from a request to the
//! invocation it starts (the function and version it names, its tenant,
//! its place in a chain of calls, the context the handler gets), run as
//! its invocation type says.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Request, StatusCode};
use hyper::body::Incoming;
use lambda_client::{FunctionError, InvocationType};
use lambda_client_wire::header::{LOG_TYPE, TENANT_ID, TRACE_ID};
use lambda_client_wire::tenant_id;
use lambda_runtime::Context;
use tokio::sync::OwnedSemaphorePermit;

use crate::events::EventRun;
use crate::host::invocation::Invocation;
use crate::lineage;
use crate::model::account::function_arn;
use crate::model::function::{Hosted, Version};
use crate::server::answer::{
    Answer, Refusal, accepted, completed, document, refusal, streamed, throttled,
};
use crate::server::durable::{self, Durability, durable_name};
use crate::server::request::{
    Operation, check_origin, client_context, header, invocation_type, operation, read_payload,
};
use crate::server::state::State;

/// `Invoke` and `InvokeWithResponseStream`.
pub(crate) async fn invoke(state: &State, request: Request<Incoming>) -> Result<Answer, Refusal> {
    let (parts, body) = request.into_parts();
    check_origin(&parts)?;
    let (operation, raw_name) = operation(&parts)?;
    let raw_name = percent_encoding::percent_decode_str(raw_name).decode_utf8_lossy();
    let query_qualifier = parts.uri.query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "Qualifier")
            .map(|(_, value)| value.into_owned())
    });
    let invocation_type = invocation_type(&parts.headers, operation)?;
    let (function, version, qualifier) = resolve(state, &raw_name, query_qualifier)?;
    let tenant = tenant(&parts.headers, &function)?;
    let durable_name = durable_name(&parts.headers, &function, qualifier.as_deref())?;
    let request_id = state.request_id();
    // Lambda counts the hops of a chain in the trace header's `Lineage`.
    let trace_header = lineage::next(
        header(&parts.headers, TRACE_ID),
        &function.arn,
        state.recursion_limit,
        &trace_root(&request_id),
    )
    .map_err(|_| {
        refusal(
            StatusCode::BAD_REQUEST,
            "RecursiveInvocationException",
            "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation.",
        )
    })?;

    let payload = read_payload(body, invocation_type, state.read_timeout).await?;
    let keep_log = invocation_type == InvocationType::RequestResponse
        && header(&parts.headers, LOG_TYPE) == Some("Tail");

    let mut context = Context::default();
    // Lambda passes ClientContext to synchronous calls only.
    if invocation_type == InvocationType::RequestResponse {
        client_context(&parts.headers, &mut context)?;
    }
    context.request_id.clone_from(&request_id);
    context.deadline = deadline(function.timeout);
    context.invoked_function_arn = match &qualifier {
        Some(qualifier) => format!("{}:{qualifier}", function.arn),
        None => function.arn.clone(),
    };
    context.xray_trace_id = Some(trace_header);
    context.tenant_id.clone_from(&tenant);
    context.env_config = Arc::clone(&version.config);
    // A tenant-isolated function's `$LATEST` runs in the tenant's own environment.
    let service = match (&function.tenancy, &tenant) {
        (Some(tenancy), Some(tenant)) if version.config.version == "$LATEST" => {
            tenancy.service(tenant)
        }
        _ => Arc::clone(&version.service),
    };
    let invocation = Invocation {
        service,
        environment: Arc::clone(&version.environment),
        payload,
        context,
        version: version.config.version.clone(),
        timeout: function.timeout,
        memory_mb: function.memory_mb,
        keep_log,
    };

    if let Durability::Execution(name) = durable_name
        && invocation_type != InvocationType::DryRun
    {
        return durable::start(
            state,
            &function,
            invocation,
            name,
            invocation_type,
            &request_id,
        )
        .await;
    }
    match invocation_type {
        InvocationType::DryRun => Ok(accepted(StatusCode::NO_CONTENT, &request_id)),
        InvocationType::RequestResponse if operation == Operation::InvokeWithResponseStream => {
            let slot = reserve(&function)?;
            Ok(streamed(invocation, slot, &request_id))
        }
        InvocationType::Event => {
            queue(state, Arc::clone(&function), invocation);
            Ok(accepted(StatusCode::ACCEPTED, &request_id))
        }
        InvocationType::RequestResponse => {
            let _slot = reserve(&function)?;
            let executed = invocation.version.clone();
            let outcome = invocation.run().await;
            Ok(completed(outcome, &request_id, &executed))
        }
    }
}

/// The tenant of the call (`X-Amz-Tenant-Id`): required by a function in
/// tenant isolation mode, refused by any other, with the error Lambda
/// documents for both.
fn tenant(headers: &HeaderMap, function: &Hosted) -> Result<Option<String>, Refusal> {
    let tenant = header(headers, TENANT_ID);
    let mismatch = || {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            "Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled.",
        )
    };
    match (tenant, function.tenancy.is_some()) {
        (Some(tenant), true) => {
            if tenant_id::check(tenant).is_err() {
                return Err(refusal(
                    StatusCode::BAD_REQUEST,
                    "InvalidParameterValueException",
                    &format!(
                        "1 validation error detected: Value at 'tenantId' failed to satisfy constraint: Member must satisfy regular expression pattern: {}",
                        tenant_id::PATTERN
                    ),
                ));
            }
            Ok(Some(tenant.to_owned()))
        }
        (None, false) => Ok(None),
        _ => Err(mismatch()),
    }
}

/// Finds the function and version a name (plain, partial or full ARN, with
/// an optional `:qualifier`) and the `Qualifier` parameter point at.
fn resolve<'s>(
    state: &'s State,
    raw_name: &str,
    query_qualifier: Option<String>,
) -> Result<(Arc<Hosted>, &'s Version, Option<String>), Refusal> {
    let parts: Vec<&str> = raw_name.split(':').collect();
    let (name, name_qualifier) = match parts.as_slice() {
        ["arn", _, "lambda", _, _, "function", name, rest @ ..]
        | [_, "function", name, rest @ ..]
        | [name, rest @ ..] => (*name, rest.first().copied()),
        [] => ("", None),
    };
    let qualifier = match (name_qualifier, query_qualifier) {
        (Some(from_name), Some(from_query)) if from_name != from_query => {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                "The derived qualifier from the function name does not match the specified qualifier.",
            ));
        }
        (Some(from_name), _) => Some(from_name.to_owned()),
        (None, from_query) => from_query,
    };
    let not_found = |arn: &str| {
        let arn = match &qualifier {
            Some(qualifier) => format!("{arn}:{qualifier}"),
            None => arn.to_owned(),
        };
        refusal(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &format!("Function not found: {arn}"),
        )
    };
    let Some(function) = state.functions.get(name) else {
        return Err(not_found(&function_arn(name)));
    };
    let version_name = match qualifier.as_deref() {
        None => "$LATEST",
        Some(qualifier) => function
            .aliases
            .get(qualifier)
            .map_or(qualifier, String::as_str),
    };
    let version = function
        .versions
        .get(version_name)
        .ok_or_else(|| not_found(&function.arn))?;
    Ok((Arc::clone(function), version, qualifier))
}

/// A slot of the function's reserved concurrency: a synchronous call is
/// refused at once when there is none; it is not queued.
fn reserve(function: &Hosted) -> Result<Option<OwnedSemaphorePermit>, Refusal> {
    match &function.concurrency {
        Some(slots) => Arc::clone(slots)
            .try_acquire_owned()
            .map(Some)
            .map_err(|_| throttled()),
        None => Ok(None),
    }
}

/// The context's deadline: milliseconds since the epoch.
fn deadline(timeout: Duration) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from((now + timeout).as_millis()).unwrap_or(u64::MAX)
}

/// A trace root of Lambda's shape for an invocation that came without one.
fn trace_root(request_id: &str) -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let unique: String = request_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(24)
        .collect();
    format!("1-{seconds:08x}-{unique:0>24}")
}

/// Runs an event in the background, after waiting for a concurrency slot:
/// Lambda queues events instead of refusing them.
fn queue(state: &State, function: Arc<Hosted>, invocation: Invocation) {
    let run = async move {
        let _permit = match &function.concurrency {
            Some(slots) => Arc::clone(slots).acquire_owned().await.ok(),
            None => None,
        };
        let request_id = invocation.context.request_id.clone();
        let version = invocation.version.clone();
        let outcome = invocation.run().await;
        EventRun::new(
            function.name.clone(),
            version,
            request_id,
            outcome.result.map_err(|diagnostic| {
                FunctionError::from_document("Unhandled", document(&diagnostic))
            }),
        )
    };
    state.events.spawn(run);
}
