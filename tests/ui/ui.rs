//! Compile-time behaviour of `#[lambda_client]` and `#[derive(LambdaError)]`:
//! the exact error, on the right token, for what must not compile. What must
//! compile lives in `pass/`, one test target (one crate) per case.

use std::process::Command;

/// The `.stderr` files quote rustc's own messages, whose wording and layout
/// change between releases: they were written with this rustc.
const RUSTC: &str = "rustc 1.95.";

#[test]
fn ui() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    if !version.starts_with(RUSTC) {
        eprintln!(
            "skipped: the UI cases' .stderr files were written with {RUSTC}x, and this is {}; \
             run them with that toolchain, or read the diff of TRYBUILD=overwrite as a user would",
            version.trim()
        );
        return;
    }
    trybuild::TestCases::new().compile_fail("fail/*/*.rs");
}
