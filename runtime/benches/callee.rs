//! The callee's side on 1 MB: decoding a 1 MB payload into the method's
//! argument through the generated `{Trait}Callee` handler and encoding its
//! 1 MB result, against bare `serde_json::from_slice` + `serde_json::to_vec`
//! of the same values around the same handler, in the same run.
//!
//! `cargo bench -p lambda-client --features callee --bench callee` prints the
//! ratio of medians.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group};
use lambda_client::callee::Context;
use lambda_client::{InvokeError, lambda_client};
use lambda_runtime::{LambdaEvent, Service};
use serde::Serialize;
use serde::de::DeserializeOwned;

mod lines;
mod ratio;

use lines::{Line, encoded, lines};

#[lambda_client]
pub trait Batches {
    #[lambda_client(name = "batches")]
    async fn process(&self, lines: Vec<Line>) -> Result<Vec<Line>, InvokeError>;
}

const GROUP: &str = "callee_1mb";

/// The callee's logic: gives its input back.
async fn process(lines: Vec<Line>) -> Result<Vec<Line>, lambda_runtime::Error> {
    Ok(lines)
}

/// The handler's future, which never waits.
fn ready<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut TaskContext::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the handler does not wait"),
    }
}

/// What `lambda_runtime` does with a service for one event: decode the
/// payload type the service takes, call it, encode the response.
fn serve<S, A>(service: &mut S, bytes: &[u8], context: Context) -> Vec<u8>
where
    S: Service<LambdaEvent<A>>,
    S::Response: Serialize,
    S::Error: std::fmt::Debug,
    A: DeserializeOwned,
{
    let payload: A = serde_json::from_slice(bytes).unwrap();
    let response = ready(service.call(LambdaEvent::new(payload, context))).unwrap();
    serde_json::to_vec(&response).unwrap()
}

fn callee(c: &mut Criterion) {
    let bytes = encoded(&lines());
    let mut handler = BatchesCallee::process(process);
    assert_eq!(serve(&mut handler, &bytes, Context::default()), bytes);

    let mut group = c.benchmark_group(GROUP);
    group.bench_function("bare_serde_json", |b| {
        b.iter_batched(
            || bytes.clone(),
            |payload| {
                let lines: Vec<Line> = serde_json::from_slice(black_box(&payload)).unwrap();
                let lines = ready(process(lines)).unwrap();
                serde_json::to_vec(&lines).unwrap()
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("generated_callee", |b| {
        b.iter_batched(
            || (bytes.clone(), Context::default()),
            |(payload, context)| serve(&mut handler, black_box(&payload), context),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = ratio::criterion(Duration::from_secs(10), 60);
    targets = callee
}

fn main() {
    benches();
    Criterion::default().final_summary();
    ratio::report(GROUP, "bare_serde_json", "generated_callee", 1.10);
}
