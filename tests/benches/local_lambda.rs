//! The local Lambda's figures: warm sequential invokes per second through the
//! real SDK over loopback, against a bare hyper server returning the same
//! bytes and (when `tests/cargo-lambda.sh bench` started one) `cargo lambda
//! watch` running the same callee; then its resident memory over 10,000
//! invokes.
//!
//! ```text
//! cargo bench -p lambda-client-tests --bench local_lambda     # local and bare hyper
//! tests/cargo-lambda.sh bench                                 # and cargo lambda watch
//! ```
//!
//! The servers take turns, round after round, in one process, so a slow
//! moment of a shared machine falls on all of them; each figure is a ratio of
//! medians over the rounds.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Instant;

use bytes::Bytes;
use contract::{Invoked, InvokedCallee, InvokedClient, Reader};
use http_body_util::Full;
use hyper_util::rt::{TokioIo, TokioTimer};
use invoked::read;
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_client_tests::sdk_for;
use tokio::net::TcpListener;

const ROUNDS: usize = 7;
const INVOKES_PER_ROUND: usize = 400;
const GREETING: &str = "hello from invoked's own configuration";

/// The floor for any server here: hyper answering every request with the
/// bytes `invoked` answers, without looking at it.
async fn bare_hyper(answer: Bytes) -> String {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("binds");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let answer = answer.clone();
            let service = hyper::service::service_fn(move |_request| {
                let answer = answer.clone();
                async move {
                    let mut response = http::Response::new(Full::new(answer));
                    response.headers_mut().insert(
                        "content-type",
                        http::HeaderValue::from_static("application/json"),
                    );
                    Ok::<_, Infallible>(response)
                }
            });
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    format!("http://{address}")
}

/// Invokes per second over `invokes` sequential calls.
async fn rate(client: &InvokedClient, invokes: usize) -> f64 {
    let started = Instant::now();
    for _ in 0..invokes {
        let echo = client
            .read(Reader {
                message: "hi".to_owned(),
            })
            .await
            .expect("the server answers");
        assert_eq!(echo.echo, format!("{GREETING}, hi"));
    }
    invokes as f64 / started.elapsed().as_secs_f64()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The process's resident memory, from `/proc/self/status`.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn local_lambda() -> LocalLambda {
    LocalLambda::builder()
        .host(LocalFunction::new("invoked", InvokedCallee::read(read)).env("GREETING", GREETING))
        .start()
        .await
        .expect("the local Lambda starts")
}

#[tokio::main]
async fn main() {
    let local = local_lambda().await;
    let answer = Bytes::from(format!(r#"{{"echo":"{GREETING}, hi"}}"#));
    let mut servers = vec![
        ("local Lambda", InvokedClient::new(local.sdk_client())),
        (
            "bare hyper",
            InvokedClient::new(sdk_for(&bare_hyper(answer).await)),
        ),
    ];
    match std::env::var("LAMBDA_CLIENT_CARGO_LAMBDA") {
        Ok(endpoint) => {
            servers.push(("cargo lambda watch", InvokedClient::new(sdk_for(&endpoint))))
        }
        Err(_) => println!("cargo lambda watch: not measured (run tests/cargo-lambda.sh bench)"),
    }

    for (_, client) in &servers {
        rate(client, 50).await;
    }
    let mut rates = vec![Vec::new(); servers.len()];
    for _ in 0..ROUNDS {
        for ((_, client), rates) in servers.iter().zip(&mut rates) {
            rates.push(rate(client, INVOKES_PER_ROUND).await);
        }
    }
    let medians: Vec<f64> = rates.into_iter().map(median).collect();
    for ((name, _), median) in servers.iter().zip(&medians) {
        println!(
            "{name}: {median:.0} invokes/s (median of {ROUNDS} rounds of {INVOKES_PER_ROUND})"
        );
    }
    let verdict = |ratio: f64, bound: f64| if ratio >= bound { "within" } else { "UNDER" };
    let over_bare = medians[0] / medians[1];
    println!(
        "RATIO local Lambda / bare hyper = {over_bare:.2} ({} the bound of at least 0.50)",
        verdict(over_bare, 0.5)
    );
    if let Some(cargo_lambda) = medians.get(2) {
        let over_cargo_lambda = medians[0] / cargo_lambda;
        println!(
            "RATIO local Lambda / cargo lambda watch = {over_cargo_lambda:.2} ({} the bound of at least 5)",
            verdict(over_cargo_lambda, 5.0)
        );
    }
    drop(servers);
    drop(local);

    // Memory: a fresh local Lambda, 100 invokes to settle, then 10,000.
    let local = local_lambda().await;
    let client = InvokedClient::new(local.sdk_client());
    rate(&client, 100).await;
    let after_100 = resident_kib().expect("Linux reports VmRSS");
    rate(&client, 10_000).await;
    let after_10_100 = resident_kib().expect("Linux reports VmRSS");
    let growth = (after_10_100 as f64 / after_100 as f64 - 1.0) * 100.0;
    let verdict = if growth <= 10.0 { "within" } else { "OVER" };
    println!(
        "MEMORY resident after 100 invokes {after_100} KiB, after 10,000 more {after_10_100} KiB: {growth:+.1} % ({verdict} the bound of 10 %)"
    );
}
