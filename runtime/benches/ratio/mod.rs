//! Reads criterion's medians back and prints the ratio an issue asks for, so
//! the figure comes from one run of one command.

use std::path::{Path, PathBuf};

/// Where criterion writes, inside this build's target directory.
pub(crate) fn output_directory() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("criterion")
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
