//! The handle of a started durable execution, polling through the
//! transport's `DurableExecutions`.

#[cfg(feature = "client")]
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
#[cfg(feature = "client")]
use std::sync::Arc;

#[cfg(feature = "client")]
use super::execution::{DurableError, DurableStatus};
#[cfg(feature = "client")]
use super::polling::Polling;
use crate::error::FunctionError;
#[cfg(feature = "client")]
use std::time::Duration;

#[cfg(feature = "client")]
use tokio::time::Instant;

#[cfg(feature = "client")]
use crate::config::{ClientConfig, RetryPolicy};
#[cfg(feature = "client")]
use crate::error::{
    ApiError, DurableRequestFailed, FromFunctionError, InvokeError, StillRunning,
    TransportErrorKind,
};
#[cfg(feature = "client")]
use crate::retry::quota::Bucket;
#[cfg(feature = "client")]
use crate::retry::{self, RetryAction};
#[cfg(feature = "client")]
use crate::transport::DurableExecutions;

/// A started durable execution: its ARN, and its result to wait for.
///
/// `result()` polls `GetDurableExecution` (from 100 ms apart, growing up to
/// 2 s, for up to 15 minutes by default: [`ClientConfig::durable_polling`](crate::ClientConfig::durable_polling))
/// and decodes the result into `T`, or the error into `E`, exactly as a
/// synchronous call would. A poll that fails for a reason waiting may cure
/// is made again under the client's retry policy and quota.
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
    /// How a failed poll is retried, and the quota it draws on.
    retry: RetryPolicy,
    quota: Option<Arc<Bucket>>,
}

#[cfg(feature = "client")]
impl<T, E> DurableCall<T, E> {
    /// The handle of execution `arn` of `function`, polled through
    /// `executions`: what a durable method returns, and what a fake builds.
    /// A failed poll is retried under the default [`RetryPolicy`], with a
    /// quota of its own.
    #[must_use]
    pub fn new(
        function: impl Into<Cow<'static, str>>,
        arn: impl Into<String>,
        executions: Option<Arc<dyn DurableExecutions>>,
        polling: Polling,
    ) -> Self {
        let retry = RetryPolicy::default();
        DurableCall {
            started: Started {
                function: function.into(),
                arn: arn.into(),
                executions,
                polling,
                quota: Bucket::of(&retry),
                retry,
            },
            types: PhantomData,
        }
    }

    /// The same handle, retrying a failed poll as `config` retries a call,
    /// from the same quota.
    pub(crate) fn retried_as(mut self, config: &ClientConfig) -> Self {
        self.started.retry = *config.retry_policy();
        self.started.quota = config.shared_quota();
        self
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
    /// [`DurableRequestFailed`] when `GetDurableExecution` failed or gave no usable
    /// answer.
    pub async fn status(&self) -> Result<DurableStatus, InvokeError<E>> {
        let executions = self.executions()?;
        match executions.get(&self.started.arn).await {
            Ok(execution) => Ok(execution.status),
            Err(error) => Err(self.failed(GET, 1, error)),
        }
    }

    /// Waits for the execution to end, and returns its result decoded as
    /// `T`, or its error as `E`.
    ///
    /// A poll that is throttled, refused with a 5xx or gets no answer is
    /// made again after a backoff, under the client's [`RetryPolicy`](crate::RetryPolicy)
    /// and drawing on its retry quota, as long as the polling's timeout
    /// allows: a poll is a read, so it is always safe to repeat.
    ///
    /// # Errors
    ///
    /// `Function(E)` when the execution failed, timed out or was stopped;
    /// `Decode` when its result does not decode as `T`;
    /// [`StillRunning`] when it was still running at the polling's timeout;
    /// [`DurableRequestFailed`] when `GetDurableExecution` failed in a way waiting
    /// does not help, its quota ran out, or it was still failing at the
    /// timeout.
    pub async fn result(&self) -> Result<T, InvokeError<E>> {
        let executions = self.executions()?;
        let polling = self.started.polling;
        let started = Instant::now();
        // A timeout too far off to be an instant waits indefinitely.
        let deadline = started.checked_add(polling.timeout);
        let left = || deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        let mut wait = polling.first();
        // Failed polls in a row, and the tokens the last retry took.
        let mut failed = 0;
        let mut taken = 0;
        loop {
            let execution = match executions.get(&self.started.arn).await {
                Ok(execution) => execution,
                Err(error) => {
                    failed += 1;
                    let error = match self.backoff(&error, failed, &mut taken) {
                        Backoff::Final => error,
                        Backoff::QuotaSpent => error.with_quota_spent(),
                        Backoff::Wait(delay) => match left() {
                            Some(Duration::ZERO) => error,
                            left => {
                                tokio::time::sleep(left.map_or(delay, |left| delay.min(left)))
                                    .await;
                                continue;
                            }
                        },
                    };
                    return Err(self.failed(GET, failed, error));
                }
            };
            // An answer gives the quota back what its retry took, or a
            // first attempt's reward, as a call's does.
            if let Some(quota) = &self.started.quota {
                quota.succeeded(taken);
            }
            failed = 0;
            taken = 0;
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
            // The last poll is at the timeout itself.
            let sleep = match left() {
                Some(Duration::ZERO) => {
                    return Err(InvokeError::StillRunning(StillRunning {
                        function: self.started.function.clone(),
                        arn: self.started.arn.clone(),
                        waited: started.elapsed(),
                    }));
                }
                Some(left) => wait.min(left),
                None => wait,
            };
            tokio::time::sleep(sleep).await;
            wait = polling.next(wait);
        }
    }

    /// Stops the execution (`StopDurableExecution`): it ends `STOPPED`.
    ///
    /// # Errors
    ///
    /// [`DurableRequestFailed`] when `StopDurableExecution` failed.
    pub async fn stop(&self) -> Result<(), InvokeError<E>> {
        let executions = self.executions()?;
        executions
            .stop(&self.started.arn)
            .await
            .map_err(|error| self.failed(STOP, 1, error))
    }

    /// Whether, and after how long, to poll again after the `failed`th poll
    /// in a row ended in `error`: not when waiting does not help (a
    /// refusal, an answer that is not Lambda's), nor once the quota is spent.
    fn backoff(&self, error: &ApiError, failed: u32, taken: &mut u32) -> Backoff {
        if matches!(error, ApiError::Transport(failure) if failure.kind() == TransportErrorKind::Response)
        {
            return Backoff::Final;
        }
        let RetryAction::Retry { at_least } = retry::action(Some(error), true) else {
            return Backoff::Final;
        };
        if let Some(quota) = &self.started.quota {
            match quota.take(error) {
                Some(tokens) => *taken = tokens,
                None => return Backoff::QuotaSpent,
            }
        }
        Backoff::Wait(self.started.retry.delay(failed).max(at_least))
    }

    fn failed(&self, operation: &'static str, requests: u32, error: ApiError) -> InvokeError<E> {
        InvokeError::DurableRequest(DurableRequestFailed {
            function: self.started.function.clone(),
            arn: self.started.arn.clone(),
            operation,
            requests,
            error: Box::new(error),
        })
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

/// What follows a failed poll.
#[cfg(feature = "client")]
enum Backoff {
    Final,
    QuotaSpent,
    Wait(Duration),
}

#[cfg(feature = "client")]
const GET: &str = "GetDurableExecution";
#[cfg(feature = "client")]
const STOP: &str = "StopDurableExecution";

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
