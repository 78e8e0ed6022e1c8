//! Durable executions: a call that starts a durable function's execution
//! under a name, and a typed handle to wait for its result.
//!
//! A method with `mode = "durable"` takes the execution's name as an
//! argument of type [`&ExecutionName`](ExecutionName) (left out of the
//! payload) and returns `Result<DurableCall<T, E>, InvokeError<E>>`. The
//! name is an idempotency key: starting again with the same name and
//! payload returns the same execution, so the start is retried like an
//! idempotent call; with another payload Lambda refuses it
//! (`ServiceErrorKind::DurableExecutionAlreadyStarted`).
//!
//! Lambda runs a durable function only under a version or alias: the
//! method's `qualifier`, or the client's
//! [`ClientConfig::qualifier`](crate::ClientConfig::qualifier). Without
//! either the call fails before anything is sent
//! ([`InvokeError::Unqualified`](crate::InvokeError::Unqualified)).
//!
//! ```
//! use lambda_client::{lambda_client, DurableCall, ExecutionName, InvokeError};
//!
//! #[lambda_client]
//! pub trait Orders {
//!     #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live")]
//!     async fn fulfil(&self, execution: &ExecutionName, order: u64) -> Result<DurableCall<String>, InvokeError>;
//! }
//! ```

//!
//! The values a durable call names and reads (`name.rs`, `execution.rs`,
//! `polling.rs`) sit apart from the handle that polls through the
//! transport (`handle.rs`).

pub(crate) mod execution;
pub(crate) mod handle;
pub(crate) mod name;
pub(crate) mod polling;

#[cfg(feature = "client")]
pub use crate::transport::DurableExecutions;
pub use execution::{DurableError, DurableExecution, DurableStatus};
pub use handle::DurableCall;
pub use name::{ExecutionName, InvalidExecutionName};
pub use polling::Polling;
