//! Compile-time behaviour of `#[lambda_client]` and `#[derive(LambdaError)]`:
//! the exact error, on the right token, for what must not compile. What must
//! compile lives in `pass/`, one test target (one crate) per case.

/// The `.stderr` files quote rustc's own messages, whose wording and layout
/// change between releases: they were written with this rustc, which the
/// build script names (and `.ci/run` selects).
const WRITTEN_WITH: &str = env!("UI_RUSTC_WRITTEN_WITH");

/// Under another rustc the build script sets `ui_other_rustc` outside CI, so
/// that the skip shows as `ignored` with its reason; under CI it does not,
/// and the test fails by name instead of passing having compared nothing.
#[test]
#[cfg_attr(
    ui_other_rustc,
    ignore = "the UI cases' .stderr files were written with rustc 1.95.x, and this is another rustc (the build script's warning names it); CI fails here"
)]
fn ui() {
    let version = env!("UI_RUSTC_VERSION");
    assert!(
        version.starts_with(WRITTEN_WITH),
        "the UI cases' .stderr files were written with {WRITTEN_WITH}x, and this is {version}: \
         run them with that toolchain, or read the diff of TRYBUILD=overwrite as a user would"
    );
    trybuild::TestCases::new().compile_fail("fail/*/*.rs");
}
