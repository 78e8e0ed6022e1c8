//! The configuration of the function the code runs in (pitfall 6: the callee
//! runs with its own environment, whoever invokes it).
//!
//! In AWS every function is its own process, so [`var`] is
//! [`std::env::var`]. A host that runs several functions in one process (a
//! local Lambda, for tests) runs each invocation inside [`scope`] with that
//! function's variables: there [`var`] reads only those, and never the host
//! process's, so one function's configuration cannot leak into another's.
//!
//! ```
//! # fn greeting() -> String {
//! // In a handler: the same line works in AWS and in a local Lambda.
//! lambda_client::env::var("GREETING").unwrap_or_else(|_| "hello".to_owned())
//! # }
//! ```

use std::collections::HashMap;
use std::env::VarError;
use std::future::Future;
use std::sync::Arc;

tokio::task_local! {
    static FUNCTION_ENVIRONMENT: Arc<HashMap<String, String>>;
}

/// The value of the function's environment variable `key`.
///
/// # Errors
///
/// [`VarError::NotPresent`] if the function has no such variable, and
/// [`VarError::NotUnicode`] if its value is not valid Unicode.
pub fn var(key: &str) -> Result<String, VarError> {
    match FUNCTION_ENVIRONMENT.try_with(|variables| variables.get(key).cloned()) {
        Ok(value) => value.ok_or(VarError::NotPresent),
        Err(_outside_a_scope) => std::env::var(key),
    }
}

/// Runs `future` as a function whose whole environment is `variables`:
/// [`var`] called on the future's task reads them instead of the process's.
///
/// For hosts that run several functions in one process; a function deployed
/// to AWS never needs it. Tasks the future spawns are outside the scope.
///
/// ```
/// # async fn example() {
/// use std::collections::HashMap;
/// use std::sync::Arc;
///
/// let variables = Arc::new(HashMap::from([("GREETING".to_owned(), "hi".to_owned())]));
/// let greeting = lambda_client::env::scope(variables, async {
///     lambda_client::env::var("GREETING")
/// })
/// .await;
/// assert_eq!(greeting.as_deref(), Ok("hi"));
/// # }
/// ```
#[allow(clippy::implicit_hasher)] // the task-local holds one concrete map type
pub fn scope<F: Future>(
    variables: Arc<HashMap<String, String>>,
    future: F,
) -> tokio::task::futures::TaskLocalFuture<Arc<HashMap<String, String>>, F> {
    FUNCTION_ENVIRONMENT.scope(variables, future)
}
