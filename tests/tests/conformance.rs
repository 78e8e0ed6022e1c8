//! One table of conformance cases, run against the local Lambda and against
//! `cargo lambda watch`, each with the outcome expected there.
//! `CONFORMANCE.md` is this table in prose; a change here changes it.
//!
//! Each outcome is a short summary of the raw answer as the SDK saw it: the
//! status, `X-Amz-Function-Error`, the error code (`x-amzn-ErrorType`), the
//! error document's `errorType`, `echo` when the callee's answer came back,
//! the executed version and whether a log tail came back.

use aws_sdk_lambda::error::SdkError;
use aws_sdk_lambda::operation::invoke::{InvokeError, InvokeOutput};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use contract::InvokedCallee;
use invoked::read;
use lambda_client_local::{LocalFunction, LocalLambda};
use serde_json::Value;

struct Case {
    name: &'static str,
    function: &'static str,
    invocation_type: &'static str,
    qualifier: Option<&'static str>,
    log_tail: bool,
    payload: Payload,
    /// What the local Lambda answers, as AWS does.
    local: &'static str,
    /// What `cargo lambda watch` 1.9.2 answers.
    cargo_lambda: &'static str,
}

enum Payload {
    Text(&'static str),
    /// A JSON string of exactly this many bytes.
    Sized(usize),
}

const CASES: &[Case] = &[
    Case {
        name: "success",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "200 echo version=$LATEST",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "handler error",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"fail"}"#),
        local: "200 Unhandled errorType=Refused version=$LATEST",
        cargo_lambda: "500 errorType=Refused",
    },
    Case {
        name: "handler panic",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"panic"}"#),
        local: "200 Unhandled errorType=&alloc::boxed::Box<dyn core::any::Any + core::marker::Send> version=$LATEST",
        cargo_lambda: "500 errorType=&alloc::boxed::Box<dyn core::any::Any + core::marker::Send>",
    },
    Case {
        name: "payload of the wrong shape",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"text":"hi"}"#),
        local: "200 Unhandled errorType=&lambda_runtime::deserializer::DeserializeError version=$LATEST",
        cargo_lambda: "500 errorType=&lambda_runtime::deserializer::DeserializeError",
    },
    Case {
        name: "payload that is not JSON",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text("not json"),
        local: "400 InvalidRequestContentException",
        cargo_lambda: "500 errorType=&lambda_runtime::deserializer::DeserializeError",
    },
    Case {
        name: "unknown function",
        function: "not-a-function",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "404 ResourceNotFoundException",
        cargo_lambda: "404",
    },
    Case {
        name: "function named by its ARN",
        function: "arn:aws:lambda:us-east-1:123456789012:function:invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "200 echo version=$LATEST",
        cargo_lambda: "404",
    },
    Case {
        name: "event",
        function: "invoked",
        invocation_type: "Event",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "202",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "event whose handler fails",
        function: "invoked",
        invocation_type: "Event",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"fail"}"#),
        local: "202",
        cargo_lambda: "500 errorType=Refused",
    },
    Case {
        name: "dry run",
        function: "invoked",
        invocation_type: "DryRun",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "204",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "unknown invocation type",
        function: "invoked",
        invocation_type: "Sideways",
        qualifier: None,
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "400 InvalidParameterValueException",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "log type Tail",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: true,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "200 echo version=$LATEST log",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "qualifier $LATEST",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: Some("$LATEST"),
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "200 echo version=$LATEST",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "qualifier naming no version",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: Some("7"),
        log_tail: false,
        payload: Payload::Text(r#"{"message":"hi"}"#),
        local: "404 ResourceNotFoundException",
        cargo_lambda: "200 echo",
    },
    Case {
        name: "sync payload over 6 MB",
        function: "invoked",
        invocation_type: "RequestResponse",
        qualifier: None,
        log_tail: false,
        payload: Payload::Sized(6 * 1024 * 1024 + 1),
        local: "413 RequestTooLargeException",
        cargo_lambda: "500 errorType=&lambda_runtime::deserializer::DeserializeError",
    },
    Case {
        name: "event payload over 1 MB",
        function: "invoked",
        invocation_type: "Event",
        qualifier: None,
        log_tail: false,
        payload: Payload::Sized(1024 * 1024 + 1),
        local: "413 RequestTooLargeException",
        cargo_lambda: "500 errorType=&lambda_runtime::deserializer::DeserializeError",
    },
];

async fn send(
    sdk: &aws_sdk_lambda::Client,
    case: &Case,
) -> Result<InvokeOutput, SdkError<InvokeError>> {
    let payload = match case.payload {
        Payload::Text(text) => text.to_owned(),
        Payload::Sized(size) => format!("\"{}\"", "x".repeat(size - 2)),
    };
    sdk.invoke()
        .function_name(case.function)
        .invocation_type(InvocationType::from(case.invocation_type))
        .set_qualifier(case.qualifier.map(str::to_owned))
        .set_log_type(case.log_tail.then_some(LogType::Tail))
        .payload(Blob::new(payload))
        .send()
        .await
}

/// The answer in the table's words.
fn summary(answer: &Result<InvokeOutput, SdkError<InvokeError>>) -> String {
    let mut words = Vec::new();
    let body: Option<Value>;
    match answer {
        Ok(output) => {
            words.push(output.status_code().to_string());
            words.extend(output.function_error().map(str::to_owned));
            body = output
                .payload()
                .and_then(|payload| serde_json::from_slice(payload.as_ref()).ok());
            push_body(&mut words, body.as_ref());
            words.extend(
                output
                    .executed_version()
                    .map(|version| format!("version={version}")),
            );
            if output.log_result().is_some() {
                words.push("log".to_owned());
            }
        }
        Err(error) => {
            let raw = error.raw_response().expect("the server answered");
            words.push(raw.status().as_u16().to_string());
            words.extend(raw.headers().get("x-amzn-errortype").map(str::to_owned));
            body = raw
                .body()
                .bytes()
                .and_then(|bytes| serde_json::from_slice(bytes).ok());
            push_body(&mut words, body.as_ref());
        }
    }
    words.join(" ")
}

fn push_body(words: &mut Vec<String>, body: Option<&Value>) {
    let Some(body) = body else { return };
    if let Some(error_type) = body.get("errorType").and_then(Value::as_str) {
        words.push(format!("errorType={error_type}"));
    }
    if body.get("echo").is_some() {
        words.push("echo".to_owned());
    }
}

async fn run_table(sdk: &aws_sdk_lambda::Client, expected: impl Fn(&Case) -> &'static str) {
    let mut mismatches = Vec::new();
    for case in CASES {
        let seen = summary(&send(sdk, case).await);
        if seen != expected(case) {
            mismatches.push(format!(
                "{}: expected `{}`, saw `{seen}`",
                case.name,
                expected(case)
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[tokio::test]
async fn the_local_lambda_answers_every_case_as_aws_does() {
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new("invoked", InvokedCallee::read(read))
                .env("GREETING", "hello from invoked's own configuration"),
        )
        .start()
        .await
        .expect("starts");

    run_table(&lambda.sdk_client(), |case| case.local).await;
}

#[tokio::test]
#[ignore = "needs cargo lambda watch: run tests/cargo-lambda.sh"]
async fn cargo_lambda_watch_answers_every_case_as_recorded() {
    // The raw SDK would retry cargo lambda's 500s; one request per case.
    let sdk = aws_sdk_lambda::Client::from_conf(
        lambda_client_tests::cargo_lambda::sdk()
            .config()
            .to_builder()
            .retry_config(aws_sdk_lambda::config::retry::RetryConfig::disabled())
            .build(),
    );
    run_table(&sdk, |case| case.cargo_lambda).await;
}
