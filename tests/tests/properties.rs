//! Whatever the network sends, through the real SDK and the local Lambda's
//! own HTTP: no panic, a typed answer, and no secret of the answer's body,
//! of a stream's frames or of a document's map keys in what an error prints.

use std::collections::HashMap;

use futures_util::StreamExt as _;
use lambda_client::{
    ByteStream, ClientConfig, InvokeError, ResponseStream, RetryPolicy, ThrottleReason,
    lambda_client,
};
use lambda_client_tests::{Answer, answering, sdk_for};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[lambda_client]
trait Probed {
    #[lambda_client(name = "probed")]
    async fn read(&self, message: String) -> Result<String, InvokeError>;

    #[lambda_client(name = "probed", mode = "event")]
    async fn read_later(&self, message: String) -> Result<(), InvokeError>;

    #[lambda_client(name = "probed", mode = "stream")]
    async fn watch(&self, message: String) -> Result<ByteStream, InvokeError>;

    #[lambda_client(name = "probed", mode = "stream")]
    async fn counts(&self, message: String) -> Result<ResponseStream<u64>, InvokeError>;

    #[lambda_client(name = "node")]
    async fn node(&self, node: Node) -> Result<Node, InvokeError>;

    #[lambda_client(name = "nodes")]
    async fn nodes(
        &self,
        nodes: HashMap<String, Node>,
    ) -> Result<HashMap<String, Node>, InvokeError>;

    #[lambda_client(name = "list")]
    async fn list(&self, nodes: Vec<Node>) -> Result<Vec<Node>, InvokeError>;
}

/// A document of any depth: struct fields, a sequence, a map keyed by
/// data, and a number to get wrong at the bottom.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Node {
    #[serde(default)]
    items: Vec<Node>,
    #[serde(default)]
    by_key: HashMap<String, Node>,
    #[serde(default)]
    child: Option<Box<Node>>,
    #[serde(default)]
    count: Option<u64>,
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

/// Fails when `printed` holds `secret`, as text or as the list of numbers a
/// `Vec<u8>`'s `Debug` writes.
fn assert_hidden(printed: &str, secret: &str) -> Result<(), TestCaseError> {
    prop_assert!(!printed.contains(secret), "{secret} in {printed}");
    let bytes = format!("{:?}", secret.as_bytes());
    let bytes = bytes.trim_start_matches('[').trim_end_matches(']');
    prop_assert!(
        !printed.contains(bytes),
        "the bytes of {secret} in {printed}"
    );
    Ok(())
}

/// Every error the same answer ends in, read as bytes and as records: the
/// call's, or the one that ends the stream.
async fn stream_errors(client: &ProbedClient) -> Vec<InvokeError> {
    let mut errors = Vec::new();
    match client.watch("hi".to_owned()).await {
        Ok(mut stream) => {
            while let Some(item) = stream.next().await {
                if let Err(error) = item {
                    errors.push(error);
                }
            }
        }
        Err(error) => errors.push(error),
    }
    match client.counts("hi".to_owned()).await {
        Ok(mut stream) => {
            while let Some(item) = stream.next().await {
                if let Err(error) = item {
                    errors.push(error);
                }
            }
        }
        Err(error) => errors.push(error),
    }
    errors
}

/// One event-stream frame with string headers.
fn frame(headers: &[(&'static str, &str)], payload: &[u8]) -> Vec<u8> {
    use aws_smithy_types::event_stream::{Header, HeaderValue, Message};

    let mut message = Message::new(bytes::Bytes::copy_from_slice(payload));
    for (name, value) in headers {
        message = message.add_header(Header::new(
            *name,
            HeaderValue::String((*value).to_owned().into()),
        ));
    }
    let mut frame = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut frame).expect("a frame");
    frame
}

/// An event of the stream, as Lambda frames it.
fn event(event_type: &str, content_type: &str, payload: &[u8]) -> Vec<u8> {
    frame(
        &[
            (":message-type", "event"),
            (":event-type", event_type),
            (":content-type", content_type),
        ],
        payload,
    )
}

/// Where a secret sits in the last frames of a response stream.
#[derive(Debug, Clone, Copy)]
enum BadFrame {
    /// A `PayloadChunk` of another content type, the secret its payload.
    ChunkOfAnotherType,
    /// An `InvokeComplete` whose payload is not JSON.
    CompleteNotJson,
    /// An `InvokeComplete` whose `ErrorDetails` is an error document with
    /// the secret beside its `errorType` and `errorMessage`.
    CompleteWithDetails,
    /// An exception frame, the secret beside its message.
    Exception,
    /// An exception frame whose payload is not JSON.
    ExceptionNotJson,
    /// A frame of a message type the SDK does not know.
    UnknownMessageType,
    /// A `PayloadChunk` with the secret, cut before its end.
    CutChunk(usize),
    /// Bytes that are no frame at all.
    Garbage,
}

fn bad_frame() -> impl Strategy<Value = BadFrame> {
    prop_oneof![
        Just(BadFrame::ChunkOfAnotherType),
        Just(BadFrame::CompleteNotJson),
        Just(BadFrame::CompleteWithDetails),
        Just(BadFrame::Exception),
        Just(BadFrame::ExceptionNotJson),
        Just(BadFrame::UnknownMessageType),
        (1_usize..4).prop_map(BadFrame::CutChunk),
        Just(BadFrame::Garbage),
    ]
}

fn bad_frame_bytes(bad: BadFrame, secret: &str) -> Vec<u8> {
    match bad {
        BadFrame::ChunkOfAnotherType => event("PayloadChunk", "text/plain", secret.as_bytes()),
        BadFrame::CompleteNotJson => event(
            "InvokeComplete",
            "application/json",
            format!("ErrorDetails={secret}").as_bytes(),
        ),
        BadFrame::CompleteWithDetails => {
            let details = serde_json::json!({
                "errorType": "Boom",
                "errorMessage": "it broke",
                "data": { "card": secret },
            });
            let complete = serde_json::json!({
                "ErrorCode": "Unhandled",
                "ErrorDetails": details.to_string(),
            });
            event(
                "InvokeComplete",
                "application/json",
                complete.to_string().as_bytes(),
            )
        }
        BadFrame::Exception => frame(
            &[
                (":message-type", "exception"),
                (":exception-type", "ServiceException"),
                (":content-type", "application/json"),
            ],
            serde_json::json!({ "message": "the stream failed", "payload": secret })
                .to_string()
                .as_bytes(),
        ),
        BadFrame::ExceptionNotJson => frame(
            &[
                (":message-type", "exception"),
                (":exception-type", "ServiceException"),
                (":content-type", "application/json"),
            ],
            format!("payload={secret}").as_bytes(),
        ),
        BadFrame::UnknownMessageType => frame(
            &[
                (":message-type", "surprise"),
                (":event-type", "PayloadChunk"),
            ],
            secret.as_bytes(),
        ),
        BadFrame::CutChunk(cut) => {
            // The frame ends in a 4-byte checksum: cut into it, after the secret.
            let mut frame = event(
                "PayloadChunk",
                "application/octet-stream",
                secret.as_bytes(),
            );
            frame.truncate(frame.len() - cut);
            frame
        }
        BadFrame::Garbage => format!("{secret}\n").into_bytes(),
    }
}

/// How an answer's body is cut off.
#[derive(Debug, Clone, Copy)]
enum Cut {
    /// `Content-Length` promises more than is sent.
    Short,
    /// A chunk of a chunked body is cut off.
    Chunked,
    /// No length: the connection's end ends the body, whatever it holds.
    Closed,
}

/// An HTTP/1.1 answer whose body is cut off as `cut` says.
fn cut_answer(status: u16, headers: &[(&str, &str)], body: &[u8], cut: Cut) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let mut answer = match cut {
        Cut::Short => format!("{head}Content-Length: {}\r\n\r\n", body.len() + 64).into_bytes(),
        Cut::Chunked => format!(
            "{head}Transfer-Encoding: chunked\r\n\r\n{:x}\r\n",
            body.len() + 64
        )
        .into_bytes(),
        Cut::Closed => format!("{head}Connection: close\r\n\r\n").into_bytes(),
    };
    answer.extend_from_slice(body);
    answer
}

/// An endpoint on loopback that reads each request whole, answers it with
/// `answer`'s bytes as they are, and hangs up.
async fn raw_endpoint(answer: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer_once(stream, answer.clone()));
        }
    });
    endpoint
}

async fn answer_once(mut stream: tokio::net::TcpStream, answer: Vec<u8>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    // Read the request to its end: unread bytes would turn the hang-up into
    // a reset that may overtake the answer.
    let mut request = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let Ok(read) = stream.read(&mut buffer).await else {
            return;
        };
        if read == 0 {
            return;
        }
        request.extend_from_slice(&buffer[..read]);
        let Some(end) = request.windows(4).position(|window| window == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|length| length.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if request.len() >= end + 4 + length {
            break;
        }
    }
    let _ = stream.write_all(&answer).await;
    let _ = stream.shutdown().await;
}

fn raw_client(endpoint: &str) -> ProbedClient {
    ProbedClient::with_config(
        sdk_for(endpoint),
        ClientConfig::new().retry(RetryPolicy::none()),
    )
}

/// One step down a `Node`, and the key a map step takes.
#[derive(Debug, Clone)]
enum Step {
    Item(usize),
    Key(String),
    Child,
}

/// A map key: often one that looks like a secret, sometimes one that
/// spells a field's name, and sometimes anything at all.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{6,12}".prop_map(|key| format!("secret-{key}")),
        "[a-z]{3,10}".prop_map(|name| format!("{name}@example.com")),
        "4[0-9]{15}",
        Just("count".to_owned()),
        Just("items".to_owned()),
        Just("by_key".to_owned()),
        Just("key".to_owned()),
        "\\PC{0,16}",
    ]
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        (0_usize..4).prop_map(Step::Item),
        key().prop_map(Step::Key),
        Just(Step::Child),
    ];
    proptest::collection::vec(step, 0..6)
}

/// How the value at the bottom is wrong.
#[derive(Debug, Clone, Copy)]
enum Wrong {
    /// A string where `count` takes a number.
    Type,
    /// The document ends where `count`'s value should start.
    Truncated,
}

/// A `Node` document that fails at `count` below `steps`, with a sibling
/// key before each map step (data too) and the path a decode error names.
fn failing_node(steps: &[Step], wrong: Wrong, secret: &str) -> (String, String) {
    let mut path = String::new();
    let mut open = String::new();
    let mut close = Vec::new();
    for step in steps {
        match step {
            Step::Item(index) => {
                path.push_str(if path.is_empty() { "items" } else { ".items" });
                path.push_str(&format!("[{index}]"));
                open.push_str(r#"{"items":["#);
                for _ in 0..*index {
                    open.push_str("{},");
                }
                close.push("]}");
            }
            Step::Key(key) => {
                path.push_str(if path.is_empty() { "by_key" } else { ".by_key" });
                path.push_str("[key]");
                let sibling = serde_json::to_string(&format!("{key}-sibling")).unwrap();
                let key = serde_json::to_string(key).unwrap();
                open.push_str(&format!(r#"{{"by_key":{{{sibling}:{{}},{key}:"#));
                close.push("}}");
            }
            Step::Child => {
                path.push_str(if path.is_empty() { "child" } else { ".child" });
                open.push_str(r#"{"child":"#);
                close.push("}");
            }
        }
    }
    path.push_str(if path.is_empty() { "count" } else { ".count" });
    let document = match wrong {
        Wrong::Type => {
            let mut document = format!(r#"{open}{{"count":"{secret}"}}"#);
            for close in close.iter().rev() {
                document.push_str(close);
            }
            document
        }
        Wrong::Truncated => format!(r#"{open}{{"count":"#),
    };
    (document, path)
}

/// The same document under a root of another kind: a map or a sequence.
#[derive(Debug, Clone)]
enum Root {
    Node,
    Map(String),
    List(usize),
}

fn root() -> impl Strategy<Value = Root> {
    prop_oneof![
        Just(Root::Node),
        key().prop_map(Root::Map),
        (0_usize..3).prop_map(Root::List),
    ]
}

fn under_root(root: &Root, document: &str, path: &str, wrong: Wrong) -> (String, String) {
    let end = |close: &str| match wrong {
        Wrong::Type => close.to_owned(),
        Wrong::Truncated => String::new(),
    };
    match root {
        Root::Node => (document.to_owned(), path.to_owned()),
        Root::Map(key) => (
            format!(
                "{{{}:{document}{}",
                serde_json::to_string(key).unwrap(),
                end("}")
            ),
            format!("[key].{path}"),
        ),
        Root::List(index) => (
            format!("[{}{document}{}", "{},".repeat(*index), end("]")),
            format!("[{index}].{path}"),
        ),
    }
}

/// The keys among `steps` and `root` that no error could print by chance.
fn secret_keys(steps: &[Step], root: &Root) -> Vec<String> {
    let looks_secret = |key: &str| {
        key.starts_with("secret-")
            || key.contains('@')
            || (key.len() == 16 && key.bytes().all(|byte| byte.is_ascii_digit()))
    };
    steps
        .iter()
        .filter_map(|step| match step {
            Step::Key(key) => Some(key.clone()),
            _ => None,
        })
        .chain(match root {
            Root::Map(key) => Some(key.clone()),
            _ => None,
        })
        .filter(|key| looks_secret(key))
        .collect()
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

    #[test]
    fn secrets_in_an_answers_body_are_not_printed(
        status in prop_oneof![Just(200_u16), Just(400), Just(404), Just(413), Just(500), Just(502), Just(503), 200_u16..600],
        code in proptest::option::of(prop_oneof![
            Just("ServiceException".to_owned()),
            Just("ResourceNotFoundException".to_owned()),
            "[A-Za-z.]{1,30}",
        ]),
        shape in 0_usize..6,
        repeated_header in any::<bool>(),
        secret in "[a-z0-9]{8,16}",
    ) {
        let secret = format!("secret-{secret}");
        // The secret sits where no error looks: not a message, not a code.
        let body = match shape {
            0 => format!("{secret} is not JSON"),
            1 => format!("<html><body><h1>502 Bad Gateway</h1><p>{secret}</p></body></html>"),
            2 => format!(r#"{{"payload":"{secret}"#),
            3 => serde_json::json!({ "Type": "User", "data": { "card": secret }, "errors": [secret] }).to_string(),
            4 => format!(r#"{{"message": 1, "payload": "{secret}"}}"#),
            _ => format!("\u{0}\u{1}{secret}\u{7f}"),
        };
        let mut answer = Answer::new(status, body);
        if let Some(code) = &code {
            answer = answer.header("x-amzn-ErrorType", code.clone());
        }
        if repeated_header {
            // A header the SDK cannot read: two values where it takes one.
            answer = answer
                .header("X-Amz-Executed-Version", "1")
                .header("X-Amz-Executed-Version", "2");
        }
        let runtime = runtime();
        let mut errors = Vec::new();
        errors.extend(runtime.block_on(probed(answer.clone()).read("hi".to_owned())).err());
        errors.extend(runtime.block_on(probed(answer.clone()).read_later("hi".to_owned())).err());
        errors.extend(runtime.block_on(stream_errors(&probed(answer))));
        prop_assert!(!errors.is_empty());
        for error in &errors {
            assert_hidden(&printed(error), &secret)?;
        }
    }

    #[test]
    fn secrets_in_event_stream_frames_are_not_printed(
        before in 0_usize..3,
        bad in bad_frame(),
        secret in "[a-z0-9]{8,16}",
    ) {
        let secret = format!("secret-{secret}");
        let mut body = Vec::new();
        for _ in 0..before {
            body.extend(event("PayloadChunk", "application/octet-stream", b"1\n"));
        }
        body.extend(bad_frame_bytes(bad, &secret));
        let answer = Answer::new(200, body)
            .header("Content-Type", "application/vnd.amazon.eventstream");
        let errors = runtime().block_on(stream_errors(&probed(answer)));
        prop_assert_eq!(errors.len(), 2, "both streams end in an error: {:?}", errors);
        for error in &errors {
            assert_hidden(&printed(error), &secret)?;
            if matches!(bad, BadFrame::CompleteWithDetails) {
                // What the callee said stays reachable, only not printed whole.
                let InvokeError::Function(failure) = error else {
                    return Err(TestCaseError::fail(format!("{error:?}")));
                };
                prop_assert_eq!(failure.error_type(), Some("Boom"));
                prop_assert_eq!(failure.message(), Some("it broke"));
                prop_assert!(String::from_utf8_lossy(failure.document()).contains(&secret));
            }
        }
    }

    #[test]
    fn a_connection_cut_mid_body_prints_no_secret(
        status in prop_oneof![Just(200_u16), Just(500), Just(502)],
        cut in prop_oneof![Just(Cut::Short), Just(Cut::Chunked), Just(Cut::Closed)],
        stream in any::<bool>(),
        secret in "[a-z0-9]{8,16}",
    ) {
        let secret = format!("secret-{secret}");
        let (headers, body) = if stream && status == 200 {
            let mut body = event("PayloadChunk", "application/octet-stream", b"1\n");
            let mut cut_frame = event("PayloadChunk", "application/octet-stream", secret.as_bytes());
            cut_frame.truncate(cut_frame.len() - 2);
            body.extend(cut_frame);
            (vec![("Content-Type", "application/vnd.amazon.eventstream")], body)
        } else {
            let body = format!(r#"{{"payload":"{secret}","more":"#).into_bytes();
            let mut headers = vec![("Content-Type", "application/json")];
            if status != 200 {
                headers.push(("x-amzn-ErrorType", "ServiceException"));
            }
            (headers, body)
        };
        let answer = cut_answer(status, &headers, &body, cut);
        let errors = runtime().block_on(async {
            let client = raw_client(&raw_endpoint(answer).await);
            if stream {
                stream_errors(&client).await
            } else {
                client.read("hi".to_owned()).await.err().into_iter().collect()
            }
        });
        prop_assert!(!errors.is_empty());
        for error in &errors {
            assert_hidden(&printed(error), &secret)?;
        }
    }

    #[test]
    fn a_decode_error_names_fields_and_indices_and_no_map_key(
        steps in steps(),
        root in root(),
        wrong in prop_oneof![Just(Wrong::Type), Just(Wrong::Truncated)],
        secret in "[a-z0-9]{8,16}",
    ) {
        let secret = format!("secret-{secret}");
        let (document, path) = failing_node(&steps, wrong, &secret);
        let (document, path) = under_root(&root, &document, &path, wrong);
        let client = probed(Answer::new(200, document.clone()));
        let runtime = runtime();
        let error = match root {
            Root::Node => runtime.block_on(client.node(Node::default())).err(),
            Root::Map(_) => runtime.block_on(client.nodes(HashMap::new())).err(),
            Root::List(_) => runtime.block_on(client.list(Vec::new())).err(),
        };
        let Some(error @ InvokeError::Decode(decode)) = &error else {
            return Err(TestCaseError::fail(format!("{error:?} for {document}")));
        };
        prop_assert_eq!(decode.path(), path.as_str(), "{}", document);
        let printed = printed(error);
        prop_assert!(printed.contains(&format!("at `{path}`")), "{printed}");
        assert_hidden(&printed, &secret)?;
        for key in secret_keys(&steps, &root) {
            assert_hidden(&printed, &key)?;
        }
    }
}

/// The callee's side of the same: the message `lambda_runtime` (here the
/// local Lambda, which words it the same) sends back names the fields and
/// indices, and no map key.
#[test]
fn the_callees_decode_error_names_fields_and_indices_and_no_map_key() {
    use aws_sdk_lambda::primitives::Blob;

    let runtime = runtime();
    let lambda = runtime
        .block_on(
            lambda_client_local::LocalLambda::builder()
                .function(
                    "node",
                    ProbedCallee::node(
                        |node: Node| async move { Ok::<_, lambda_runtime::Error>(node) },
                    ),
                )
                .function(
                    "nodes",
                    ProbedCallee::nodes(|nodes: HashMap<String, Node>| async move {
                        Ok::<_, lambda_runtime::Error>(nodes)
                    }),
                )
                .function(
                    "list",
                    ProbedCallee::list(|nodes: Vec<Node>| async move {
                        Ok::<_, lambda_runtime::Error>(nodes)
                    }),
                )
                .start(),
        )
        .expect("starts");
    let sdk = lambda.sdk_client();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(300));
    runner
        .run(
            &(steps(), root(), "[a-z0-9]{8,16}"),
            |(steps, root, secret)| {
                let secret = format!("secret-{secret}");
                // Lambda refuses a payload that is not JSON: only a wrong type
                // reaches the callee.
                let (document, path) = failing_node(&steps, Wrong::Type, &secret);
                let (document, path) = under_root(&root, &document, &path, Wrong::Type);
                let function = match root {
                    Root::Node => "node",
                    Root::Map(_) => "nodes",
                    Root::List(_) => "list",
                };
                let output = runtime
                    .block_on(
                        sdk.invoke()
                            .function_name(function)
                            .payload(Blob::new(document.clone()))
                            .send(),
                    )
                    .expect("the call is made");
                prop_assert_eq!(output.function_error(), Some("Unhandled"), "{}", document);
                let failure = lambda_client::FunctionError::from_document(
                    "Unhandled",
                    output
                        .payload()
                        .map(|payload| payload.as_ref().to_vec())
                        .unwrap_or_default(),
                );
                let message = failure.message().unwrap_or_default();
                prop_assert!(
                    message.contains(&format!("[{path}] ")),
                    "{} for {}",
                    message,
                    document
                );
                let printed = format!("{message}\n{failure}\n{failure:?}");
                assert_hidden(&printed, &secret)?;
                for key in secret_keys(&steps, &root) {
                    assert_hidden(&printed, &key)?;
                }
                Ok(())
            },
        )
        .unwrap();
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
