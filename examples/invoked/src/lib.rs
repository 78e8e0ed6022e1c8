//! The logic of the function `invoked`, served through the contract: in
//! AWS and under `cargo lambda` by `src/main.rs`, in the local Lambda by the
//! demo and the tests, with `InvokedCallee::read(read)`.
//!
//! It reads its own configuration: `GREETING` prefixes the echo, and
//! `DELAY_MS` makes each call take that long (to show a throttle).

use std::time::Duration;

use contract::{Echo, ReadError, Reader};

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
