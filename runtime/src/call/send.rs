//! Sending one call: a slot under the function's limit, a timeout on each
//! attempt, and another attempt where `retry.rs` allows one.
//!
//! The wait for a slot is part of the attempt: it counts against the attempt
//! timeout, and against the policy's budget, so that neither a busy limit
//! nor a limit that never frees holds a call longer than its settings say.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use super::CallSpec;
use crate::ClientConfig;
use crate::error::{ApiError, InvokeError, QueueBound, Queued, TransportError, TransportErrorKind};
use crate::retry::{self, RetryAction};
use crate::transport::{InvokeRequest, InvokeResponse, Transport};

/// Why a call got no answer: the Invoke API's refusal or silence, or the
/// client's own limit.
#[derive(Debug)]
pub(super) enum Unanswered {
    Api(ApiError),
    Queued(Queued),
}

impl<E> From<Unanswered> for InvokeError<E> {
    fn from(failure: Unanswered) -> Self {
        match failure {
            Unanswered::Api(error) => error.into(),
            Unanswered::Queued(queued) => InvokeError::Queued(queued),
        }
    }
}

/// Sends `request` until an attempt's outcome is final, the attempts are
/// spent, or the next wait would overrun the policy's budget.
pub(super) async fn send<T: Transport + ?Sized>(
    transport: &T,
    config: &ClientConfig,
    spec: &CallSpec,
    request: InvokeRequest,
) -> Result<InvokeResponse, Unanswered> {
    let policy = config.retry_policy();
    let max_attempts = spec.max_attempts.unwrap_or(policy.max_attempts());
    let attempt = Attempt {
        timeout: spec.timeout.or(config.attempt_timeout()),
        limit: config.limit(spec.function).zip(config.slots(spec.function)),
        started: Instant::now(),
        budget: policy.budget(),
    };
    let mut number = 1;
    loop {
        if number >= max_attempts {
            return attempt
                .run(transport, request)
                .await?
                .map_err(Unanswered::Api);
        }
        let answer = attempt.run(transport, request.clone()).await?;
        let RetryAction::Retry { at_least } = retry::action(&answer, spec.idempotent) else {
            return answer.map_err(Unanswered::Api);
        };
        // A wait that would end past the budget is not started, however long
        // Lambda's `Retry-After` asks for.
        let delay = policy.delay(number).max(at_least);
        if attempt.started.elapsed().saturating_add(delay) > policy.budget() {
            return answer.map_err(Unanswered::Api);
        }
        tokio::time::sleep(delay).await;
        number += 1;
    }
}

/// What every attempt of one call shares.
struct Attempt<'a> {
    timeout: Option<Duration>,
    /// The client's limit for the function, and its slots.
    limit: Option<(usize, &'a Semaphore)>,
    started: Instant,
    budget: Duration,
}

impl<'a> Attempt<'a> {
    /// One attempt: a slot, then the request, all within the timeout. `Err`
    /// only when no slot came in time; the Invoke API's outcome otherwise.
    async fn run<T: Transport + ?Sized>(
        &self,
        transport: &T,
        request: InvokeRequest,
    ) -> Result<Result<InvokeResponse, ApiError>, Unanswered> {
        let (timeout, _slot) = match self.limit {
            None => (self.timeout, None),
            Some(limit) => {
                let waiting = Instant::now();
                let slot = self.slot(limit, &request, waiting).await?;
                let left = self
                    .timeout
                    .map(|timeout| timeout.saturating_sub(waiting.elapsed()));
                (left, slot)
            }
        };
        let Some(left) = timeout else {
            return Ok(transport.invoke(request).await);
        };
        let function = request.function_name.clone();
        Ok(tokio::time::timeout(left, transport.invoke(request))
            .await
            .unwrap_or_else(|_| {
                Err(ApiError::Transport(
                    TransportError::new(function, TransportErrorKind::Timeout).with_source(
                        format!(
                            "no answer within the attempt timeout of {:?}",
                            self.timeout.unwrap_or(left)
                        ),
                    ),
                ))
            }))
    }

    /// A slot under the function's limit, waited for no longer than the
    /// attempt timeout or what is left of the budget.
    async fn slot(
        &self,
        (limit, slots): (usize, &'a Semaphore),
        request: &InvokeRequest,
        waiting: Instant,
    ) -> Result<Option<SemaphorePermit<'a>>, Unanswered> {
        let budget_left = self.budget.saturating_sub(self.started.elapsed());
        let (bound, kind) = match self.timeout {
            Some(timeout) if timeout <= budget_left => (timeout, QueueBound::Timeout),
            _ => (budget_left, QueueBound::Budget),
        };
        // The semaphore is never closed, so acquiring only waits.
        match tokio::time::timeout(bound, slots.acquire()).await {
            Ok(slot) => Ok(slot.ok()),
            Err(_) => Err(Unanswered::Queued(Queued {
                function: request.function_name.clone(),
                limit,
                waited: waiting.elapsed(),
                bound: kind,
            })),
        }
    }
}
