//! Retries that cannot run a callee twice: a fault-injecting proxy in front
//! of the local Lambda counts how often the callee ran for each call.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use lambda_client::{
    ClientConfig, InvokeError, RetryPolicy, ServiceErrorKind, ThrottleReason, TransportErrorKind,
    lambda_client,
};
use lambda_client_local::LocalLambda;
use lambda_client_tests::faults::{Fault, FaultProxy};
use serde::{Deserialize, Serialize};

/// One call, told apart from the others by its id.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Call {
    id: u64,
}

#[lambda_client]
pub trait Counted {
    /// Not idempotent: the callee must run at most once.
    #[lambda_client(name = "counted")]
    async fn run(&self, call: Call) -> Result<u64, InvokeError>;

    /// Idempotent: may be sent again whatever happened.
    #[lambda_client(name = "counted", idempotent)]
    async fn run_idempotently(&self, call: Call) -> Result<u64, InvokeError>;

    /// Two attempts at most, whatever the client's policy.
    #[lambda_client(name = "counted", max_attempts = 2)]
    async fn run_twice_at_most(&self, call: Call) -> Result<u64, InvokeError>;

    /// A tighter timeout than the client's.
    #[lambda_client(name = "counted", timeout_ms = 50)]
    async fn run_quickly(&self, call: Call) -> Result<u64, InvokeError>;
}

/// How often the callee ran, per call id.
type Runs = Arc<Mutex<HashMap<u64, usize>>>;

/// The local Lambda hosting `counted`, and its run counts.
async fn counted() -> (LocalLambda, Runs) {
    let runs = Runs::default();
    let counter = Arc::clone(&runs);
    let lambda = LocalLambda::builder()
        .function(
            "counted",
            CountedCallee::run(move |call: Call| {
                *counter.lock().unwrap().entry(call.id).or_default() += 1;
                async move { Ok::<_, lambda_runtime::Error>(call.id) }
            }),
        )
        .start()
        .await
        .expect("starts");
    (lambda, runs)
}

/// An SDK client for `endpoint` with the SDK's standard retries on, as a
/// user's would be: the generated client must keep them from running the
/// callee again.
fn sdk(endpoint: &str) -> aws_sdk_lambda::Client {
    aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("test", "test", None, None, "test"))
            .endpoint_url(endpoint)
            .retry_config(RetryConfig::standard().with_max_attempts(3))
            .build(),
    )
}

fn config() -> ClientConfig {
    ClientConfig::new()
        .retry(
            RetryPolicy::default()
                .with_max_attempts(4)
                .with_base_delay(Duration::from_millis(1)),
        )
        .timeout(Duration::from_millis(300))
}

/// The fault on a call's first attempt only; the next ones go through.
fn first_attempt(fault: Fault) -> impl Fn(&[u8]) -> Fault + Send + Sync + 'static {
    let attempts = Mutex::new(HashMap::<u64, usize>::new());
    move |payload| {
        let call: Call = serde_json::from_slice(payload).expect("a Call");
        let mut attempts = attempts.lock().unwrap();
        let attempt = attempts.entry(call.id).or_default();
        *attempt += 1;
        if *attempt == 1 { fault } else { Fault::None }
    }
}

/// What a test expects an error to be.
type Expected = fn(&InvokeError) -> bool;

#[tokio::test]
async fn a_non_idempotent_call_runs_the_callee_at_most_once_and_an_idempotent_one_succeeds() {
    // fault, whether the callee ran on the faulty attempt, what a
    // non-idempotent call ends with (None: it succeeds after a safe retry).
    let rows: [(Fault, bool, Option<Expected>); 6] = [
        (Fault::Throttle, false, None),
        (Fault::EniLimit, false, None),
        (
            Fault::ServiceException,
            true,
            Some(
                |error| matches!(error, InvokeError::Service(e) if e.kind() == ServiceErrorKind::Service && e.status() == 500),
            ),
        ),
        (
            Fault::Unavailable,
            true,
            Some(
                |error| matches!(error, InvokeError::Service(e) if e.kind() == ServiceErrorKind::Service && e.status() == 503),
            ),
        ),
        (
            Fault::Reset,
            true,
            Some(
                |error| matches!(error, InvokeError::Transport(e) if e.kind() == TransportErrorKind::Dispatch),
            ),
        ),
        (
            Fault::Hang,
            true,
            Some(
                |error| matches!(error, InvokeError::Transport(e) if e.kind() == TransportErrorKind::Timeout),
            ),
        ),
    ];
    for (fault, started, non_idempotent_ends) in rows {
        let (lambda, runs) = counted().await;
        let proxy = FaultProxy::start(lambda.endpoint_url(), first_attempt(fault)).await;
        let client = CountedClient::with_config(sdk(proxy.endpoint_url()), config());

        let result = client.run(Call { id: 1 }).await;
        match non_idempotent_ends {
            None => assert_eq!(result.expect("retried safely"), 1, "{fault:?}"),
            Some(expected) => {
                let error = result.expect_err("not retried");
                assert!(expected(&error), "{fault:?}: {error:?}");
            }
        }
        assert_eq!(
            runs.lock().unwrap().get(&1),
            Some(&1),
            "{fault:?}: the callee ran once"
        );

        let value = client
            .run_idempotently(Call { id: 2 })
            .await
            .unwrap_or_else(|error| {
                panic!("{fault:?}: an idempotent call succeeds once the fault clears: {error:?}")
            });
        assert_eq!(value, 2);
        let expected_runs = if started { 2 } else { 1 };
        assert_eq!(
            runs.lock().unwrap().get(&2),
            Some(&expected_runs),
            "{fault:?}"
        );
    }
}

#[tokio::test]
async fn retries_stop_at_the_attempts_the_method_allows() {
    let (lambda, runs) = counted().await;
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::Throttle).await;
    let client = CountedClient::with_config(sdk(proxy.endpoint_url()), config());

    match client.run(Call { id: 1 }).await {
        Err(InvokeError::Throttled(throttled)) => assert_eq!(
            throttled.reason(),
            &ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded
        ),
        other => panic!("expected Throttled, got {other:?}"),
    }
    assert_eq!(
        proxy.requests(),
        4,
        "the client's 4 attempts, none of the SDK's"
    );

    let before = proxy.requests();
    client
        .run_twice_at_most(Call { id: 2 })
        .await
        .expect_err("still throttled");
    assert_eq!(proxy.requests() - before, 2, "the method's max_attempts");
    assert!(
        runs.lock().unwrap().is_empty(),
        "a throttled callee never ran"
    );
}

#[tokio::test]
async fn a_method_timeout_overrides_the_clients() {
    let (lambda, runs) = counted().await;
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::Hang).await;
    let client = CountedClient::with_config(
        sdk(proxy.endpoint_url()),
        ClientConfig::new().timeout(Duration::from_secs(30)),
    );

    let started = Instant::now();
    match client.run_quickly(Call { id: 1 }).await {
        Err(InvokeError::Transport(failure)) => {
            assert_eq!(failure.kind(), TransportErrorKind::Timeout);
            assert!(!failure.is_retry_safe(), "the callee may have run");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        proxy.requests(),
        1,
        "a timeout after the callee started is not retried"
    );
    assert_eq!(runs.lock().unwrap().get(&1), Some(&1));
}

#[tokio::test]
async fn every_clone_shares_the_limit_of_calls_in_flight() {
    let runs = Runs::default();
    let counter = Arc::clone(&runs);
    let lambda = LocalLambda::builder()
        .host(
            lambda_client_local::LocalFunction::new(
                "counted",
                CountedCallee::run(move |call: Call| {
                    *counter.lock().unwrap().entry(call.id).or_default() += 1;
                    async move {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        Ok::<_, lambda_runtime::Error>(call.id)
                    }
                }),
            )
            .reserved_concurrency(2),
        )
        .start()
        .await
        .expect("starts");
    // No retries: a single 429 would reach the caller.
    let client = CountedClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new()
            .retry(RetryPolicy::none())
            .concurrency_limit("counted", 2),
    );
    assert_eq!(client.config().limit("counted"), Some(2));

    let tasks: Vec<_> = (0..40)
        .map(|id| {
            let client = client.clone();
            tokio::spawn(async move { client.run(Call { id }).await })
        })
        .collect();
    for (id, task) in (0..).zip(tasks) {
        assert_eq!(task.await.expect("no panic").expect("never throttled"), id);
    }
    assert_eq!(runs.lock().unwrap().len(), 40);
}

#[tokio::test]
async fn a_refusal_that_waiting_cannot_fix_is_not_retried() {
    let (lambda, _) = counted().await;
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::None).await;
    let client = MissingClient::with_config(sdk(proxy.endpoint_url()), config());

    match client.run(Call { id: 1 }).await {
        Err(InvokeError::Service(error)) => assert_eq!(error.kind(), ServiceErrorKind::NotFound),
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(proxy.requests(), 1);
}

#[lambda_client]
trait Missing {
    #[lambda_client(name = "missing")]
    async fn run(&self, call: Call) -> Result<u64, InvokeError>;
}

#[tokio::test]
async fn the_retry_budget_bounds_the_whole_call() {
    let (lambda, _) = counted().await;
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::Throttle).await;
    let policy = RetryPolicy::default()
        .with_max_attempts(100)
        .with_base_delay(Duration::from_millis(40))
        .with_max_delay(Duration::from_millis(40))
        .with_budget(Duration::from_millis(300));
    let client =
        CountedClient::with_config(sdk(proxy.endpoint_url()), ClientConfig::new().retry(policy));

    let started = Instant::now();
    client
        .run(Call { id: 1 })
        .await
        .expect_err("always throttled");
    // Without the budget, 100 attempts 40 ms apart would take 4 s.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        proxy.requests() < 100 && proxy.requests() > 1,
        "{}",
        proxy.requests()
    );
}

#[tokio::test]
async fn load_every_call_ends_typed_and_no_non_idempotent_call_runs_twice() {
    const CALLS: u64 = 1_000;
    let (lambda, runs) = counted().await;
    // A random mix of faults on a call's first two attempts, none after: an
    // idempotent call with 5 attempts always gets through.
    let attempts = Mutex::new(HashMap::<u64, usize>::new());
    let seed = AtomicU64::new(0x5eed);
    let proxy = FaultProxy::start(lambda.endpoint_url(), move |payload| {
        let call: Call = serde_json::from_slice(payload).expect("a Call");
        let attempt = {
            let mut attempts = attempts.lock().unwrap();
            let attempt = attempts.entry(call.id).or_default();
            *attempt += 1;
            *attempt
        };
        if attempt > 2 {
            return Fault::None;
        }
        let random = seed
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_mul(0xbf58_476d_1ce4_e5b9)
            >> 60;
        match random {
            0..=2 => Fault::Throttle,
            3..=4 => Fault::EniLimit,
            5..=6 => Fault::ServiceException,
            7..=8 => Fault::Reset,
            _ => Fault::None,
        }
    })
    .await;
    let client = CountedClient::with_config(
        sdk(proxy.endpoint_url()),
        ClientConfig::new().retry(
            RetryPolicy::default()
                .with_max_attempts(5)
                .with_base_delay(Duration::from_millis(5))
                .with_budget(Duration::from_secs(20))
                // What is under test is which calls may be retried, so
                // every idempotent call gets its attempts: under this storm
                // of faults the quota would rightly stop retrying
                // (`tests/tests/faults.rs` tests it).
                .without_quota(),
        ),
        // The default attempt timeout only: no fault here hangs, and on a
        // loaded machine a shorter one would only fail calls that were
        // answering.
    );

    let started = Instant::now();
    let tasks: Vec<_> = (0..CALLS)
        .map(|id| {
            let client = client.clone();
            tokio::spawn(async move {
                let call = Call { id };
                let result = if id % 2 == 0 {
                    client.run_idempotently(call).await
                } else {
                    client.run(call).await
                };
                (id, result)
            })
        })
        .collect();
    let mut failed = HashMap::<&'static str, usize>::new();
    for task in tasks {
        let (id, result) = task.await.expect("no task panicked");
        let ran = runs.lock().unwrap().get(&id).copied().unwrap_or(0);
        match result {
            Ok(value) => {
                assert_eq!(value, id);
                assert!(ran >= 1, "call {id} succeeded, so the callee ran");
            }
            Err(error) => {
                assert!(id % 2 == 1, "idempotent call {id} failed: {error:?}");
                let kind = match &error {
                    InvokeError::Service(_) => "Service",
                    InvokeError::Transport(_) => "Transport",
                    InvokeError::Throttled(_) => "Throttled",
                    other => panic!("call {id}: an unexpected error {other:?}"),
                };
                *failed.entry(kind).or_default() += 1;
            }
        }
        if id % 2 == 1 {
            assert!(
                ran <= 1,
                "non-idempotent call {id} ran the callee {ran} times"
            );
        }
    }
    let elapsed = started.elapsed();
    println!(
        "LOAD {CALLS} calls in {elapsed:?}: {} requests, {} callee runs; non-idempotent failures {failed:?}",
        proxy.requests(),
        runs.lock().unwrap().values().sum::<usize>()
    );
}
