//! SDK-shaped outputs and modeled errors, injected with `aws-smithy-mocks`:
//! the generated client sees exactly what `aws_sdk_lambda` hands it.

use aws_sdk_lambda::Client;
use aws_sdk_lambda::operation::invoke::{InvokeError as SdkInvokeError, InvokeOutput};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::error::{ResourceNotFoundException, TooManyRequestsException};
use aws_sdk_lambda::types::{InvocationType, ThrottleReason as SdkThrottleReason};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use lambda_client::{InvokeError, ThrottleReason, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Reader {
    message: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Echo {
    echo: String,
}

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked", qualifier = "live")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, reader: Reader) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn may_read(&self, reader: Reader) -> Result<(), InvokeError>;
}

fn reader() -> Reader {
    Reader {
        message: "hi".into(),
    }
}

#[tokio::test]
async fn the_request_names_the_function_the_qualifier_and_the_type() {
    let answer = mock!(Client::invoke)
        .match_requests(|request| {
            request.function_name() == Some("invoked")
                && request.qualifier() == Some("live")
                && request.invocation_type() == Some(&InvocationType::RequestResponse)
                && request.payload().map(Blob::as_ref) == Some(br#"{"message":"hi"}"#.as_slice())
        })
        .then_output(|| {
            InvokeOutput::builder()
                .status_code(200)
                .executed_version("4")
                .payload(Blob::new(r#"{"echo":"hi"}"#))
                .build()
        });
    let client = InvokedClient::new(mock_client!(aws_sdk_lambda, RuleMode::MatchAny, [&answer]));
    assert_eq!(
        client.read(reader()).await.unwrap(),
        Echo { echo: "hi".into() }
    );
    assert_eq!(answer.num_calls(), 1);
}

#[tokio::test]
async fn a_function_error_in_a_successful_output_is_an_error() {
    let answer = mock!(Client::invoke).then_output(|| {
        InvokeOutput::builder()
            .status_code(200)
            .function_error("Handled")
            .payload(Blob::new(
                r#"{"errorType":"OutOfStock","errorMessage":"none left"}"#,
            ))
            .build()
    });
    let client = InvokedClient::new(mock_client!(aws_sdk_lambda, [&answer]));
    let Err(InvokeError::Function(error)) = client.read(reader()).await else {
        panic!()
    };
    assert_eq!(
        (error.error_type(), error.message()),
        (Some("OutOfStock"), Some("none left"))
    );
    assert!(!error.is_unhandled());
}

#[tokio::test]
async fn a_modeled_throttle_keeps_its_reason_and_delay() {
    let answer = mock!(Client::invoke).then_error(|| {
        SdkInvokeError::TooManyRequestsException(
            TooManyRequestsException::builder()
                .reason(SdkThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded)
                .retry_after_seconds("5")
                .message("Rate Exceeded.")
                .build(),
        )
    });
    // One answer: the client's own retries (which would honour the 5 s) are off.
    let client = InvokedClient::with_config(
        mock_client!(aws_sdk_lambda, [&answer]),
        lambda_client::ClientConfig::new().retry(lambda_client::RetryPolicy::none()),
    );
    let Err(InvokeError::Throttled(throttled)) = client.read_later(reader()).await else {
        panic!()
    };
    assert_eq!(
        throttled.reason(),
        &ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded
    );
    assert_eq!(throttled.retry_after_seconds(), Some(5));
}

#[tokio::test]
async fn a_modeled_refusal_is_a_service_error() {
    let answer = mock!(Client::invoke).then_error(|| {
        SdkInvokeError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .message("Function not found: invoked")
                .build(),
        )
    });
    let client = InvokedClient::new(mock_client!(aws_sdk_lambda, [&answer]));
    let Err(InvokeError::Service(error)) = client.read(reader()).await else {
        panic!()
    };
    assert_eq!(error.code(), "ResourceNotFoundException");
    assert_eq!(error.message(), Some("Function not found: invoked"));
}

#[tokio::test]
async fn an_accepted_event_is_ok_and_so_is_an_emulators_synchronous_run() {
    let accepted =
        mock!(Client::invoke).then_output(|| InvokeOutput::builder().status_code(202).build());
    let client = InvokedClient::new(mock_client!(aws_sdk_lambda, [&accepted]));
    client.read_later(reader()).await.unwrap();

    // A mocked answer has no request id, as `cargo lambda watch`'s has none:
    // a 200 without one is that emulator's synchronous run, delivered.
    // (With Lambda's request id, a 200 is the wrong status: wire.rs.)
    let emulated = mock!(Client::invoke).then_output(|| {
        InvokeOutput::builder()
            .status_code(200)
            .payload(Blob::new("null"))
            .build()
    });
    let client = InvokedClient::new(mock_client!(aws_sdk_lambda, [&emulated]));
    client.read_later(reader()).await.expect("delivered");
    let dry_run = mock!(Client::invoke).then_output(|| {
        InvokeOutput::builder()
            .status_code(200)
            .payload(Blob::new("null"))
            .build()
    });
    let client = InvokedClient::new(mock_client!(aws_sdk_lambda, [&dry_run]));
    let Err(InvokeError::UnexpectedStatus(error)) = client.may_read(reader()).await else {
        panic!("a dry run answered 200")
    };
    assert_eq!(error.status(), 200);
}
