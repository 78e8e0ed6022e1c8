//! The client's codec on 1 MB: encoding a 1 MB argument and decoding a 1 MB
//! result, against bare `serde_json::to_vec` + `serde_json::from_slice` of
//! the same values in the same run.
//!
//! `cargo bench -p lambda-client --bench codec` prints the ratio of medians.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group};
use lambda_client::__private::{self, CallSpec};
use lambda_client::{FunctionError, InvocationType, InvokeResponse};

mod lines;
mod ratio;

use lines::{Line, encoded, lines};

const GROUP: &str = "codec_1mb";

static SPEC: CallSpec = CallSpec {
    function: "invoked",
    qualifier: None,
    invocation_type: InvocationType::RequestResponse,
    idempotent: false,
    log_tail: false,
    max_attempts: None,
    timeout: None,
    tenant: None,
    contract: None,
};

fn codec(c: &mut Criterion) {
    let value = lines();
    let bytes = encoded(&value);
    let mut group = c.benchmark_group(GROUP);
    group.bench_function("bare_serde_json", |b| {
        b.iter_batched(
            || bytes.clone(),
            |result| {
                let payload = serde_json::to_vec(black_box(&value)).unwrap();
                let decoded: Vec<Line> = serde_json::from_slice(black_box(&result)).unwrap();
                (payload, decoded)
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("client_codec", |b| {
        b.iter_batched(
            || InvokeResponse::new(200, bytes.clone()),
            |response| {
                let payload = __private::encode(&SPEC, black_box(&value)).unwrap();
                let decoded: Vec<Line> =
                    __private::decode::<_, FunctionError>(&SPEC, black_box(&response)).unwrap();
                (payload, decoded)
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = ratio::criterion(Duration::from_secs(10), 60);
    targets = codec
}

fn main() {
    benches();
    Criterion::default().final_summary();
    ratio::report(GROUP, "bare_serde_json", "client_codec", 1.10);
}
