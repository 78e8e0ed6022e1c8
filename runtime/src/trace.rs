//! One `tracing` span per invoke, named `lambda.invoke`, with OpenTelemetry's
//! function-as-a-service semantic-convention fields: `faas.invoked_name`,
//! `faas.invoked_provider` (`aws`), `faas.invoked_region`, and beside them
//! the invocation type, Lambda's request id, the version that ran and the
//! outcome. The payload is never recorded.

use tracing::field::Empty;

use crate::__private::Method;
use crate::error::InvokeError;

/// The span of one call, or none when the client has spans off.
pub(crate) fn span(config: &crate::ClientConfig, method: &Method) -> tracing::Span {
    if !config.has_spans() {
        return tracing::Span::none();
    }
    tracing::info_span!(
        "lambda.invoke",
        otel.kind = "client",
        faas.invoked_name = method.function,
        faas.invoked_provider = "aws",
        faas.invoked_region = Empty,
        aws.lambda.invocation_type = method.invocation_type.as_str(),
        aws.lambda.qualifier = method.qualifier,
        aws.request_id = Empty,
        aws.lambda.executed_version = Empty,
        outcome = Empty,
    )
}

/// Records how the call ended on the current span.
pub(crate) fn outcome<T, E>(result: &Result<T, InvokeError<E>>) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(InvokeError::Function(_)) => "function_error",
        Err(InvokeError::Throttled(_)) => "throttled",
        Err(InvokeError::Service(_)) => "refused",
        Err(InvokeError::Transport(_)) => "transport_error",
        Err(InvokeError::Encode(_)) => "encode_error",
        Err(InvokeError::PayloadTooLarge(_)) => "payload_too_large",
        Err(InvokeError::ClientContextTooLarge(_)) => "client_context_too_large",
        Err(InvokeError::Decode(_)) => "decode_error",
        Err(InvokeError::UnexpectedStatus(_)) => "unexpected_status",
    };
    tracing::Span::current().record("outcome", outcome);
}

/// Records what the transport learnt: the region, the request id, the version.
pub(crate) fn answered<'a>(
    region: impl FnOnce() -> Option<&'a str>,
    request_id: Option<&str>,
    version: Option<&str>,
) {
    let span = tracing::Span::current();
    if span.is_disabled() {
        return;
    }
    if let Some(region) = region() {
        span.record("faas.invoked_region", region);
    }
    if let Some(request_id) = request_id {
        span.record("aws.request_id", request_id);
    }
    if let Some(version) = version {
        span.record("aws.lambda.executed_version", version);
    }
}
