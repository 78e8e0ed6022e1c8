//! One `tracing` span per invoke, named `lambda.invoke`, with OpenTelemetry's
//! function-as-a-service semantic-convention fields: `faas.invoked_name`,
//! `faas.invoked_provider` (`aws`), `faas.invoked_region`, and beside them
//! the invocation type, Lambda's request id, the version that ran and the
//! outcome. The payload is never recorded.

use tracing::field::Empty;

use super::send::Unanswered;
use super::spec::CallSpec;
use crate::config::ClientConfig;
use crate::error::{ApiError, InvokeError};

/// The span of one call, or none when the client has spans off.
pub(super) fn open<'a>(
    config: &ClientConfig,
    spec: &CallSpec,
    function: &str,
    qualifier: Option<&str>,
    region: impl FnOnce() -> Option<&'a str>,
) -> tracing::Span {
    if !config.has_spans() {
        return tracing::Span::none();
    }
    let region = region();
    tracing::info_span!(
        "lambda.invoke",
        otel.kind = "client",
        faas.invoked_name = function,
        faas.invoked_provider = "aws",
        faas.invoked_region = region,
        aws.lambda.invocation_type = spec.invocation_type.as_str(),
        aws.lambda.qualifier = qualifier,
        aws.request_id = Empty,
        aws.lambda.executed_version = Empty,
        outcome = Empty,
    )
}

/// Records what Lambda said on the current span: its request id and the
/// version that ran, as an accepted call's answer or a refusal says them.
pub(super) fn answered(response: Result<(Option<&str>, Option<&str>), &Unanswered>) {
    let span = tracing::Span::current();
    if span.is_disabled() {
        return;
    }
    let (request_id, version) = match response {
        Ok(said) => said,
        Err(Unanswered::Api(ApiError::Service(refusal))) => (refusal.request_id(), None),
        Err(Unanswered::Api(ApiError::Throttled(throttled))) => (throttled.request_id(), None),
        Err(_) => (None, None),
    };
    if let Some(request_id) = request_id {
        span.record("aws.request_id", request_id);
    }
    if let Some(version) = version {
        span.record("aws.lambda.executed_version", version);
    }
}

/// Records how the call ended on the current span.
pub(super) fn outcome<T, E>(result: &Result<T, InvokeError<E>>) {
    let outcome = result.as_ref().map_or_else(InvokeError::outcome, |_| "ok");
    tracing::Span::current().record("outcome", outcome);
}
