//! End to end under `cargo lambda watch`: the example callee built as its own
//! `lambda_runtime` binary, invoked by a generated client over real HTTP.
//! Ignored by a plain `cargo test`; `tests/cargo-lambda.sh` installs
//! cargo-lambda, starts it and runs these.

use std::time::{SystemTime, UNIX_EPOCH};

use contract::{Echo, Invoked, InvokedClient, ReadError, Reader};
use lambda_client::{InvokeError, lambda_client};
use lambda_client_tests::cargo_lambda::{runs_of, sdk};
use lambda_client_tests::round_trip;

/// A function the workspace does not have.
#[lambda_client]
trait Missing {
    #[lambda_client(name = "not-a-function")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError<ReadError>>;
}

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_nanos();
    format!("{prefix}-{nanos}")
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_success_is_decoded_with_the_callees_own_configuration() {
    let client = InvokedClient::new(sdk());

    let echo = client
        .read(Reader {
            message: "hi".to_owned(),
        })
        .await
        .expect("invoked answers");

    // GREETING comes from [package.metadata.lambda.bin.invoked.env] in
    // examples/invoked/Cargo.toml: the callee's configuration, not this process's.
    assert_eq!(echo.echo, "hello from invoked's own configuration, hi");
    assert!(std::env::var("GREETING").is_err());
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_function_error_sent_as_500_is_a_function_error_and_runs_the_callee_once() {
    let client = InvokedClient::new(sdk());
    let message = unique("fail");

    let result = client
        .read(Reader {
            message: message.clone(),
        })
        .await;

    match result {
        Err(InvokeError::Function(error)) => {
            assert_eq!(
                error,
                ReadError::Refused {
                    message: message.clone()
                }
            );
        }
        other => panic!("expected InvokeError::Function, got {other:?}"),
    }
    // The SDK's standard mode would retry the 500 twice more; the log shows
    // the callee ran once. Wait for a late retry to show up if there were one.
    assert_eq!(runs_of(&message, 1).await, 1);

    // The same SDK client used by hand retries the 500: the count above would
    // have caught it.
    let by_hand = unique("fail");
    let raw = sdk()
        .invoke()
        .function_name("invoked")
        .payload(aws_sdk_lambda::primitives::Blob::new(
            serde_json::json!({ "message": by_hand }).to_string(),
        ))
        .send()
        .await;
    let status = raw
        .as_ref()
        .err()
        .and_then(|error| error.raw_response())
        .map(|raw| raw.status().as_u16());
    assert_eq!(status, Some(500), "cargo lambda answers a failure with 500");
    assert_eq!(runs_of(&by_hand, 3).await, 3);
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_wrong_name_is_a_service_error_with_404() {
    let client = MissingClient::new(sdk());

    match client
        .read(Reader {
            message: "hi".to_owned(),
        })
        .await
    {
        Err(InvokeError::Service(error)) => {
            assert_eq!(error.status(), 404);
            assert_eq!(error.function(), "not-a-function");
        }
        other => panic!("expected InvokeError::Service, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_success_runs_the_callee_once() {
    let client = InvokedClient::new(sdk());
    let message = unique("once");

    client
        .read(Reader {
            message: message.clone(),
        })
        .await
        .expect("invoked answers");

    assert_eq!(runs_of(&message, 1).await, 1);
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn every_shape_round_trips_between_real_lambda_runtime_binaries() {
    round_trip::check(&sdk()).await;
}

/// The deployed pair: `caller` calls `invoked` with a generated client, both
/// real `lambda_runtime` binaries, and passes `invoked`'s typed error on.
#[lambda_client]
trait Caller {
    #[lambda_client(name = "caller")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError<ReadError>>;
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_caller_function_calls_the_callee_function_through_the_contract() {
    let client = CallerClient::new(sdk());

    let echo = client
        .read(Reader {
            message: "through caller".to_owned(),
        })
        .await
        .expect("caller answers");
    assert_eq!(
        echo.echo,
        "hello from invoked's own configuration, through caller"
    );

    let message = unique("fail");
    match client
        .read(Reader {
            message: message.clone(),
        })
        .await
    {
        Err(InvokeError::Function(error)) => assert_eq!(error, ReadError::Refused { message }),
        other => panic!("expected invoked's ReadError passed on by caller, got {other:?}"),
    }
}

/// The SDK sends `InvokeWithResponseStream` to `/2021-11-15/...`; cargo
/// lambda 1.9.2 serves streams only on `/2015-03-31/...`, and answers the
/// SDK's path as a function URL without a default function: a 404.
#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_stream_method_gets_cargo_lambdas_404_as_a_typed_refusal() {
    let client = InvokedClient::new(sdk());
    let refused = client
        .words(Reader {
            message: "one two".to_owned(),
        })
        .await;
    let Err(InvokeError::Service(refusal)) = refused else {
        panic!("expected a refusal, got {refused:?}")
    };
    assert_eq!(refusal.status(), 404);
    assert_eq!(refusal.kind(), lambda_client::ServiceErrorKind::NotFound);
    assert!(
        refusal
            .message()
            .is_some_and(|message| message.contains("default function route is disabled")),
        "{refusal}"
    );
}

/// cargo lambda's own streaming path, probed over raw HTTP: it answers
/// with the whole body at once (a `Content-Length`), strips the prelude
/// itself, and writes frames without the `:message-type` header the SDK's
/// unmarshaller requires.
#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn cargo_lambdas_own_stream_path_buffers_strips_the_prelude_and_omits_message_type() {
    use aws_smithy_eventstream::frame::{DecodedFrame, MessageFrameDecoder};
    use http_body_util::{BodyExt as _, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;

    let endpoint = lambda_client_tests::cargo_lambda::endpoint();
    let request = http::Request::post(format!(
        "{endpoint}/2015-03-31/functions/invoked-stream/response-streaming-invocations"
    ))
    .body(Full::new(bytes::Bytes::from(
        serde_json::json!({ "message": "one two" }).to_string(),
    )))
    .expect("a request");
    let client = Client::builder(TokioExecutor::new()).build_http();
    let answer = client.request(request).await.expect("an answer");
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["content-type"],
        "application/vnd.amazon.eventstream"
    );
    assert!(
        answer.headers().contains_key("content-length"),
        "the whole stream, sent at once: {:?}",
        answer.headers()
    );
    let mut body = answer
        .into_body()
        .collect()
        .await
        .expect("the body")
        .to_bytes();
    let mut decoder = MessageFrameDecoder::new();
    let mut events = Vec::new();
    while !body.is_empty() {
        let DecodedFrame::Complete(message) = decoder.decode_frame(&mut body).expect("a frame")
        else {
            panic!("a frame cut short")
        };
        let header = |name: &str| {
            message
                .headers()
                .iter()
                .find(|header| header.name().as_str() == name)
                .and_then(|header| header.value().as_string().ok())
                .map(|value| value.as_str().to_owned())
        };
        assert_eq!(header(":message-type"), None, "no :message-type");
        events.push((
            header(":event-type").expect(":event-type"),
            message.payload().clone(),
        ));
    }
    let (first_type, first) = &events[0];
    assert_eq!(first_type, "PayloadChunk");
    assert_eq!(
        first.as_ref(),
        b"{\"number\":1,\"text\":\"one\"}\n",
        "the prelude is gone"
    );
    let (last_type, last) = events.last().expect("events");
    assert_eq!(last_type, "InvokeComplete");
    assert_eq!(last.as_ref(), b"{}");
}

/// cargo lambda 1.9.2 knows neither tenants nor durable executions (its
/// source has no `X-Amz-Tenant-Id`, no execution names, no `Lineage`).
#[lambda_client]
trait Newer {
    #[lambda_client(name = "invoked")]
    async fn read_as(
        &self,
        tenant: &lambda_client::TenantId,
        reader: Reader,
    ) -> Result<Echo, InvokeError<ReadError>>;

    #[lambda_client(name = "invoked", mode = "durable", qualifier = "$LATEST")]
    async fn read_durably(
        &self,
        execution: &lambda_client::ExecutionName,
        reader: Reader,
    ) -> Result<lambda_client::DurableCall<Echo, ReadError>, InvokeError<ReadError>>;
}

/// A tenant sent to a function that is not tenant-isolated: Lambda refuses
/// it; cargo lambda ignores the header and runs the function.
#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_tenant_is_ignored_by_cargo_lambda() {
    let client = NewerClient::new(sdk());
    let tenant = lambda_client::TenantId::new("blue").expect("valid");
    let echo = client
        .read_as(
            &tenant,
            Reader {
                message: "hi".to_owned(),
            },
        )
        .await
        .expect("cargo lambda runs it");
    assert_eq!(echo.echo, "hello from invoked's own configuration, hi");
}

/// cargo lambda runs an event synchronously and answers 200 (or its 500
/// with the error document): the event call is delivered, as on Lambda, and
/// the callee's failure reaches the caller as its typed error.
#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn an_event_call_is_delivered_and_its_failure_typed() {
    let client = InvokedClient::new(sdk());
    let message = unique("event");
    client
        .read_later(Reader {
            message: message.clone(),
        })
        .await
        .expect("delivered");
    assert_eq!(runs_of(&message, 1).await, 1);

    let message = unique("fail");
    let failed = client
        .read_later(Reader {
            message: message.clone(),
        })
        .await;
    let Err(InvokeError::Function(ReadError::Refused { message: refused })) = failed else {
        panic!("expected the callee's typed error, got {failed:?}")
    };
    assert_eq!(refused, message);
}

/// A durable start is an `Event`: cargo lambda runs it synchronously and
/// answers 200 with no execution ARN, which the client reports as the
/// wrong status for the invocation type.
#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_durable_start_gets_cargo_lambdas_synchronous_200() {
    let client = NewerClient::new(sdk());
    let execution = lambda_client::ExecutionName::new(unique("read")).expect("valid");
    let started = client
        .read_durably(
            &execution,
            Reader {
                message: "hi".to_owned(),
            },
        )
        .await;
    let Err(InvokeError::UnexpectedStatus(status)) = started else {
        panic!("expected UnexpectedStatus, got {started:?}")
    };
    assert_eq!(status.status(), 200);
}

/// Deploy skew under cargo lambda: `orders-v1` and `orders-v2` are the
/// same method built from two versions of its contract (the second adds a
/// required field to the order).
fn orders_config(version: &str) -> lambda_client::ClientConfig {
    lambda_client::ClientConfig::new().function_suffix(format!("-{version}"))
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn an_old_caller_meeting_a_new_callee_gets_contract_skew_under_cargo_lambda() {
    use lambda_client_tests::versions::v1::{self, Orders as _};
    let old_caller = v1::OrdersClient::with_config(sdk(), orders_config("v2"));
    let result = old_caller
        .place(v1::Order {
            sku: "A-1".to_owned(),
        })
        .await;
    let Err(InvokeError::ContractSkew(skew)) = result else {
        panic!("expected ContractSkew, got {result:?}")
    };
    assert_eq!(skew.function(), "orders-v2");
    assert_ne!(skew.ours(), skew.theirs());
}

/// The call succeeds; the callee cannot log the skew, since cargo lambda
/// 1.9.2 does not pass the `ClientContext` (which carries the caller's
/// fingerprint) to the function: its router forwards only the request id
/// and the trace header.
#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn a_new_caller_meeting_an_old_callee_succeeds_under_cargo_lambda_which_drops_the_context() {
    use lambda_client_tests::versions::v2::{self, Orders as _};
    let new_caller = v2::OrdersClient::with_config(sdk(), orders_config("v1"));
    // The first call starts making the fingerprint and goes without it;
    // the first call after it is made carries it.
    for _ in 0..2 {
        let placed = new_caller
            .place(v2::Order {
                sku: "A-1".to_owned(),
                count: 2,
            })
            .await
            .expect("the old callee ignores the new field");
        assert_eq!(placed, 3);
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    // The callee logs before it answers: the line would be there by now.
    assert!(
        !lambda_client_tests::cargo_lambda::logged_within(
            "a caller built from another version of the contract",
            std::time::Duration::ZERO
        )
        .await,
        "cargo lambda passed the ClientContext on: CONFORMANCE.md says it does not"
    );
}
