//! Compile-time behaviour of `#[lambda_client]` and `#[derive(LambdaError)]`:
//! the exact error, on the right token, for what must not compile. What must
//! compile lives in `pass/`, one test target (one crate) per case.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("fail/*/*.rs");
}
