//! A call's value together with what Lambda said about the call.

use std::fmt;

#[cfg(feature = "client")]
use base64::Engine as _;
#[cfg(feature = "client")]
use base64::engine::general_purpose::STANDARD as BASE64;

#[cfg(feature = "client")]
use crate::transport::InvokeResponse;

/// The value of a synchronous call with what Lambda said about it: the
/// version that ran, the request id, the status, and the log tail when the
/// method asks for it with `log = "tail"`.
///
/// A method returns it by declaring `Result<Reply<T>, InvokeError<E>>`;
/// the callee still returns a plain `T`.
///
/// ```
/// use lambda_client::{lambda_client, InvokeError, Reply};
///
/// #[lambda_client]
/// pub trait Orders {
///     #[lambda_client(name = "orders", log = "tail")]
///     async fn count(&self) -> Result<Reply<u64>, InvokeError>;
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Reply<T> {
    value: T,
    status_code: u16,
    executed_version: Option<String>,
    request_id: Option<String>,
    log_tail: Option<String>,
    durable_execution_arn: Option<String>,
}

impl<T> Reply<T> {
    #[cfg(feature = "client")]
    pub(crate) fn new(value: T, response: &InvokeResponse) -> Self {
        let log_tail = response.log_result.as_deref().map(decode_log);
        Reply {
            value,
            status_code: response.status_code,
            executed_version: response.executed_version.clone(),
            request_id: response.request_id.clone(),
            log_tail,
            durable_execution_arn: response.durable_execution_arn.clone(),
        }
    }

    /// The callee's value.
    #[must_use]
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The callee's value, without the rest.
    #[must_use]
    pub fn into_value(self) -> T {
        self.value
    }

    /// The HTTP status Lambda answered with (200).
    #[must_use]
    pub fn status_code(&self) -> u16 {
        self.status_code
    }

    /// The version that ran (`X-Amz-Executed-Version`), such as `$LATEST` or `7`.
    #[must_use]
    pub fn executed_version(&self) -> Option<&str> {
        self.executed_version.as_deref()
    }

    /// Lambda's request id for the call, the key to its logs and traces.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The last 4 KB of the callee's log, decoded, when the method says
    /// `log = "tail"` (Lambda's `X-Amz-Log-Result`).
    #[must_use]
    pub fn log_tail(&self) -> Option<&str> {
        self.log_tail.as_deref()
    }

    /// The durable execution a synchronous call to a durable function ran
    /// as (`X-Amz-Durable-Execution-Arn`).
    #[must_use]
    pub fn durable_execution_arn(&self) -> Option<&str> {
        self.durable_execution_arn.as_deref()
    }
}

/// A base64 log tail (`X-Amz-Log-Result`, `LogResult`), decoded.
#[cfg(feature = "client")]
pub(crate) fn decode_log(encoded: &str) -> String {
    // Lambda cuts the log at 4 KB, possibly inside a character.
    BASE64.decode(encoded).map_or_else(
        |_| encoded.to_owned(),
        |log| String::from_utf8_lossy(&log).into_owned(),
    )
}

/// The value and the log may hold the callee's data: `Debug` shows their
/// type and size, and what Lambda said.
impl<T> fmt::Debug for Reply<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("value", &std::any::type_name::<T>())
            .field("status_code", &self.status_code)
            .field("executed_version", &self.executed_version)
            .field("request_id", &self.request_id)
            .field("log_tail_len", &self.log_tail.as_ref().map(String::len))
            .field("durable_execution_arn", &self.durable_execution_arn)
            .finish()
    }
}
