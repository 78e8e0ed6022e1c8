//! The local Lambda, observed through the real SDK and generated clients over
//! loopback HTTP: one test per behaviour of the wire table in CONFORMANCE.md.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use contract::{Echo, Invoked, InvokedCallee, InvokedClient, ReadError, Reader};
use invoked::read;
use lambda_client::{InvokeError, ThrottleReason, TransportErrorKind};
use lambda_client_local::{LocalError, LocalFunction, LocalLambda};
use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

fn reader(message: &str) -> Reader {
    Reader {
        message: message.to_owned(),
    }
}

async fn hosting(function: LocalFunction) -> LocalLambda {
    LocalLambda::builder()
        .host(function)
        .start()
        .await
        .expect("the local Lambda starts")
}

/// A handler that reports what it saw of its context and environment.
async fn context_of(event: LambdaEvent<Value>) -> Result<Value, Error> {
    let context = event.context;
    let client_context = context.client_context.map(|client_context| {
        json!({ "custom": client_context.custom, "environment": client_context.environment })
    });
    Ok(json!({
        "function_name": context.env_config.function_name,
        "version": context.env_config.version,
        "invoked_function_arn": context.invoked_function_arn,
        "client_context": client_context,
        "variable": lambda_client::env::var("GREETING").ok(),
        "name_variable": lambda_client::env::var("AWS_LAMBDA_FUNCTION_NAME").ok(),
        "process_path": lambda_client::env::var("PATH").ok(),
    }))
}

/// `invoked`, each of whose runs says it started, then waits for a permit
/// of the gate.
fn gated() -> (
    Arc<Semaphore>,
    tokio::sync::mpsc::UnboundedReceiver<()>,
    LocalFunction,
) {
    let gate = Arc::new(Semaphore::new(0));
    let (started, starts) = tokio::sync::mpsc::unbounded_channel();
    let held = Arc::clone(&gate);
    let handler = service_fn(move |event: LambdaEvent<Reader>| {
        let held = Arc::clone(&held);
        let started = started.clone();
        async move {
            let _ = started.send(());
            let _released = held.acquire().await;
            read(event.payload).await.map_err(Diagnostic::from)
        }
    });
    (gate, starts, LocalFunction::new("invoked", handler))
}

#[tokio::test]
async fn a_success_is_decoded() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;
    let client = InvokedClient::new(lambda.sdk_client());

    let echo = client.read(reader("hi")).await.expect("invoked answers");

    assert_eq!(
        echo,
        Echo {
            echo: "hi".to_owned()
        }
    );
}

#[tokio::test]
async fn a_handler_error_is_200_with_function_error_and_arrives_as_function() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;

    let raw = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .payload(Blob::new(r#"{"message":"fail"}"#))
        .send()
        .await
        .expect("the SDK sees a successful call: pitfall 1");
    assert_eq!(raw.status_code(), 200);
    assert_eq!(raw.function_error(), Some("Unhandled"));
    let document: Value = serde_json::from_slice(raw.payload().expect("a payload").as_ref())
        .expect("the error document is JSON");
    assert_eq!(
        document,
        json!({ "errorType": "Refused", "errorMessage": r#"{"message":"fail"}"# })
    );

    let client = InvokedClient::new(lambda.sdk_client());
    match client.read(reader("fail")).await {
        Err(InvokeError::Function(error)) => assert_eq!(
            error,
            ReadError::Refused {
                message: "fail".to_owned()
            }
        ),
        other => panic!("expected InvokeError::Function, got {other:?}"),
    }
}

#[tokio::test]
async fn a_panic_is_reported_as_lambda_runtime_reports_it() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;
    let client = InvokedClient::new(lambda.sdk_client());

    match client.read(reader("panic")).await {
        Err(InvokeError::Function(ReadError::Other(error))) => {
            assert_eq!(
                error.error_type(),
                Some("&alloc::boxed::Box<dyn core::any::Any + core::marker::Send>")
            );
            assert_eq!(
                error.message(),
                Some("Lambda panicked: invoked was asked to panic")
            );
        }
        other => panic!("expected InvokeError::Function, got {other:?}"),
    }
    // The server survives the panic.
    assert_eq!(
        client.read(reader("again")).await.expect("answers").echo,
        "again"
    );
}

#[tokio::test]
async fn a_payload_of_the_wrong_shape_fails_in_the_handler_as_in_lambda_runtime() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;

    let raw = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .payload(Blob::new(r#"{"text":"no message"}"#))
        .send()
        .await
        .expect("the call is made");

    assert_eq!(raw.function_error(), Some("Unhandled"));
    let document: Value =
        serde_json::from_slice(raw.payload().expect("a payload").as_ref()).expect("JSON");
    assert_eq!(
        document["errorType"],
        "&lambda_runtime::deserializer::DeserializeError"
    );
    // The tests build the contract with feature `schema`, so the callee names
    // its contract's fingerprint beside the method.
    let fingerprint = lambda_client::schema::fingerprint::<contract::InvokedContract>();
    let message = document["errorMessage"].as_str().expect("a message");
    let expected = format!(
        "failed to deserialize the incoming data into the function's payload type: `Invoked::read` (contract {fingerprint}) takes the argument `reader` itself: missing field `message`"
    );
    assert!(message.starts_with(&expected), "{message}");
}

#[tokio::test]
async fn an_event_is_accepted_at_once_and_its_failure_stays_with_the_function() {
    // The handler cannot finish until the test releases it, so a 202 proves the
    // caller did not wait for it.
    let (gate, _starts, invoked) = gated();
    let lambda = hosting(invoked).await;
    let client = InvokedClient::new(lambda.sdk_client());

    client
        .read_later(reader("fail"))
        .await
        .expect("Lambda accepts the event");
    client
        .read_later(reader("fine"))
        .await
        .expect("Lambda accepts the event");
    let raw = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(r#"{"message":"raw"}"#))
        .send()
        .await
        .expect("accepted");
    assert_eq!(raw.status_code(), 202);
    assert!(
        raw.payload()
            .is_none_or(|payload| payload.as_ref().is_empty())
    );

    gate.add_permits(3);
    let mut runs = lambda.wait_for_events().await;
    runs.sort_by_key(|run| run.result().is_ok());
    assert_eq!(runs.len(), 3);
    let failure = runs[0].result().expect_err("the `fail` event failed");
    assert_eq!(failure.error_type(), Some("Refused"));
    assert_eq!(runs[0].function_name(), "invoked");
    assert_eq!(runs[0].version(), "$LATEST");
    let mut echoes: Vec<Value> = runs[1..]
        .iter()
        .map(|run| serde_json::from_slice(run.result().expect("succeeded")).expect("JSON"))
        .collect();
    echoes.sort_by_key(Value::to_string);
    assert_eq!(
        echoes,
        [json!({ "echo": "fine" }), json!({ "echo": "raw" })]
    );
    assert!(
        lambda.wait_for_events().await.is_empty(),
        "each run is returned once"
    );
}

#[tokio::test]
async fn a_dry_run_is_204_and_does_not_run_the_handler() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    let handler = service_fn(move |event: LambdaEvent<Reader>| {
        counted.fetch_add(1, Ordering::SeqCst);
        read(event.payload)
    });
    let lambda = hosting(LocalFunction::new("invoked", handler)).await;

    InvokedClient::new(lambda.sdk_client())
        .may_read(reader("hi"))
        .await
        .expect("the dry run is allowed");
    let raw = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .invocation_type(InvocationType::DryRun)
        .send()
        .await
        .expect("allowed");

    assert_eq!(raw.status_code(), 204);
    assert_eq!(runs.load(Ordering::SeqCst), 0);
    assert!(lambda.wait_for_events().await.is_empty());
}

#[tokio::test]
async fn an_unknown_function_is_the_sdks_resource_not_found() {
    let lambda = hosting(LocalFunction::new("other", InvokedCallee::read(read))).await;

    let raw = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .send()
        .await
        .expect_err("there is no `invoked`")
        .into_service_error();
    assert!(raw.is_resource_not_found_exception(), "{raw:?}");
    assert_eq!(
        raw.meta().message(),
        Some("Function not found: arn:aws:lambda:us-east-1:123456789012:function:invoked")
    );

    match InvokedClient::new(lambda.sdk_client())
        .read(reader("hi"))
        .await
    {
        Err(InvokeError::Service(error)) => {
            assert_eq!(error.code(), "ResourceNotFoundException");
            assert_eq!(error.status(), 404);
            assert_eq!(error.function(), "invoked");
        }
        other => panic!("expected InvokeError::Service, got {other:?}"),
    }

    // The refusal names what was tried: the name, the qualifier, the region.
    match VersionedClient::new(lambda.sdk_client())
        .read(reader("hi"))
        .await
    {
        Err(InvokeError::Service(error)) => {
            assert_eq!(error.kind(), lambda_client::ServiceErrorKind::NotFound);
            assert!(error.is_retry_safe());
            assert!(!error.is_transient());
            assert_eq!(
                (error.qualifier(), error.region()),
                (Some("7"), Some("us-east-1"))
            );
            let display = error.to_string();
            assert!(
                display.starts_with("Lambda refused the call to `other` (qualifier `7`) in us-east-1 with ResourceNotFoundException (HTTP 404)"),
                "{display}"
            );
        }
        other => panic!("expected InvokeError::Service, got {other:?}"),
    }
}

/// A call to a version the local Lambda does not have.
#[lambda_client::lambda_client]
trait Versioned {
    #[lambda_client(name = "other", qualifier = "7")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;
}

#[tokio::test]
async fn payloads_over_the_limits_are_413_request_too_large() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;
    // A JSON string exactly `size` bytes long, quotes included.
    let payload = |size: usize| Blob::new(format!("\"{}\"", "x".repeat(size - 2)));
    let invoke = |invocation_type: InvocationType, size: usize| {
        lambda
            .sdk_client()
            .invoke()
            .function_name("invoked")
            .invocation_type(invocation_type)
            .payload(payload(size))
            .send()
    };

    for (invocation_type, limit, status) in [
        (InvocationType::RequestResponse, 6 * 1024 * 1024, 200),
        (InvocationType::Event, 1024 * 1024, 202),
    ] {
        let refused = invoke(invocation_type.clone(), limit + 1)
            .await
            .expect_err("one byte over the limit")
            .into_service_error();
        assert!(refused.is_request_too_large_exception(), "{refused:?}");

        // At the limit the request is taken; the string is not a `Reader`, so
        // the handler fails (sync) or runs and fails in the background (event).
        let taken = invoke(invocation_type, limit).await.expect("at the limit");
        assert_eq!(taken.status_code(), status);
        let failed_now = taken.function_error().is_some();
        assert_eq!(failed_now, status == 200, "a sync call fails at once");
    }
}

#[tokio::test]
async fn reserved_concurrency_refuses_a_sync_call_with_429_and_its_reason() {
    let (gate, mut starts, invoked) = gated();
    let lambda = hosting(invoked.reserved_concurrency(1)).await;
    let client = InvokedClient::new(lambda.sdk_client());

    let first = tokio::spawn({
        let client = client.clone();
        async move { client.read(reader("first")).await }
    });
    // The first call holds the only slot once its handler has started.
    starts.recv().await.expect("the first call started");
    let second = client.read(reader("second")).await;
    match second {
        Err(InvokeError::Throttled(throttled)) => {
            assert_eq!(
                throttled.reason(),
                &ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded
            );
            assert_eq!(throttled.message(), Some("Rate Exceeded."));
        }
        other => panic!("expected InvokeError::Throttled, got {other:?}"),
    }
    // Events wait for a slot instead of being refused.
    client.read_later(reader("queued")).await.expect("accepted");

    gate.add_permits(2);
    let first = first
        .await
        .expect("the task ran")
        .expect("the first call succeeds");
    assert_eq!(first.echo, "first");
    let runs = lambda.wait_for_events().await;
    assert_eq!(runs.len(), 1);
    let echo: Echo =
        serde_json::from_slice(runs[0].result().expect("the event ran")).expect("an Echo");
    assert_eq!(echo.echo, "queued");
}

#[tokio::test]
async fn a_handler_over_its_timeout_is_sandbox_timedout() {
    let handler = service_fn(|_: LambdaEvent<Value>| async {
        tokio::time::sleep(Duration::from_secs(60)).await;
        Ok::<_, Error>(Value::Null)
    });
    let lambda =
        hosting(LocalFunction::new("invoked", handler).timeout(Duration::from_millis(50))).await;

    match InvokedClient::new(lambda.sdk_client())
        .read(reader("hi"))
        .await
    {
        Err(InvokeError::Function(ReadError::Other(error))) => {
            assert_eq!(error.error_type(), Some("Sandbox.Timedout"));
            let message = error.message().expect("a message");
            assert!(
                message.ends_with("Error: Task timed out after 0.05 seconds"),
                "{message}"
            );
        }
        other => panic!("expected InvokeError::Function, got {other:?}"),
    }
}

#[tokio::test]
async fn log_type_tail_returns_the_last_4_kb_of_the_log() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;
    let tail = |message: &'static str, log_type: LogType| {
        let sdk = lambda.sdk_client();
        async move {
            sdk.invoke()
                .function_name("invoked")
                .log_type(log_type)
                .payload(Blob::new(json!({ "message": message }).to_string()))
                .send()
                .await
                .expect("invoked answers")
                .log_result()
                .map(|log| BASE64.decode(log).expect("the log is base64"))
        }
    };

    let log = tail("hi", LogType::Tail).await.expect("a log");
    let log = String::from_utf8(log).expect("UTF-8");
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines[0].starts_with("START RequestId: ") && lines[0].ends_with(" Version: $LATEST"));
    assert!(lines[1].contains("reading a message received=hi"), "{log}");
    assert!(lines[2].starts_with("END RequestId: "));
    assert!(lines[3].starts_with("REPORT RequestId: ") && lines[3].contains("Memory Size: 128 MB"));

    assert_eq!(tail("hi", LogType::None).await, None);

    // A long log is cut to its last 4 KB, which keep the last lines and the REPORT line.
    let chatty = service_fn(|_: LambdaEvent<Value>| async {
        for line in 0..200 {
            tracing::info!("line {line:03} of a long log");
        }
        Ok::<_, Error>(Value::Null)
    });
    let lambda = hosting(LocalFunction::new("chatty", chatty)).await;
    let log = lambda
        .sdk_client()
        .invoke()
        .function_name("chatty")
        .log_type(LogType::Tail)
        .send()
        .await
        .expect("answers")
        .log_result()
        .map(|log| BASE64.decode(log).expect("base64"))
        .expect("a log");
    assert_eq!(log.len(), 4096);
    let log = String::from_utf8_lossy(&log);
    assert!(log.contains("line 199 of a long log"), "{log}");
    assert!(!log.contains("line 000 of a long log"), "{log}");
    assert!(log.contains("REPORT RequestId: "), "{log}");
}

#[tokio::test]
async fn a_qualifier_picks_the_version_and_is_reported_as_executed() {
    let version_one = service_fn(|_: LambdaEvent<Reader>| async {
        Ok::<_, Error>(Echo {
            echo: "version 1".to_owned(),
        })
    });
    let lambda = hosting(
        LocalFunction::new("invoked", InvokedCallee::read(read))
            .version("1", version_one)
            .alias("live", "1"),
    )
    .await;
    let invoke = |function_name: &str, qualifier: Option<&str>| {
        lambda
            .sdk_client()
            .invoke()
            .function_name(function_name)
            .set_qualifier(qualifier.map(str::to_owned))
            .payload(Blob::new(r#"{"message":"hi"}"#))
            .send()
    };

    for (function_name, qualifier, version, echo) in [
        ("invoked", None, "$LATEST", r#"{"echo":"hi"}"#),
        ("invoked", Some("$LATEST"), "$LATEST", r#"{"echo":"hi"}"#),
        ("invoked", Some("1"), "1", r#"{"echo":"version 1"}"#),
        ("invoked", Some("live"), "1", r#"{"echo":"version 1"}"#),
        ("invoked:live", None, "1", r#"{"echo":"version 1"}"#),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:invoked:1",
            None,
            "1",
            r#"{"echo":"version 1"}"#,
        ),
        (
            "123456789012:function:invoked",
            None,
            "$LATEST",
            r#"{"echo":"hi"}"#,
        ),
    ] {
        let answered = invoke(function_name, qualifier)
            .await
            .unwrap_or_else(|error| panic!("{function_name} {qualifier:?}: {error:?}"));
        assert_eq!(
            answered.executed_version(),
            Some(version),
            "{function_name} {qualifier:?}"
        );
        assert_eq!(
            answered.payload().expect("a payload").as_ref(),
            echo.as_bytes()
        );
    }

    let missing = invoke("invoked", Some("2"))
        .await
        .expect_err("there is no version 2")
        .into_service_error();
    assert!(missing.is_resource_not_found_exception(), "{missing:?}");
    assert_eq!(
        missing.meta().message(),
        Some("Function not found: arn:aws:lambda:us-east-1:123456789012:function:invoked:2")
    );
    let conflicting = invoke("invoked:live", Some("1"))
        .await
        .expect_err("two qualifiers that differ")
        .into_service_error();
    assert!(
        conflicting.is_invalid_parameter_value_exception(),
        "{conflicting:?}"
    );
}

#[tokio::test]
async fn client_context_reaches_the_handler_of_sync_calls_only() {
    let lambda = hosting(LocalFunction::new("context", service_fn(context_of))).await;
    let client_context = BASE64.encode(
        json!({ "custom": { "tenant": "acme" }, "environment": { "stage": "test" } }).to_string(),
    );

    let sync = lambda
        .sdk_client()
        .invoke()
        .function_name("context")
        .client_context(&client_context)
        .send()
        .await
        .expect("answers");
    let seen: Value =
        serde_json::from_slice(sync.payload().expect("payload").as_ref()).expect("JSON");
    assert_eq!(
        seen["client_context"],
        json!({ "custom": { "tenant": "acme" }, "environment": { "stage": "test" } })
    );

    lambda
        .sdk_client()
        .invoke()
        .function_name("context")
        .invocation_type(InvocationType::Event)
        .client_context(&client_context)
        .send()
        .await
        .expect("accepted");
    let runs = lambda.wait_for_events().await;
    let seen: Value = serde_json::from_slice(runs[0].result().expect("ran")).expect("JSON");
    assert_eq!(seen["client_context"], Value::Null);

    let invalid = lambda
        .sdk_client()
        .invoke()
        .function_name("context")
        .client_context("not base64!")
        .send()
        .await
        .expect_err("not base64")
        .into_service_error();
    assert!(
        invalid.is_invalid_request_content_exception(),
        "{invalid:?}"
    );

    // Lambda's limit is 3,583 bytes of base64.
    let sized = |size: usize| {
        let mut value = String::new();
        let encode = |value: &str| BASE64.encode(json!({ "custom": { "k": value } }).to_string());
        while encode(&value).len() < size {
            value.push('x');
        }
        encode(&value)
    };
    let send = |client_context: String| {
        lambda
            .sdk_client()
            .invoke()
            .function_name("context")
            .client_context(client_context)
            .send()
    };
    // Base64 grows in steps of 4: the largest context within the limit, and the next.
    let within = sized(3580);
    assert!(within.len() <= 3583);
    send(within).await.expect("within the limit");
    let over = sized(3584);
    assert!(over.len() > 3583);
    let refused = send(over)
        .await
        .expect_err("over the limit")
        .into_service_error();
    assert!(
        refused.is_invalid_request_content_exception(),
        "{refused:?}"
    );
    assert!(
        refused
            .meta()
            .message()
            .is_some_and(|message| message.contains("over the limit of 3583")),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_response_over_6_mb_is_function_response_size_too_large() {
    let handler = service_fn(|event: LambdaEvent<usize>| async move {
        Ok::<_, Error>("x".repeat(event.payload - 2))
    });
    let lambda = hosting(LocalFunction::new("large", handler)).await;
    let invoke = |size: usize| {
        lambda
            .sdk_client()
            .invoke()
            .function_name("large")
            .payload(Blob::new(size.to_string()))
            .send()
    };

    let at_limit = invoke(6 * 1024 * 1024 + 100).await.expect("answers");
    assert_eq!(at_limit.function_error(), None);
    assert_eq!(
        at_limit.payload().expect("payload").as_ref().len(),
        6 * 1024 * 1024 + 100
    );

    let over = invoke(6 * 1024 * 1024 + 101).await.expect("answers");
    assert_eq!(over.function_error(), Some("Unhandled"));
    let document: Value =
        serde_json::from_slice(over.payload().expect("payload").as_ref()).expect("JSON");
    assert_eq!(document["errorType"], "Function.ResponseSizeTooLarge");
}

#[tokio::test]
async fn a_payload_that_is_not_json_and_an_unknown_invocation_type_are_400() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;

    let not_json = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .payload(Blob::new("not json"))
        .send()
        .await
        .expect_err("not JSON")
        .into_service_error();
    assert!(
        not_json.is_invalid_request_content_exception(),
        "{not_json:?}"
    );

    let unknown = lambda
        .sdk_client()
        .invoke()
        .function_name("invoked")
        .invocation_type(InvocationType::from("Sideways"))
        .send()
        .await
        .expect_err("no such invocation type");
    assert_eq!(
        unknown.raw_response().map(|raw| raw.status().as_u16()),
        Some(400)
    );
    assert!(
        unknown
            .into_service_error()
            .is_invalid_parameter_value_exception()
    );
}

#[tokio::test]
async fn each_function_sees_its_own_environment_and_not_the_process() {
    let lambda = LocalLambda::builder()
        .host(LocalFunction::new("first", service_fn(context_of)).env("GREETING", "hello"))
        .host(LocalFunction::new("second", service_fn(context_of)).env("GREETING", "bonjour"))
        .function("third", service_fn(context_of))
        .start()
        .await
        .expect("starts");
    assert!(std::env::var("PATH").is_ok(), "the test process has a PATH");

    for (function, greeting) in [
        ("first", json!("hello")),
        ("second", json!("bonjour")),
        ("third", Value::Null),
    ] {
        let answered = lambda
            .sdk_client()
            .invoke()
            .function_name(function)
            .send()
            .await
            .expect("answers");
        let seen: Value =
            serde_json::from_slice(answered.payload().expect("payload").as_ref()).expect("JSON");
        assert_eq!(seen["variable"], greeting, "{function}");
        assert_eq!(seen["name_variable"], function, "{function}");
        assert_eq!(seen["function_name"], function, "{function}");
        assert_eq!(
            seen["process_path"],
            Value::Null,
            "{function} must not see the process"
        );
    }
}

#[tokio::test]
async fn configuration_lambda_would_refuse_is_a_typed_error() {
    let start =
        |function: LocalFunction| async { LocalLambda::builder().host(function).start().await };
    let function = |name: &str| LocalFunction::new(name, InvokedCallee::read(read));

    assert!(matches!(
        start(function("no spaces")).await,
        Err(LocalError::InvalidName { name }) if name == "no spaces"
    ));
    assert!(matches!(
        start(function("invoked").env("AWS_REGION", "eu-west-1")).await,
        Err(LocalError::ReservedVariable { key, .. }) if key == "AWS_REGION"
    ));
    assert!(matches!(
        start(function("invoked").version("latest", InvokedCallee::read(read))).await,
        Err(LocalError::InvalidVersion { version, .. }) if version == "latest"
    ));
    assert!(matches!(
        start(function("invoked").alias("live", "7")).await,
        Err(LocalError::InvalidAlias { alias, version, .. }) if alias == "live" && version == "7"
    ));
    let twice = LocalLambda::builder()
        .host(function("invoked"))
        .host(function("invoked"))
        .start()
        .await;
    assert!(matches!(twice, Err(LocalError::DuplicateFunction { name }) if name == "invoked"));
    let taken = hosting(function("invoked")).await;
    let port: u16 = taken
        .endpoint_url()
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .expect("a port");
    let error = LocalLambda::builder()
        .port(port)
        .start()
        .await
        .expect_err("the port is taken");
    assert!(matches!(error, LocalError::Bind { .. }));
    assert!(error.to_string().contains("pick another port"), "{error}");
}

#[tokio::test]
async fn dropping_the_local_lambda_stops_it() {
    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;
    let sdk = lambda.sdk_client();
    InvokedClient::new(sdk.clone())
        .read(reader("hi"))
        .await
        .expect("answers");

    drop(lambda);
    tokio::task::yield_now().await;

    match InvokedClient::new(sdk).read(reader("hi")).await {
        Err(InvokeError::Transport(error)) => {
            assert_eq!(error.kind(), TransportErrorKind::Connect)
        }
        other => panic!("expected InvokeError::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn settings_lambda_would_refuse_or_the_local_lambda_cannot_hold_are_typed_errors() {
    let start =
        |function: LocalFunction| async { LocalLambda::builder().host(function).start().await };
    let function = || LocalFunction::new("invoked", InvokedCallee::read(read));
    let rows = [
        (function().timeout(Duration::MAX), "timeout"),
        (function().timeout(Duration::from_secs(901)), "timeout"),
        (function().timeout(Duration::ZERO), "timeout"),
        (function().memory_size(64), "memory size"),
        (
            function().reserved_concurrency(usize::MAX),
            "reserved concurrency",
        ),
    ];
    for (function, expected) in rows {
        match start(function).await {
            Err(LocalError::InvalidSetting {
                setting, function, ..
            }) => {
                assert_eq!((setting, function.as_str()), (expected, "invoked"));
            }
            other => panic!("expected the {expected} to be refused, got {other:?}"),
        }
    }
    let at_the_limits = function()
        .timeout(Duration::from_secs(900))
        .memory_size(10_240)
        .reserved_concurrency(0);
    let lambda = start(at_the_limits).await.expect("starts");
    // Reserved concurrency 0 throttles every synchronous call, as in Lambda.
    let result = InvokedClient::with_config(
        lambda.sdk_client(),
        lambda_client::ClientConfig::new().retry(lambda_client::RetryPolicy::none()),
    )
    .read(reader("hi"))
    .await;
    assert!(
        matches!(result, Err(InvokeError::Throttled(_))),
        "{result:?}"
    );
}

/// What a web page on the same machine can send to loopback, and what the
/// local Lambda answers: nothing but a refusal.
#[tokio::test]
async fn requests_from_a_browser_or_to_another_host_are_refused() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let lambda = hosting(LocalFunction::new("invoked", InvokedCallee::read(read))).await;
    let address = lambda
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let send = |request: String| {
        let address = address.clone();
        async move {
            let mut stream = tokio::net::TcpStream::connect(&address)
                .await
                .expect("connects");
            stream.write_all(request.as_bytes()).await.expect("sends");
            let mut answer = String::new();
            stream.read_to_string(&mut answer).await.expect("reads");
            answer
        }
    };
    let body = r#"{"message":"hi"}"#;
    let request = |host: &str, extra: &str| {
        format!(
            "POST /2015-03-31/functions/invoked/invocations HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let refused = [
        request("rebound.example:9000", ""),
        request("evil.example", ""),
        request("127.0.0.1.evil.example", ""),
        request("127.0.0.1", "Content-Type: text/plain;charset=UTF-8\r\n"),
        request(
            "localhost",
            "Content-Type: application/x-www-form-urlencoded\r\n",
        ),
        request("127.0.0.1", "Origin: https://evil.example\r\n"),
        request("127.0.0.1", "Sec-Fetch-Mode: no-cors\r\n"),
    ];
    for request in refused {
        let answer = send(request.clone()).await;
        assert!(
            answer.starts_with("HTTP/1.1 403"),
            "{request:?} got {answer}"
        );
        assert!(answer.contains("AccessDeniedException"), "{answer}");
        assert!(!answer.contains("\"echo\""), "the handler ran: {answer}");
    }
    for host in ["127.0.0.1", "localhost:1234", "[::1]:80", "LOCALHOST"] {
        let answer = send(request(host, "")).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
        assert!(answer.contains(r#"{"echo":"hi"}"#), "{answer}");
    }
}

/// A client that stops sending its body mid-way is answered within the
/// local Lambda's read timeout instead of being held open.
#[tokio::test]
async fn a_body_that_stalls_is_answered_408() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let lambda = LocalLambda::builder()
        .function("invoked", InvokedCallee::read(read))
        .read_timeout(Duration::from_millis(300))
        .start()
        .await
        .expect("starts");
    let address = lambda
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connects");
    stream
        .write_all(
            b"POST /2015-03-31/functions/invoked/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"message\":",
        )
        .await
        .expect("sends");
    let started = std::time::Instant::now();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_string(&mut answer))
        .await
        .expect("answered, and closed, long before 30 s")
        .expect("reads");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("RequestTimeoutException"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

/// Finished event runs wait for `wait_for_events` within bounds: the latest
/// 1,000, and 64 MiB of results.
#[tokio::test]
async fn finished_event_runs_are_kept_within_bounds() {
    async fn sized(event: LambdaEvent<usize>) -> Result<String, Error> {
        Ok("x".repeat(event.payload))
    }
    let lambda = hosting(LocalFunction::new("sized", service_fn(sized))).await;
    let sdk = lambda.sdk_client();
    let queue = |size: usize| {
        sdk.invoke()
            .function_name("sized")
            .invocation_type(InvocationType::Event)
            .payload(Blob::new(size.to_string()))
            .send()
    };
    for _ in 0..1_100 {
        queue(1).await.expect("accepted");
    }
    let runs = lambda.wait_for_events().await;
    assert_eq!((runs.len(), lambda.dropped_event_runs()), (1_000, 100));

    // Twelve results of 6 MiB each (the JSON string's quotes included): only
    // ten fit in 64 MiB.
    const SIX_MIB: usize = 6 * 1024 * 1024;
    for _ in 0..12 {
        queue(SIX_MIB - 2).await.expect("accepted");
    }
    let runs = lambda.wait_for_events().await;
    assert_eq!((runs.len(), lambda.dropped_event_runs()), (10, 102));
    assert!(
        runs.iter()
            .all(|run| run.result().is_ok_and(|body| body.len() == SIX_MIB))
    );
}
