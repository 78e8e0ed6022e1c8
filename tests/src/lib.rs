//! What the UI and integration tests share: an `aws_sdk_lambda::Client` that
//! answers from memory, through the SDK's real serialization and parsing.

pub mod faults;
pub mod round_trip;
pub mod versions;

/// The README's Rust examples, compiled (and those that need no AWS, run)
/// by `cargo test --doc`, so the examples a user copies are the ones that
/// build.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

use std::sync::{Arc, Mutex};

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;

/// An SDK client for the local Lambda (or a proxy in front of it) at
/// `endpoint`: dummy credentials, the SDK's own retries off.
pub fn sdk_for(endpoint: &str) -> aws_sdk_lambda::Client {
    use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
    aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("test", "test", None, None, "test"))
            .endpoint_url(endpoint)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// What Lambda sends back: status, headers, body.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// An answer with no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Answer {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// An error response as the Lambda API sends it: `x-amzn-ErrorType` and a JSON body.
    pub fn api_error(status: u16, code: &'static str, body: serde_json::Value) -> Self {
        Answer::new(status, body.to_string()).header("x-amzn-ErrorType", code)
    }
}

/// One request the SDK sent.
#[derive(Debug, Clone)]
pub struct Sent {
    /// Path and query.
    pub uri: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The payload.
    pub body: Vec<u8>,
}

impl Sent {
    /// The value of header `name`, if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An SDK client whose every request gets `answer`, with the requests it sent.
/// The SDK's retries are off, so one call is one request.
pub fn answering(answer: Answer) -> (aws_sdk_lambda::Client, Arc<Mutex<Vec<Sent>>>) {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&sent);
    let http_client = infallible_client_fn(move |request: http::Request<SdkBody>| {
        log.lock()
            .expect("no test panicked holding the log")
            .push(Sent {
                uri: request.uri().to_string(),
                headers: request
                    .headers()
                    .iter()
                    .map(|(name, value)| {
                        (
                            name.as_str().to_owned(),
                            String::from_utf8_lossy(value.as_bytes()).into_owned(),
                        )
                    })
                    .collect(),
                body: request.body().bytes().unwrap_or_default().to_vec(),
            });
        let mut response = http::Response::builder().status(answer.status);
        for (name, value) in &answer.headers {
            response = response.header(*name, value);
        }
        response
            .body(SdkBody::from(answer.body.clone()))
            .expect("the test's answer is a valid response")
    });
    let config = aws_sdk_lambda::Config::builder()
        .with_test_defaults_v2()
        .retry_config(RetryConfig::disabled())
        .http_client(http_client)
        .build();
    (aws_sdk_lambda::Client::from_conf(config), sent)
}

/// The `cargo lambda watch` the end-to-end tests run against, started by
/// `tests/cargo-lambda.sh`.
pub mod cargo_lambda {
    use aws_sdk_lambda::config::retry::RetryConfig;
    use aws_sdk_lambda::config::timeout::TimeoutConfig;
    use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};

    /// Why the end-to-end tests are ignored by a plain `cargo test`.
    pub const HOW_TO_RUN: &str = "needs cargo lambda watch: run tests/cargo-lambda.sh";

    /// The endpoint `tests/cargo-lambda.sh` started. An ignored test run on
    /// its own fails here, with the way to run it, rather than passing.
    pub fn endpoint() -> String {
        std::env::var("LAMBDA_CLIENT_CARGO_LAMBDA").unwrap_or_else(|_| {
            panic!("LAMBDA_CLIENT_CARGO_LAMBDA is not set; this test {HOW_TO_RUN}")
        })
    }

    /// An SDK client for `cargo lambda watch`, configured as a user's would be:
    /// dummy credentials and the SDK's standard retries (3 attempts), which the
    /// generated client must not let run a callee three times. A call that
    /// gets no answer in two minutes (a function that failed to start, say)
    /// fails the test instead of hanging the suite.
    pub fn sdk() -> aws_sdk_lambda::Client {
        let config = aws_sdk_lambda::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("e2e", "e2e", None, None, "e2e"))
            .endpoint_url(endpoint())
            .retry_config(RetryConfig::standard().with_max_attempts(3))
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(std::time::Duration::from_secs(120))
                    .build(),
            )
            .build();
        aws_sdk_lambda::Client::from_conf(config)
    }

    /// How many times the callee logged reading `message`, once the log
    /// shows at least `expected` runs or 10 seconds have passed: cargo lambda
    /// writes a function's output to its own after the answer has left.
    /// Every run of a call made earlier has ended by then (the calls are
    /// synchronous), so more cannot follow.
    pub async fn runs_of(message: &str, expected: usize) -> usize {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let runs = logged_runs_of(message);
            if runs >= expected || std::time::Instant::now() >= deadline {
                return runs;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Whether `cargo lambda watch`'s log shows `text` within `wait`.
    pub async fn logged_within(text: &str, wait: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + wait;
        loop {
            let path = std::env::var("LAMBDA_CLIENT_CARGO_LAMBDA_LOG").unwrap_or_else(|_| {
                panic!("LAMBDA_CLIENT_CARGO_LAMBDA_LOG is not set; this test {HOW_TO_RUN}")
            });
            if std::fs::read_to_string(&path).is_ok_and(|log| log.contains(text)) {
                return true;
            }
            if std::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// How many times the callee has logged reading `message` so far: its
    /// log goes to `cargo lambda watch`'s output, which the script keeps in
    /// a file.
    fn logged_runs_of(message: &str) -> usize {
        let path = std::env::var("LAMBDA_CLIENT_CARGO_LAMBDA_LOG").unwrap_or_else(|_| {
            panic!("LAMBDA_CLIENT_CARGO_LAMBDA_LOG is not set; this test {HOW_TO_RUN}")
        });
        let log = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read the cargo lambda log {path}: {error}"));
        let needle = format!("received={message}");
        log.lines()
            .filter(|line| line.contains("reading a message") && line.contains(&needle))
            .count()
    }
}
