//! Reads criterion's medians back and prints the ratio an issue asks for, so
//! the figure comes from one run of one command.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::Criterion;

/// Where criterion writes, inside this build's target directory.
fn output_directory() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("criterion")
}

/// Criterion writing where [`report`] reads, with the given measurement.
pub(crate) fn criterion(measurement: Duration, samples: usize) -> Criterion {
    Criterion::default()
        .output_directory(&output_directory())
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(measurement)
        .sample_size(samples)
}

fn median_ns(group: &str, bench: &str) -> f64 {
    let path = output_directory()
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "criterion wrote no estimates at {}: {error}",
            path.display()
        )
    });
    let estimates: serde_json::Value = serde_json::from_str(&text).expect("criterion writes JSON");
    estimates["median"]["point_estimate"]
        .as_f64()
        .expect("estimates hold a median")
}

/// Prints `candidate / baseline` for two benchmarks of `group`, against `bound`.
pub(crate) fn report(group: &str, baseline: &str, candidate: &str, bound: f64) {
    let base = median_ns(group, baseline);
    let cand = median_ns(group, candidate);
    let ratio = cand / base;
    let verdict = if ratio <= bound { "within" } else { "OVER" };
    println!(
        "RATIO {group}: {candidate} {:.1} µs / {baseline} {:.1} µs = {ratio:.3} ({verdict} the bound of {bound:.2})",
        cand / 1000.0,
        base / 1000.0
    );
}
