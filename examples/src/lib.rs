//! The contract between a caller and the function it calls: the types that
//! travel, the callee's errors and the trait that names the calls. The
//! caller (`src/bin/caller.rs`) gets a typed client from it, the callee
//! (`src/bin/invoked.rs`) serves the same methods: a change here breaks
//! both builds, not production.

use lambda_client::{FunctionError, InvokeError, LambdaError, lambda_client};
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

/// The functions this service calls.
#[lambda_client]
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
}

pub mod callee {
    //! The logic of the function `invoked`, served through the contract: in
    //! AWS and under `cargo lambda` by `src/bin/invoked.rs`, in the local
    //! Lambda by the demo and the tests, with `InvokedCallee::read(read)`.
    //!
    //! It reads its own configuration: `GREETING` prefixes the echo, and
    //! `DELAY_MS` makes each call take that long (to show a throttle).

    use std::time::Duration;

    use crate::{Echo, ReadError, Reader};

    /// Echoes the message.
    ///
    /// # Errors
    ///
    /// [`ReadError::Refused`] for a message that starts with `"fail"`, and
    /// [`ReadError::Empty`] for an empty one.
    ///
    /// # Panics
    ///
    /// When the message is `"panic"`, to show how Lambda reports a panic.
    pub async fn read(reader: Reader) -> Result<Echo, ReadError> {
        let Reader { message } = reader;
        tracing::info!(received = %message, "reading a message");
        let delay = lambda_client::env::var("DELAY_MS")
            .ok()
            .and_then(|delay| delay.parse().ok());
        if let Some(milliseconds) = delay {
            tokio::time::sleep(Duration::from_millis(milliseconds)).await;
        }
        match message.as_str() {
            "" => Err(ReadError::Empty),
            failing if failing.starts_with("fail") => Err(ReadError::Refused { message }),
            "panic" => panic!("invoked was asked to panic"),
            _ => {
                let echo = match lambda_client::env::var("GREETING") {
                    Ok(greeting) => format!("{greeting}, {message}"),
                    Err(_) => message,
                };
                Ok(Echo { echo })
            }
        }
    }
}
