//! Sending one call: a slot under the function's limit, a timeout on each
//! attempt, and another attempt where `retry/` allows one and the client's
//! quota has the tokens.
//!
//! The wait for a slot is part of the attempt: it counts against the attempt
//! timeout, and against the policy's budget, so that neither a busy limit
//! nor a limit that never frees holds a call longer than its settings say.

use std::future::Future;
use std::time::Duration;

use std::sync::Arc;

use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use super::spec::CallSpec;
use crate::config::{ClientConfig, Limit};
use crate::error::{ApiError, InvokeError, QueueBound, Queued, TransportError, TransportErrorKind};
use crate::retry::quota::Bucket;
use crate::retry::{self, RetryAction};
use crate::transport::{InvokeRequest, InvokeResponse, InvokeStreamResponse, Transport};

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

/// The Invoke API operation a call's attempts send: `Invoke`, or
/// `InvokeWithResponseStream`, whose attempt ends when the stream begins.
pub(super) trait Operation {
    /// What an accepted attempt gives.
    type Answer: Send;

    /// Lambda's request id and the version that ran, as the answer says.
    fn said(answer: &Self::Answer) -> (Option<&str>, Option<&str>);

    fn attempt<T: Transport + ?Sized>(
        transport: &T,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<Self::Answer, ApiError>> + Send;
}

/// `Invoke`: Lambda's whole answer.
pub(super) struct Invoke;

impl Operation for Invoke {
    type Answer = InvokeResponse;

    fn said(answer: &InvokeResponse) -> (Option<&str>, Option<&str>) {
        (
            answer.request_id.as_deref(),
            answer.executed_version.as_deref(),
        )
    }

    fn attempt<T: Transport + ?Sized>(
        transport: &T,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeResponse, ApiError>> + Send {
        transport.invoke(request)
    }
}

/// `InvokeWithResponseStream`: the answer's start, and its events to come.
pub(super) struct InvokeStream;

impl Operation for InvokeStream {
    type Answer = InvokeStreamResponse;

    fn said(answer: &InvokeStreamResponse) -> (Option<&str>, Option<&str>) {
        (
            answer.request_id.as_deref(),
            answer.executed_version.as_deref(),
        )
    }

    fn attempt<T: Transport + ?Sized>(
        transport: &T,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<InvokeStreamResponse, ApiError>> + Send {
        transport.invoke_stream(request)
    }
}

/// An accepted attempt's answer, and the slot under the client's limit it
/// took: a stream holds it until it ends.
pub(super) type Answered<A> = (A, Option<OwnedSemaphorePermit>);

/// Sends `request` until an attempt's outcome is final, the attempts are
/// spent, the next wait would overrun the policy's budget, or the client's
/// retry quota has too few tokens left for another.
pub(super) async fn send<O: Operation, T: Transport + ?Sized>(
    transport: &T,
    config: &ClientConfig,
    spec: &CallSpec,
    request: InvokeRequest,
) -> Result<Answered<O::Answer>, Unanswered> {
    let policy = config.retry_policy();
    let max_attempts = spec.max_attempts.unwrap_or(policy.max_attempts());
    let attempt = Attempt {
        timeout: spec.timeout.unwrap_or(config.attempt_timeout()),
        limit: config
            .limit_of(spec.function)
            .map(|limit| (limit, config.callee_timeout_of(spec.function))),
        started: Instant::now(),
        budget: policy.budget(),
    };
    let quota = config.quota();
    // The tokens the retry in flight took from the quota.
    let mut taken = 0;
    let mut number = 1;
    loop {
        if number >= max_attempts {
            let (answer, slot) = attempt.run::<O, T>(transport, request).await?;
            return settled(quota, taken, answer, slot);
        }
        let (answer, slot) = attempt.run::<O, T>(transport, request.clone()).await?;
        let RetryAction::Retry { at_least } = retry::action(answer.as_ref().err(), spec.idempotent)
        else {
            return settled(quota, taken, answer, slot);
        };
        drop(slot);
        // A wait that would end past the budget is not started, however long
        // Lambda's `Retry-After` asks for.
        let delay = policy.delay(number).max(at_least);
        if attempt.started.elapsed().saturating_add(delay) > policy.budget() {
            return answer.map(|answer| (answer, None)).map_err(Unanswered::Api);
        }
        if let (Some(quota), Err(failure)) = (quota, &answer) {
            match quota.take(failure) {
                Some(tokens) => taken = tokens,
                None => {
                    return answer
                        .map(|answer| (answer, None))
                        .map_err(|failure| Unanswered::Api(failure.with_quota_spent()));
                }
            }
        }
        tokio::time::sleep(delay).await;
        number += 1;
    }
}

/// The call's outcome, once final: an answer gives the quota back what the
/// retry that got it took, or a first attempt's reward.
fn settled<A>(
    quota: Option<&Bucket>,
    taken: u32,
    answer: Result<A, ApiError>,
    slot: Option<OwnedSemaphorePermit>,
) -> Result<Answered<A>, Unanswered> {
    match answer {
        Ok(answer) => {
            if let Some(quota) = quota {
                quota.succeeded(taken);
            }
            Ok((answer, slot))
        }
        Err(failure) => Err(Unanswered::Api(failure)),
    }
}

/// What every attempt of one call shares.
struct Attempt<'a> {
    timeout: Duration,
    /// The client's limit for the function, and the callee's own timeout.
    limit: Option<(&'a Limit, Duration)>,
    started: Instant,
    budget: Duration,
}

impl<'a> Attempt<'a> {
    /// One attempt: a slot, then the request, all within the timeout. `Err`
    /// only when no slot came in time; the Invoke API's outcome and the slot
    /// otherwise.
    async fn run<O: Operation, T: Transport + ?Sized>(
        &self,
        transport: &T,
        request: InvokeRequest,
    ) -> Result<(Result<O::Answer, ApiError>, Option<OwnedSemaphorePermit>), Unanswered> {
        let waiting = Instant::now();
        let slot = match self.limit {
            None => None,
            Some((limit, _)) => self.slot(limit, &request, waiting).await?,
        };
        let left = self.timeout.saturating_sub(waiting.elapsed());
        let function = request.function_name.clone();
        let sent = Instant::now();
        let answer = tokio::time::timeout(left, O::attempt(transport, request))
            .await
            .unwrap_or_else(|_| {
                Err(ApiError::Transport(
                    TransportError::new(function, TransportErrorKind::Timeout).with_source(
                        format!(
                            "no answer within the attempt timeout of {:?}{}",
                            self.timeout,
                            if self.timeout == ClientConfig::DEFAULT_ATTEMPT_TIMEOUT {
                                " (the default, just over the 15 minutes Lambda lets a function run; `ClientConfig::timeout` sets it)"
                            } else {
                                ""
                            }
                        ),
                    ),
                ))
            });
        let slot = match (&answer, slot, self.limit) {
            (Err(failure), Some(slot), Some((_, callee_timeout))) if may_run_on(failure) => {
                hold(slot, sent + callee_timeout);
                None
            }
            (_, slot, _) => slot,
        };
        Ok((answer, slot))
    }

    /// A slot under the function's limit, waited for no longer than the
    /// attempt timeout or what is left of the budget.
    async fn slot(
        &self,
        limit: &'a Limit,
        request: &InvokeRequest,
        waiting: Instant,
    ) -> Result<Option<OwnedSemaphorePermit>, Unanswered> {
        let budget_left = self.budget.saturating_sub(self.started.elapsed());
        let (bound, kind) = if self.timeout <= budget_left {
            (self.timeout, QueueBound::Timeout)
        } else {
            (budget_left, QueueBound::Budget)
        };
        // The semaphore is never closed, so acquiring only waits.
        match tokio::time::timeout(bound, Arc::clone(&limit.slots).acquire_owned()).await {
            Ok(slot) => Ok(slot.ok()),
            Err(_) => Err(Unanswered::Queued(Queued {
                function: request.function_name.clone(),
                limit: limit.limit,
                waited: waiting.elapsed(),
                bound: kind,
            })),
        }
    }
}

/// Whether the callee may still be running on Lambda after an attempt that
/// ended in `failure`: the client stopped waiting (its timeout), or the
/// connection broke before the answer.
fn may_run_on(failure: &ApiError) -> bool {
    matches!(
        failure,
        ApiError::Transport(failure)
            if matches!(failure.kind(), TransportErrorKind::Timeout | TransportErrorKind::Dispatch)
    )
}

/// Keeps `slot` taken until `until`, when the callee's run must have
/// ended: a call that gave up on the callee does not free its slot for the
/// next call to be throttled by the run it left behind.
fn hold(slot: OwnedSemaphorePermit, until: Instant) {
    if until <= Instant::now() {
        return;
    }
    tokio::spawn(async move {
        tokio::time::sleep_until(until).await;
        drop(slot);
    });
}
