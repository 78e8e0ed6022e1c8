//! The contract between a caller and the function it calls: the types that
//! travel and the trait that names the calls. A caller depends on this crate
//! and gets a typed client; the callee implements the same trait.

use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

/// What the caller sends to `invoked`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reader {
    /// The message to echo.
    pub message: String,
}

/// What `invoked` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Echo {
    /// The message, echoed.
    pub echo: String,
}

/// The functions this service calls.
#[lambda_client]
pub trait Invoked {
    /// Waits for `invoked` to answer.
    #[lambda_client(name = "invoked", mode = "sync")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;

    /// Queues the call and returns once Lambda has accepted it.
    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, reader: Reader) -> Result<(), InvokeError>;

    /// Checks that the caller may invoke `invoked`, without running it.
    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn may_read(&self, reader: Reader) -> Result<(), InvokeError>;
}
