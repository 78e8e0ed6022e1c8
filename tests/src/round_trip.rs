//! A contract that covers every shape that crosses a call: methods of 0, 1
//! and 3 arguments, a `()` result, and an error enum with unit, newtype,
//! tuple and struct variants and its catch-all. The same callees run in the
//! local Lambda (`tests/tests/round_trip.rs`) and as binaries under `cargo
//! lambda watch` (`src/bin/round-trip-*.rs`), and [`check`] asserts every
//! round trip against either.

use aws_sdk_lambda::primitives::Blob;
use lambda_client::{FunctionError, InvokeError, LambdaError, lambda_client};
use serde::{Deserialize, Serialize};

/// What `ping` answers: the function that answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pong {
    /// The callee's `AWS_LAMBDA_FUNCTION_NAME`.
    pub function: String,
}

/// What `order` answers: its three arguments, as the callee received them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// The item.
    pub item: String,
    /// How many.
    pub count: u32,
    /// Its tags.
    pub tags: Vec<String>,
}

/// What `record` takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The text to record.
    pub text: String,
}

/// Every shape of variant.
#[derive(Debug, Clone, PartialEq, thiserror::Error, LambdaError)]
pub enum Refusal {
    /// A unit variant.
    #[error("the shop is closed")]
    Closed,
    /// A newtype variant.
    #[error("unknown item {0}")]
    UnknownItem(String),
    /// A tuple variant.
    #[error("only {0} of {1} left")]
    TooFew(u32, String),
    /// A struct variant, under a name of its own.
    #[error("refused ({code}): {reason}")]
    #[lambda_error(error_type = "Order.Refused")]
    Refused {
        /// Why, as a number.
        code: u16,
        /// Why, in words.
        reason: String,
    },
    /// Anything else.
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

/// The calls.
#[lambda_client]
pub trait RoundTrip {
    /// No arguments.
    #[lambda_client(name = "round-trip-ping")]
    async fn ping(&self) -> Result<Pong, InvokeError<Refusal>>;

    /// Three arguments, two of them borrowed by the caller.
    #[lambda_client(name = "round-trip-order")]
    async fn order(
        &self,
        item: &str,
        count: u32,
        tags: &[String],
    ) -> Result<Order, InvokeError<Refusal>>;

    /// A `()` result.
    #[lambda_client(name = "round-trip-record")]
    async fn record(&self, entry: Entry) -> Result<(), InvokeError<Refusal>>;
}

/// The callees' logic.
pub mod callee {
    use lambda_client::FunctionError;

    use super::{Entry, Order, Pong, Refusal};

    /// Names the function that answered.
    ///
    /// # Errors
    ///
    /// Never; the contract says it could.
    pub async fn ping() -> Result<Pong, Refusal> {
        Ok(Pong {
            function: lambda_client::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_default(),
        })
    }

    /// Echoes its arguments, or fails in the way the item names.
    ///
    /// # Errors
    ///
    /// One [`Refusal`] per item name: `closed`, `unknown`, `few`, `refused`,
    /// and `garbled` (a known `errorType` whose data is not JSON).
    ///
    /// # Panics
    ///
    /// On item `panic`.
    pub async fn order(item: String, count: u32, tags: Vec<String>) -> Result<Order, Refusal> {
        match item.as_str() {
            "closed" => Err(Refusal::Closed),
            "unknown" => Err(Refusal::UnknownItem(item)),
            "few" => Err(Refusal::TooFew(count.saturating_sub(1), item)),
            "refused" => Err(Refusal::Refused {
                code: 451,
                reason: "embargo".to_owned(),
            }),
            "garbled" => Err(Refusal::Other(FunctionError::from_document(
                "Unhandled",
                br#"{"errorType":"Order.Refused","errorMessage":"not JSON"}"#.to_vec(),
            ))),
            "panic" => panic!("asked to panic"),
            _ => Ok(Order { item, count, tags }),
        }
    }

    /// Accepts any text but an empty one.
    ///
    /// # Errors
    ///
    /// [`Refusal::Closed`] for an empty text.
    pub async fn record(entry: Entry) -> Result<(), Refusal> {
        if entry.text.is_empty() {
            return Err(Refusal::Closed);
        }
        tracing::info!(text = %entry.text, "recorded");
        Ok(())
    }
}

/// Asserts every round trip through `client`, and a payload of the wrong
/// shape sent by hand through `sdk`, against the callees above wherever they
/// run.
///
/// # Panics
///
/// On the first round trip that does not come back as sent.
pub async fn check(sdk: &aws_sdk_lambda::Client) {
    let client = RoundTripClient::new(sdk.clone());
    let tags = vec!["red".to_owned(), "large".to_owned()];

    assert_eq!(
        client.ping().await.expect("ping answers"),
        Pong {
            function: "round-trip-ping".to_owned()
        }
    );
    assert_eq!(
        client
            .order("widget", 3, &tags)
            .await
            .expect("order answers"),
        Order {
            item: "widget".to_owned(),
            count: 3,
            tags: tags.clone()
        }
    );
    client
        .record(Entry {
            text: "hello".to_owned(),
        })
        .await
        .expect("record answers ()");

    let refusal = |result: Result<Order, InvokeError<Refusal>>| match result {
        Err(InvokeError::Function(refusal)) => refusal,
        other => panic!("expected InvokeError::Function, got {other:?}"),
    };
    assert_eq!(
        refusal(client.order("closed", 1, &tags).await),
        Refusal::Closed
    );
    assert_eq!(
        refusal(client.order("unknown", 1, &tags).await),
        Refusal::UnknownItem("unknown".to_owned())
    );
    assert_eq!(
        refusal(client.order("few", 5, &tags).await),
        Refusal::TooFew(4, "few".to_owned())
    );
    assert_eq!(
        refusal(client.order("refused", 1, &tags).await),
        Refusal::Refused {
            code: 451,
            reason: "embargo".to_owned()
        }
    );
    match refusal(client.order("garbled", 1, &tags).await) {
        Refusal::Other(error) => {
            assert_eq!(error.error_type(), Some("Order.Refused"));
            assert_eq!(error.message(), Some("not JSON"));
        }
        other => panic!("a malformed document goes to the catch-all, got {other:?}"),
    }
    match refusal(client.order("panic", 1, &tags).await) {
        Refusal::Other(error) => {
            assert_eq!(
                error.error_type(),
                Some("&alloc::boxed::Box<dyn core::any::Any + core::marker::Send>")
            );
            assert_eq!(error.message(), Some("Lambda panicked: asked to panic"));
        }
        other => panic!("an unknown errorType goes to the catch-all, got {other:?}"),
    }
    match client
        .record(Entry {
            text: String::new(),
        })
        .await
    {
        Err(InvokeError::Function(Refusal::Closed)) => {}
        other => panic!("expected Refusal::Closed, got {other:?}"),
    }

    // A payload of the wrong shape: the callee names the method, the shape
    // and serde's error.
    let answer = sdk
        .invoke()
        .function_name("round-trip-order")
        .payload(Blob::new(r#"{"item":"widget","tags":[]}"#))
        .send()
        .await;
    let document: serde_json::Value = match &answer {
        // Lambda's shape, and the local Lambda's.
        Ok(output) => serde_json::from_slice(output.payload().expect("a payload").as_ref()),
        // cargo lambda's 500.
        Err(error) => serde_json::from_slice(
            error
                .raw_response()
                .and_then(|raw| raw.body().bytes())
                .expect("a body"),
        ),
    }
    .expect("an error document");
    assert_eq!(
        document["errorType"],
        "&lambda_runtime::deserializer::DeserializeError"
    );
    let message = document["errorMessage"].as_str().expect("a message");
    assert!(
        message.contains("`RoundTrip::order` takes a JSON object with the arguments `item`, `count`, `tags`: missing field `count`"),
        "{message}"
    );

    // A value of the wrong type: the message, which goes back to the caller
    // and into the callee's log, names the field and the kinds, never the
    // value.
    let payload = r#"{"item":"widget","count":"4111-1111-1111-1111","tags":[]}"#;
    let answer = sdk
        .invoke()
        .function_name("round-trip-order")
        .payload(Blob::new(payload))
        .send()
        .await;
    let document: serde_json::Value = match &answer {
        Ok(output) => serde_json::from_slice(output.payload().expect("a payload").as_ref()),
        Err(error) => serde_json::from_slice(
            error
                .raw_response()
                .and_then(|raw| raw.body().bytes())
                .expect("a body"),
        ),
    }
    .expect("an error document");
    let message = document["errorMessage"].as_str().expect("a message");
    // The path is the callee's own (map keys as `[key]`), written once.
    assert!(
        message.contains("[count] `RoundTrip::order` takes a JSON object with the arguments `item`, `count`, `tags`: invalid type: string, expected u32"),
        "{message}"
    );
    assert!(!message.contains("4111"), "{message}");
}
