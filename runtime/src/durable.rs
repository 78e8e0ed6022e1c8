//! Durable executions: a call that starts a durable function's execution
//! under a name, and a typed handle to wait for its result.
//!
//! A method with `mode = "durable"` takes the execution's name as an
//! argument of type [`&ExecutionName`](ExecutionName) (left out of the
//! payload) and returns `Result<DurableCall<T, E>, InvokeError<E>>`. The
//! name is an idempotency key: starting again with the same name and
//! payload returns the same execution, so the start is retried like an
//! idempotent call; with another payload Lambda refuses it
//! (`ServiceErrorKind::DurableExecutionAlreadyStarted`).
//!
//! Lambda runs a durable function only under a version or alias: the
//! method's `qualifier`, or the client's
//! [`ClientConfig::qualifier`](crate::ClientConfig::qualifier). Without
//! either the call fails before anything is sent
//! ([`InvokeError::Unqualified`]).
//!
//! ```
//! use lambda_client::{lambda_client, DurableCall, ExecutionName, InvokeError};
//!
//! #[lambda_client]
//! pub trait Orders {
//!     #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live")]
//!     async fn fulfil(&self, execution: &ExecutionName, order: u64) -> Result<DurableCall<String>, InvokeError>;
//! }
//! ```

use std::borrow::Cow;
use std::fmt;
#[cfg(feature = "client")]
use std::future::Future;
use std::marker::PhantomData;
#[cfg(feature = "client")]
use std::pin::Pin;
use std::str::FromStr;
#[cfg(feature = "client")]
use std::sync::Arc;
use std::time::Duration;

use lambda_client_wire::execution_name;

use crate::error::FunctionError;
#[cfg(feature = "client")]
use crate::error::{ApiError, FromFunctionError, InvokeError, StillRunning};

/// A durable execution's name, checked: 1 to 64 letters, digits, `-` and
/// `_` (Lambda's rule for `DurableExecutionName`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExecutionName(Cow<'static, str>);

impl ExecutionName {
    /// Checks `name` against Lambda's rule.
    ///
    /// # Errors
    ///
    /// [`InvalidExecutionName`] when `name` is empty, longer than 64
    /// characters, or holds anything but letters, digits, `-` and `_`.
    pub fn new(name: impl Into<String>) -> Result<Self, InvalidExecutionName> {
        let name = name.into();
        if execution_name::check(&name).is_err() {
            return Err(InvalidExecutionName {
                name: crate::error::bounded(&name, execution_name::MAX_CHARS),
            });
        }
        Ok(ExecutionName(Cow::Owned(name)))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ExecutionName {
    type Err = InvalidExecutionName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ExecutionName::new(name)
    }
}

impl TryFrom<&str> for ExecutionName {
    type Error = InvalidExecutionName;

    fn try_from(name: &str) -> Result<Self, Self::Error> {
        ExecutionName::new(name)
    }
}

impl TryFrom<String> for ExecutionName {
    type Error = InvalidExecutionName;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        ExecutionName::new(name)
    }
}

impl fmt::Display for ExecutionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ExecutionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ExecutionName").field(&&*self.0).finish()
    }
}

/// A string Lambda would refuse as an execution name; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{name:?} is not a durable execution name: Lambda takes 1 to 64 letters, digits, `-` and `_`"
)]
pub struct InvalidExecutionName {
    name: String,
}

impl InvalidExecutionName {
    /// The start of the refused name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Where a durable execution is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurableStatus {
    /// Still running (`RUNNING`).
    Running,
    /// Finished with a result (`SUCCEEDED`).
    Succeeded,
    /// Finished with an error (`FAILED`).
    Failed,
    /// Ran past its execution timeout (`TIMED_OUT`).
    TimedOut,
    /// Stopped with `StopDurableExecution` (`STOPPED`).
    Stopped,
    /// A status this version does not know.
    Other(String),
}

impl DurableStatus {
    /// The status as Lambda writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            DurableStatus::Running => "RUNNING",
            DurableStatus::Succeeded => "SUCCEEDED",
            DurableStatus::Failed => "FAILED",
            DurableStatus::TimedOut => "TIMED_OUT",
            DurableStatus::Stopped => "STOPPED",
            DurableStatus::Other(other) => other,
        }
    }

    /// Whether the execution has ended.
    #[must_use]
    pub fn is_closed(&self) -> bool {
        !matches!(self, DurableStatus::Running | DurableStatus::Other(_))
    }
}

impl From<&str> for DurableStatus {
    fn from(status: &str) -> Self {
        match status {
            "RUNNING" => DurableStatus::Running,
            "SUCCEEDED" => DurableStatus::Succeeded,
            "FAILED" => DurableStatus::Failed,
            "TIMED_OUT" => DurableStatus::TimedOut,
            "STOPPED" => DurableStatus::Stopped,
            other => DurableStatus::Other(other.to_owned()),
        }
    }
}

/// What `GetDurableExecution` says of an execution.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DurableExecution {
    /// Its status.
    pub status: DurableStatus,
    /// Its result, as JSON, once it succeeded.
    pub result: Option<String>,
    /// Its error, once it failed, timed out or was stopped.
    pub error: Option<DurableError>,
}

impl DurableExecution {
    /// An execution with `status`, and neither result nor error yet.
    #[must_use]
    pub fn new(status: DurableStatus) -> Self {
        DurableExecution {
            status,
            result: None,
            error: None,
        }
    }
}

/// The result and error may hold the callee's data: `Debug` shows their size.
impl fmt::Debug for DurableExecution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DurableExecution")
            .field("status", &self.status)
            .field("result_len", &self.result.as_ref().map(String::len))
            .field("error", &self.error.as_ref().map(|error| &error.error_type))
            .finish()
    }
}

/// A durable execution's error (`ErrorObject`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DurableError {
    /// `ErrorType`.
    pub error_type: Option<String>,
    /// `ErrorMessage`.
    pub error_message: Option<String>,
    /// `StackTrace`.
    pub stack_trace: Vec<String>,
}

impl DurableError {
    /// The error as a callee's error document, as a synchronous call's failure reads.
    #[must_use]
    pub fn to_function_error(&self) -> FunctionError {
        let mut document = serde_json::Map::new();
        if let Some(error_type) = &self.error_type {
            document.insert("errorType".to_owned(), error_type.clone().into());
        }
        if let Some(message) = &self.error_message {
            document.insert("errorMessage".to_owned(), message.clone().into());
        }
        if !self.stack_trace.is_empty() {
            document.insert("stackTrace".to_owned(), self.stack_trace.clone().into());
        }
        let document = serde_json::Value::Object(document).to_string();
        FunctionError::from_document("Unhandled", document.into_bytes())
    }
}

/// The durable-execution operations a [`DurableCall`] uses:
/// `GetDurableExecution` and `StopDurableExecution`. Implemented for
/// `aws_sdk_lambda::Client`; a test's transport can implement it too.
#[cfg(feature = "client")]
pub trait DurableExecutions: Send + Sync + 'static {
    /// `GetDurableExecution` of `arn`, with its result or error.
    fn get(
        &self,
        arn: &str,
    ) -> Pin<Box<dyn Future<Output = Result<DurableExecution, ApiError>> + Send + '_>>;

    /// `StopDurableExecution` of `arn`.
    fn stop(&self, arn: &str) -> Pin<Box<dyn Future<Output = Result<(), ApiError>> + Send + '_>>;
}

/// How [`DurableCall::result`] polls: the first wait, the longest, and for
/// how long in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    first: Duration,
    longest: Duration,
    timeout: Duration,
}

impl Default for Polling {
    /// From 100 ms, growing by half each time, up to 2 s apart, for 15
    /// minutes (a synchronous invoke's limit).
    fn default() -> Self {
        Polling {
            first: Duration::from_millis(100),
            longest: Duration::from_secs(2),
            timeout: Duration::from_mins(15),
        }
    }
}

impl Polling {
    /// The first wait.
    #[must_use]
    pub fn with_first(mut self, first: Duration) -> Self {
        self.first = first;
        self
    }

    /// The longest wait between two polls.
    #[must_use]
    pub fn with_longest(mut self, longest: Duration) -> Self {
        self.longest = longest;
        self
    }

    /// How long `result` waits in all.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The wait after `wait`.
    #[cfg(feature = "client")]
    fn next(&self, wait: Duration) -> Duration {
        (wait + wait / 2).min(self.longest)
    }
}

/// A started durable execution: its ARN, and its result to wait for.
///
/// `result()` polls `GetDurableExecution` (from 100 ms apart, growing up to
/// 2 s, for up to 15 minutes by default: [`ClientConfig::durable_polling`](crate::ClientConfig::durable_polling))
/// and decodes the result into `T`, or the error into `E`, exactly as a
/// synchronous call would.
pub struct DurableCall<T, E = FunctionError> {
    #[cfg(feature = "client")]
    started: Started,
    #[cfg(not(feature = "client"))]
    _never: Never,
    types: PhantomData<fn() -> (T, E)>,
}

#[cfg(not(feature = "client"))]
enum Never {}

#[cfg(feature = "client")]
struct Started {
    function: Cow<'static, str>,
    arn: String,
    executions: Option<Arc<dyn DurableExecutions>>,
    polling: Polling,
}

#[cfg(feature = "client")]
impl<T, E> DurableCall<T, E> {
    /// The handle of execution `arn` of `function`, polled through
    /// `executions`: what a durable method returns, and what a fake builds.
    #[must_use]
    pub fn new(
        function: impl Into<Cow<'static, str>>,
        arn: impl Into<String>,
        executions: Option<Arc<dyn DurableExecutions>>,
        polling: Polling,
    ) -> Self {
        DurableCall {
            started: Started {
                function: function.into(),
                arn: arn.into(),
                executions,
                polling,
            },
            types: PhantomData,
        }
    }

    /// The execution's ARN (`X-Amz-Durable-Execution-Arn`), for
    /// `GetDurableExecution`, its history, or the console.
    #[must_use]
    pub fn arn(&self) -> &str {
        &self.started.arn
    }

    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.started.function
    }
}

#[cfg(feature = "client")]
impl<T: serde::de::DeserializeOwned, E: FromFunctionError> DurableCall<T, E> {
    /// Where the execution is now: one `GetDurableExecution`.
    ///
    /// # Errors
    ///
    /// The Invoke API's refusal, or no usable answer.
    pub async fn status(&self) -> Result<DurableStatus, InvokeError<E>> {
        Ok(self.get().await?.status)
    }

    /// Waits for the execution to end, and returns its result decoded as
    /// `T`, or its error as `E`.
    ///
    /// # Errors
    ///
    /// `Function(E)` when the execution failed, timed out or was stopped;
    /// `Decode` when its result does not decode as `T`;
    /// [`StillRunning`] when it was still running once the polling's
    /// timeout passed; and what `GetDurableExecution` can fail with.
    pub async fn result(&self) -> Result<T, InvokeError<E>> {
        let polling = self.started.polling;
        let started = tokio::time::Instant::now();
        let mut wait = polling.first;
        loop {
            let execution = self.get().await?;
            match execution.status {
                DurableStatus::Succeeded => {
                    let result = execution.result.unwrap_or_default();
                    return crate::codec::decode_value(&self.started.function, result.as_bytes());
                }
                DurableStatus::Running | DurableStatus::Other(_) => {}
                DurableStatus::Failed | DurableStatus::TimedOut | DurableStatus::Stopped => {
                    let error = execution.error.unwrap_or_else(|| DurableError {
                        error_type: Some(execution.status.as_str().to_owned()),
                        ..DurableError::default()
                    });
                    return Err(InvokeError::Function(E::from_function_error(
                        error.to_function_error(),
                    )));
                }
            }
            let waited = started.elapsed();
            if waited + wait > polling.timeout {
                return Err(InvokeError::StillRunning(StillRunning {
                    function: self.started.function.clone(),
                    arn: self.started.arn.clone(),
                    waited,
                }));
            }
            tokio::time::sleep(wait).await;
            wait = polling.next(wait);
        }
    }

    /// Stops the execution (`StopDurableExecution`): it ends `STOPPED`.
    ///
    /// # Errors
    ///
    /// The Invoke API's refusal, or no usable answer.
    pub async fn stop(&self) -> Result<(), InvokeError<E>> {
        let executions = self.executions()?;
        executions
            .stop(&self.started.arn)
            .await
            .map_err(InvokeError::from)
    }

    async fn get(&self) -> Result<DurableExecution, InvokeError<E>> {
        let executions = self.executions()?;
        executions
            .get(&self.started.arn)
            .await
            .map_err(InvokeError::from)
    }

    fn executions(&self) -> Result<&Arc<dyn DurableExecutions>, InvokeError<E>> {
        self.started.executions.as_ref().ok_or_else(|| {
            InvokeError::Transport(
                crate::error::TransportError::new(
                    self.started.function.clone(),
                    crate::error::TransportErrorKind::Construction,
                )
                .with_source("this client's Transport does not implement durable_executions"),
            )
        })
    }
}

impl<T, E> fmt::Debug for DurableCall<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("DurableCall");
        debug.field("value", &std::any::type_name::<T>());
        #[cfg(feature = "client")]
        debug
            .field("function", &self.started.function)
            .field("arn", &self.started.arn);
        debug.finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambdas_rule_for_execution_names() {
        for good in ["order-42", "A_b-9", &"n".repeat(64)] {
            assert_eq!(ExecutionName::new(good).expect(good).as_str(), good);
        }
        for bad in ["", &*"n".repeat(65), "with space", "dot.ted", "ünï"] {
            assert!(ExecutionName::new(bad).is_err(), "{bad:?}");
        }
    }
}
