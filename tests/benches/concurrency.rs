//! Staying under the callee's concurrency: the local Lambda with reserved
//! concurrency 4 and a handler that takes 20 ms, 64 concurrent tasks making
//! 10 calls each. With the client's limit of 4 calls in flight no call is
//! throttled and the wall time stays near the ideal (640 × 20 ms / 4 =
//! 3.2 s); without it, the same load is reported beside it.
//!
//! ```text
//! cargo bench -p lambda-client-tests --bench concurrency
//! ```
//!
//! The client's retries are off in the first two runs, so that every 429 the
//! callee sends reaches the caller and is counted.

use std::time::{Duration, Instant};

use lambda_client::{ClientConfig, InvokeError, RetryPolicy, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};

const RESERVED: usize = 4;
const TASKS: usize = 64;
const CALLS_PER_TASK: usize = 10;
const HANDLER: Duration = Duration::from_millis(20);

#[lambda_client]
trait Slow {
    #[lambda_client(name = "slow")]
    async fn work(&self, n: u32) -> Result<u32, InvokeError>;
}

struct Outcome {
    wall: Duration,
    succeeded: usize,
    throttled: usize,
    other: usize,
}

async fn load(client: &SlowClient) -> Outcome {
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut outcome = (0, 0, 0);
                for call in 0..CALLS_PER_TASK {
                    let n = u32::try_from(task * CALLS_PER_TASK + call).unwrap_or(u32::MAX);
                    match client.work(n).await {
                        Ok(answer) => {
                            assert_eq!(answer, n);
                            outcome.0 += 1;
                        }
                        Err(InvokeError::Throttled(_)) => outcome.1 += 1,
                        Err(error) => {
                            eprintln!("call {n}: {error}");
                            outcome.2 += 1;
                        }
                    }
                }
                outcome
            })
        })
        .collect();
    let mut total = Outcome {
        wall: Duration::ZERO,
        succeeded: 0,
        throttled: 0,
        other: 0,
    };
    for task in tasks {
        let (succeeded, throttled, other) = task.await.expect("no task panicked");
        total.succeeded += succeeded;
        total.throttled += throttled;
        total.other += other;
    }
    total.wall = started.elapsed();
    total
}

fn report(name: &str, outcome: &Outcome, ideal: Duration) {
    println!(
        "{name}: {} succeeded, {} throttled, {} other errors, wall {:.2} s = {:.3} × the ideal {:.2} s",
        outcome.succeeded,
        outcome.throttled,
        outcome.other,
        outcome.wall.as_secs_f64(),
        outcome.wall.as_secs_f64() / ideal.as_secs_f64(),
        ideal.as_secs_f64(),
    );
}

#[tokio::main]
async fn main() {
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new(
                "slow",
                SlowCallee::work(|n: u32| async move {
                    tokio::time::sleep(HANDLER).await;
                    Ok::<_, lambda_runtime::Error>(n)
                }),
            )
            .reserved_concurrency(RESERVED),
        )
        .start()
        .await
        .expect("the local Lambda starts");
    let calls = u32::try_from(TASKS * CALLS_PER_TASK).expect("a small number");
    let ideal = HANDLER * calls / u32::try_from(RESERVED).expect("a small number");

    let limited = SlowClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new()
            .retry(RetryPolicy::none())
            .concurrency_limit("slow", RESERVED),
    );
    let with_limit = load(&limited).await;
    report("with a limit of 4", &with_limit, ideal);

    let unlimited = SlowClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().retry(RetryPolicy::none()),
    );
    let without_limit = load(&unlimited).await;
    report("without a limit, no retries", &without_limit, ideal);

    let retrying = SlowClient::with_config(lambda.sdk_client(), ClientConfig::new());
    let with_retries = load(&retrying).await;
    report("without a limit, default retries", &with_retries, ideal);

    let ratio = with_limit.wall.as_secs_f64() / ideal.as_secs_f64();
    let verdict = if with_limit.throttled == 0 && ratio <= 1.2 {
        "within"
    } else {
        "OVER"
    };
    println!(
        "RATIO limited wall / ideal = {ratio:.3} with {} throttled ({verdict} the bound of 1.2 and 0 throttled)",
        with_limit.throttled
    );
}
