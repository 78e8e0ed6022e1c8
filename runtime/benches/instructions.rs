//! The overhead of a generated sync call over the same call written by hand,
//! in instructions rather than time: counted by valgrind, which the
//! machine's load does not change, so the ratio repeats from run to run
//! (to within 0.2 %: addresses and hash seeds differ between processes).
//!
//! `cargo bench -p lambda-client --bench instructions` runs itself under
//! `valgrind --tool=callgrind` for 1,000 and for 3,000 calls of each, and
//! divides the difference by 2,000: the cost of a call, without the set-up.
//! With `hand N` or `generated N` it makes N calls and nothing else.
//!
//! Time follows more than instructions: it also prints what callgrind's
//! cache and branch simulation (a fixed cache of 32 KB of code, 48 KB of
//! data and 1.25 MB below them, so that the counts repeat on any machine)
//! finds a call to miss.

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

/// What callgrind counts of a run, or of a call: instructions, then the
/// events of its cache and branch simulation.
#[derive(Clone, Copy)]
struct Counts<N = u64> {
    instructions: N,
    /// First-level cache misses, code and data.
    cache_misses: N,
    /// Conditional and indirect branches mispredicted.
    mispredicted: N,
}

/// What a run of `count` calls along `path` takes.
fn counted(path: &str, count: usize) -> Option<Counts> {
    let output = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            "--cache-sim=yes",
            "--branch-sim=yes",
            "--I1=32768,8,64",
            "--D1=49152,12,64",
            "--LL=1310720,10,64",
        ])
        .arg(std::env::current_exe().ok()?)
        .args([path, &count.to_string()])
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&output.stderr);
    let collected = report
        .lines()
        .find_map(|line| line.split("Collected : ").nth(1))?;
    // Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
    let events: Vec<u64> = collected
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [
        instructions,
        _,
        _,
        i1,
        d1_read,
        d1_write,
        _,
        _,
        _,
        _,
        conditional,
        _,
        indirect,
    ] = events[..]
    else {
        return None;
    };
    Some(Counts {
        instructions,
        cache_misses: i1 + d1_read + d1_write,
        mispredicted: conditional + indirect,
    })
}

/// The counts of one call, without the set-up.
#[allow(clippy::cast_precision_loss)] // counts far under 2^52
fn per_call(path: &str) -> Option<Counts<f64>> {
    let few = counted(path, 1_000)?;
    let many = counted(path, 3_000)?;
    let each = |of: fn(Counts) -> u64| (of(many) - of(few)) as f64 / 2_000.0;
    Some(Counts {
        instructions: each(|counts| counts.instructions),
        cache_misses: each(|counts| counts.cache_misses),
        mispredicted: each(|counts| counts.mispredicted),
    })
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
    let ratio = generated.instructions / hand.instructions;
    println!(
        "RATIO sync_call_1kb, instructions: generated_client {:.0} / hand_written_sdk {:.0} = {ratio:.4} ({} the bound of 1.05)",
        generated.instructions,
        hand.instructions,
        if ratio <= 1.05 { "within" } else { "OVER" }
    );
    for (what, of) in [
        (
            "first-level cache misses",
            (|counts| counts.cache_misses) as fn(Counts<f64>) -> f64,
        ),
        ("branches mispredicted", |counts| counts.mispredicted),
    ] {
        println!(
            "sync_call_1kb, {what} a call: generated_client {:.0} / hand_written_sdk {:.0} = {:.3}",
            of(generated),
            of(hand),
            of(generated) / of(hand)
        );
    }
}
