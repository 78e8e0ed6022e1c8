//! The SDK client a user builds, as the generated client uses it: made
//! once when the client is built (its retries off, the trace header added
//! by an interceptor), and in every other respect the user's own: the same
//! HTTP client, endpoint, region, timeouts and interceptors.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_lambda::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::config::timeout::TimeoutConfig;
use aws_sdk_lambda::config::{ConfigBag, Intercept, Region, RuntimeComponents};
use aws_sdk_lambda::error::BoxError;
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;
use lambda_client::durable::Polling;
use lambda_client::{
    ApiError, DurableCall, InvokeError, ThrottleReason, Transport, lambda_client, trace_header,
};

#[lambda_client]
trait Counter {
    #[lambda_client(name = "counter")]
    async fn add(&self, amount: u64) -> Result<u64, InvokeError>;
}

/// What the user's own interceptor does: a header of its own on each call.
#[derive(Debug)]
struct Stamp;

impl Intercept for Stamp {
    fn name(&self) -> &'static str {
        "Stamp"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-stamp", "users");
        Ok(())
    }
}

/// Each request the HTTP client was handed: its URI and headers.
type Sent = Arc<Mutex<Vec<(String, http::HeaderMap)>>>;

/// A user's SDK client with standard retries, as `aws_config` builds it,
/// its own endpoint, region, timeouts and interceptor, over an HTTP client
/// that keeps what it is sent and fails the first call with a 500.
fn users_client() -> (aws_sdk_lambda::Client, Sent) {
    let sent = Sent::default();
    let kept = sent.clone();
    let http_client = infallible_client_fn(move |request| {
        let mut kept = kept.lock().unwrap();
        kept.push((request.uri().to_string(), request.headers().clone()));
        let (status, body) = if kept.len() == 1 {
            (500, r#"{"message":"Lambda had a moment"}"#)
        } else {
            (200, "42")
        };
        let mut response = http::Response::builder().status(status);
        if status == 500 {
            response = response.header("x-amzn-ErrorType", "ServiceException");
        }
        response.body(SdkBody::from(body)).unwrap()
    });
    let config = aws_sdk_lambda::Config::builder()
        .with_test_defaults_v2()
        .region(Region::new("eu-west-3"))
        .endpoint_url("http://lambda.users.test")
        .retry_config(RetryConfig::standard())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(Duration::from_secs(7))
                .build(),
        )
        .interceptor(Stamp)
        .http_client(http_client)
        .build();
    (aws_sdk_lambda::Client::from_conf(config), sent)
}

#[tokio::test]
async fn the_users_client_is_used_as_given_but_for_its_retries() {
    let (users, sent) = users_client();
    let client = CounterClient::new(users.clone());
    let prepared = client.transport().config();
    assert_eq!(prepared.region().map(AsRef::as_ref), Some("eu-west-3"));
    assert_eq!(
        prepared
            .timeout_config()
            .and_then(TimeoutConfig::operation_attempt_timeout),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        prepared.retry_config().map(RetryConfig::max_attempts),
        Some(1)
    );
    assert!(
        prepared
            .interceptors()
            .any(|interceptor| interceptor.name() == "Stamp")
    );
    // The user's own client is left as it was.
    assert_eq!(
        users.config().retry_config().map(RetryConfig::max_attempts),
        Some(3)
    );
    assert_eq!(Transport::region(client.transport()), Some("eu-west-3"));

    // A 500 may have run the callee: sent once, not three times as the
    // SDK's standard retries would.
    let failed = client.add(1).await;
    assert!(
        matches!(failed, Err(InvokeError::Service(ref error)) if error.status() == 500),
        "{failed:?}"
    );
    assert_eq!(sent.lock().unwrap().len(), 1);

    // Inside a trace scope the header goes out with the call, beside the
    // user's own, to the user's endpoint, through the user's HTTP client.
    let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    let added = trace_header::scope(Some(trace), client.add(1)).await;
    assert_eq!(added.unwrap(), 42);
    let sent = sent.lock().unwrap();
    let (uri, headers) = sent.last().expect("a second request");
    assert!(uri.starts_with("http://lambda.users.test/"), "{uri}");
    assert_eq!(
        headers
            .get("x-amzn-trace-id")
            .and_then(|value| value.to_str().ok()),
        Some(trace)
    );
    assert_eq!(
        headers.get("x-stamp").and_then(|value| value.to_str().ok()),
        Some("users")
    );
    // The first call was outside any scope: no trace header of ours.
    assert!(sent[0].1.get("x-amzn-trace-id").is_none());
}

/// A client built from one already prepared is the same: no second
/// wrapper, and nothing of the user's left out.
#[tokio::test]
async fn preparing_twice_adds_nothing() {
    let (users, sent) = users_client();
    let once = users.clone().prepared();
    let twice = once.clone().prepared();
    let count = |client: &aws_sdk_lambda::Client| client.config().interceptors().count();
    assert_eq!(count(&once), count(&users));
    assert_eq!(count(&twice), count(&users));
    assert_eq!(
        once.config().retry_partition(),
        twice.config().retry_partition()
    );
    let client = CounterClient::new(twice);
    let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    let _ = trace_header::scope(Some(trace), client.add(1)).await;
    let sent = sent.lock().unwrap();
    let traces: Vec<_> = sent[0].1.get_all("x-amzn-trace-id").iter().collect();
    assert_eq!(traces, [trace]);
}

/// A durable call's handle polls through the prepared client, one request
/// a poll as for a call: `result()` retries a throttled poll under the
/// client's own policy and quota, so the SDK's retries (standard, in the
/// user's configuration) would only multiply them.
#[tokio::test]
async fn a_throttled_poll_of_a_durable_execution_is_retried_by_result_not_by_the_sdk() {
    let polls = Arc::new(Mutex::new(0));
    let counted = polls.clone();
    let http_client = infallible_client_fn(move |_request| {
        let mut polls = counted.lock().unwrap();
        *polls += 1;
        if *polls == 1 {
            return http::Response::builder()
                .status(429)
                .header("x-amzn-ErrorType", "TooManyRequestsException")
                .body(SdkBody::from(
                    r#"{"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}"#,
                ))
                .unwrap();
        }
        let document = serde_json::json!({
            "DurableExecutionArn": "arn:aws:lambda:eu-west-3:123456789012:function:fulfil:live/durable-execution/order-1/0",
            "DurableExecutionName": "order-1",
            "FunctionArn": "arn:aws:lambda:eu-west-3:123456789012:function:fulfil:live",
            "Version": "1",
            "StartTimestamp": 1_700_000_000,
            "Status": "SUCCEEDED",
            "Result": "42",
        });
        http::Response::builder()
            .status(200)
            .body(SdkBody::from(document.to_string()))
            .unwrap()
    });
    let config = aws_sdk_lambda::Config::builder()
        .with_test_defaults_v2()
        .region(Region::new("eu-west-3"))
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .http_client(http_client)
        .build();
    let prepared = aws_sdk_lambda::Client::from_conf(config).prepared();
    let executions = prepared.durable_executions().expect("the SDK polls");
    let arn =
        "arn:aws:lambda:eu-west-3:123456789012:function:fulfil:live/durable-execution/order-1/0";
    let Err(ApiError::Throttled(throttled)) = executions.get(arn).await else {
        panic!("one poll is one request, and the first is throttled")
    };
    assert_eq!(throttled.reason(), &ThrottleReason::CallerRateLimitExceeded);
    assert_eq!(*polls.lock().unwrap(), 1);

    *polls.lock().unwrap() = 0;
    let call: DurableCall<u64> =
        DurableCall::new("fulfil", arn, Some(executions), Polling::default());
    assert_eq!(
        call.result().await.expect("the throttled poll is retried"),
        42
    );
    assert_eq!(*polls.lock().unwrap(), 2);
}
