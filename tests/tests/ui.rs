//! Compile-time behaviour of `#[lambda_client]`: what compiles, and the exact
//! error, on the right token, for what does not.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*/*.rs");
}
