//! What a durable call can end in besides its result and the callee's error.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use super::text::{Escaped, quota_note};
use super::{ApiError, ServiceErrorKind};

/// A durable method was called with neither a `qualifier` in its attribute
/// nor one in the client's configuration. Lambda runs a durable function
/// only under a version or alias, so nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the durable function `{function}` runs only under a version or alias, and the call names none, so nothing was sent; give the method `qualifier = \"...\"`, or the client `ClientConfig::qualifier`"
)]
pub struct Unqualified {
    pub(crate) function: Cow<'static, str>,
}

impl Unqualified {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }
}

/// A durable execution was still running when `DurableCall::result`
/// stopped waiting for it; it runs on, and its handle can wait again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the durable execution `{arn}` of `{function}` was still running after {waited:?}; call `result()` again, or give the client a longer `durable_polling` timeout"
)]
pub struct StillRunning {
    pub(crate) function: Cow<'static, str>,
    pub(crate) arn: String,
    pub(crate) waited: Duration,
}

impl StillRunning {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The execution's ARN.
    #[must_use]
    pub fn arn(&self) -> &str {
        &self.arn
    }

    /// How long `result()` waited.
    #[must_use]
    pub fn waited(&self) -> Duration {
        self.waited
    }
}

/// `GetDurableExecution` or `StopDurableExecution` failed: the execution
/// itself is not affected by it, and runs on.
///
/// `DurableCall::result` polls again after a throttle, a 5xx or a lost
/// connection, under the client's retry policy and quota, until the
/// polling's timeout; this is what ended it, or what a single `status()` or
/// `stop()` got.
#[derive(Debug)]
pub struct DurableRequestFailed {
    pub(crate) function: Cow<'static, str>,
    pub(crate) arn: String,
    pub(crate) operation: &'static str,
    pub(crate) requests: u32,
    // On the heap: every call's `Result` is as large as its largest error.
    pub(crate) error: Box<ApiError>,
}

impl fmt::Display for DurableRequestFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let DurableRequestFailed {
            function,
            arn,
            operation,
            requests,
            error,
        } = self;
        write!(
            f,
            "{operation} of the durable execution `{arn}` of `{function}` failed"
        )?;
        if *requests > 1 {
            write!(f, " {requests} times")?;
        }
        let runs_on =
            "the execution runs on: ask for it again later (`DurableCall::result` or `status`)";
        match &**error {
            ApiError::Throttled(throttled) => {
                write!(
                    f,
                    ": Lambda throttled it ({}); {runs_on}",
                    throttled.reason()
                )?;
            }
            ApiError::Service(refusal) => {
                write!(f, ": Lambda refused it with ")?;
                if refusal.code().is_empty() {
                    write!(f, "HTTP {} and no error code", refusal.status())?;
                } else {
                    write!(f, "{} (HTTP {})", Escaped(refusal.code()), refusal.status())?;
                }
                if let Some(message) = refusal.message() {
                    write!(f, ": {}", Escaped(message))?;
                }
                let advice = match refusal.kind() {
                    ServiceErrorKind::NotFound => {
                        "no such execution: check the ARN and the region the client is configured for"
                    }
                    ServiceErrorKind::Permissions => {
                        "the caller's role needs lambda:GetDurableExecution (and lambda:StopDurableExecution to stop one) on the function, with valid credentials"
                    }
                    _ if refusal.is_transient() => runs_on,
                    kind => kind.advice(),
                };
                write!(f, "; {advice}")?;
            }
            ApiError::Transport(failure) => {
                write!(
                    f,
                    ": no usable answer from the Lambda endpoint ({})",
                    failure.kind()
                )?;
                if let Some(cause) = std::error::Error::source(failure) {
                    write!(f, ": {cause}")?;
                }
                write!(f, "; {runs_on}")?;
            }
        }
        f.write_str(quota_note(error.retry_quota_spent()))
    }
}

/// The chain goes on with what caused the failure, not with the failure
/// itself: its message advises on a call, not on a poll.
impl std::error::Error for DurableRequestFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.error {
            ApiError::Service(refusal) => std::error::Error::source(refusal),
            // A throttle has no cause; a transport failure's is in the message.
            ApiError::Throttled(_) | ApiError::Transport(_) => None,
        }
    }
}

impl DurableRequestFailed {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The execution's ARN.
    #[must_use]
    pub fn arn(&self) -> &str {
        &self.arn
    }

    /// The operation that failed: `GetDurableExecution` or
    /// `StopDurableExecution`.
    #[must_use]
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// How many requests failed in a row before this one was returned.
    #[must_use]
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// The last failure, as the transport reported it.
    #[must_use]
    pub fn api_error(&self) -> &ApiError {
        &self.error
    }
}
