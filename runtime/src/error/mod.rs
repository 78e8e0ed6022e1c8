//! Everything a call can end in besides a value, one file per kind.
//!
//! A callee's failure arrives from Lambda as a *successful* `Invoke` (HTTP 200
//! with an `X-Amz-Function-Error` header), so the raw SDK lets it slip. Here it
//! can only arrive as [`InvokeError::Function`].

mod cause;
mod contract;
mod durable;
mod function;
mod limits;
#[cfg(any(feature = "client", feature = "callee"))]
mod path;
mod payload;
mod service;
mod text;
mod throttle;
mod transport;

#[cfg(any(feature = "client", feature = "callee", feature = "schema"))]
pub(crate) use contract::CONTEXT_KEY;
#[cfg(feature = "client")]
pub(crate) use contract::named_in;
pub use contract::{ContractId, ContractOf, ContractSkew};
pub use durable::{DurableRequestFailed, StillRunning, Unqualified};
pub use function::{FromFunctionError, FunctionError, variant_data};
#[cfg(feature = "client")]
pub(crate) use limits::{CLIENT_CONTEXT_LIMIT, QueueBound, RESPONSE_LIMIT};
pub use limits::{ClientContextTooLarge, PayloadTooLarge, Queued, ResponseTooLarge};
#[cfg(any(feature = "client", feature = "callee"))]
pub(crate) use path::path_of;
pub use payload::{DecodeError, EncodeError, UnexpectedStatus};
pub use service::{ServiceError, ServiceErrorKind};
pub(crate) use text::bounded;
#[cfg(any(feature = "client", feature = "callee"))]
pub(crate) use text::without_values;
pub use throttle::{ThrottleReason, Throttled};
pub use transport::{TransportError, TransportErrorKind};

/// Why a call through a generated client did not return a value.
///
/// `E` is the callee's error: [`FunctionError`] (the error document as Lambda
/// sent it) unless the method declares another type that implements
/// [`FromFunctionError`].
///
/// No variant's `Debug` or `Display` prints the request or response payload.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvokeError<E = FunctionError> {
    /// The callee ran and failed (Lambda's `X-Amz-Function-Error` header).
    ///
    /// The message includes the callee's error, which is therefore not
    /// also its `source()`: a reporter that walks the chain prints it once.
    #[error("the function ran and failed: {0}")]
    Function(E),
    /// Lambda refused the call because of concurrency or rate limits (HTTP 429).
    #[error(transparent)]
    Throttled(Throttled),
    /// The Invoke API refused the call: unknown function, payload too large,
    /// missing permissions, VPC set-up and the like.
    #[error(transparent)]
    Service(ServiceError),
    /// No usable answer came back from the Lambda endpoint.
    #[error(transparent)]
    Transport(TransportError),
    /// The arguments could not be serialized to JSON. Nothing was sent.
    #[error(transparent)]
    Encode(EncodeError),
    /// The serialized arguments are over Lambda's limit. Nothing was sent.
    #[error(transparent)]
    PayloadTooLarge(PayloadTooLarge),
    /// The call's `ClientContext` is over Lambda's 3,583 bytes; nothing was sent.
    #[error(transparent)]
    ClientContextTooLarge(ClientContextTooLarge),
    /// The callee's result does not decode as the method's return type.
    #[error(transparent)]
    Decode(DecodeError),
    /// The answer is larger than any Lambda sends; it was not decoded.
    #[error(transparent)]
    ResponseTooLarge(ResponseTooLarge),
    /// The call waited for a slot under the client's concurrency limit past
    /// its timeout or budget; nothing was sent.
    #[error(transparent)]
    Queued(Queued),
    /// Lambda answered with a status code that does not fit the invocation type.
    #[error(transparent)]
    UnexpectedStatus(UnexpectedStatus),
    /// A durable call named no version or alias; nothing was sent.
    #[error(transparent)]
    Unqualified(Unqualified),
    /// A durable execution was still running when its handle stopped waiting.
    #[error(transparent)]
    StillRunning(StillRunning),
    /// Asking Lambda about a durable execution failed (`GetDurableExecution`,
    /// `StopDurableExecution`); the execution runs on.
    #[error(transparent)]
    DurableRequest(DurableRequestFailed),
    /// The callee could not decode the payload, and was built from another
    /// version of the contract (feature `schema`).
    #[error(transparent)]
    ContractSkew(ContractSkew),
}

/// Why the Invoke API gave no answer a [`Transport`](crate::Transport) could
/// return: the three ways a request can fail before any payload is read.
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

impl<E> InvokeError<E> {
    /// The same error with the callee's error mapped by `map`: how a
    /// stream's failure, read before the method's error type is known,
    /// becomes the method's.
    #[cfg(feature = "client")]
    pub(crate) fn map_function<F>(self, map: impl FnOnce(E) -> F) -> InvokeError<F> {
        match self {
            InvokeError::Function(error) => InvokeError::Function(map(error)),
            InvokeError::Throttled(error) => InvokeError::Throttled(error),
            InvokeError::Service(error) => InvokeError::Service(error),
            InvokeError::Transport(error) => InvokeError::Transport(error),
            InvokeError::Encode(error) => InvokeError::Encode(error),
            InvokeError::PayloadTooLarge(error) => InvokeError::PayloadTooLarge(error),
            InvokeError::ClientContextTooLarge(error) => InvokeError::ClientContextTooLarge(error),
            InvokeError::Decode(error) => InvokeError::Decode(error),
            InvokeError::ResponseTooLarge(error) => InvokeError::ResponseTooLarge(error),
            InvokeError::Queued(error) => InvokeError::Queued(error),
            InvokeError::UnexpectedStatus(error) => InvokeError::UnexpectedStatus(error),
            InvokeError::Unqualified(error) => InvokeError::Unqualified(error),
            InvokeError::StillRunning(error) => InvokeError::StillRunning(error),
            InvokeError::DurableRequest(error) => InvokeError::DurableRequest(error),
            InvokeError::ContractSkew(error) => InvokeError::ContractSkew(error),
        }
    }

    /// How the call ended, as its span's `outcome` field names it.
    #[cfg(feature = "client")]
    pub(crate) fn outcome(&self) -> &'static str {
        match self {
            InvokeError::Function(_) => "function_error",
            InvokeError::Throttled(_) => "throttled",
            InvokeError::Service(_) => "refused",
            InvokeError::Transport(_) => "transport_error",
            InvokeError::Encode(_) => "encode_error",
            InvokeError::PayloadTooLarge(_) => "payload_too_large",
            InvokeError::ClientContextTooLarge(_) => "client_context_too_large",
            InvokeError::Decode(_) => "decode_error",
            InvokeError::ResponseTooLarge(_) => "response_too_large",
            InvokeError::Queued(_) => "queued",
            InvokeError::UnexpectedStatus(_) => "unexpected_status",
            InvokeError::Unqualified(_) => "unqualified",
            InvokeError::StillRunning(_) => "still_running",
            InvokeError::DurableRequest(_) => "durable_request_failed",
            InvokeError::ContractSkew(_) => "contract_skew",
        }
    }
}

impl<E> InvokeError<E> {
    /// Whether the call ended with this error, instead of retrying, because
    /// the client's retry quota was spent (see
    /// [`RetryQuota`](crate::RetryQuota)).
    #[must_use]
    pub fn retry_quota_spent(&self) -> bool {
        match self {
            InvokeError::Throttled(error) => error.retry_quota_spent(),
            InvokeError::Service(error) => error.retry_quota_spent(),
            InvokeError::Transport(error) => error.retry_quota_spent(),
            InvokeError::DurableRequest(error) => error.api_error().retry_quota_spent(),
            _ => false,
        }
    }
}

impl ApiError {
    /// Whether the call was not retried because the client's retry quota
    /// was spent.
    #[must_use]
    pub fn retry_quota_spent(&self) -> bool {
        match self {
            ApiError::Throttled(error) => error.retry_quota_spent(),
            ApiError::Service(error) => error.retry_quota_spent(),
            ApiError::Transport(error) => error.retry_quota_spent(),
        }
    }

    /// The same error, saying that the client's retry quota was spent.
    #[cfg(feature = "client")]
    pub(crate) fn with_quota_spent(mut self) -> Self {
        match &mut self {
            ApiError::Throttled(error) => error.set_quota_spent(),
            ApiError::Service(error) => error.set_quota_spent(),
            ApiError::Transport(error) => error.set_quota_spent(),
        }
        self
    }
}

impl<E> From<ApiError> for InvokeError<E> {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Throttled(throttled) => InvokeError::Throttled(throttled),
            ApiError::Service(service) => InvokeError::Service(service),
            ApiError::Transport(transport) => match transport.declared_size() {
                Some(size) => InvokeError::ResponseTooLarge(ResponseTooLarge {
                    function: transport.function().to_owned().into(),
                    size,
                    limit: lambda_client_wire::limits::SYNC_RESPONSE,
                    what: "a synchronous response (the size its Content-Length declares; none of its body was read)",
                }),
                None => InvokeError::Transport(transport),
            },
        }
    }
}

/// Why a payload could not be sent. Unlike [`InvokeError`] it does not depend
/// on the callee's error type, so a future holding it stays `Send` whatever
/// that type is.
#[doc(hidden)]
#[derive(Debug)]
pub enum PayloadError {
    /// The arguments did not serialize.
    Encode(EncodeError),
    /// The arguments are over Lambda's limit.
    TooLarge(PayloadTooLarge),
    /// The `ClientContext` is over Lambda's limit.
    ContextTooLarge(ClientContextTooLarge),
    /// A durable call names no version or alias.
    Unqualified(Unqualified),
}

impl PayloadError {
    /// The same error, naming `function`: the function as the client
    /// resolved the name the method gives.
    #[cfg(feature = "client")]
    #[allow(clippy::ptr_arg)] // cloned: a borrowed name stays unallocated
    pub(crate) fn calling(self, function: &std::borrow::Cow<'static, str>) -> Self {
        match self {
            PayloadError::Encode(mut error) => {
                error.function.clone_from(function);
                PayloadError::Encode(error)
            }
            PayloadError::TooLarge(mut error) => {
                error.function.clone_from(function);
                PayloadError::TooLarge(error)
            }
            PayloadError::ContextTooLarge(mut error) => {
                error.function.clone_from(function);
                PayloadError::ContextTooLarge(error)
            }
            PayloadError::Unqualified(mut error) => {
                error.function.clone_from(function);
                PayloadError::Unqualified(error)
            }
        }
    }
}

impl<E> From<PayloadError> for InvokeError<E> {
    fn from(error: PayloadError) -> Self {
        match error {
            PayloadError::Encode(error) => InvokeError::Encode(error),
            PayloadError::TooLarge(error) => InvokeError::PayloadTooLarge(error),
            PayloadError::ContextTooLarge(error) => InvokeError::ClientContextTooLarge(error),
            PayloadError::Unqualified(error) => InvokeError::Unqualified(error),
        }
    }
}
