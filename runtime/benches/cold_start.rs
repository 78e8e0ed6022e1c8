//! The first call of a fresh process: the SDK client built as
//! `aws_config` would (standard retries, in-memory HTTP), the generated
//! client built on it, and one sync call, against the same first call
//! written by hand. Each sample is a process of its own, the two kinds
//! taking turns, 200 of each; the figure is the ratio of the medians. A
//! third kind, the hand-written call again, gives the same ratio for two
//! runs of the same code: what the machine's noise alone gives.
//!
//! ```text
//! cargo bench -p lambda-client --bench cold_start
//! cargo bench -p lambda-client --features schema --bench cold_start   # the contract's fingerprint too
//! ```
//!
//! With `child hand` or `child generated` it makes the one call and prints
//! how long it took, in nanoseconds.

use std::process::Command;
use std::time::Instant;

use aws_sdk_lambda::config::retry::RetryConfig;
use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[allow(dead_code)] // the configurations are the overhead bench's
mod sync_call;

/// The overhead bench's call, its types describing themselves when the
/// feature `schema` is on, so that the contract has a fingerprint to send.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Reader {
    message: String,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Echo {
    #[allow(dead_code)] // decoded, and that is the point
    echo: String,
}

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, reader: &Reader) -> Result<Echo, InvokeError>;
}

/// Processes of each kind.
const PROCESSES: usize = 200;

fn child(kind: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reader = Reader {
        message: "m".repeat(1000),
    };
    let started = Instant::now();
    let sdk = sync_call::sdk_with(RetryConfig::standard());
    runtime.block_on(async {
        if kind == "hand" {
            let reader = sync_call::reader();
            std::hint::black_box(sync_call::by_hand(&sdk, &reader).await.unwrap());
        } else {
            let built = Instant::now();
            let client = InvokedClient::new(sdk);
            if std::env::var_os("COLD_DEBUG").is_some() {
                eprintln!("prepare {:?}", built.elapsed());
            }
            let call = Instant::now();
            std::hint::black_box(client.read(&reader).await.unwrap());
            if std::env::var_os("COLD_DEBUG").is_some() {
                eprintln!("call {:?}", call.elapsed());
            }
        }
    });
    println!("{}", started.elapsed().as_nanos());
}

fn sample(kind: &str) -> f64 {
    let output = Command::new(std::env::current_exe().expect("this bench"))
        .args(["child", kind])
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let nanoseconds: f64 = text.trim().parse().expect("the child prints nanoseconds");
    nanoseconds / 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut arguments = std::env::args().skip(1);
    if arguments.next().as_deref() == Some("child") {
        child(&arguments.next().unwrap_or_default());
        return;
    }
    let (mut hand, mut generated, mut again) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..PROCESSES {
        hand.push(sample("hand"));
        generated.push(sample("generated"));
        again.push(sample("hand"));
    }
    let (base, candidate, noise) = (median(hand), median(generated), median(again));
    let ratio = candidate / base;
    println!(
        "RATIO the first call of a fresh process{}: generated {candidate:.0} µs / hand-written {base:.0} µs = {ratio:.3} ({} the bound of 1.02; medians of {PROCESSES} processes each; the hand-written call against itself: {:.3})",
        if cfg!(feature = "schema") {
            ", feature schema"
        } else {
            ""
        },
        if ratio <= 1.02 { "within" } else { "OVER" },
        noise / base,
    );
}
