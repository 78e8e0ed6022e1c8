//! Lambda refused a call over the callee's concurrency or rate limits (429).

use std::fmt;

use super::text::{Escaped, quota_note};

/// Lambda refused a call over the callee's concurrency or rate limits
/// (HTTP 429 `TooManyRequestsException`).
///
/// A synchronous call over the callee's reserved concurrency fails at once;
/// back off and retry, or raise the callee's concurrency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Lambda throttled the call to `{function}` ({reason}){}; retry after a backoff, or raise the function's reserved concurrency{}",
    retry_hint(self.retry_after_seconds),
    quota_note(self.quota_spent)
)]
pub struct Throttled {
    function: String,
    reason: ThrottleReason,
    retry_after_seconds: Option<u64>,
    message: Option<String>,
    request_id: Option<String>,
    quota_spent: bool,
}

fn retry_hint(seconds: Option<u64>) -> String {
    seconds.map_or_else(String::new, |s| format!(", Lambda asks to wait {s} s"))
}

impl Throttled {
    /// A throttle of a call to `function`, as a [`Transport`](crate::Transport) reports it.
    #[must_use]
    pub fn new(function: impl Into<String>, reason: ThrottleReason) -> Self {
        Throttled {
            function: function.into(),
            reason,
            retry_after_seconds: None,
            message: None,
            request_id: None,
            quota_spent: false,
        }
    }

    /// Adds the delay of Lambda's `Retry-After` header.
    #[must_use]
    pub fn with_retry_after_seconds(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }

    /// Adds Lambda's message (usually `"Rate Exceeded."`).
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// Which limit was hit.
    #[must_use]
    pub fn reason(&self) -> &ThrottleReason {
        &self.reason
    }

    /// The delay Lambda asked for in `Retry-After`, if it sent one.
    #[must_use]
    pub fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after_seconds
    }

    /// Lambda's message, if it sent one.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Lambda's request id for the throttled call, when it sent one.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Whether the call was not retried because the client's retry quota
    /// was spent.
    #[must_use]
    pub fn retry_quota_spent(&self) -> bool {
        self.quota_spent
    }

    #[cfg(feature = "client")]
    pub(crate) fn set_quota_spent(&mut self) {
        self.quota_spent = true;
    }

    #[cfg(feature = "client")]
    pub(crate) fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

/// The limit a throttled call hit: the `Reason` of a `TooManyRequestsException`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThrottleReason {
    /// The account's concurrency in the region is used up.
    ConcurrentInvocationLimitExceeded,
    /// The function's invocation rate limit was exceeded.
    FunctionInvocationRateLimitExceeded,
    /// The function's reserved concurrency is used up.
    ReservedFunctionConcurrentInvocationLimitExceeded,
    /// The rate allowed by the function's reserved concurrency was exceeded.
    ReservedFunctionInvocationRateLimitExceeded,
    /// The caller's own rate limit was exceeded.
    CallerRateLimitExceeded,
    /// Too many `SnapStart` snapshots are being created at once.
    ConcurrentSnapshotCreateLimitExceeded,
    /// A reason this version does not know, kept as Lambda sent it.
    Other(String),
    /// Lambda sent no reason.
    Unspecified,
}

impl ThrottleReason {
    /// The reason as Lambda spells it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ThrottleReason::ConcurrentInvocationLimitExceeded => {
                "ConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::FunctionInvocationRateLimitExceeded => {
                "FunctionInvocationRateLimitExceeded"
            }
            ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded => {
                "ReservedFunctionConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::ReservedFunctionInvocationRateLimitExceeded => {
                "ReservedFunctionInvocationRateLimitExceeded"
            }
            ThrottleReason::CallerRateLimitExceeded => "CallerRateLimitExceeded",
            ThrottleReason::ConcurrentSnapshotCreateLimitExceeded => {
                "ConcurrentSnapshotCreateLimitExceeded"
            }
            ThrottleReason::Other(reason) => reason,
            ThrottleReason::Unspecified => "no reason given",
        }
    }
}

impl ThrottleReason {
    /// The reasons Lambda documents, each spelled by [`as_str`](Self::as_str).
    const KNOWN: [ThrottleReason; 6] = [
        ThrottleReason::ConcurrentInvocationLimitExceeded,
        ThrottleReason::FunctionInvocationRateLimitExceeded,
        ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded,
        ThrottleReason::ReservedFunctionInvocationRateLimitExceeded,
        ThrottleReason::CallerRateLimitExceeded,
        ThrottleReason::ConcurrentSnapshotCreateLimitExceeded,
    ];
}

impl From<&str> for ThrottleReason {
    fn from(reason: &str) -> Self {
        if reason.is_empty() {
            return ThrottleReason::Unspecified;
        }
        ThrottleReason::KNOWN
            .into_iter()
            .find(|known| known.as_str() == reason)
            .unwrap_or_else(|| ThrottleReason::Other(reason.to_owned()))
    }
}

impl fmt::Display for ThrottleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A reason this version does not know is Lambda's text: escaped.
        Escaped(self.as_str()).fmt(f)
    }
}
