//! Reading a request of the Invoke API: whether it may be answered at all,
//! the operation its method and path name, its invocation type, payload
//! and client context, each refused as Lambda refuses it.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::Incoming;
use lambda_client::InvocationType;
use lambda_client_wire::header::{CLIENT_CONTEXT, INVOCATION_TYPE};
use lambda_client_wire::limits::CLIENT_CONTEXT as CLIENT_CONTEXT_LIMIT;
use lambda_runtime::Context;
use serde::de::IgnoredAny;

use crate::server::answer::{Refusal, refusal};

/// The two operations answered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    /// `POST /2015-03-31/functions/{FunctionName}/invocations`.
    Invoke,
    /// `POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations`.
    InvokeWithResponseStream,
}

/// The operation a request's method and path name, and the function's name
/// as the path has it.
pub(crate) fn operation(parts: &http::request::Parts) -> Result<(Operation, &str), Refusal> {
    let path = parts.uri.path();
    [
        ("/2015-03-31/functions/", "/invocations", Operation::Invoke),
        (
            "/2021-11-15/functions/",
            "/response-streaming-invocations",
            Operation::InvokeWithResponseStream,
        ),
    ]
    .into_iter()
    .find_map(|(prefix, suffix, operation)| {
        let name = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
        Some((operation, name))
    })
    .filter(|_| parts.method == Method::POST)
    .ok_or_else(|| {
        refusal(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "Unknown operation; this server answers only Invoke, InvokeWithResponseStream, GetDurableExecution and StopDurableExecution",
        )
    })
}

/// A server on loopback is reachable from a web page on the same machine:
/// through DNS rebinding (a name of the page's that resolves to 127.0.0.1,
/// sent as `Host`), or by a cross-site request a browser sends without
/// asking (a `text/plain` POST). Only requests addressed to a loopback host,
/// and not from a browser, are answered.
pub(crate) fn check_origin(parts: &http::request::Parts) -> Result<(), Refusal> {
    let forbidden = |why: String| {
        refusal(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            &format!("the local Lambda answers only local clients: {why}"),
        )
    };
    let host = header(&parts.headers, "host").unwrap_or_default();
    if !is_loopback_host(host) {
        return Err(forbidden(format!(
            "the request is addressed to `{}`, not to 127.0.0.1, [::1] or localhost",
            host.escape_debug()
        )));
    }
    if parts.headers.contains_key("origin") || parts.headers.contains_key("sec-fetch-mode") {
        return Err(forbidden("the request comes from a browser".to_owned()));
    }
    // What a browser may send cross-site without a preflight; the SDK sends
    // `application/octet-stream`.
    let content_type = header(&parts.headers, "content-type").unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ]
    .iter()
    .any(|browser| media_type.eq_ignore_ascii_case(browser))
    {
        return Err(forbidden(format!(
            "a `{media_type}` body is what a web page sends"
        )));
    }
    Ok(())
}

/// `127.0.0.1`, `[::1]` or `localhost`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|byte| byte.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

/// A header's value, when it is text.
pub(crate) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

pub(crate) fn invocation_type(
    headers: &HeaderMap,
    operation: Operation,
) -> Result<InvocationType, Refusal> {
    let (allowed, values) = match operation {
        Operation::Invoke => (
            &[
                InvocationType::RequestResponse,
                InvocationType::Event,
                InvocationType::DryRun,
            ][..],
            "[Event, RequestResponse, DryRun]",
        ),
        Operation::InvokeWithResponseStream => (
            &[InvocationType::RequestResponse, InvocationType::DryRun][..],
            "[RequestResponse, DryRun]",
        ),
    };
    let value = header(headers, INVOCATION_TYPE).unwrap_or("RequestResponse");
    allowed
        .iter()
        .copied()
        .find(|allowed| allowed.as_str() == value)
        .ok_or_else(|| {
            refusal(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                &format!(
                    "1 validation error detected: Value '{value}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: {values}"
                ),
            )
        })
}

pub(crate) async fn read_payload(
    body: Incoming,
    invocation_type: InvocationType,
    read_timeout: Duration,
) -> Result<Bytes, Refusal> {
    let limit = invocation_type.payload_limit();
    let too_large = || {
        refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestTooLargeException",
            &format!(
                "Request must be smaller than {limit} bytes for the {} invocation type.",
                invocation_type.as_str()
            ),
        )
    };
    let read = tokio::time::timeout(read_timeout, Limited::new(body, limit).collect()).await;
    let Ok(read) = read else {
        return Err(refusal(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeoutException",
            &format!("the request body did not arrive within {read_timeout:?}"),
        ));
    };
    let payload = match read {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<LengthLimitError>() => return Err(too_large()),
        Err(error) => {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "InvalidRequestContentException",
                &format!("Could not read the request body: {error}"),
            ));
        }
    };
    // The SDK sends no body when no payload is set, and Lambda then hands the
    // function `{}`.
    if payload.is_empty() {
        return Ok(Bytes::from_static(b"{}"));
    }
    serde_json::from_slice::<IgnoredAny>(&payload).map_err(|error| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContentException",
            &format!("Could not parse request body into json: {error}"),
        )
    })?;
    Ok(payload)
}

/// The `X-Amz-Client-Context` header, base64 of a JSON object, decoded into
/// the handler's context.
pub(crate) fn client_context(headers: &HeaderMap, context: &mut Context) -> Result<(), Refusal> {
    let Some(encoded) = headers.get(CLIENT_CONTEXT) else {
        return Ok(());
    };
    let invalid = |why: &str| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContentException",
            &format!("Client context must be a valid Base64-encoded JSON object: {why}"),
        )
    };
    if encoded.len() > CLIENT_CONTEXT_LIMIT {
        return Err(invalid(&format!(
            "it is {} bytes, over the limit of {CLIENT_CONTEXT_LIMIT}",
            encoded.len()
        )));
    }
    let json = BASE64
        .decode(encoded.as_bytes())
        .map_err(|error| invalid(&error.to_string()))?;
    // `lambda_runtime` does not export the type's name; the field gives it.
    context.client_context =
        Some(serde_json::from_slice(&json).map_err(|error| invalid(&error.to_string()))?);
    Ok(())
}
