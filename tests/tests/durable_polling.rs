//! How `DurableCall::result` polls when polling goes wrong: a throttled or
//! failing poll is made again within the timeout, the last poll is at the
//! timeout itself, any `Polling` setting is safe, and an answer that is not
//! Lambda's is reported as such.
//!
//! The figure printed here is in BENCHMARKS.md:
//! `cargo test -p lambda-client-tests --test durable_polling -- --nocapture`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use lambda_client::durable::{DurableExecution, DurableExecutions, DurableStatus, Polling};
use lambda_client::{
    ApiError, DurableCall, InvokeError, ServiceError, ThrottleReason, Throttled, Transport,
    TransportErrorKind,
};
use lambda_client_tests::{Answer, answering};
use tokio::time::Instant;

const ARN: &str =
    "arn:aws:lambda:us-east-1:123456789012:function:fulfil:live/durable-execution/order-1/0";

/// An execution that succeeds `ends_after` from its start, behind a
/// `GetDurableExecution` whose first `failing` polls fail with `failure`.
struct Scripted {
    started: Instant,
    ends_after: Duration,
    failing: u32,
    failure: fn() -> ApiError,
    polls: AtomicU32,
}

impl Scripted {
    fn new(ends_after: Duration, failing: u32, failure: fn() -> ApiError) -> Arc<Self> {
        Arc::new(Scripted {
            started: Instant::now(),
            ends_after,
            failing,
            failure,
            polls: AtomicU32::new(0),
        })
    }

    fn polls(&self) -> u32 {
        self.polls.load(Ordering::SeqCst)
    }
}

impl DurableExecutions for Scripted {
    fn get(
        &self,
        _: &str,
    ) -> Pin<Box<dyn Future<Output = Result<DurableExecution, ApiError>> + Send + '_>> {
        let poll = self.polls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            if poll < self.failing {
                return Err((self.failure)());
            }
            if self.started.elapsed() < self.ends_after {
                return Ok(DurableExecution::new(DurableStatus::Running));
            }
            let mut done = DurableExecution::new(DurableStatus::Succeeded);
            done.result = Some("42".to_owned());
            Ok(done)
        })
    }

    fn stop(&self, _: &str) -> Pin<Box<dyn Future<Output = Result<(), ApiError>> + Send + '_>> {
        Box::pin(async { Ok(()) })
    }
}

fn throttled() -> ApiError {
    ApiError::Throttled(Throttled::new(
        "GetDurableExecution",
        ThrottleReason::CallerRateLimitExceeded,
    ))
}

fn unavailable() -> ApiError {
    ApiError::Service(ServiceError::new(ARN, "ServiceException", 500))
}

fn denied() -> ApiError {
    ApiError::Service(
        ServiceError::new(ARN, "AccessDeniedException", 403)
            .with_message("not authorized to perform lambda:GetDurableExecution"),
    )
}

fn handle(executions: &Arc<Scripted>, polling: Polling) -> DurableCall<u64> {
    let executions: Arc<dyn DurableExecutions> = executions.clone();
    DurableCall::new("fulfil", ARN, Some(executions), polling)
}

#[tokio::test(start_paused = true)]
async fn a_throttled_first_poll_is_polled_again_and_the_end_is_seen_within_one_interval() {
    let execution = Scripted::new(Duration::from_secs(2), 1, throttled);
    let call = handle(&execution, Polling::default());
    let started = Instant::now();
    assert_eq!(call.result().await.expect("the result"), 42);
    let late = started.elapsed() - Duration::from_secs(2);
    println!(
        "an execution ending after 2 s, first poll throttled: result after {:?}, {} polls",
        started.elapsed(),
        execution.polls()
    );
    assert!(
        late <= Duration::from_secs(2),
        "{late:?} after the end: more than one interval"
    );
    assert!(execution.polls() <= 12, "{} polls", execution.polls());
}

#[tokio::test(start_paused = true)]
async fn failing_polls_are_retried_until_the_timeout_and_then_reported_as_a_poll_failure() {
    let execution = Scripted::new(Duration::ZERO, u32::MAX, unavailable);
    let call = handle(
        &execution,
        Polling::default().with_timeout(Duration::from_secs(10)),
    );
    let started = Instant::now();
    let Err(InvokeError::DurableRequest(failed)) = call.result().await else {
        panic!("a poll that always fails ends in DurableRequestFailed")
    };
    assert!(started.elapsed() <= Duration::from_secs(10));
    assert_eq!(failed.operation(), "GetDurableExecution");
    assert_eq!(failed.requests(), execution.polls());
    assert!(failed.requests() > 3, "retried: {}", failed.requests());
    assert_eq!(
        failed.to_string(),
        format!(
            "GetDurableExecution of the durable execution `{ARN}` of `fulfil` failed {} times: Lambda refused it with ServiceException (HTTP 500); the execution runs on: ask for it again later (`DurableCall::result` or `status`)",
            failed.requests()
        )
    );
    let Some(source) = std::error::Error::source(&failed) else {
        return;
    };
    panic!("nothing of a call's advice follows in the chain: {source}");
}

#[tokio::test(start_paused = true)]
async fn a_refused_poll_is_not_retried_and_its_advice_is_a_polls() {
    let execution = Scripted::new(Duration::ZERO, 1, denied);
    let call = handle(&execution, Polling::default());
    let Err(InvokeError::DurableRequest(failed)) = call.result().await else {
        panic!("a refusal ends the wait")
    };
    assert_eq!(execution.polls(), 1);
    let message = failed.to_string();
    assert!(
        message.ends_with("the caller's role needs lambda:GetDurableExecution (and lambda:StopDurableExecution to stop one) on the function, with valid credentials"),
        "{message}"
    );
    assert!(!message.contains("InvokeFunction"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn the_last_poll_is_at_the_timeout_itself() {
    // Polls at 0, 0.1, 0.25, 0.475, 0.81, 1.32 and 2.08 s would miss an end
    // at 1.6 s before a timeout of 2 s; the poll at 2 s sees it.
    let execution = Scripted::new(Duration::from_millis(1_600), 0, throttled);
    let call = handle(
        &execution,
        Polling::default().with_timeout(Duration::from_secs(2)),
    );
    let started = Instant::now();
    assert_eq!(call.result().await.expect("seen at the timeout"), 42);
    assert_eq!(started.elapsed(), Duration::from_secs(2));

    let execution = Scripted::new(Duration::from_secs(3), 0, throttled);
    let call = handle(
        &execution,
        Polling::default().with_timeout(Duration::from_secs(2)),
    );
    let Err(InvokeError::StillRunning(running)) = call.result().await else {
        panic!("still running at the timeout")
    };
    assert_eq!(running.waited(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn polling_settings_at_their_extremes_neither_panic_nor_spin() {
    let execution = Scripted::new(Duration::from_secs(3600), 0, throttled);
    let polling = Polling::default()
        .with_first(Duration::MAX)
        .with_longest(Duration::MAX)
        .with_timeout(Duration::from_secs(10));
    let Err(InvokeError::StillRunning(running)) = handle(&execution, polling).result().await else {
        panic!("still running at the timeout")
    };
    assert_eq!(running.waited(), Duration::from_secs(10));
    assert_eq!(execution.polls(), 2, "one at the start, one at the timeout");

    let execution = Scripted::new(Duration::from_secs(3600), 0, throttled);
    let polling = Polling::default()
        .with_first(Duration::ZERO)
        .with_longest(Duration::ZERO)
        .with_timeout(Duration::from_secs(2));
    let Err(InvokeError::StillRunning(_)) = handle(&execution, polling).result().await else {
        panic!("still running at the timeout")
    };
    // Every 10 ms at most, and not 730 polls in 2 s.
    assert!(execution.polls() <= 201, "{} polls", execution.polls());

    // A timeout too far off to reckon with waits for the end.
    let execution = Scripted::new(Duration::from_secs(60), 0, throttled);
    let polling = Polling::default().with_timeout(Duration::MAX);
    assert_eq!(
        handle(&execution, polling).result().await.expect("the end"),
        42
    );
}

#[tokio::test]
async fn an_answer_without_a_status_is_reported_not_polled_for_fifteen_minutes() {
    let document = serde_json::json!({
        "DurableExecutionArn": ARN,
        "DurableExecutionName": "order-1",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:fulfil:live",
        "StartTimestamp": 1_700_000_000,
    });
    let (sdk, sent) = answering(Answer::new(200, document.to_string()));
    let call: DurableCall<u64> = DurableCall::new(
        "fulfil",
        ARN,
        sdk.prepared().durable_executions(),
        Polling::default(),
    );
    let Err(InvokeError::DurableRequest(failed)) = call.result().await else {
        panic!("a malformed answer is a failure")
    };
    assert_eq!(sent.lock().unwrap().len(), 1, "not polled again");
    let ApiError::Transport(transport) = failed.api_error() else {
        panic!("{failed}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Response);
    assert_eq!(
        failed.to_string(),
        format!(
            "GetDurableExecution of the durable execution `{ARN}` of `fulfil` failed: no usable answer from the Lambda endpoint (the response could not be read): GetDurableExecution's answer has no Status, which Lambda always sends: check the endpoint the client is configured for; the execution runs on: ask for it again later (`DurableCall::result` or `status`)"
        )
    );
}
