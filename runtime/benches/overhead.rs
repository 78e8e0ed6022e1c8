//! Overhead of a generated sync call over the same call written by hand with
//! `aws-sdk-lambda`: both through the SDK with an in-memory HTTP client, so no
//! network is involved, with a 1 KB payload each way.
//!
//! `cargo bench -p lambda-client --bench overhead` prints the ratio of medians,
//! and that of the same generated call with and without its `tracing` span
//! (no subscriber installed).

use std::time::Duration;

use criterion::{Criterion, criterion_group};
use lambda_client::ClientConfig;

mod ratio;
mod sync_call;

use sync_call::{Invoked as _, InvokedClient, by_hand, reader, sdk};

const GROUP: &str = "sync_call_1kb";

fn sync_call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = sdk();
    let client = InvokedClient::new(sdk.clone());
    let reader = reader();
    println!(
        "future sizes: hand-written {} bytes, generated {} bytes",
        std::mem::size_of_val(&by_hand(&sdk, &reader)),
        std::mem::size_of_val(&client.read(&reader))
    );
    let mut group = c.benchmark_group(GROUP);
    group.bench_function("hand_written_sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { by_hand(&sdk, &reader).await.unwrap() });
    });
    group.bench_function("generated_client", |b| {
        b.to_async(&runtime)
            .iter(|| async { client.read(&reader).await.unwrap() });
    });
    // The same call without its `tracing` span: what the span costs with no
    // subscriber installed.
    let without_span = InvokedClient::with_config(sdk.clone(), ClientConfig::new().spans(false));
    group.bench_function("generated_client_without_span", |b| {
        b.to_async(&runtime)
            .iter(|| async { without_span.read(&reader).await.unwrap() });
    });
    group.finish();
}

/// The same two calls again, taking turns: 41 rounds of 300 calls each,
/// so that the machine's drift between criterion's functions (which run
/// one after the other) falls on both alike. Prints the ratio of the
/// medians of the rounds.
fn interleaved() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = sdk();
    let client = InvokedClient::new(sdk.clone());
    let reader = reader();
    let (mut by_hand_rounds, mut generated_rounds) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        for _ in 0..41 {
            let started = std::time::Instant::now();
            for _ in 0..300 {
                std::hint::black_box(by_hand(&sdk, &reader).await.unwrap());
            }
            by_hand_rounds.push(started.elapsed());
            let started = std::time::Instant::now();
            for _ in 0..300 {
                std::hint::black_box(client.read(&reader).await.unwrap());
            }
            generated_rounds.push(started.elapsed());
        }
    });
    let median = |rounds: &mut Vec<Duration>| {
        rounds.sort_unstable();
        rounds[rounds.len() / 2].as_secs_f64() / 300.0
    };
    let (base, candidate) = (median(&mut by_hand_rounds), median(&mut generated_rounds));
    let ratio = candidate / base;
    println!(
        "RATIO sync_call_1kb, taking turns: generated_client {:.1} µs / hand_written_sdk {:.1} µs = {ratio:.3} ({} the bound of 1.05)",
        candidate * 1e6,
        base * 1e6,
        if ratio <= 1.05 { "within" } else { "OVER" },
    );
}

criterion_group! {
    name = benches;
    config = ratio::criterion(Duration::from_secs(8), 100);
    targets = sync_call
}

fn main() {
    benches();
    Criterion::default().final_summary();
    ratio::report(GROUP, "hand_written_sdk", "generated_client", 1.05);
    ratio::report(
        GROUP,
        "generated_client_without_span",
        "generated_client",
        1.02,
    );
    interleaved();
}
