//! Response streams that break after they began, at the wire: a server on
//! loopback answers `InvokeWithResponseStream` with a 200 and event frames
//! as Lambda's front end frames them (HTTP/1.1 chunked), or close-delimited,
//! then cuts the connection or sends an exception frame. The generated
//! client reads them through the real SDK.

use std::time::Duration;

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use futures_util::StreamExt as _;
use lambda_client::{
    ByteStream, InvokeError, ResponseStream, ServiceErrorKind, TransportErrorKind, lambda_client,
};
use lambda_client_tests::sdk_for;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    n: u64,
}

#[lambda_client]
pub trait Cut {
    #[lambda_client(name = "records", mode = "stream")]
    async fn records(&self) -> Result<ResponseStream<Record>, InvokeError>;

    #[lambda_client(name = "files", mode = "stream")]
    async fn file(&self) -> Result<ByteStream, InvokeError>;
}

fn event(event_type: &str, payload: &[u8]) -> Vec<u8> {
    let message = Message::new(payload.to_vec())
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("event".into()),
        ))
        .add_header(Header::new(
            ":event-type",
            HeaderValue::String(event_type.to_owned().into()),
        ))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String("application/octet-stream".into()),
        ));
    let mut frame = Vec::new();
    write_message_to(&message, &mut frame).expect("a frame");
    frame
}

fn exception(exception_type: &str, payload: &[u8]) -> Vec<u8> {
    let message = Message::new(payload.to_vec())
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("exception".into()),
        ))
        .add_header(Header::new(
            ":exception-type",
            HeaderValue::String(exception_type.to_owned().into()),
        ))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String("application/json".into()),
        ));
    let mut frame = Vec::new();
    write_message_to(&message, &mut frame).expect("a frame");
    frame
}

#[derive(Clone, Copy)]
enum Framing {
    Chunked,
    CloseDelimited,
}

/// Answers one call with a 200 and `frames`, then closes the connection
/// without ending the body (no last chunk, no `InvokeComplete`).
async fn cutting_server(framing: Framing, frames: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("loopback");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("the call");
        let mut request = Vec::new();
        let mut buffer = [0_u8; 4096];
        // The request: its head, then a body of its Content-Length.
        loop {
            let read = socket.read(&mut buffer).await.expect("the request");
            request.extend_from_slice(&buffer[..read]);
            if let Some(end) = request.windows(4).position(|window| window == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .map_or(0, |length| length.trim().parse().expect("a length"));
                while request.len() < end + 4 + length {
                    let read = socket.read(&mut buffer).await.expect("the body");
                    request.extend_from_slice(&buffer[..read]);
                }
                break;
            }
        }
        let mut answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\nx-amzn-requestid: cut-1\r\n".to_vec();
        answer.extend_from_slice(match framing {
            Framing::Chunked => b"transfer-encoding: chunked\r\n\r\n".as_slice(),
            Framing::CloseDelimited => b"connection: close\r\n\r\n".as_slice(),
        });
        for frame in frames {
            match framing {
                Framing::Chunked => {
                    answer.extend_from_slice(format!("{:x}\r\n", frame.len()).as_bytes());
                    answer.extend_from_slice(&frame);
                    answer.extend_from_slice(b"\r\n");
                }
                Framing::CloseDelimited => answer.extend_from_slice(&frame),
            }
        }
        socket.write_all(&answer).await.expect("the answer");
        socket.flush().await.expect("sent");
        // Give the client the frames before the cut.
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(socket);
    });
    endpoint
}

/// Reads a records stream to its end: the records, then its error.
async fn records_until_error(endpoint: &str) -> (Vec<Record>, InvokeError) {
    let client = CutClient::new(sdk_for(endpoint));
    let mut stream = client.records().await.expect("the stream starts");
    let mut records = Vec::new();
    loop {
        match stream.next().await.expect("the stream ends in an error") {
            Ok(record) => records.push(record),
            Err(error) => {
                assert!(stream.next().await.is_none(), "nothing after the error");
                return (records, error);
            }
        }
    }
}

fn two_records() -> Vec<Vec<u8>> {
    vec![
        event("PayloadChunk", b"{\"n\":1}\n"),
        event("PayloadChunk", b"{\"n\":2}\n"),
    ]
}

#[tokio::test]
async fn a_stream_cut_after_records_says_so_in_either_framing() {
    for framing in [Framing::Chunked, Framing::CloseDelimited] {
        let endpoint = cutting_server(framing, two_records()).await;
        let (records, error) = records_until_error(&endpoint).await;
        assert_eq!(records, [Record { n: 1 }, Record { n: 2 }]);
        let InvokeError::Transport(error) = error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert_eq!(error.kind(), TransportErrorKind::Response);
        assert_eq!(error.records_received(), Some(2));
        assert_eq!(error.bytes_received(), Some(16));
        assert!(!error.is_retry_safe(), "the callee ran");
        let message = error.to_string();
        assert!(
            message.contains("after 2 records (16 bytes)"),
            "says how far the stream got: {message}"
        );
        assert!(
            !message.contains("VPC") && !message.contains("NAT"),
            "a stream that flowed needs no route advice: {message}"
        );
    }
}

#[tokio::test]
async fn a_byte_stream_cut_says_how_many_bytes_arrived() {
    let frames = vec![
        event("PayloadChunk", b"first part "),
        event("PayloadChunk", b"second"),
    ];
    let endpoint = cutting_server(Framing::Chunked, frames).await;
    let client = CutClient::new(sdk_for(&endpoint));
    let mut stream = client.file().await.expect("the stream starts");
    let mut data = Vec::new();
    let error = loop {
        match stream.next().await.expect("the stream ends in an error") {
            Ok(bytes) => data.extend_from_slice(&bytes),
            Err(error) => break error,
        }
    };
    assert_eq!(data, b"first part second");
    let InvokeError::Transport(error) = error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(error.kind(), TransportErrorKind::Response);
    assert_eq!(error.records_received(), None);
    assert_eq!(error.bytes_received(), Some(17));
    let message = error.to_string();
    assert!(message.contains("after 17 bytes"), "{message}");
    assert!(!message.contains("VPC"), "{message}");
}

#[tokio::test]
async fn an_exception_frame_mid_stream_is_lambdas_refusal_with_its_type_and_message() {
    let mut frames = two_records();
    frames.push(exception(
        "ServiceException",
        br#"{"message":"Lambda could not finish the stream"}"#,
    ));
    let endpoint = cutting_server(Framing::Chunked, frames).await;
    let (records, error) = records_until_error(&endpoint).await;
    assert_eq!(records.len(), 2);
    let InvokeError::Service(error) = error else {
        panic!("expected Lambda's refusal, got {error:?}")
    };
    assert_eq!(error.code(), "ServiceException");
    assert_eq!(error.kind(), ServiceErrorKind::Service);
    assert_eq!(error.message(), Some("Lambda could not finish the stream"));
}
