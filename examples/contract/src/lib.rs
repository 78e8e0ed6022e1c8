//! The contract between a caller and the function it calls: the types that
//! travel, the callee's errors and the trait that names the calls. The
//! function `caller` (`examples/caller`) gets a typed client from it, the
//! function `invoked` (`examples/invoked`) serves the same methods: a change
//! here breaks both builds, not production.
//!
//! It depends on `lambda-client` without default features: the caller
//! turns `client` on and the callee `callee`, so neither compiles the
//! other's side. With its feature `schema` the types describe themselves,
//! and `tests/contract.rs` checks the trait against the document checked in
//! at `contracts/invoked.json`.

use lambda_client::{FunctionError, InvokeError, LambdaError, ResponseStream, lambda_client};
use serde::{Deserialize, Serialize};

/// What the caller sends to `invoked`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reader {
    /// The message to echo.
    pub message: String,
}

/// What `invoked` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Echo {
    /// The message, echoed.
    pub echo: String,
}

/// One word of a message, as `invoked-stream` streams it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Word {
    /// Its place in the message, from 1.
    pub number: u64,
    /// The word.
    pub text: String,
}

/// Why `invoked` refused a message. Each variant travels as its own
/// `errorType`, its fields as JSON in `errorMessage`; the caller gets the
/// same value back.
#[derive(Debug, Clone, PartialEq, thiserror::Error, LambdaError)]
pub enum ReadError {
    /// The message asked `invoked` to fail.
    #[error("invoked refuses to read {message:?}")]
    Refused {
        /// The message it refused.
        message: String,
    },
    /// The message was empty.
    #[error("there is nothing to read")]
    Empty,
    /// Any other failure: a platform error such as `Sandbox.Timedout`, a
    /// panic, or an error this version does not know.
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

/// The functions this service calls. With feature `mock`, also
/// `MockInvoked` (mockall), for the callers' tests: `#[lambda_client]` goes
/// above it, so that mockall sees the methods it has rewritten.
#[lambda_client]
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait Invoked {
    /// Waits for `invoked` to answer.
    #[lambda_client(name = "invoked", mode = "sync")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError<ReadError>>;

    /// Queues the call and returns once Lambda has accepted it.
    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, reader: Reader) -> Result<(), InvokeError<ReadError>>;

    /// Checks that the caller may invoke `invoked`, without running it.
    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn may_read(&self, reader: Reader) -> Result<(), InvokeError<ReadError>>;

    /// Streams the message's words from `invoked-stream` as it reads them.
    #[lambda_client(name = "invoked-stream", mode = "stream")]
    async fn words(
        &self,
        reader: Reader,
    ) -> Result<ResponseStream<Word, ReadError>, InvokeError<ReadError>>;
}
