//! Overhead of a generated sync call over the same call written by hand with
//! `aws-sdk-lambda`: both through the SDK with an in-memory HTTP client, so no
//! network is involved, with a 1 KB payload each way.
//!
//! `cargo bench -p lambda-client --bench overhead` prints the ratio of medians,
//! and that of the same generated call with and without its `tracing` span
//! (no subscriber installed), then each configuration production runs.
//! With `--features callee` it adds a call made from inside a handler.

use std::time::Duration;

use criterion::{Criterion, criterion_group};
use lambda_client::ClientConfig;

mod ratio;
mod sync_call;

use sync_call::{
    ByHand, Invoked as _, InvokedClient, by_hand, by_hand_with, reader, sdk, sdk_with,
};

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

/// The same two calls again, taking turns (see [`taking_turns`]).
fn interleaved() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = sdk();
    let client = InvokedClient::new(sdk.clone());
    let reader = reader();
    runtime.block_on(taking_turns(
        "sync_call_1kb, taking turns",
        || async { by_hand(&sdk, &reader).await.unwrap() },
        || async { client.read(&reader).await.unwrap() },
        1.05,
    ));
}

/// Rounds of each kind taken in turn.
const ROUNDS: usize = 401;
/// Calls in a round.
const CALLS: u32 = 30;

/// `by_hand` and `generated` taking turns, [`ROUNDS`] rounds of [`CALLS`]
/// calls each, which goes first changing from round to round. The figure is
/// the median of the rounds' ratios, generated over the hand-written round
/// beside it: a neighbour's load on a shared machine comes and goes over
/// milliseconds, and falls on both rounds of a pair alike. Prints it
/// against `bound`, with the medians of the rounds in time.
async fn taking_turns<B, G, BF, GF, T>(label: &str, by_hand: B, generated: G, bound: f64)
where
    B: Fn() -> BF,
    G: Fn() -> GF,
    BF: std::future::Future<Output = T>,
    GF: std::future::Future<Output = T>,
{
    async fn round<F: Fn() -> R, R: std::future::Future<Output = T>, T>(call: &F) -> Duration {
        let started = std::time::Instant::now();
        for _ in 0..CALLS {
            std::hint::black_box(call().await);
        }
        started.elapsed()
    }
    let (mut by_hand_rounds, mut generated_rounds) = (Vec::new(), Vec::new());
    let mut ratios = Vec::new();
    for number in 0..ROUNDS {
        let (base, candidate) = if number % 2 == 0 {
            let base = round(&by_hand).await;
            (base, round(&generated).await)
        } else {
            let candidate = round(&generated).await;
            (round(&by_hand).await, candidate)
        };
        ratios.push(candidate.as_secs_f64() / base.as_secs_f64());
        by_hand_rounds.push(base);
        generated_rounds.push(candidate);
    }
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let median = |rounds: &mut Vec<Duration>| {
        rounds.sort_unstable();
        rounds[rounds.len() / 2].as_secs_f64() / f64::from(CALLS)
    };
    let (base, candidate) = (median(&mut by_hand_rounds), median(&mut generated_rounds));
    println!(
        "RATIO {label}: {ratio:.3} ({} the bound of {bound:.2}; generated {:.1} µs, hand-written {:.1} µs)",
        if ratio <= bound { "within" } else { "OVER" },
        candidate * 1e6,
        base * 1e6,
    );
}

/// The SDK client production has and what each call carries: a generated
/// call against the hand-written call a careful user makes in the same
/// configuration, taking turns as above, three passes each.
#[allow(clippy::too_many_lines)] // one configuration a block: the list is the point
fn configurations() {
    use aws_sdk_lambda::config::retry::RetryConfig;
    use lambda_client::{ClientContext, trace_header};

    const TRACE: &str =
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reader = reader();
    let standard = sdk_with(RetryConfig::standard());
    let off = sdk();
    let plain = ByHand::default();
    let traced = ByHand {
        trace_header: Some(TRACE.to_owned()),
        ..ByHand::default()
    };
    let context = ByHand {
        // `{"custom":{"plan":"gold"}}`, encoded once, as a user would.
        client_context: Some("eyJjdXN0b20iOnsicGxhbiI6ImdvbGQifX0=".to_owned()),
        ..ByHand::default()
    };
    let tenant = ByHand {
        tenant: Some("blue".to_owned()),
        ..ByHand::default()
    };
    let generated_standard = InvokedClient::new(standard.clone());
    let generated_off = InvokedClient::new(off.clone());
    let generated_context = InvokedClient::with_config(
        off.clone(),
        ClientConfig::new().client_context(ClientContext::new().custom("plan", "gold")),
    );
    let prepared = lambda_client::Transport::prepared(standard.clone());
    for pass in 1..=3 {
        runtime.block_on(async {
            taking_turns(
                &format!("the hand-written call against itself: what the machine's noise gives (pass {pass})"),
                || async { by_hand_with(&standard, &reader, &plain).await.unwrap() },
                || async { by_hand_with(&standard, &reader, &plain).await.unwrap() },
                1.02,
            )
            .await;
            taking_turns(
                &format!("the hand-written call on the prepared SDK client, against the user's (pass {pass})"),
                || async { by_hand_with(&standard, &reader, &plain).await.unwrap() },
                || async { by_hand_with(&prepared, &reader, &plain).await.unwrap() },
                1.02,
            )
            .await;
            taking_turns(
                &format!("standard retries, as aws_config builds the client (pass {pass})"),
                || async { by_hand_with(&standard, &reader, &plain).await.unwrap() },
                || async { generated_standard.read(&reader).await.unwrap() },
                1.02,
            )
            .await;
            taking_turns(
                &format!("retries off (pass {pass})"),
                || async { by_hand_with(&off, &reader, &plain).await.unwrap() },
                || async { generated_off.read(&reader).await.unwrap() },
                1.02,
            )
            .await;
            taking_turns(
                &format!("inside a trace scope, the header forwarded (pass {pass})"),
                || {
                    trace_header::scope(Some(TRACE), async {
                        by_hand_with(&standard, &reader, &traced).await.unwrap()
                    })
                },
                || {
                    trace_header::scope(Some(TRACE), async {
                        generated_standard.read(&reader).await.unwrap()
                    })
                },
                1.02,
            )
            .await;
            taking_turns(
                &format!("with a ClientContext (pass {pass})"),
                || async { by_hand_with(&off, &reader, &context).await.unwrap() },
                || async { generated_context.read(&reader).await.unwrap() },
                1.02,
            )
            .await;
            taking_turns(
                &format!("with a tenant (pass {pass})"),
                || async { by_hand_with(&off, &reader, &tenant).await.unwrap() },
                || async { generated_off.read_as_blue(&reader).await.unwrap() },
                1.02,
            )
            .await;
            #[cfg(feature = "callee")]
            from_a_handler::run(&standard, pass).await;
        });
    }
}

/// A call made from inside a handler, in `lambda_runtime`'s concurrent
/// mode's way: the invocation's trace id forwarded. The generated side is
/// a `{Trait}Callee` handler calling through the generated client (the
/// callee runs its handler inside the invocation's trace scope); the
/// hand-written side a `service_fn` that forwards the trace id by hand.
#[cfg(feature = "callee")]
mod from_a_handler {
    use std::cell::RefCell;

    use lambda_client::{InvokeError, lambda_client};
    use lambda_runtime::{Context, LambdaEvent, Service, service_fn};

    use super::sync_call::{
        ByHand, Echo, Invoked as _, InvokedClient, Reader, by_hand_with, reader,
    };

    #[allow(dead_code)] // only its callee serves
    #[lambda_client]
    pub(crate) trait Front {
        #[lambda_client(name = "front")]
        async fn front(&self, reader: Reader) -> Result<Echo, InvokeError>;
    }

    fn context() -> Context {
        let mut context = Context::default();
        context.xray_trace_id = Some(
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1".to_owned(),
        );
        context
    }

    /// An event decoded from its JSON, as `lambda_runtime` hands it on.
    fn event<A: serde::de::DeserializeOwned>(json: &[u8]) -> LambdaEvent<A> {
        LambdaEvent::new(serde_json::from_slice(json).unwrap(), context())
    }

    pub(crate) async fn run(sdk: &aws_sdk_lambda::Client, pass: u32) {
        let client = InvokedClient::new(sdk.clone());
        let generated = RefCell::new(FrontCallee::front(move |reader: Reader| {
            let client = client.clone();
            async move {
                client
                    .read(&reader)
                    .await
                    .map_err(lambda_runtime::Error::from)
            }
        }));
        let hand_sdk = sdk.clone();
        let by_hand = RefCell::new(service_fn(move |event: LambdaEvent<Reader>| {
            let sdk = hand_sdk.clone();
            async move {
                let extra = ByHand {
                    trace_header: event.context.xray_trace_id.clone(),
                    ..ByHand::default()
                };
                by_hand_with(&sdk, &event.payload, &extra)
                    .await
                    .map_err(lambda_runtime::Error::from)
            }
        }));
        let json = serde_json::to_vec(&reader()).unwrap();

        super::taking_turns(
            &format!("from inside a handler, its trace forwarded (pass {pass})"),
            || {
                let call = by_hand.borrow_mut().call(event(&json));
                async move { call.await.unwrap() }
            },
            || {
                let call = generated.borrow_mut().call(event(&json));
                async move { call.await.unwrap() }
            },
            1.02,
        )
        .await;
    }
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
    configurations();
}
