//! The logic of the function `invoked`, served through the contract: in
//! AWS and under `cargo lambda` by `src/main.rs`, in the local Lambda by the
//! demo and the tests, with `InvokedCallee::read(read)`.
//!
//! It reads its own configuration: `GREETING` prefixes the echo, and
//! `DELAY_MS` makes each call take that long (to show a throttle).

use std::time::Duration;

use contract::{Echo, ReadError, Reader, Word};
use futures_util::{Stream, StreamExt as _};

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

/// Streams the message's words, one record each, waiting `DELAY_MS` before
/// each word after the first.
///
/// # Errors
///
/// [`ReadError::Empty`] for an empty message, before any word;
/// [`ReadError::Refused`] in the stream, at a word that starts with
/// `"fail"`, after the words before it.
pub async fn words(
    reader: Reader,
) -> Result<impl Stream<Item = Result<Word, ReadError>> + Send + 'static, ReadError> {
    let Reader { message } = reader;
    if message.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let delay = lambda_client::env::var("DELAY_MS")
        .ok()
        .and_then(|delay| delay.parse().ok())
        .map(Duration::from_millis);
    let words: Vec<String> = message.split_whitespace().map(str::to_owned).collect();
    let words = words
        .into_iter()
        .zip(1..)
        .map(|(text, number)| (number, text));
    Ok(
        futures_util::stream::iter(words).then(move |(number, text)| async move {
            if let (Some(delay), true) = (delay, number > 1) {
                tokio::time::sleep(delay).await;
            }
            if text.starts_with("fail") {
                return Err(ReadError::Refused { message: text });
            }
            Ok(Word { number, text })
        }),
    )
}
