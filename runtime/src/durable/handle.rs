//! The handle of a started durable execution, polling through the
//! transport's `DurableExecutions`.

#[cfg(feature = "client")]
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
#[cfg(feature = "client")]
use std::sync::Arc;

#[cfg(feature = "client")]
use super::execution::{DurableError, DurableExecution, DurableStatus};
#[cfg(feature = "client")]
use super::polling::Polling;
use crate::error::FunctionError;
#[cfg(feature = "client")]
use crate::error::{FromFunctionError, InvokeError, StillRunning};
#[cfg(feature = "client")]
use crate::transport::DurableExecutions;

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
