//! A local Lambda: the Invoke API on `127.0.0.1`, hosting the same
//! `lambda_runtime` handlers that run in AWS, answering as AWS answers.
//! A development dependency of crates that use `lambda-client`: it is
//! never deployed.
//!
//! It is what the demo and the tests run against: the real SDK, over real
//! HTTP, with no AWS account. Unlike `cargo lambda watch` it keeps Lambda's
//! wire behaviour: a failing function is a 200 with `X-Amz-Function-Error`,
//! `Event` returns 202 at once and runs the handler in the background,
//! `DryRun` returns 204 without running it, a busy function with reserved
//! concurrency is a 429, `Qualifier`, `LogType: Tail` and `ClientContext`
//! are honoured, and a handler that streams its response is served by
//! `InvokeWithResponseStream` as Lambda frames it. `CONFORMANCE.md` in the repository lists
//! each behaviour.
//!
//! ```no_run
//! use lambda_client_local::{LocalFunction, LocalLambda};
//! use lambda_runtime::{service_fn, Error, LambdaEvent};
//! use serde_json::{json, Value};
//!
//! async fn echo(event: LambdaEvent<Value>) -> Result<Value, Error> {
//!     let greeting = lambda_client::env::var("GREETING")?;
//!     Ok(json!({ "echo": event.payload, "greeting": greeting }))
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let lambda = LocalLambda::builder()
//!     .function("echo", service_fn(echo))
//!     .host(
//!         LocalFunction::new("greeter", service_fn(echo))
//!             .env("GREETING", "hello")
//!             .reserved_concurrency(4),
//!     )
//!     .start()
//!     .await?;
//! let sdk = lambda.sdk_client(); // an aws_sdk_lambda::Client for this endpoint
//! # Ok(()) }
//! ```
//!
//! # Configuration per function
//!
//! Functions here share one process, so a function reads its environment
//! with [`lambda_client::env::var`], which sees only what [`LocalFunction::env`] gave
//! it and the variables Lambda sets (`AWS_LAMBDA_FUNCTION_NAME`,
//! `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`,
//! `AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_LAMBDA_LOG_GROUP_NAME`); in AWS
//! the same call reads the process environment. The handler's
//! `Context::env_config` names the function and the version that runs.
//!
//! # Where it differs from AWS
//!
//! - The log returned for `LogType: Tail` holds what the handler logged with
//!   `tracing` on the invocation's own task (plus Lambda's `START`, `END`
//!   and `REPORT` lines); `println!` and tasks the handler spawns are not in it.
//! - [`lambda_client::env::var`] inside a task the handler spawns sees the host
//!   process's environment, since the function's is task-local.
//! - A failed event is not retried, and there is no dead-letter queue:
//!   [`LocalLambda::wait_for_events`] shows each run's result instead.
//! - A durable execution that ended is kept (for `GetDurableExecution`, and
//!   its name taken) until 1,000 newer ones have ended, not for a retention
//!   period; one still running is always kept.
//! - A handler's streaming response (`lambda_runtime::StreamResponse`) is
//!   served by `InvokeWithResponseStream` as it is written; how AWS reports a
//!   handler's error there (`InvokeComplete`'s `ErrorCode` and
//!   `ErrorDetails`) and answers a plain `Invoke` of a streaming handler (its
//!   bytes whole, prelude included) is not documented: CONFORMANCE.md says
//!   what this one does.

// Layers, each importing only from those below it, never from this file:
// - the model: `model` (region and account, Lambda's rules for settings,
//   the erased handler's shape, a function once registered), with `error`,
//   `lineage` (recursion counts) and `events` (event runs kept), which
//   import nothing of the crate;
// - the hosting: `host` (hostable services and their erasure, running an
//   invocation, its log tail, the response stream), and above it
//   `durable`, the durable executions it runs;
// - the server: `server` (accept loop and routing, reading requests,
//   invocations, durable executions' operations, Lambda-shaped answers);
// - the facade: `function` (`LocalFunction`) and `lambda` (`LocalLambda`
//   and its builder), re-exported here.
/// The README a registry page shows, its example compiled.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod durable;
mod error;
mod events;
mod function;
mod host;
mod lambda;
mod lineage;
mod model;
mod server;

pub use error::LocalError;
pub use events::EventRun;
pub use function::LocalFunction;
pub use host::service::{LocalService, LocalStream, StreamItem};
pub use lambda::{LocalLambda, LocalLambdaBuilder};
