//! The wire facts of CONFORMANCE.md, one row each, through the real SDK: what the
//! generated client sends, and what it makes of every answer Lambda gives.

use lambda_client::{
    InvocationType, InvokeError, ServiceErrorKind, ThrottleReason, TransportErrorKind,
    lambda_client,
};
use lambda_client_tests::{Answer, answering};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Serialize)]
struct Reader {
    message: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Echo {
    echo: String,
}

#[derive(Debug, Serialize)]
struct Item {
    sku: &'static str,
    quantity: u32,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Order {
    id: u64,
}

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, reader: &Reader) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn can_read(&self, reader: &Reader) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked")]
    async fn ping(&self) -> Result<(), InvokeError>;

    #[lambda_client(name = "orders", qualifier = "live")]
    async fn place(
        &self,
        customer: &str,
        items: &[Item],
        express: bool,
    ) -> Result<Order, InvokeError>;
}

fn reader() -> Reader {
    Reader {
        message: "hi".into(),
    }
}

/// The three modes, as the tables below use them.
#[derive(Debug, Clone, Copy)]
enum Call {
    Sync,
    SyncUnit,
    Event,
    DryRun,
}

/// The wire table checks how one answer maps: the client's retries are off
/// here (retries.rs tests them).
fn one_attempt(sdk: aws_sdk_lambda::Client) -> InvokedClient {
    InvokedClient::with_config(
        sdk,
        lambda_client::ClientConfig::new().retry(lambda_client::RetryPolicy::none()),
    )
}

impl Call {
    const ALL: [Call; 4] = [Call::Sync, Call::SyncUnit, Call::Event, Call::DryRun];

    fn success_status(self) -> u16 {
        match self {
            Call::Sync | Call::SyncUnit => 200,
            Call::Event => 202,
            Call::DryRun => 204,
        }
    }

    async fn run(self, answer: Answer) -> Result<(), InvokeError> {
        let (sdk, _) = answering(answer);
        let client = one_attempt(sdk);
        match self {
            Call::Sync => client.read(reader()).await.map(drop),
            Call::SyncUnit => client.ping().await,
            Call::Event => client.read_later(&reader()).await,
            Call::DryRun => client.can_read(&reader()).await,
        }
    }
}

#[tokio::test]
async fn requests_carry_the_payload_the_invocation_type_and_the_qualifier() {
    let (sdk, sent) = answering(Answer::new(200, r#"{"id": 7}"#));
    let client = one_attempt(sdk);
    let items = [Item {
        sku: "A-1",
        quantity: 2,
    }];
    assert_eq!(
        client.place("ada", &items, true).await.unwrap(),
        Order { id: 7 }
    );
    let (sdk, sent_read) = answering(Answer::new(200, r#"{"echo": "hi"}"#));
    one_attempt(sdk).read(reader()).await.unwrap();
    let (sdk, sent_ping) = answering(Answer::new(200, ""));
    one_attempt(sdk).ping().await.unwrap();
    let (sdk, sent_event) = answering(Answer::new(202, ""));
    one_attempt(sdk).read_later(&reader()).await.unwrap();
    let (sdk, sent_dry) = answering(Answer::new(204, ""));
    one_attempt(sdk).can_read(&reader()).await.unwrap();

    let rows = [
        (
            &sent,
            "/2015-03-31/functions/orders/invocations?Qualifier=live",
            "RequestResponse",
            r#"{"customer":"ada","items":[{"sku":"A-1","quantity":2}],"express":true}"#,
        ),
        (
            &sent_read,
            "/2015-03-31/functions/invoked/invocations",
            "RequestResponse",
            r#"{"message":"hi"}"#,
        ),
        (
            &sent_ping,
            "/2015-03-31/functions/invoked/invocations",
            "RequestResponse",
            "{}",
        ),
        (
            &sent_event,
            "/2015-03-31/functions/invoked/invocations",
            "Event",
            r#"{"message":"hi"}"#,
        ),
        (
            &sent_dry,
            "/2015-03-31/functions/invoked/invocations",
            "DryRun",
            r#"{"message":"hi"}"#,
        ),
    ];
    for (sent, path, invocation_type, body) in rows {
        let sent = sent.lock().unwrap();
        assert_eq!(sent.len(), 1, "one call is one request");
        assert!(
            sent[0].uri.ends_with(path),
            "{} does not end with {path}",
            sent[0].uri
        );
        assert_eq!(
            sent[0].header("x-amz-invocation-type"),
            Some(invocation_type)
        );
        assert_eq!(String::from_utf8_lossy(&sent[0].body), body);
    }
}

#[tokio::test]
async fn successes_decode_for_every_mode() {
    let (sdk, _) =
        answering(Answer::new(200, r#"{"echo": "hi"}"#).header("X-Amz-Executed-Version", "3"));
    let echo = one_attempt(sdk).read(reader()).await.unwrap();
    assert_eq!(echo, Echo { echo: "hi".into() });

    for body in ["null", "", "  "] {
        let (sdk, _) = answering(Answer::new(200, body));
        one_attempt(sdk)
            .ping()
            .await
            .unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }
    Call::Event.run(Answer::new(202, "")).await.unwrap();
    Call::DryRun.run(Answer::new(204, "")).await.unwrap();
}

/// (header, error document, errorType, errorMessage, stack frames)
type Failure = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    usize,
);

const FAILURES: &[Failure] = &[
    (
        "Unhandled",
        r#"{"errorType":"OrderError","errorMessage":"no stock","stackTrace":["a","b"]}"#,
        Some("OrderError"),
        Some("no stock"),
        2,
    ),
    (
        "Handled",
        r#"{"errorType":"ValueError","errorMessage":"bad"}"#,
        Some("ValueError"),
        Some("bad"),
        0,
    ),
    (
        "Unhandled",
        r#"{"errorMessage":"no type"}"#,
        None,
        Some("no type"),
        0,
    ),
    (
        "Unhandled",
        r#"{"errorType":"Error","errorMessage":"boom","trace":["Error: boom","    at handler (index.js:3:9)"]}"#,
        Some("Error"),
        Some("boom"),
        2,
    ),
    (
        "Unhandled",
        r#"{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 1 Error: Task timed out after 3.00 seconds"}"#,
        Some("Sandbox.Timedout"),
        Some("RequestId: 1 Error: Task timed out after 3.00 seconds"),
        0,
    ),
    (
        "Unhandled",
        r#"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: 1 Error: Runtime exited with error: signal: killed"}"#,
        Some("Runtime.ExitError"),
        Some("RequestId: 1 Error: Runtime exited with error: signal: killed"),
        0,
    ),
    (
        "Unhandled",
        r#"{"errorType":"&alloc::boxed::Box<dyn core::error::Error>","errorMessage":"rust"}"#,
        Some("&alloc::boxed::Box<dyn core::error::Error>"),
        Some("rust"),
        0,
    ),
    (
        "Unhandled",
        r#"{"errorType":"Java","errorMessage":"x","stackTrace":[["file.py",1,"f","code"]]}"#,
        Some("Java"),
        Some("x"),
        1,
    ),
    (
        "Unhandled",
        r#""a bare string""#,
        None,
        Some("a bare string"),
        0,
    ),
    (
        "Unhandled",
        "Runtime exited without providing a reason",
        None,
        Some("Runtime exited without providing a reason"),
        0,
    ),
    ("Unhandled", "", None, None, 0),
    ("Unhandled", "[1, 2]", None, None, 0),
    (
        "Unhandled",
        r#"{"errorType": 42, "errorMessage": {"nested": true}}"#,
        Some("42"),
        Some(r#"{"nested":true}"#),
        0,
    ),
];

#[tokio::test]
async fn a_callee_failure_is_an_error_for_every_mode_and_every_shape() {
    for call in Call::ALL {
        for &(header, document, error_type, message, frames) in FAILURES {
            let answer =
                Answer::new(call.success_status(), document).header("X-Amz-Function-Error", header);
            let result = call.run(answer).await;
            let Err(InvokeError::Function(error)) = result else {
                panic!("{call:?} {document:?}: {result:?}");
            };
            assert_eq!(error.error_type(), error_type, "{call:?} {document:?}");
            assert_eq!(error.message(), message, "{call:?} {document:?}");
            assert_eq!(error.stack_trace().len(), frames, "{call:?} {document:?}");
            assert_eq!(error.is_unhandled(), header == "Unhandled");
            assert_eq!(error.document(), document.as_bytes());
        }
    }
}

#[tokio::test]
async fn a_callees_words_are_escaped_and_bounded_in_what_is_printed() {
    let forged = "bad\n2026-11-27T00:00:00Z INFO all good \u{1b}[2J";
    let document = serde_json::json!({ "errorType": "Forged\nType", "errorMessage": forged });
    let long = "x".repeat(5000);
    let rows = [
        (
            document.to_string(),
            "unhandled Forged\\nType: bad\\n2026-11-27T00:00:00Z INFO all good \\u{1b}[2J"
                .to_owned(),
        ),
        (
            format!("Runtime exited\r\nFAKE {long}"),
            format!(
                "unhandled error: Runtime exited\\r\\nFAKE {}…",
                &long[..1024 - 21]
            ),
        ),
    ];
    for (document, expected) in rows {
        let answer = Answer::new(200, document.clone()).header("X-Amz-Function-Error", "Unhandled");
        let Err(InvokeError::Function(error)) = Call::Sync.run(answer).await else {
            panic!("{document:?} is not a function error");
        };
        let printed = error.to_string();
        assert_eq!(printed, expected);
        assert!(
            !printed.contains('\n') && !printed.contains('\u{1b}'),
            "{printed}"
        );
        assert_eq!(
            error.document(),
            document.as_bytes(),
            "the raw document is kept"
        );
    }
}

#[tokio::test]
async fn a_status_that_does_not_fit_the_mode_is_an_error() {
    let rows = [
        (Call::Sync, 202),
        (Call::SyncUnit, 204),
        (Call::Event, 200),
        (Call::DryRun, 200),
        (Call::Event, 204),
    ];
    for (call, status) in rows {
        // Every answer Lambda sends carries its request id.
        let answer = Answer::new(status, "null").header("x-amzn-RequestId", REQUEST_ID);
        let result = call.run(answer).await;
        let Err(InvokeError::UnexpectedStatus(error)) = result else {
            panic!("{call:?} answered {status}: {result:?}");
        };
        assert_eq!(error.status(), status);
        assert_eq!(error.function(), "invoked");
    }
}

const REQUEST_ID: &str = "3c5e1f9a-7b1d-4d6e-9a51-2f0c8e7b4a10";

/// `cargo lambda watch` runs an event synchronously: 200, the result, no
/// request id; or, when the callee failed, its 500 and error document.
/// The event was delivered, and its failure is the callee's.
#[tokio::test]
async fn an_event_that_an_emulator_ran_synchronously_is_delivered_and_its_failure_typed() {
    Call::Event
        .run(Answer::new(200, r#"{"echo":"hi"}"#))
        .await
        .expect("delivered");
    let failed = Answer::new(500, r#"{"errorType":"Refused","errorMessage":"no"}"#);
    let Err(InvokeError::Function(error)) = Call::Event.run(failed).await else {
        panic!("the callee's failure")
    };
    assert_eq!(error.error_type(), Some("Refused"));
    let failed = Answer::new(200, r#"{"errorType":"Refused","errorMessage":"no"}"#)
        .header("X-Amz-Function-Error", "Unhandled");
    let Err(InvokeError::Function(error)) = Call::Event.run(failed).await else {
        panic!("the callee's failure")
    };
    assert_eq!(error.message(), Some("no"));
    // A dry run is not run by anyone: its 200 is still wrong.
    let Err(InvokeError::UnexpectedStatus(_)) = Call::DryRun.run(Answer::new(200, "null")).await
    else {
        panic!("a dry run answered 200")
    };
}

#[tokio::test]
async fn throttles_carry_the_reason_and_the_delay() {
    let reasons = [
        (
            "ConcurrentInvocationLimitExceeded",
            ThrottleReason::ConcurrentInvocationLimitExceeded,
        ),
        (
            "FunctionInvocationRateLimitExceeded",
            ThrottleReason::FunctionInvocationRateLimitExceeded,
        ),
        (
            "ReservedFunctionConcurrentInvocationLimitExceeded",
            ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded,
        ),
        (
            "ReservedFunctionInvocationRateLimitExceeded",
            ThrottleReason::ReservedFunctionInvocationRateLimitExceeded,
        ),
        (
            "CallerRateLimitExceeded",
            ThrottleReason::CallerRateLimitExceeded,
        ),
        (
            "ConcurrentSnapshotCreateLimitExceeded",
            ThrottleReason::ConcurrentSnapshotCreateLimitExceeded,
        ),
        ("SomethingNew", ThrottleReason::Other("SomethingNew".into())),
    ];
    for call in Call::ALL {
        for (wire, reason) in &reasons {
            let body = json!({"Reason": wire, "Type": "User", "message": "Rate Exceeded."});
            let answer =
                Answer::api_error(429, "TooManyRequestsException", body).header("Retry-After", "2");
            let result = call.run(answer).await;
            let Err(InvokeError::Throttled(throttled)) = result else {
                panic!("{call:?} {wire}: {result:?}");
            };
            assert_eq!(throttled.reason(), reason);
            assert_eq!(throttled.retry_after_seconds(), Some(2));
            assert_eq!(throttled.message(), Some("Rate Exceeded."));
            assert_eq!(throttled.function(), "invoked");
        }
    }
    let answer = Answer::api_error(
        429,
        "TooManyRequestsException",
        json!({"message": "Rate Exceeded."}),
    );
    let Err(InvokeError::Throttled(throttled)) = Call::Sync.run(answer).await else {
        panic!()
    };
    assert_eq!(
        (throttled.reason(), throttled.retry_after_seconds()),
        (&ThrottleReason::Unspecified, None)
    );
}

#[tokio::test]
async fn refusals_are_service_errors_with_their_code_kind_and_retry_safety() {
    use ServiceErrorKind::{
        CodeArtifact, DurableExecutionAlreadyStarted, FileSystem, InvalidRequest, Kms, Network,
        NotFound, NotReady, PayloadTooLarge, Permissions, Quota, RecursiveInvocation, Service,
        SnapStart, Unknown,
    };
    // status, code, Lambda's message, a piece of the advice, kind, whether the
    // callee provably did not start, whether waiting may help.
    let rows = [
        (
            404,
            "ResourceNotFoundException",
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:invoked",
            "check the function name, the qualifier and the region",
            NotFound,
            true,
            false,
        ),
        (
            413,
            "RequestTooLargeException",
            "Request must be smaller than 6291456 bytes",
            "S3 key",
            PayloadTooLarge,
            true,
            false,
        ),
        (
            400,
            "InvalidRequestContentException",
            "Could not parse request body into json",
            "(HTTP 400): Could not parse",
            InvalidRequest,
            true,
            false,
        ),
        (
            502,
            "ENILimitReachedException",
            "Lambda was unable to create an ENI",
            "VPC configuration",
            Network,
            true,
            true,
        ),
        (
            502,
            "SubnetIPAddressLimitReachedException",
            "no free addresses",
            "free IP addresses",
            Network,
            true,
            true,
        ),
        (
            502,
            "InvalidSubnetIDException",
            "no such subnet",
            "VPC configuration",
            Network,
            true,
            false,
        ),
        (
            502,
            "EC2ThrottledException",
            "EC2 throttled",
            "VPC configuration",
            Network,
            true,
            true,
        ),
        (
            502,
            "KMSAccessDeniedException",
            "access denied to the key",
            "KMS key",
            Kms,
            true,
            false,
        ),
        (
            409,
            "SnapStartNotReadyException",
            "not ready",
            "SnapStart",
            SnapStart,
            true,
            true,
        ),
        (
            508,
            "RecursiveInvocationException",
            "loop",
            "recursive loop detection",
            RecursiveInvocation,
            true,
            false,
        ),
        (
            409,
            "ResourceConflictException",
            "being updated",
            "retry shortly",
            NotReady,
            true,
            true,
        ),
        (
            502,
            "ResourceNotReadyException",
            "being created",
            "retry shortly",
            NotReady,
            true,
            true,
        ),
        (
            500,
            "ServiceException",
            "internal error",
            "the callee may have run",
            Service,
            false,
            true,
        ),
        (
            403,
            "AccessDeniedException",
            "not authorized to perform: lambda:InvokeFunction",
            "lambda:InvokeFunction",
            Permissions,
            true,
            false,
        ),
        (
            408,
            "EFSMountConnectivityException",
            "could not connect to the mount target",
            "EFS mount targets",
            FileSystem,
            true,
            true,
        ),
        (
            403,
            "EFSMountFailureException",
            "mount failed",
            "EFS mount targets",
            FileSystem,
            true,
            false,
        ),
        (
            410,
            "EFSIOException",
            "an I/O error while the function ran",
            "EFS mount targets",
            FileSystem,
            false,
            false,
        ),
        (
            408,
            "S3FilesMountConnectivityException",
            "couldn't make a network connection to the access point",
            "S3 Files access point",
            FileSystem,
            true,
            true,
        ),
        (
            403,
            "S3FilesMountFailureException",
            "permission or configuration issue",
            "S3 Files access point",
            FileSystem,
            true,
            false,
        ),
        (
            408,
            "S3FilesMountTimeoutException",
            "the mount operation timed out",
            "S3 Files access point",
            FileSystem,
            true,
            true,
        ),
        (
            409,
            "CodeArtifactUserPendingException",
            "still being provisioned",
            "State to become Active",
            CodeArtifact,
            true,
            true,
        ),
        (
            409,
            "CodeArtifactUserDeletedException",
            "has been deleted",
            "update the function's code package",
            CodeArtifact,
            true,
            false,
        ),
        (
            409,
            "CodeArtifactUserFailedException",
            "provisioning failed",
            "StateReasonCode",
            CodeArtifact,
            true,
            false,
        ),
        (
            409,
            "DurableExecutionAlreadyStartedException",
            "already started",
            "use another name",
            DurableExecutionAlreadyStarted,
            true,
            false,
        ),
        (
            402,
            "ServiceQuotaExceededException",
            "would exceed a service quota",
            "quota increase",
            Quota,
            true,
            false,
        ),
        (
            409,
            "SomeFutureException",
            "new",
            "with SomeFutureException (HTTP 409): new",
            Unknown,
            false,
            false,
        ),
        (
            503,
            "SomeFutureException",
            "unavailable",
            "the callee may have run",
            Service,
            false,
            true,
        ),
    ];
    for call in Call::ALL {
        for (status, code, message, advice, kind, retry_safe, transient) in rows {
            let answer =
                Answer::api_error(status, code, json!({"Type": "User", "message": message}));
            let result = call.run(answer).await;
            let Err(InvokeError::Service(error)) = result else {
                panic!("{call:?} {code}: {result:?}");
            };
            assert_eq!(
                (error.status(), error.code(), error.message()),
                (status, code, Some(message))
            );
            assert_eq!(
                (error.kind(), error.is_retry_safe(), error.is_transient()),
                (kind, retry_safe, transient),
                "{code} ({status})"
            );
            assert_eq!(
                error.region(),
                Some("us-east-1"),
                "the region tried is named"
            );
            let display = error.to_string();
            assert!(
                display.contains(code)
                    && display.contains("`invoked`")
                    && display.contains("in us-east-1"),
                "{display}"
            );
            assert!(display.contains(advice), "{display} lacks {advice:?}");
        }
    }
}

/// `cargo lambda watch` answers a failing function with a 500 and the
/// function's error document, and no error code; Lambda's own 500 names
/// `ServiceException`.
#[tokio::test]
async fn cargo_lambdas_500_is_the_callees_failure_and_lambdas_is_a_refusal() {
    let document = r#"{"errorType":"ReadError","errorMessage":"refused"}"#;
    for call in Call::ALL {
        let result = call.run(Answer::new(500, document)).await;
        let Err(InvokeError::Function(error)) = result else {
            panic!("{call:?}: {result:?}");
        };
        assert_eq!(
            (error.error_type(), error.message(), error.is_unhandled()),
            (Some("ReadError"), Some("refused"), true)
        );
        let answer = Answer::api_error(500, "ServiceException", json!({"message": "internal"}));
        let result = call.run(answer).await;
        let Err(InvokeError::Service(error)) = result else {
            panic!("{call:?}: {result:?}");
        };
        assert_eq!(error.kind(), ServiceErrorKind::Service);
        // A 500 whose body has neither field is no function's document.
        let result = call.run(Answer::new(500, r#"{"oops": true}"#)).await;
        assert!(
            matches!(&result, Err(InvokeError::Service(error)) if error.status() == 500),
            "{call:?}: {result:?}"
        );
    }
}

/// `cargo lambda watch` answers an unknown function with a 404 that has no
/// error code, and a problem document.
#[tokio::test]
async fn a_404_without_a_code_is_not_found_and_says_what_was_called() {
    let body =
        json!({"title": "Missing function", "detail": "there is no function called `invoked`"});
    for call in Call::ALL {
        let result = call.run(Answer::new(404, body.to_string())).await;
        let Err(InvokeError::Service(error)) = result else {
            panic!("{call:?}: {result:?}");
        };
        assert_eq!(error.kind(), ServiceErrorKind::NotFound);
        assert_eq!(error.code(), "");
        assert_eq!(
            (error.is_retry_safe(), error.is_transient()),
            (false, false)
        );
        assert_eq!(
            error.message(),
            Some("there is no function called `invoked`")
        );
        assert_eq!(
            error.to_string(),
            "Lambda refused the call to `invoked` in us-east-1 with HTTP 404 and no error code: there is no function called `invoked`; check the function name, the qualifier and the region the client is configured for"
        );
    }
}

#[tokio::test]
async fn a_result_of_the_wrong_shape_is_a_decode_error_without_the_bytes() {
    let rows = [
        (
            r#"{"card": "4111-1111-1111-1111"}"#,
            ".",
            "missing field `echo`",
        ),
        (
            r#"{"echo": 4111111111111111}"#,
            "echo",
            "invalid type: integer, expected a string",
        ),
        (
            r#"{"echo": {"card": "4111-1111-1111-1111"}}"#,
            "echo",
            "invalid type: map, expected a string",
        ),
    ];
    for (secret, path, reason) in rows {
        let (sdk, _) = answering(Answer::new(200, secret));
        let result = one_attempt(sdk).read(reader()).await;
        let Err(InvokeError::Decode(error)) = result else {
            panic!("{result:?}")
        };
        assert_eq!(error.payload_len(), secret.len());
        assert_eq!(error.function(), "invoked");
        assert!(error.expected().ends_with("Echo"), "{}", error.expected());
        assert_eq!((error.path(), error.reason()), (path, reason), "{secret}");
        let error = InvokeError::<lambda_client::FunctionError>::Decode(error);
        // What anyhow or eyre print: the error and its whole source chain.
        let mut printed = format!("{error}\n{error:?}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            printed.push_str(&format!("\n{cause}\n{cause:?}"));
            source = cause.source();
        }
        assert!(!printed.contains("4111"), "{printed}");
        assert!(printed.contains(reason), "{printed}");
    }
}

#[tokio::test]
async fn a_payload_over_the_limit_is_refused_before_sending() {
    let big = |size: usize| Reader {
        message: "x".repeat(size),
    };
    let rows = [
        (InvocationType::RequestResponse, 6 * 1024 * 1024),
        (InvocationType::Event, 1024 * 1024),
    ];
    for (invocation_type, limit) in rows {
        // `{"message":"` and `"}` take 14 bytes.
        for (size, refused) in [(limit - 14, false), (limit - 13, true)] {
            let status = invocation_type.success_status();
            let (sdk, sent) = answering(Answer::new(status, r#"{"echo": ""}"#));
            let client = one_attempt(sdk);
            let result = match invocation_type {
                InvocationType::Event => client.read_later(&big(size)).await,
                _ => client.read(big(size)).await.map(drop),
            };
            let sent = sent.lock().unwrap().len();
            if !refused {
                assert!(result.is_ok(), "{invocation_type} at the limit: {result:?}");
                assert_eq!(sent, 1);
                continue;
            }
            let Err(InvokeError::PayloadTooLarge(error)) = result else {
                panic!("{result:?}")
            };
            assert_eq!(
                (error.size(), error.limit(), error.invocation_type()),
                (limit + 1, limit, invocation_type)
            );
            assert_eq!(sent, 0, "nothing is sent");
            assert!(error.to_string().contains(&format!("{} bytes", limit + 1)));
        }
    }
}

#[tokio::test]
async fn arguments_that_do_not_serialize_are_an_encode_error() {
    #[derive(Debug)]
    struct Unserializable;
    impl Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("this value has no JSON form"))
        }
    }
    #[lambda_client]
    trait Strange {
        #[lambda_client(name = "strange")]
        async fn send(&self, value: Unserializable) -> Result<(), InvokeError>;
    }
    let (sdk, sent) = answering(Answer::new(200, ""));
    let result = StrangeClient::new(sdk).send(Unserializable).await;
    let Err(InvokeError::Encode(error)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(error.function(), "strange");
    assert!(
        std::error::Error::source(&error)
            .unwrap()
            .to_string()
            .contains("no JSON form")
    );
    assert!(sent.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_endpoint_that_refuses_connections_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = aws_sdk_lambda::Config::builder()
        .with_test_defaults_v2()
        .retry_config(aws_sdk_lambda::config::retry::RetryConfig::disabled())
        .endpoint_url(endpoint)
        .build();
    let client = one_attempt(aws_sdk_lambda::Client::from_conf(config));
    let result = client.read(reader()).await;
    let Err(InvokeError::Transport(error)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(error.kind(), TransportErrorKind::Connect);
    assert!(error.is_retry_safe(), "a refused connection sent nothing");
    assert_eq!(error.function(), "invoked");
    let display = error.to_string();
    assert!(
        display.contains("NAT") && display.contains("AWS_ENDPOINT_URL_LAMBDA"),
        "{display}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

/// Everything an error prints (`Display`, `Debug`, and the whole `source()`
/// chain an error reporter walks), for every kind of failure: none of it may
/// carry the request's payload, nor a successful answer's.
#[tokio::test]
async fn no_error_prints_a_payload() {
    const SECRET: &str = "4111-1111-1111-1111";
    let secret_reader = || Reader {
        message: SECRET.to_owned(),
    };
    let with_secret = |body: serde_json::Value| body.to_string().replace("SECRET", SECRET);
    let answers = [
        Answer::api_error(
            429,
            "TooManyRequestsException",
            serde_json::from_str(&with_secret(json!({"Reason": "CallerRateLimitExceeded", "Type": "User", "message": "Rate Exceeded.", "echo": "SECRET"}))).unwrap(),
        ),
        Answer::api_error(
            404,
            "ResourceNotFoundException",
            serde_json::from_str(&with_secret(json!({"Type": "User", "message": "Function not found", "echo": "SECRET"}))).unwrap(),
        ),
        Answer::api_error(
            500,
            "ServiceException",
            serde_json::from_str(&with_secret(json!({"message": "internal", "payload": "SECRET"}))).unwrap(),
        ),
        Answer::new(503, with_secret(json!({"payload": "SECRET"}))),
        Answer::new(202, with_secret(json!({"echo": "SECRET"}))),
        Answer::new(200, with_secret(json!({"echo": {"card": "SECRET"}}))),
        Answer::new(200, with_secret(json!({"card": "SECRET"}))),
        Answer::new(200, format!("{{\"echo\": \"{}\"}}", SECRET.repeat(400_000))),
    ];
    for answer in answers {
        let (sdk, _) = answering(answer.clone());
        let error = one_attempt(sdk)
            .read(secret_reader())
            .await
            .expect_err("every answer here is a failure");
        let printed = printed(&error);
        assert!(!printed.contains(SECRET), "{answer:?} printed: {printed}");
    }
    // Failures before anything is sent.
    let (sdk, _) = answering(Answer::new(200, r#"{"echo": ""}"#));
    let client = one_attempt(sdk);
    let too_large = Reader {
        message: SECRET.repeat(400_000),
    };
    let error = client.read(too_large).await.expect_err("over the limit");
    assert!(matches!(error, InvokeError::PayloadTooLarge(_)));
    assert!(!printed(&error).contains(SECRET));
}

/// What an error reporter such as anyhow prints.
fn printed(error: &(dyn std::error::Error + 'static)) -> String {
    let mut printed = format!("{error}\n{error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        printed.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    printed
}
