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

pub mod callee {
    //! The function `invoked` itself, as `lambda_runtime` runs it: in AWS and
    //! under `cargo lambda` from `src/bin/invoked.rs`, in the local Lambda
    //! from the demo and the tests.
    //!
    //! It reads its own configuration: `GREETING` prefixes the echo, and
    //! `DELAY_MS` makes each call take that long (to show a throttle).

    use std::time::Duration;

    use lambda_runtime::{Diagnostic, LambdaEvent};

    use crate::{Echo, Reader};

    /// Why `invoked` refused a message.
    #[derive(Debug)]
    pub struct ReadError {
        message: String,
    }

    impl std::fmt::Display for ReadError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "invoked refuses to read {:?}", self.message)
        }
    }

    impl std::error::Error for ReadError {}

    // A stable `errorType` instead of lambda_runtime's default, the Rust type path.
    impl From<ReadError> for Diagnostic {
        fn from(error: ReadError) -> Self {
            Diagnostic {
                error_type: "ReadError".to_owned(),
                error_message: error.to_string(),
            }
        }
    }

    /// Echoes the message; fails on a message that starts with `"fail"` and
    /// panics on `"panic"`.
    ///
    /// # Errors
    ///
    /// [`ReadError`] when the message starts with `"fail"`.
    ///
    /// # Panics
    ///
    /// When the message is `"panic"`, to show how Lambda reports a panic.
    pub async fn invoked(event: LambdaEvent<Reader>) -> Result<Echo, ReadError> {
        let Reader { message } = event.payload;
        tracing::info!(received = %message, "reading a message");
        let delay = lambda_client::env::var("DELAY_MS")
            .ok()
            .and_then(|delay| delay.parse().ok());
        if let Some(milliseconds) = delay {
            tokio::time::sleep(Duration::from_millis(milliseconds)).await;
        }
        match message.as_str() {
            failing if failing.starts_with("fail") => Err(ReadError { message }),
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
