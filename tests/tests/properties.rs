//! Whatever the network sends, through the real SDK and the local Lambda's
//! own HTTP: no panic, a typed answer, and no secret of the answer's body in
//! what an error prints.

use lambda_client::{ClientConfig, InvokeError, RetryPolicy, ThrottleReason, lambda_client};
use lambda_client_tests::{Answer, answering};
use proptest::prelude::*;

#[lambda_client]
trait Probed {
    #[lambda_client(name = "probed")]
    async fn read(&self, message: String) -> Result<String, InvokeError>;

    #[lambda_client(name = "probed", mode = "event")]
    async fn read_later(&self, message: String) -> Result<(), InvokeError>;
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn probed(answer: Answer) -> ProbedClient {
    let (sdk, _) = answering(answer);
    ProbedClient::with_config(sdk, ClientConfig::new().retry(RetryPolicy::none()))
}

/// What an error reporter such as anyhow prints.
fn printed(error: &(dyn std::error::Error + 'static)) -> String {
    use std::fmt::Write as _;

    let mut printed = format!("{error}\n{error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        write!(printed, "\n{cause}\n{cause:?}").unwrap();
        source = cause.source();
    }
    printed
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_throttle_reason_and_retry_after_is_read(
        reason in proptest::option::of("[ -~]{0,40}"),
        retry_after in proptest::option::of(prop_oneof![
            any::<u64>().prop_map(|seconds| seconds.to_string()),
            "[ -~]{0,24}",
        ]),
    ) {
        let mut body = serde_json::json!({ "Type": "User", "message": "Rate Exceeded." });
        if let Some(reason) = &reason {
            body["Reason"] = reason.clone().into();
        }
        let mut answer = Answer::api_error(429, "TooManyRequestsException", body);
        if let Some(retry_after) = &retry_after {
            answer = answer.header("Retry-After", retry_after.clone());
        }
        let result = runtime().block_on(probed(answer).read("hi".to_owned()));
        let Err(InvokeError::Throttled(throttled)) = result else {
            panic!("{result:?}")
        };
        let expected = match reason.as_deref() {
            None | Some("") => ThrottleReason::Unspecified,
            Some(reason) => ThrottleReason::from(reason),
        };
        prop_assert_eq!(throttled.reason(), &expected);
        let parsed = retry_after.and_then(|value| value.trim().parse::<u64>().ok());
        prop_assert_eq!(throttled.retry_after_seconds(), parsed);
        prop_assert!(!throttled.to_string().chars().any(char::is_control));
    }

    #[test]
    fn any_status_headers_and_body_end_in_a_typed_answer_without_printing_secrets(
        status in prop_oneof![100_u16..600, Just(200), Just(202), Just(204), Just(429), Just(500)],
        function_error in proptest::option::of(prop_oneof![Just("Unhandled".to_owned()), Just("Handled".to_owned()), "[ -~]{0,12}"]),
        code in proptest::option::of("[A-Za-z.]{1,30}"),
        secret in "[a-z0-9]{8,16}",
        shape in 0_usize..4,
    ) {
        let secret = format!("secret-{secret}");
        // The secret sits where no error ever looks: not a message, not an
        // error type.
        let body = match shape {
            0 => serde_json::json!({ "echo": secret }).to_string(),
            1 => serde_json::json!({ "data": { "card": secret }, "errorType": "Boom" }).to_string(),
            2 => serde_json::json!([secret]).to_string(),
            _ => serde_json::json!({ "payload": secret, "Type": "User" }).to_string(),
        };
        let mut answer = Answer::new(status, body);
        if let Some(function_error) = &function_error {
            answer = answer.header("X-Amz-Function-Error", function_error.clone());
        }
        if let Some(code) = &code {
            answer = answer.header("x-amzn-ErrorType", code.clone());
        }
        let runtime = runtime();
        let sync = runtime.block_on(probed(answer.clone()).read("hi".to_owned()));
        let event = runtime.block_on(probed(answer).read_later("hi".to_owned()));
        for result in [sync.map(drop), event] {
            if let Err(error) = result {
                let printed = printed(&error);
                prop_assert!(!printed.contains(&secret), "{printed}");
            }
        }
    }
}

/// The local Lambda's request parsing, over raw HTTP: any method, path,
/// header and body gets an HTTP answer, and the server keeps serving.
#[test]
fn the_local_lambda_answers_any_request() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let runtime = runtime();
    let lambda = runtime
        .block_on(
            lambda_client_local::LocalLambda::builder()
                .function(
                    "probed",
                    ProbedCallee::read(|message: String| async move {
                        Ok::<_, lambda_runtime::Error>(message)
                    }),
                )
                .start(),
        )
        .expect("starts");
    let address = lambda
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let send = |request: Vec<u8>| {
        let address = address.clone();
        runtime.block_on(async move {
            let mut stream = tokio::net::TcpStream::connect(&address)
                .await
                .expect("connects");
            stream.write_all(&request).await.expect("sends");
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            answer
        })
    };
    let path = prop_oneof![
        Just("/2015-03-31/functions/probed/invocations".to_owned()),
        Just("/2015-03-31/functions/probed:1/invocations?Qualifier=2".to_owned()),
        Just("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aprobed/invocations".to_owned()),
        "/[ -~&&[^ ]]{0,60}",
    ];
    let header = prop_oneof![
        "[ -~]{0,20}".prop_map(|value| format!("X-Amz-Invocation-Type: {value}")),
        "[ -~]{0,20}".prop_map(|value| format!("X-Amz-Log-Type: {value}")),
        "[A-Za-z0-9+/=]{0,60}".prop_map(|value| format!("X-Amz-Client-Context: {value}")),
        "[ -~]{0,40}".prop_map(|value| format!("X-Amzn-Trace-Id: {value}")),
        "[ -~]{0,20}".prop_map(|value| format!("Content-Type: {value}")),
    ];
    let body = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200),
        ".{0,40}".prop_map(|text| serde_json::to_vec(&text).unwrap()),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(300));
    runner
        .run(
            &(
                prop_oneof![Just("POST".to_owned()), Just("GET".to_owned()), "[A-Z]{1,8}"],
                path,
                proptest::collection::vec(header, 0..4),
                body,
            ),
            |(method, path, headers, body)| {
                let mut request = format!(
                    "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for header in headers {
                    request.push_str(&header);
                    request.push_str("\r\n");
                }
                request.push_str("\r\n");
                let mut request = request.into_bytes();
                request.extend_from_slice(&body);
                let answer = send(request);
                prop_assert!(answer.starts_with(b"HTTP/1.1 "), "{:?}", String::from_utf8_lossy(&answer));
                Ok(())
            },
        )
        .unwrap();
    // Still serving.
    let client = ProbedClient::new(lambda.sdk_client());
    assert_eq!(
        runtime.block_on(client.read("still".to_owned())).unwrap(),
        "still"
    );
}
