//! The local Lambda's `InvokeWithResponseStream`, read through the raw SDK's
//! own `EventReceiver`: the rows of CONFORMANCE.md's response-stream table.
//! What a caller that does not use this crate sees.

use std::time::Duration;

use aws_sdk_lambda::error::{ProvideErrorMetadata as _, SdkError};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvokeWithResponseStreamResponseEvent as Event, LogType};
use bytes::Bytes;
use contract::InvokedCallee;
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use lambda_client::{FunctionError, InvokeError, ResponseStream, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_runtime::{Error, LambdaEvent, StreamResponse, service_fn};
use serde_json::{Value, json};

const PRELUDE: &str =
    r#"{"statusCode":200,"headers":{"content-type":"application/octet-stream"},"cookies":[]}"#;

/// What the raw SDK read: the payload chunks, joined, and `InvokeComplete`.
#[derive(Debug)]
struct Read {
    chunks: Vec<Vec<u8>>,
    error_code: Option<String>,
    error_details: Option<String>,
    log_result: Option<String>,
    executed_version: Option<String>,
    content_type: Option<String>,
}

impl Read {
    fn data(&self) -> Vec<u8> {
        self.chunks.concat()
    }

    /// The data after the prelude, which the SDK hands over as data.
    fn after_prelude(&self) -> Vec<u8> {
        let data = self.data();
        let mut prelude = PRELUDE.as_bytes().to_vec();
        prelude.extend_from_slice(&[0; 8]);
        assert!(
            data.starts_with(&prelude),
            "the stream starts with the prelude: {:?}",
            String::from_utf8_lossy(&data)
        );
        data[prelude.len()..].to_vec()
    }
}

async fn stream(
    lambda: &LocalLambda,
    function: &str,
    payload: &Value,
    tail: bool,
) -> Result<
    Read,
    SdkError<aws_sdk_lambda::operation::invoke_with_response_stream::InvokeWithResponseStreamError>,
> {
    let mut call = lambda
        .sdk_client()
        .invoke_with_response_stream()
        .function_name(function)
        .payload(Blob::new(payload.to_string()));
    if tail {
        call = call.log_type(LogType::Tail);
    }
    let output = call.send().await?;
    let mut read = Read {
        chunks: Vec::new(),
        error_code: None,
        error_details: None,
        log_result: None,
        executed_version: output.executed_version.clone(),
        content_type: output.response_stream_content_type.clone(),
    };
    let mut events = output.event_stream;
    let mut completed = false;
    while let Some(event) = events.recv().await.expect("every frame decodes") {
        assert!(!completed, "nothing follows InvokeComplete");
        match event {
            Event::PayloadChunk(chunk) => {
                read.chunks
                    .push(chunk.payload.expect("a chunk carries bytes").into_inner());
            }
            Event::InvokeComplete(complete) => {
                completed = true;
                read.error_code = complete.error_code;
                read.error_details = complete.error_details;
                read.log_result = complete.log_result;
            }
            other => panic!("an event the SDK does not know: {other:?}"),
        }
    }
    assert!(completed, "the stream ends with InvokeComplete");
    Ok(read)
}

async fn local(function: LocalFunction) -> LocalLambda {
    LocalLambda::builder()
        .host(function)
        .start()
        .await
        .expect("the local Lambda starts")
}

fn words() -> LocalFunction {
    LocalFunction::new("words", InvokedCallee::words(invoked::words))
}

#[tokio::test]
async fn a_stream_is_prelude_then_records_then_invoke_complete() {
    let lambda = local(words()).await;
    let read = stream(&lambda, "words", &json!({ "message": "one two" }), false)
        .await
        .expect("accepted");
    assert_eq!(read.executed_version.as_deref(), Some("$LATEST"));
    assert_eq!(
        read.content_type.as_deref(),
        Some("application/vnd.amazon.eventstream")
    );
    assert_eq!(
        read.chunks[0],
        PRELUDE.as_bytes(),
        "the prelude, its own chunk"
    );
    assert_eq!(read.chunks[1], [0; 8]);
    assert_eq!(
        String::from_utf8(read.after_prelude()).expect("text"),
        "{\"number\":1,\"text\":\"one\"}\n{\"number\":2,\"text\":\"two\"}\n"
    );
    assert_eq!(read.error_code, None);
}

#[tokio::test]
async fn a_generated_callees_error_is_the_trailer_in_the_data() {
    let lambda = local(words()).await;
    let read = stream(
        &lambda,
        "words",
        &json!({ "message": "one failing" }),
        false,
    )
    .await
    .expect("accepted");
    let data = read.after_prelude();
    let marker = b"\0\0\0\0\0\0\0\0lambda-client-error\0";
    let at = data
        .windows(marker.len())
        .position(|window| window == marker)
        .expect("the trailer's marker");
    assert_eq!(&data[..at], b"{\"number\":1,\"text\":\"one\"}\n");
    let document: Value = serde_json::from_slice(&data[at + marker.len()..]).expect("JSON");
    assert_eq!(document["errorType"], "Refused");
    assert_eq!(read.error_code, None, "InvokeComplete reports no error");
}

/// A hand-written `lambda_runtime` handler that streams what it is told.
async fn hand_written(
    event: LambdaEvent<Value>,
) -> Result<StreamResponse<BoxStream<'static, Result<Bytes, Error>>>, Error> {
    let plan = event.payload;
    if plan["fail"] == "first" {
        return Err("refused before streaming".into());
    }
    if let Some(milliseconds) = plan["sleep_ms"].as_u64() {
        tokio::time::sleep(Duration::from_millis(milliseconds)).await;
    }
    let mut items: Vec<Result<Bytes, Error>> = vec![Ok("first\n".into())];
    if plan["fail"] == "mid" {
        items.push(Err("the disk went away".into()));
    }
    items.push(Ok("second\n".into()));
    Ok(StreamResponse::from(
        futures_util::stream::iter(items).boxed(),
    ))
}

#[tokio::test]
async fn a_handler_error_before_streaming_is_invoke_completes_error_code() {
    let lambda = local(LocalFunction::new("hand", service_fn(hand_written))).await;
    let read = stream(&lambda, "hand", &json!({ "fail": "first" }), false)
        .await
        .expect("accepted");
    assert!(read.chunks.is_empty(), "no data: {:?}", read.chunks);
    assert_eq!(
        read.error_code.as_deref(),
        Some(
            "&alloc::boxed::Box<dyn core::error::Error + core::marker::Send + core::marker::Sync>"
        )
    );
    assert_eq!(
        read.error_details.as_deref(),
        Some("refused before streaming")
    );
}

#[tokio::test]
async fn lambda_runtimes_mid_stream_error_is_text_in_the_data() {
    let lambda = local(LocalFunction::new("hand", service_fn(hand_written))).await;
    let read = stream(&lambda, "hand", &json!({ "fail": "mid" }), false)
        .await
        .expect("accepted");
    assert_eq!(
        String::from_utf8(read.after_prelude()).expect("text"),
        "first\nLambda-Runtime-Function-Error-Type: Runtime.StreamError\r\nLambda-Runtime-Function-Error-Body: dGhlIGRpc2sgd2VudCBhd2F5\r\nsecond\n"
    );
    assert_eq!(read.error_code, None);
}

#[lambda_client]
trait Hand {
    #[lambda_client(name = "hand", mode = "stream")]
    async fn lines(&self, plan: &Value) -> Result<ResponseStream<Value>, InvokeError>;
}

#[tokio::test]
async fn the_typed_client_reads_lambda_runtimes_mid_stream_error_as_the_callees() {
    let lambda = local(LocalFunction::new("hand", service_fn(hand_written))).await;
    let client = HandClient::new(lambda.sdk_client());
    let plan = json!({ "fail": "mid" });
    let mut lines = client.lines(&plan).await.expect("starts");
    // "first" is not JSON: a record that does not decode, then the error.
    assert!(matches!(
        lines.next().await,
        Some(Err(InvokeError::Decode(_)))
    ));
    let Some(Err(InvokeError::Function(error))) = lines.next().await else {
        panic!("expected the callee's error")
    };
    let error: FunctionError = error;
    assert_eq!(error.error_type(), Some("Runtime.StreamError"));
    assert_eq!(error.message(), Some("the disk went away"));
    assert!(lines.next().await.is_none());
}

#[tokio::test]
async fn a_timeout_is_sandbox_timedout_in_invoke_complete() {
    let lambda = local(
        LocalFunction::new("hand", service_fn(hand_written)).timeout(Duration::from_millis(50)),
    )
    .await;
    let read = stream(&lambda, "hand", &json!({ "sleep_ms": 2000 }), false)
        .await
        .expect("accepted");
    assert_eq!(read.error_code.as_deref(), Some("Sandbox.Timedout"));
    assert!(
        read.error_details
            .as_deref()
            .is_some_and(|details| details.ends_with("Task timed out after 0.05 seconds")),
        "{:?}",
        read.error_details
    );
}

#[tokio::test]
async fn the_log_tail_is_in_invoke_complete() {
    let lambda = local(words()).await;
    let read = stream(&lambda, "words", &json!({ "message": "one" }), true)
        .await
        .expect("accepted");
    let log = read.log_result.expect("a log tail");
    let log =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, log).expect("base64");
    let log = String::from_utf8(log).expect("text");
    assert!(log.starts_with("START RequestId: "), "{log}");
}

#[tokio::test]
async fn a_buffered_handler_streams_its_value_in_one_chunk() {
    let lambda = local(LocalFunction::new(
        "read",
        InvokedCallee::read(invoked::read),
    ))
    .await;
    let read = stream(&lambda, "read", &json!({ "message": "hi" }), false)
        .await
        .expect("accepted");
    assert_eq!(read.chunks, [b"{\"echo\":\"hi\"}".to_vec()]);
    assert_eq!(read.error_code, None);
}

#[tokio::test]
async fn a_synchronous_invoke_of_a_streaming_handler_gets_its_bytes_whole() {
    let lambda = local(words()).await;
    let output = lambda
        .sdk_client()
        .invoke()
        .function_name("words")
        .payload(Blob::new(json!({ "message": "one" }).to_string()))
        .send()
        .await
        .expect("accepted");
    let payload = output.payload.expect("a payload").into_inner();
    let mut expected = PRELUDE.as_bytes().to_vec();
    expected.extend_from_slice(&[0; 8]);
    expected.extend_from_slice(b"{\"number\":1,\"text\":\"one\"}\n");
    assert_eq!(payload, expected);
}

#[tokio::test]
async fn refusals_come_before_the_stream_as_for_invoke() {
    let lambda = local(words()).await;
    let missing = stream(&lambda, "nope", &json!({}), false)
        .await
        .expect_err("no such function");
    let service = missing.into_service_error();
    assert_eq!(service.code(), Some("ResourceNotFoundException"));

    // An event cannot stream.
    let event = lambda
        .sdk_client()
        .invoke_with_response_stream()
        .function_name("words")
        .invocation_type(aws_sdk_lambda::types::ResponseStreamingInvocationType::from("Event"))
        .send()
        .await
        .expect_err("refused");
    assert_eq!(
        event.into_service_error().code(),
        Some("InvalidParameterValueException")
    );

    // While one stream holds the only slot, the next is throttled.
    let lambda =
        local(LocalFunction::new("hand", service_fn(hand_written)).reserved_concurrency(1)).await;
    let held = lambda
        .sdk_client()
        .invoke_with_response_stream()
        .function_name("hand")
        .payload(Blob::new(json!({ "sleep_ms": 2000 }).to_string()))
        .send()
        .await
        .expect("the first starts");
    let throttled = stream(&lambda, "hand", &json!({}), false)
        .await
        .expect_err("throttled");
    assert_eq!(
        throttled.into_service_error().code(),
        Some("TooManyRequestsException")
    );
    drop(held);
}
