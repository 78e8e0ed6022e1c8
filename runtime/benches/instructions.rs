//! The overhead of a generated sync call over the same call written by hand,
//! in instructions rather than time: counted by valgrind, which the
//! machine's load does not change, so the ratio repeats to the last digit.
//!
//! `cargo bench -p lambda-client --bench instructions` runs itself under
//! `valgrind --tool=callgrind` for 1,000 and for 3,000 calls of each, and
//! divides the difference by 2,000: the cost of a call, without the set-up.
//! With `hand N` or `generated N` it makes N calls and nothing else.

use std::process::Command;

#[allow(dead_code)] // the configurations are the overhead bench's
mod sync_call;

use sync_call::{Invoked as _, InvokedClient, by_hand, reader, sdk};

fn calls(path: &str, count: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = sdk();
    let client = InvokedClient::new(sdk.clone());
    let reader = reader();
    runtime.block_on(async {
        for _ in 0..count {
            match path {
                "hand" => drop(std::hint::black_box(by_hand(&sdk, &reader).await.unwrap())),
                _ => drop(std::hint::black_box(client.read(&reader).await.unwrap())),
            }
        }
    });
}

/// The instructions a run of `count` calls along `path` takes.
fn counted(path: &str, count: usize) -> Option<u64> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(std::env::current_exe().ok()?)
        .args([path, &count.to_string()])
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&output.stderr);
    let collected = report
        .lines()
        .find_map(|line| line.split("Collected : ").nth(1))?;
    collected.trim().parse().ok()
}

/// Instructions per call along `path`, set-up excluded.
fn per_call(path: &str) -> Option<f64> {
    let few = counted(path, 1_000)?;
    let many = counted(path, 3_000)?;
    #[allow(clippy::cast_precision_loss)] // a count of instructions, far under 2^52
    Some((many - few) as f64 / 2_000.0)
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if let [path, count] = arguments.as_slice()
        && let Ok(count) = count.parse()
    {
        calls(path, count);
        return;
    }
    let (Some(hand), Some(generated)) = (per_call("hand"), per_call("generated")) else {
        println!(
            "valgrind did not run: install it (Debian's package `valgrind`) to count instructions"
        );
        return;
    };
    let ratio = generated / hand;
    println!(
        "RATIO sync_call_1kb, instructions: generated_client {generated:.0} / hand_written_sdk {hand:.0} = {ratio:.4} ({} the bound of 1.05)",
        if ratio <= 1.05 { "within" } else { "OVER" }
    );
}
