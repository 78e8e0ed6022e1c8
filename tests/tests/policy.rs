//! The retry policy, the attempt timeout and the concurrency limit, on a
//! scripted transport under Tokio's paused clock: every wait is measured
//! exactly, and none of it takes real time.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use lambda_client::{
    ApiError, ClientConfig, InvokeError, InvokeRequest, InvokeResponse, RetryPolicy, ServiceError,
    ThrottleReason, Throttled, Transport, TransportError, TransportErrorKind, lambda_client,
};
use tokio::time::Instant;

#[lambda_client]
trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: String) -> Result<u64, InvokeError>;

    #[lambda_client(name = "orders", idempotent)]
    async fn count(&self) -> Result<u64, InvokeError>;

    #[lambda_client(name = "orders", mode = "event")]
    async fn restock(&self, sku: String) -> Result<(), InvokeError>;

    #[lambda_client(name = "orders", mode = "event", idempotent)]
    async fn audit(&self) -> Result<(), InvokeError>;
}

/// What the transport does for one attempt.
#[derive(Clone)]
enum Step {
    Answer(u16, &'static str),
    Throttle(Option<u64>),
    /// A throttle that arrives after this long, with this `Retry-After`.
    SlowThrottle(Duration, u64),
    Refuse(&'static str, u16),
    Lose(TransportErrorKind),
    /// Answers only after this long.
    Hang(Duration),
}

/// Plays its steps in order, the last one forever, and notes when each
/// attempt began.
struct Scripted {
    steps: Mutex<VecDeque<Step>>,
    attempts: Mutex<Vec<Instant>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Scripted {
            steps: Mutex::new(steps.into_iter().collect()),
            attempts: Mutex::new(Vec::new()),
        }
    }

    fn attempts(&self) -> Vec<Instant> {
        self.attempts.lock().unwrap().clone()
    }

    /// The waits between attempts.
    fn waits(&self) -> Vec<Duration> {
        self.attempts()
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .collect()
    }
}

impl Transport for Scripted {
    async fn invoke(&self, request: InvokeRequest) -> Result<InvokeResponse, ApiError> {
        self.attempts.lock().unwrap().push(Instant::now());
        let step = {
            let mut steps = self.steps.lock().unwrap();
            if steps.len() > 1 {
                steps.pop_front().unwrap()
            } else {
                steps.front().cloned().unwrap()
            }
        };
        let function = request.function_name.clone();
        match step {
            Step::Answer(status, body) => Ok(InvokeResponse::new(status, body.as_bytes().to_vec())),
            Step::Throttle(retry_after) => {
                let mut throttled =
                    Throttled::new(function, ThrottleReason::ConcurrentInvocationLimitExceeded);
                if let Some(seconds) = retry_after {
                    throttled = throttled.with_retry_after_seconds(seconds);
                }
                Err(ApiError::Throttled(throttled))
            }
            Step::SlowThrottle(after, seconds) => {
                tokio::time::sleep(after).await;
                Err(ApiError::Throttled(
                    Throttled::new(function, ThrottleReason::Unspecified)
                        .with_retry_after_seconds(seconds),
                ))
            }
            Step::Refuse(code, status) => {
                Err(ApiError::Service(ServiceError::new(function, code, status)))
            }
            Step::Lose(kind) => Err(ApiError::Transport(TransportError::new(function, kind))),
            Step::Hang(duration) => {
                tokio::time::sleep(duration).await;
                Ok(InvokeResponse::new(200, b"7".to_vec()))
            }
        }
    }
}

fn client(steps: impl IntoIterator<Item = Step>, config: ClientConfig) -> OrdersClient<Scripted> {
    OrdersClient::with_config(Scripted::new(steps), config)
}

#[tokio::test(start_paused = true)]
async fn the_default_policy_makes_three_attempts_waiting_up_to_100_then_200_ms() {
    let orders = client([Step::Throttle(None)], ClientConfig::new());
    let error = orders.place("A-1".into()).await.unwrap_err();
    assert!(matches!(error, InvokeError::Throttled(_)), "{error:?}");
    let waits = orders.transport().waits();
    assert_eq!(waits.len(), 2, "3 attempts");
    assert!(waits[0] <= Duration::from_millis(100), "{waits:?}");
    assert!(waits[1] <= Duration::from_millis(200), "{waits:?}");
}

#[tokio::test(start_paused = true)]
async fn waits_double_up_to_5_s_and_no_retry_starts_after_the_30_s_budget() {
    let policy = RetryPolicy::default().with_max_attempts(1000);
    let orders = client([Step::Throttle(None)], ClientConfig::new().retry(policy));
    let started = Instant::now();
    orders.place("A-1".into()).await.unwrap_err();
    let attempts = orders.transport().attempts();
    let waits = orders.transport().waits();
    for (retry, wait) in waits.iter().enumerate() {
        let cap = Duration::from_millis(100)
            .saturating_mul(1 << retry.min(20))
            .min(Duration::from_secs(5));
        assert!(
            *wait <= cap,
            "retry {}: waited {wait:?}, over {cap:?}",
            retry + 1
        );
    }
    let last = *attempts.last().unwrap() - started;
    assert!(
        last <= Duration::from_secs(30),
        "an attempt began {last:?} in"
    );
    assert!(
        attempts.len() > 6,
        "the budget, not the attempts, ended it: {attempts:?}"
    );
    assert!(started.elapsed() <= Duration::from_secs(30));
}

#[tokio::test(start_paused = true)]
async fn lambdas_retry_after_is_the_least_wait() {
    let orders = client(
        [Step::Throttle(Some(2)), Step::Answer(200, "7")],
        ClientConfig::new(),
    );
    assert_eq!(orders.place("A-1".into()).await.unwrap(), 7);
    assert_eq!(orders.transport().waits(), [Duration::from_secs(2)]);
}

/// A `Retry-After` longer than the budget is not waited for: the throttle is
/// the call's result, at once, whatever the number (even one that overflows
/// a `Duration` added to the time already spent).
#[tokio::test(start_paused = true)]
async fn a_retry_after_past_the_budget_ends_the_call_at_once() {
    for retry_after in [31, u64::MAX / 2, u64::MAX] {
        let orders = client(
            [Step::SlowThrottle(Duration::from_secs(1), retry_after)],
            ClientConfig::new().retry(RetryPolicy::default().with_max_attempts(5)),
        );
        let started = Instant::now();
        let error = orders.place("A-1".into()).await.unwrap_err();
        let InvokeError::Throttled(throttled) = error else {
            panic!("{error:?}")
        };
        assert_eq!(throttled.retry_after_seconds(), Some(retry_after));
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(1),
            "no wait after the 429"
        );
        assert_eq!(orders.transport().attempts().len(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn an_event_follows_the_same_rules() {
    // A throttle proves the event was not queued: retried.
    let orders = client(
        [Step::Throttle(None), Step::Answer(202, "")],
        ClientConfig::new(),
    );
    orders.restock("A-1".into()).await.unwrap();
    assert_eq!(orders.transport().attempts().len(), 2);
    // A timeout may have queued it: not retried, unless idempotent.
    let orders = client(
        [
            Step::Lose(TransportErrorKind::Timeout),
            Step::Answer(202, ""),
        ],
        ClientConfig::new(),
    );
    let error = orders.restock("A-1".into()).await.unwrap_err();
    assert!(matches!(error, InvokeError::Transport(_)), "{error:?}");
    assert_eq!(orders.transport().attempts().len(), 1);
    let orders = client(
        [
            Step::Lose(TransportErrorKind::Timeout),
            Step::Answer(202, ""),
        ],
        ClientConfig::new(),
    );
    orders.audit().await.unwrap();
    assert_eq!(orders.transport().attempts().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn efs_mount_failures_are_retried_and_an_io_error_is_not() {
    for code in ["EFSMountConnectivityException", "EFSMountTimeoutException"] {
        let orders = client(
            [Step::Refuse(code, 408), Step::Answer(200, "7")],
            ClientConfig::new(),
        );
        assert_eq!(orders.place("A-1".into()).await.unwrap(), 7, "{code}");
        assert_eq!(orders.transport().attempts().len(), 2, "{code}");
    }
    for code in ["EFSIOException", "EFSMountFailureException"] {
        let orders = client(
            [Step::Refuse(code, 410), Step::Answer(200, "7")],
            ClientConfig::new(),
        );
        let error = orders.count().await.unwrap_err();
        assert!(
            matches!(error, InvokeError::Service(_)),
            "{code}: {error:?}"
        );
        assert_eq!(orders.transport().attempts().len(), 1, "{code}");
    }
}

/// A call that waits for a slot under the client's limit counts the wait
/// against its attempt timeout and the policy's budget, and says so.
#[tokio::test(start_paused = true)]
async fn the_wait_for_a_slot_counts_against_the_timeout_and_the_budget() {
    let rows = [
        (Some(Duration::from_millis(100)), Duration::from_millis(100)),
        (None, Duration::from_millis(300)),
    ];
    for (timeout, expected) in rows {
        let mut config = ClientConfig::new()
            .retry(RetryPolicy::default().with_budget(Duration::from_millis(300)))
            .concurrency_limit("orders", 1);
        if let Some(timeout) = timeout {
            config = config.timeout(timeout);
        }
        // The slot is held by a call that answers after 2 s, with no timeout.
        let holder = client(
            [Step::Hang(Duration::from_secs(2))],
            config.clone().timeout(Duration::from_secs(10)),
        );
        let waiting = client([Step::Answer(200, "7")], config);
        let held = tokio::spawn(async move { holder.count().await });
        tokio::task::yield_now().await;

        let started = Instant::now();
        let error = waiting.count().await.unwrap_err();
        assert_eq!(started.elapsed(), expected, "{timeout:?}");
        let InvokeError::Queued(queued) = &error else {
            panic!("{error:?}")
        };
        assert_eq!((queued.function(), queued.limit()), ("orders", 1));
        assert_eq!(queued.waited(), expected);
        assert!(
            waiting.transport().attempts().is_empty(),
            "nothing was sent"
        );
        assert!(error.to_string().contains("nothing was sent"), "{error}");
        assert_eq!(held.await.unwrap().unwrap(), 7);
    }
}

#[tokio::test(start_paused = true)]
async fn a_limit_of_zero_counts_as_one() {
    let config = ClientConfig::new().concurrency_limit("orders", 0);
    assert_eq!(config.limit("orders"), Some(1));
    let orders = client([Step::Answer(200, "7")], config);
    assert_eq!(orders.place("A-1".into()).await.unwrap(), 7);
}
