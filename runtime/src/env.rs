//! The configuration of the function the code runs in (pitfall 6: the callee
//! runs with its own environment, whoever invokes it).
//!
//! In AWS every function is its own process, so [`var`] is
//! [`std::env::var`]. Under the local Lambda (feature `local`) several functions
//! share one process, and a process-wide variable would leak one function's
//! configuration into another: there [`var`] reads only the environment the
//! function was registered with (plus the variables Lambda itself sets, such
//! as `AWS_LAMBDA_FUNCTION_NAME`), and never the host process's.
//!
//! ```
//! # fn greeting() -> String {
//! // In a handler: the same line works in AWS and in the local Lambda.
//! lambda_client::env::var("GREETING").unwrap_or_else(|_| "hello".to_owned())
//! # }
//! ```

use std::env::VarError;

/// The value of the function's environment variable `key`.
///
/// # Errors
///
/// [`VarError::NotPresent`] if the function has no such variable, and
/// [`VarError::NotUnicode`] if its value is not valid Unicode.
pub fn var(key: &str) -> Result<String, VarError> {
    #[cfg(feature = "local")]
    if let Some(value) = crate::local::function_var(key) {
        return value;
    }
    std::env::var(key)
}
