//! The one thing a generated client needs from the outside world: a way to
//! send an `Invoke` request. [`aws_sdk_lambda::Client`] is the real one; a test
//! can supply its own.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::error::SdkError;
use aws_sdk_lambda::operation::RequestId as _;
use aws_sdk_lambda::operation::invoke::InvokeError as SdkInvokeError;
use aws_sdk_lambda::primitives::Blob;

use crate::error::{ServiceError, ThrottleReason, Throttled, TransportError, TransportErrorKind};

/// How Lambda runs a call: Lambda's `InvocationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvocationType {
    /// Wait for the callee and return its result (`mode = "sync"`, Lambda's default).
    RequestResponse,
    /// Queue the call and return once Lambda accepted it (`mode = "event"`).
    Event,
    /// Only check that the call would be allowed (`mode = "dry_run"`).
    DryRun,
}

impl InvocationType {
    /// The name Lambda gives this invocation type.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            InvocationType::RequestResponse => "RequestResponse",
            InvocationType::Event => "Event",
            InvocationType::DryRun => "DryRun",
        }
    }

    /// The HTTP status Lambda answers a successful call of this type with.
    #[must_use]
    pub fn success_status(self) -> u16 {
        match self {
            InvocationType::RequestResponse => 200,
            InvocationType::Event => 202,
            InvocationType::DryRun => 204,
        }
    }

    /// Lambda's limit on the request payload of this invocation type, in bytes:
    /// 6 MB for synchronous calls, 1 MB for events (raised from 256 KB in
    /// October 2025).
    #[must_use]
    pub fn payload_limit(self) -> usize {
        match self {
            InvocationType::RequestResponse | InvocationType::DryRun => 6 * 1024 * 1024,
            InvocationType::Event => 1024 * 1024,
        }
    }
}

impl fmt::Display for InvocationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `Invoke` request, as a generated method hands it to the [`Transport`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvokeRequest {
    /// The function's name, or its full or partial ARN, after the client's
    /// [`ClientConfig::function_names`](crate::ClientConfig::function_names).
    pub function_name: Cow<'static, str>,
    /// The version or alias to invoke: the method's, or else the client's.
    pub qualifier: Option<Cow<'static, str>>,
    /// How Lambda is to run the call.
    pub invocation_type: InvocationType,
    /// Whether to ask for the last 4 KB of the callee's log (`LogType: Tail`).
    pub log_tail: bool,
    /// The base64 `ClientContext`, for a synchronous call that carries one.
    pub client_context: Option<String>,
    /// The JSON payload.
    pub payload: Vec<u8>,
}

impl fmt::Debug for InvokeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvokeRequest")
            .field("function_name", &self.function_name)
            .field("qualifier", &self.qualifier)
            .field("invocation_type", &self.invocation_type)
            .field("log_tail", &self.log_tail)
            .field(
                "client_context_len",
                &self.client_context.as_ref().map(String::len),
            )
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// Lambda's answer to an `Invoke` request that it accepted.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvokeResponse {
    /// The HTTP status: 200, 202 or 204 for the three invocation types.
    pub status_code: u16,
    /// The `X-Amz-Function-Error` header: `Unhandled` or `Handled` when the callee failed.
    pub function_error: Option<String>,
    /// The callee's result, or its error document.
    pub payload: Vec<u8>,
    /// The `X-Amz-Executed-Version` header: the version that ran.
    pub executed_version: Option<String>,
    /// Lambda's request id (`x-amzn-RequestId`).
    pub request_id: Option<String>,
    /// The `X-Amz-Log-Result` header: the base64 log tail, when asked for.
    pub log_result: Option<String>,
}

impl InvokeResponse {
    /// A response with `status_code` and `payload`.
    #[must_use]
    pub fn new(status_code: u16, payload: Vec<u8>) -> Self {
        InvokeResponse {
            status_code,
            function_error: None,
            payload,
            executed_version: None,
            request_id: None,
            log_result: None,
        }
    }

    /// Adds Lambda's request id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds the base64 log tail (`X-Amz-Log-Result`).
    #[must_use]
    pub fn with_log_result(mut self, log_result: impl Into<String>) -> Self {
        self.log_result = Some(log_result.into());
        self
    }

    /// Marks the response as a callee failure (`Unhandled` or `Handled`).
    #[must_use]
    pub fn with_function_error(mut self, function_error: impl Into<String>) -> Self {
        self.function_error = Some(function_error.into());
        self
    }

    /// Names the version that ran.
    #[must_use]
    pub fn with_executed_version(mut self, version: impl Into<String>) -> Self {
        self.executed_version = Some(version.into());
        self
    }
}

impl fmt::Debug for InvokeResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvokeResponse")
            .field("status_code", &self.status_code)
            .field("function_error", &self.function_error)
            .field("payload_len", &self.payload.len())
            .field("executed_version", &self.executed_version)
            .field("request_id", &self.request_id)
            .field("log_result", &self.log_result.as_ref().map(String::len))
            .finish()
    }
}

/// Why the Invoke API gave no [`InvokeResponse`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// HTTP 429.
    #[error(transparent)]
    Throttled(Throttled),
    /// Any other error response.
    #[error(transparent)]
    Service(ServiceError),
    /// No usable response.
    #[error(transparent)]
    Transport(TransportError),
}

impl<E> From<ApiError> for crate::InvokeError<E> {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Throttled(throttled) => crate::InvokeError::Throttled(throttled),
            ApiError::Service(service) => crate::InvokeError::Service(service),
            ApiError::Transport(transport) => crate::InvokeError::Transport(transport),
        }
    }
}

/// Sends `Invoke` requests for a generated client.
///
/// Implemented for [`aws_sdk_lambda::Client`], the client every generated
/// client uses unless told otherwise. A test can implement it to answer
/// without any HTTP at all.
pub trait Transport: Send + Sync {
    /// Sends one request and returns Lambda's answer.
    fn invoke(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeResponse, ApiError>> + Send;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn invoke(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeResponse, ApiError>> + Send {
        (**self).invoke(request)
    }
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn invoke(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeResponse, ApiError>> + Send {
        (**self).invoke(request)
    }
}

impl Transport for aws_sdk_lambda::Client {
    async fn invoke(&self, request: InvokeRequest) -> Result<InvokeResponse, ApiError> {
        let function: &str = &request.function_name;
        let sdk_invocation_type = match request.invocation_type {
            InvocationType::RequestResponse => {
                aws_sdk_lambda::types::InvocationType::RequestResponse
            }
            InvocationType::Event => aws_sdk_lambda::types::InvocationType::Event,
            InvocationType::DryRun => aws_sdk_lambda::types::InvocationType::DryRun,
        };
        let call = self
            .invoke()
            .function_name(function)
            .set_qualifier(request.qualifier.as_deref().map(str::to_owned))
            .invocation_type(sdk_invocation_type)
            .set_log_type(
                request
                    .log_tail
                    .then_some(aws_sdk_lambda::types::LogType::Tail),
            )
            .set_client_context(request.client_context)
            .payload(Blob::new(request.payload));
        // The SDK's standard mode retries a 5xx or a timeout, which runs a
        // synchronous callee again: one call is one attempt. Overriding the
        // configuration costs a few microseconds a call, so a client that
        // already has retries off skips it.
        let retries_off = self
            .config()
            .retry_config()
            .is_some_and(|retry| retry.max_attempts() <= 1);
        // The SDK's future is several kilobytes; on the heap it is not copied
        // each time a caller's future that holds it is moved.
        let trace_id = crate::trace_header::current();
        let send: Pin<Box<dyn Future<Output = _> + Send>> = if retries_off && trace_id.is_none() {
            Box::pin(call.send())
        } else {
            let mut call = call.customize();
            if !retries_off {
                call = call.config_override(
                    aws_sdk_lambda::config::Builder::default()
                        .retry_config(RetryConfig::disabled()),
                );
            }
            if let Some(trace_id) = trace_id {
                call = call.mutate_request(move |request| {
                    request
                        .headers_mut()
                        .insert("x-amzn-trace-id", trace_id.to_string());
                });
            }
            Box::pin(call.send())
        };
        let region = || self.config().region().map(AsRef::as_ref);
        let output = match send.await {
            Ok(output) => output,
            Err(error) => {
                crate::trace::answered(region, error.request_id(), None);
                return function_error_document(&error).ok_or_else(|| {
                    let mut error = api_error(function, error);
                    if let ApiError::Service(refusal) = &mut error {
                        if let Some(qualifier) = &request.qualifier {
                            refusal.set_qualifier(qualifier);
                        }
                        if let Some(region) = region() {
                            refusal.set_region(region);
                        }
                    }
                    error
                });
            }
        };
        crate::trace::answered(
            region,
            output.request_id(),
            output.executed_version.as_deref(),
        );
        let request_id = output.request_id().map(str::to_owned);
        Ok(InvokeResponse {
            request_id,
            // Lambda's status codes all fit; a nonsense value fails the status
            // check instead of being truncated into a valid one.
            status_code: u16::try_from(output.status_code).unwrap_or(0),
            function_error: output.function_error,
            payload: output.payload.map(Blob::into_inner).unwrap_or_default(),
            executed_version: output.executed_version,
            log_result: output.log_result,
        })
    }
}

/// `cargo lambda watch` answers a failing function with HTTP 500 and the
/// function's error document, where Lambda sends 200 and
/// `X-Amz-Function-Error`. Lambda's own 500 (`ServiceException`) always names
/// its code in `x-amzn-ErrorType` and has no `errorType` or `errorMessage`,
/// so this shape can only be a function's failure.
fn function_error_document(error: &SdkError<SdkInvokeError>) -> Option<InvokeResponse> {
    let SdkError::ServiceError(context) = error else {
        return None;
    };
    let raw = context.raw();
    if raw.status().as_u16() != 500 || raw.headers().contains_key("x-amzn-errortype") {
        return None;
    }
    let body = raw.body().bytes()?;
    let document =
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body).ok()?;
    if !document.contains_key("errorType") && !document.contains_key("errorMessage") {
        return None;
    }
    Some(InvokeResponse::new(500, body.to_vec()).with_function_error("Unhandled"))
}

fn api_error(function: &str, error: SdkError<SdkInvokeError>) -> ApiError {
    let kind = match &error {
        SdkError::ServiceError(context) => {
            let status = context.raw().status().as_u16();
            return service_error(function, status, error.into_service_error());
        }
        SdkError::TimeoutError(_) => TransportErrorKind::Timeout,
        SdkError::ResponseError(_) => TransportErrorKind::Response,
        SdkError::ConstructionFailure(_) => TransportErrorKind::Construction,
        SdkError::DispatchFailure(_) if never_connected(&error) => TransportErrorKind::Connect,
        SdkError::DispatchFailure(failure) if failure.is_timeout() => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Dispatch,
    };
    ApiError::Transport(TransportError::new(function, kind).with_source(error))
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

/// The error code Lambda sent (`x-amzn-ErrorType`) and its message. An error
/// built in code, as a mock builds it, has no metadata: its `Display`, which
/// reads `Code: message` or `RustName [Code]: message`, stands in.
fn code_and_message(error: &SdkInvokeError) -> (String, Option<String>) {
    use aws_sdk_lambda::error::ProvideErrorMetadata;

    if let Some(code) = error.code() {
        return (code.to_owned(), error.message().map(str::to_owned));
    }
    let text = error.to_string();
    let (head, message) = match text.split_once(": ") {
        Some((head, message)) => (head, Some(message.to_owned())),
        None => (text.as_str(), None),
    };
    let code = head
        .rsplit_once('[')
        .map_or(head, |(_, code)| code.trim_end_matches(']'));
    (code.trim().to_owned(), message)
}

fn service_error(function: &str, status: u16, error: SdkInvokeError) -> ApiError {
    if let SdkInvokeError::TooManyRequestsException(throttle) = error {
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
    let mut service = ServiceError::new(function, code, status);
    if let Some(message) = message {
        service = service.with_message(message);
    }
    ApiError::Service(service.with_source(error))
}
