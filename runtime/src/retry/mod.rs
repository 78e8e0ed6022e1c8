//! Whether an attempt's outcome is sent again: the one place that decides.
//!
//! Each error knows two facts about itself: whether the callee provably did
//! not start (so sending again cannot run it twice) and whether waiting may
//! help. The decision is one table over those facts:
//!
//! | the callee... | waiting may help | action |
//! |---|---|---|
//! | answered (a value, or its own failure) | — | final |
//! | did not start: a throttle, a refusal before the run, a connection never made | yes | retry, after Lambda's `Retry-After` if it sent one |
//! | may have started: a timeout, a lost connection, Lambda's own 5xx | yes | retry only if the method is `idempotent` |
//! | anything | no: not found, permissions, a malformed request, ... | final |
//!
//! The waits and the number of attempts are the client's
//! [`RetryPolicy`](crate::RetryPolicy), and every retry is drawn from the
//! client's quota (`quota.rs`); the SDK's own retries are off for these
//! calls, so attempts never multiply.

pub(crate) mod quota;

use std::time::Duration;

use crate::error::{ApiError, TransportErrorKind};

/// What the retry loop does after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryAction {
    /// The outcome is the call's result.
    Final,
    /// Send the call again, waiting at least this long (Lambda's
    /// `Retry-After`, or zero).
    Retry { at_least: Duration },
}

/// Whether the callee can have run for an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Started {
    /// Provably not: nothing reached the function.
    No,
    /// Perhaps, or certainly.
    Maybe,
}

/// Decides whether an attempt that ended in `failure` (`None`: Lambda
/// answered) is sent again, for a method that is `idempotent` or not.
pub(crate) fn action(failure: Option<&ApiError>, idempotent: bool) -> RetryAction {
    let (started, waiting_helps, at_least) = match failure {
        // The callee answered, even with its own failure: that is the call's result.
        None => (Started::Maybe, false, Duration::ZERO),
        Some(ApiError::Throttled(throttled)) => (
            Started::No,
            true,
            throttled
                .retry_after_seconds()
                .map_or(Duration::ZERO, Duration::from_secs),
        ),
        Some(ApiError::Service(refusal)) => (
            if refusal.is_retry_safe() {
                Started::No
            } else {
                Started::Maybe
            },
            refusal.is_transient(),
            Duration::ZERO,
        ),
        // An answer larger than Lambda sends comes from the wrong endpoint.
        Some(ApiError::Transport(failure)) if failure.declared_size().is_some() => {
            (Started::Maybe, false, Duration::ZERO)
        }
        Some(ApiError::Transport(failure)) => match failure.kind() {
            TransportErrorKind::Connect => (Started::No, true, Duration::ZERO),
            TransportErrorKind::Construction => (Started::No, false, Duration::ZERO),
            _ => (Started::Maybe, true, Duration::ZERO),
        },
    };
    match (waiting_helps, started) {
        (true, Started::No) => RetryAction::Retry { at_least },
        (true, Started::Maybe) if idempotent => RetryAction::Retry { at_least },
        _ => RetryAction::Final,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ServiceError, ThrottleReason, Throttled, TransportError};
    use crate::transport::InvokeResponse;

    fn refused(code: &str, status: u16) -> Result<InvokeResponse, ApiError> {
        Err(ApiError::Service(ServiceError::new("f", code, status)))
    }

    fn lost(kind: TransportErrorKind) -> Result<InvokeResponse, ApiError> {
        Err(ApiError::Transport(TransportError::new("f", kind)))
    }

    const RETRY: RetryAction = RetryAction::Retry {
        at_least: Duration::ZERO,
    };

    #[test]
    fn one_row_per_outcome() {
        let throttled = Err(ApiError::Throttled(
            Throttled::new("f", ThrottleReason::Unspecified).with_retry_after_seconds(2),
        ));
        let rows: [(
            &str,
            Result<InvokeResponse, ApiError>,
            RetryAction,
            RetryAction,
        ); 10] = [
            (
                "answered",
                Ok(InvokeResponse::new(200, Vec::new())),
                RetryAction::Final,
                RetryAction::Final,
            ),
            (
                "throttled",
                throttled,
                RetryAction::Retry {
                    at_least: Duration::from_secs(2),
                },
                RetryAction::Retry {
                    at_least: Duration::from_secs(2),
                },
            ),
            (
                "ENI not ready",
                refused("EniLimitReachedException", 502),
                RETRY,
                RETRY,
            ),
            (
                "Lambda's own 500",
                refused("ServiceException", 500),
                RetryAction::Final,
                RETRY,
            ),
            ("a bare 503", refused("", 503), RetryAction::Final, RETRY),
            (
                "not found",
                refused("ResourceNotFoundException", 404),
                RetryAction::Final,
                RetryAction::Final,
            ),
            (
                "never connected",
                lost(TransportErrorKind::Connect),
                RETRY,
                RETRY,
            ),
            (
                "timed out",
                lost(TransportErrorKind::Timeout),
                RetryAction::Final,
                RETRY,
            ),
            (
                "connection lost",
                lost(TransportErrorKind::Dispatch),
                RetryAction::Final,
                RETRY,
            ),
            (
                "request not built",
                lost(TransportErrorKind::Construction),
                RetryAction::Final,
                RetryAction::Final,
            ),
        ];
        for (case, outcome, plain, idempotent) in rows {
            assert_eq!(action(outcome.as_ref().err(), false), plain, "{case}");
            assert_eq!(action(outcome.as_ref().err(), true), idempotent, "{case}");
        }
    }
}
