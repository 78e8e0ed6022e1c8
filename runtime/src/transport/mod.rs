//! The one thing a generated client needs from the outside world: a way to
//! send an `Invoke` request. [`aws_sdk_lambda::Client`] is the real one
//! (`sdk.rs`); a test can supply its own.

mod durable;
mod sdk;
mod sdk_error;
mod sdk_stream;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_core::Stream;

pub use durable::DurableExecutions;

use crate::durable::name::ExecutionName;
use crate::error::{ApiError, TransportError, TransportErrorKind};
use crate::invocation_type::InvocationType;
use crate::tenant::TenantId;

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
    /// The X-Ray trace header (`X-Amzn-Trace-Id`) to send, when the call is
    /// made inside [`trace_header::scope`](crate::trace_header::scope) and
    /// the SDK will not add one itself.
    pub trace_header: Option<Arc<str>>,
    /// The tenant (`X-Amz-Tenant-Id`), for a function in tenant isolation mode.
    pub tenant_id: Option<TenantId>,
    /// The durable execution's name (`X-Amz-Durable-Execution-Name`).
    pub durable_execution_name: Option<ExecutionName>,
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
            .field("trace_header", &self.trace_header)
            .field("tenant_id", &self.tenant_id)
            .field("durable_execution_name", &self.durable_execution_name)
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
    /// The `X-Amz-Durable-Execution-Arn` header: the durable execution a
    /// call to a durable function started or joined.
    pub durable_execution_arn: Option<String>,
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
            durable_execution_arn: None,
        }
    }

    /// Names the durable execution the call started or joined.
    #[must_use]
    pub fn with_durable_execution_arn(mut self, arn: impl Into<String>) -> Self {
        self.durable_execution_arn = Some(arn.into());
        self
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
            .field("durable_execution_arn", &self.durable_execution_arn)
            .finish()
    }
}

/// Lambda's answer to an `InvokeWithResponseStream` request that it
/// accepted: what its headers said, and the events of the stream, read as
/// they arrive.
#[non_exhaustive]
pub struct InvokeStreamResponse {
    /// The HTTP status: 200.
    pub status_code: u16,
    /// The `X-Amz-Executed-Version` header: the version that ran.
    pub executed_version: Option<String>,
    /// Lambda's request id (`x-amzn-RequestId`).
    pub request_id: Option<String>,
    /// The stream's events, ending after [`StreamEvent::Complete`]; an
    /// `Err` when the stream breaks (a lost connection, a frame that does
    /// not decode, an exception event).
    pub events: Pin<Box<dyn Stream<Item = Result<StreamEvent, ApiError>> + Send>>,
}

impl InvokeStreamResponse {
    /// A stream of `events` that Lambda accepted with status 200.
    #[must_use]
    pub fn new(events: Pin<Box<dyn Stream<Item = Result<StreamEvent, ApiError>> + Send>>) -> Self {
        InvokeStreamResponse {
            status_code: 200,
            executed_version: None,
            request_id: None,
            events,
        }
    }
}

impl fmt::Debug for InvokeStreamResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvokeStreamResponse")
            .field("status_code", &self.status_code)
            .field("executed_version", &self.executed_version)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// One event of a response stream: `PayloadChunk` or `InvokeComplete`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// Bytes the callee wrote (`PayloadChunk`).
    Chunk(Bytes),
    /// The end of the invocation (`InvokeComplete`): an error code and its
    /// details when the function failed, and the log tail when asked for.
    Complete {
        /// `ErrorCode`: set when the function failed.
        error_code: Option<String>,
        /// `ErrorDetails`: what the function's runtime said of the failure.
        error_details: Option<String>,
        /// `LogResult`: the base64 log tail.
        log_result: Option<String>,
    },
}

impl fmt::Debug for StreamEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamEvent::Chunk(bytes) => {
                f.debug_struct("Chunk").field("len", &bytes.len()).finish()
            }
            StreamEvent::Complete {
                error_code,
                error_details,
                log_result,
            } => f
                .debug_struct("Complete")
                .field("error_code", error_code)
                .field(
                    "error_details_len",
                    &error_details.as_ref().map(String::len),
                )
                .field("log_result_len", &log_result.as_ref().map(String::len))
                .finish(),
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

    /// Sends one `InvokeWithResponseStream` request and returns the start of
    /// Lambda's answer, for a method with `mode = "stream"`.
    ///
    /// A transport that does not stream refuses, which is the default.
    fn invoke_stream(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeStreamResponse, ApiError>> + Send {
        let function = request.function_name;
        async move {
            Err(ApiError::Transport(
                TransportError::new(function, TransportErrorKind::Construction)
                    .with_source("this Transport does not implement invoke_stream"),
            ))
        }
    }

    /// The region the calls go to, when the transport knows it: recorded on
    /// each call's span.
    fn region(&self) -> Option<&str> {
        None
    }

    /// The durable-execution operations a durable call's handle polls with,
    /// kept by the handle; `None`, the default, for a transport without them.
    fn durable_executions(&self) -> Option<Arc<dyn DurableExecutions>> {
        None
    }

    /// This transport as every call will use it, made once when a
    /// generated client is built (`{Trait}Client::new`), so that nothing of
    /// it is redone per call. The default is the transport itself.
    ///
    /// For `aws_sdk_lambda::Client` it is a client of the same
    /// configuration (the same HTTP client and connection pool, credentials
    /// and their cache, endpoint, region, timeouts and interceptors) with
    /// the SDK's retries off and an interceptor that adds the call's trace
    /// header, where each call would otherwise override the configuration.
    #[must_use]
    fn prepared(self) -> Self
    where
        Self: Sized,
    {
        self
    }
}

impl<T: Transport + ?Sized> Transport for &T {
    fn invoke(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeResponse, ApiError>> + Send {
        (**self).invoke(request)
    }

    fn invoke_stream(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeStreamResponse, ApiError>> + Send {
        (**self).invoke_stream(request)
    }

    fn region(&self) -> Option<&str> {
        (**self).region()
    }

    fn durable_executions(&self) -> Option<Arc<dyn DurableExecutions>> {
        (**self).durable_executions()
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn invoke(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeResponse, ApiError>> + Send {
        (**self).invoke(request)
    }

    fn invoke_stream(
        &self,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeStreamResponse, ApiError>> + Send {
        (**self).invoke_stream(request)
    }

    fn region(&self) -> Option<&str> {
        (**self).region()
    }

    fn durable_executions(&self) -> Option<Arc<dyn DurableExecutions>> {
        (**self).durable_executions()
    }
}
