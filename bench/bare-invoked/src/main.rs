//! The function `invoked` as it is written without `lambda-client`: the same
//! handler, the same types and error document, the same tracing set-up, on
//! `lambda_runtime` alone. `bench/binary-size.sh` compares its release
//! binary with `examples/invoked`'s.

use std::time::Duration;

use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Reader {
    message: String,
}

#[derive(Serialize)]
struct Echo {
    echo: String,
}

#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error("invoked refuses to read {message:?}")]
    Refused { message: String },
    #[error("there is nothing to read")]
    Empty,
}

/// The error document the typed client reads: the variant's name as
/// `errorType`, its fields as JSON in `errorMessage`.
impl From<ReadError> for Diagnostic {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::Refused { message } => Diagnostic {
                error_type: "Refused".to_owned(),
                error_message: serde_json::json!({ "message": message }).to_string(),
            },
            ReadError::Empty => Diagnostic {
                error_type: "Empty".to_owned(),
                error_message: ReadError::Empty.to_string(),
            },
        }
    }
}

async fn read(event: LambdaEvent<Reader>) -> Result<Echo, ReadError> {
    let Reader { message } = event.payload;
    tracing::info!(received = %message, "reading a message");
    let delay = std::env::var("DELAY_MS")
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
            let echo = match std::env::var("GREETING") {
                Ok(greeting) => format!("{greeting}, {message}"),
                Err(_) => message,
            };
            Ok(Echo { echo })
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(read)).await
}
