//! What an error reporter prints: anyhow, eyre and `tracing` walk
//! `source()` and print each error's message after the one before. No
//! message may already hold one that follows it, or the reporter prints it
//! twice (`the function ran and failed: only 2 left: only 2 left`).

use std::time::Duration;

use contract::{Invoked, InvokedClient, ReadError, Reader};
use lambda_client::durable::Polling;
use lambda_client::{ClientConfig, DurableCall, FunctionError, InvokeError, Transport};
use lambda_client_tests::{Answer, answering};

#[lambda_client::lambda_client]
trait Untyped {
    #[lambda_client(name = "echo")]
    async fn echo(&self, value: u64) -> Result<u64, InvokeError>;
}

/// The messages a reporter prints for `error`, in order.
fn chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        messages.push(cause.to_string());
        source = cause.source();
    }
    messages
}

/// Asserts that no message in `error`'s chain repeats one after it.
fn printed_once(case: &str, error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let messages = chain(error);
    for (at, message) in messages.iter().enumerate() {
        for later in &messages[at + 1..] {
            assert!(
                !message.contains(later.as_str()),
                "{case}: `{later}` is printed twice, in `{message}` and after it"
            );
        }
    }
    messages
}

fn reader() -> Reader {
    Reader {
        message: "hi".to_owned(),
    }
}

async fn call(answer: Answer) -> InvokeError<ReadError> {
    let (sdk, _) = answering(answer);
    let client = InvokedClient::with_config(
        sdk,
        ClientConfig::new().retry(lambda_client::RetryPolicy::none()),
    );
    client
        .read(reader())
        .await
        .expect_err("the answer is a failure")
}

#[tokio::test]
async fn every_error_of_a_call_prints_each_message_once() {
    let typed: InvokeError<ReadError> = InvokeError::Function(ReadError::Refused {
        message: "only 2 of A-1 left".to_owned(),
    });
    let messages = printed_once("a typed callee error", &typed);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("only 2 of A-1 left"), "{messages:?}");

    let document = r#"{"errorType":"Oops","errorMessage":"only 2 of A-1 left"}"#;
    let untyped: InvokeError<FunctionError> = {
        let (sdk, _) =
            answering(Answer::new(200, document).header("X-Amz-Function-Error", "Unhandled"));
        match UntypedClient::new(sdk).echo(1).await {
            Err(error) => error,
            Ok(value) => panic!("answered {value:?}"),
        }
    };
    let messages = printed_once("the callee's untyped error", &untyped);
    assert_eq!(
        messages,
        ["the function ran and failed: unhandled Oops: only 2 of A-1 left"]
    );

    let cases = [
        (
            "Lambda's own 500",
            Answer::api_error(
                500,
                "ServiceException",
                serde_json::json!({"message": "internal error"}),
            ),
        ),
        (
            "a throttle",
            Answer::api_error(
                429,
                "TooManyRequestsException",
                serde_json::json!({"Reason": "ReservedFunctionConcurrentInvocationLimitExceeded", "Type": "User", "message": "Rate Exceeded."}),
            ),
        ),
        (
            "not found",
            Answer::api_error(
                404,
                "ResourceNotFoundException",
                serde_json::json!({"message": "Function not found: invoked"}),
            ),
        ),
        ("a bare 503", Answer::new(503, "Service Unavailable")),
        (
            "a result that does not decode",
            Answer::new(200, r#"{"echo": 42}"#),
        ),
        ("a status that does not fit", Answer::new(204, "")),
    ];
    for (case, answer) in cases {
        let error = call(answer).await;
        let messages = printed_once(case, &error);
        assert!(!messages[0].is_empty(), "{case}");
    }
}

/// No answer at all: the timeout that fired is the cause, said once.
#[tokio::test(start_paused = true)]
async fn a_timeout_names_the_timeout_once() {
    struct Silent;
    impl Transport for Silent {
        async fn invoke(
            &self,
            _: lambda_client::InvokeRequest,
        ) -> Result<lambda_client::InvokeResponse, lambda_client::ApiError> {
            std::future::pending().await
        }
    }
    let client =
        InvokedClient::with_config(Silent, ClientConfig::new().timeout(Duration::from_secs(1)));
    let error = client.read(reader()).await.expect_err("no answer");
    let messages = printed_once("a timeout", &error);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[1], "no answer within the attempt timeout of 1s");
}

#[tokio::test]
async fn a_refused_poll_prints_each_message_once() {
    let (sdk, _) = answering(Answer::api_error(
        403,
        "AccessDeniedException",
        serde_json::json!({"message": "not authorized to perform lambda:GetDurableExecution"}),
    ));
    let call: DurableCall<u64> = DurableCall::new(
        "fulfil",
        "arn:aws:lambda:us-east-1:123456789012:function:fulfil:live/durable-execution/o/0",
        sdk.prepared().durable_executions(),
        Polling::default(),
    );
    let error = call.result().await.expect_err("refused");
    let messages = printed_once("a refused poll", &error);
    assert_eq!(messages.len(), 1, "{messages:?}");
}
