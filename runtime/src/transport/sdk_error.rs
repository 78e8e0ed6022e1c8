//! The SDK's errors of `Invoke` and `InvokeWithResponseStream` as the typed
//! errors they stand for: a throttle, a refusal, or no usable answer.

use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::operation::invoke::InvokeError as SdkInvokeError;
use aws_sdk_lambda::operation::invoke_with_response_stream::InvokeWithResponseStreamError;
use aws_sdk_lambda::types::error::TooManyRequestsException;

use crate::error::{
    ApiError, ServiceError, ThrottleReason, Throttled, TransportError, TransportErrorKind, bounded,
};

/// The error type of an Invoke operation: its metadata, and its throttle.
pub(super) trait OperationError:
    ProvideErrorMetadata + std::error::Error + Send + Sync + 'static
{
    /// The 429, when this is one.
    fn throttle(&self) -> Option<&TooManyRequestsException>;
}

impl OperationError for SdkInvokeError {
    fn throttle(&self) -> Option<&TooManyRequestsException> {
        match self {
            SdkInvokeError::TooManyRequestsException(throttle) => Some(throttle),
            _ => None,
        }
    }
}

/// The operations the SDK answers a durable execution's handle with.
macro_rules! throttled_by {
    ($($module:ident :: $error:ident),*) => {$(
        impl OperationError for aws_sdk_lambda::operation::$module::$error {
            fn throttle(&self) -> Option<&TooManyRequestsException> {
                match self {
                    aws_sdk_lambda::operation::$module::$error::TooManyRequestsException(throttle) => {
                        Some(throttle)
                    }
                    _ => None,
                }
            }
        }
    )*};
}

throttled_by!(
    get_durable_execution::GetDurableExecutionError,
    stop_durable_execution::StopDurableExecutionError
);

impl OperationError for InvokeWithResponseStreamError {
    fn throttle(&self) -> Option<&TooManyRequestsException> {
        match self {
            InvokeWithResponseStreamError::TooManyRequestsException(throttle) => Some(throttle),
            _ => None,
        }
    }
}

/// Every SDK error of an Invoke operation as the typed error it stands for.
pub(super) fn api_error<E: OperationError>(function: &str, error: SdkError<E>) -> ApiError {
    let kind = match &error {
        SdkError::ServiceError(context) => {
            let status = context.raw().status().as_u16();
            // An answer without an error code (`cargo lambda watch`'s 404,
            // a proxy's error page) may still say why in its body.
            let said = context.raw().body().bytes().and_then(said_in_body);
            let SdkError::ServiceError(context) = error else {
                unreachable!("matched above")
            };
            return service_error(function, status, context.into_err(), said);
        }
        SdkError::TimeoutError(_) => TransportErrorKind::Timeout,
        SdkError::ResponseError(_) => TransportErrorKind::Response,
        SdkError::ConstructionFailure(_) => TransportErrorKind::Construction,
        SdkError::DispatchFailure(_) if never_connected(&error) => TransportErrorKind::Connect,
        SdkError::DispatchFailure(failure) if failure.is_timeout() => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Dispatch,
    };
    let failure = TransportError::new(function, kind);
    // What failed beneath the SDK's wrapper, without the raw response that
    // a `ResponseError` holds beside it; the kind says which wrapper it was.
    ApiError::Transport(match error.into_source() {
        Ok(source) => failure.with_source(source),
        Err(error) => failure.with_source(error),
    })
}

/// Whether the SDK's HTTP client (hyper-util's) failed to make the
/// connection at all: then nothing was sent.
fn never_connected(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error
            .downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some_and(hyper_util::client::legacy::Error::is_connect)
        {
            return true;
        }
        current = error.source();
    }
    false
}

/// What a JSON error body without a code says: its `message`, or the
/// `detail` and `title` of a problem document (`cargo lambda watch` answers
/// an unknown function with `{"title": "Missing function", "detail": ...}`).
fn said_in_body(body: &[u8]) -> Option<String> {
    let document =
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body).ok()?;
    ["message", "Message", "detail", "title"]
        .into_iter()
        .find_map(|key| document.get(key)?.as_str())
        .map(|said| bounded(said, 1024))
}

/// The error code Lambda sent (`x-amzn-ErrorType`) and its message; an empty
/// code when the answer had none. An error built in code, as a mock builds
/// it, has no metadata: its `Display`, which reads `Code: message` or
/// `RustName [Code]: message`, stands in.
fn code_and_message<E: OperationError>(error: &E) -> (String, Option<String>) {
    if let Some(code) = error.code() {
        return (code.to_owned(), error.message().map(str::to_owned));
    }
    let text = error.to_string();
    // What the SDK calls an answer it could not classify.
    if text.starts_with("unhandled error") {
        return (String::new(), error.message().map(str::to_owned));
    }
    let (head, message) = match text.split_once(": ") {
        Some((head, message)) => (head, Some(message.to_owned())),
        None => (text.as_str(), None),
    };
    let code = head
        .rsplit_once('[')
        .map_or(head, |(_, code)| code.trim_end_matches(']'));
    (code.trim().to_owned(), message)
}

fn service_error<E: OperationError>(
    function: &str,
    status: u16,
    error: E,
    said: Option<String>,
) -> ApiError {
    if let Some(throttle) = error.throttle() {
        let reason = throttle
            .reason()
            .map_or(ThrottleReason::Unspecified, |reason| {
                ThrottleReason::from(reason.as_str())
            });
        let mut throttled = Throttled::new(function, reason);
        if let Some(seconds) = throttle
            .retry_after_seconds()
            .and_then(|seconds| seconds.trim().parse().ok())
        {
            throttled = throttled.with_retry_after_seconds(seconds);
        }
        if let Some(message) = throttle.message() {
            throttled = throttled.with_message(message);
        }
        return ApiError::Throttled(throttled);
    }
    let (code, message) = code_and_message(&error);
    // The SDK's error says the code and the message again, and so does its
    // own source: as a cause it would only repeat them in a reporter's chain.
    let repeats = !code.is_empty() && message.is_some();
    let mut service = ServiceError::new(function, code, status);
    if let Some(message) = message.or(said) {
        service = service.with_message(message);
    }
    if repeats {
        return ApiError::Service(service);
    }
    ApiError::Service(service.with_source(error))
}
