//! Sending one call: a slot under the function's limit, a timeout on each
//! attempt, and another attempt where `retry.rs` allows one.

use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::CallSpec;
use crate::ClientConfig;
use crate::error::{ApiError, TransportError, TransportErrorKind};
use crate::retry::{self, RetryAction};
use crate::transport::{InvokeRequest, InvokeResponse, Transport};

/// Sends `request` until an attempt's outcome is final, the attempts are
/// spent, or the next wait would overrun the policy's budget.
pub(super) async fn send<T: Transport + ?Sized>(
    transport: &T,
    config: &ClientConfig,
    spec: &CallSpec,
    request: InvokeRequest,
) -> Result<InvokeResponse, ApiError> {
    let policy = config.retry_policy();
    let max_attempts = spec.max_attempts.unwrap_or(policy.max_attempts());
    let timeout = spec.timeout.or(config.attempt_timeout());
    let slots = config.slots(spec.function);
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        if attempt >= max_attempts {
            return attempt_once(transport, slots, timeout, request).await;
        }
        let outcome = attempt_once(transport, slots, timeout, request.clone()).await;
        let RetryAction::Retry { at_least } = retry::action(&outcome, spec.idempotent) else {
            return outcome;
        };
        let delay = policy.delay(attempt).max(at_least);
        if started.elapsed() + delay > policy.budget() {
            return outcome;
        }
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

async fn attempt_once<T: Transport + ?Sized>(
    transport: &T,
    slots: Option<&Semaphore>,
    timeout: Option<Duration>,
    request: InvokeRequest,
) -> Result<InvokeResponse, ApiError> {
    // The semaphore is never closed, so acquiring only waits.
    let _slot = match slots {
        Some(slots) => slots.acquire().await.ok(),
        None => None,
    };
    let function = request.function_name.clone();
    match timeout {
        None => transport.invoke(request).await,
        Some(timeout) => tokio::time::timeout(timeout, transport.invoke(request))
            .await
            .unwrap_or_else(|_| {
                Err(ApiError::Transport(
                    TransportError::new(function, TransportErrorKind::Timeout).with_source(
                        format!("no answer within the attempt timeout of {timeout:?}"),
                    ),
                ))
            }),
    }
}
