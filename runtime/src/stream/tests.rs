//! The caller's reading of a stream, from events to records and errors,
//! however Lambda splits the bytes into chunks.

use bytes::Bytes;
use futures_util::{FutureExt as _, StreamExt as _};
use proptest::prelude::*;
use serde::Deserialize;

use super::wire::{ERROR_MARKER, HELD_LIMIT, STREAM_LIMIT};
use super::{ByteStream, ResponseStream};
use crate::error::{ApiError, FunctionError, InvokeError, TransportError, TransportErrorKind};
use crate::transport::{InvokeStreamResponse, StreamEvent};

const PRELUDE: &[u8] =
    b"{\"statusCode\":200,\"headers\":{\"content-type\":\"application/octet-stream\"},\"cookies\":[]}\0\0\0\0\0\0\0\0";

fn complete() -> StreamEvent {
    StreamEvent::Complete {
        error_code: None,
        error_details: None,
        log_result: None,
    }
}

fn chunk(bytes: &[u8]) -> StreamEvent {
    StreamEvent::Chunk(Bytes::copy_from_slice(bytes))
}

/// `data` cut at `cuts` (positions, any order), as chunks.
fn chunks(data: &[u8], cuts: &[usize]) -> Vec<StreamEvent> {
    let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut % (data.len() + 1)).collect();
    cuts.push(0);
    cuts.push(data.len());
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| chunk(&data[pair[0]..pair[1]]))
        .collect()
}

fn body<V: super::StreamValue>(events: Vec<Result<StreamEvent, ApiError>>) -> V {
    let response = InvokeStreamResponse::new(Box::pin(futures_util::stream::iter(events)));
    V::from_body(super::Body::new("logs".into(), response, None))
}

fn bytes_of(events: Vec<StreamEvent>) -> ByteStream {
    body(events.into_iter().map(Ok).collect())
}

/// Everything a byte stream yields: its data joined, and its error.
fn read(stream: ByteStream) -> (Vec<u8>, Option<InvokeError>) {
    let items: Vec<_> = stream.collect::<Vec<_>>().now_or_never().expect("ready");
    let mut data = Vec::new();
    let mut error = None;
    for item in items {
        assert!(error.is_none(), "nothing follows an error");
        match item {
            Ok(bytes) => {
                assert!(!bytes.is_empty(), "no empty chunk");
                data.extend_from_slice(&bytes);
            }
            Err(failure) => error = Some(failure),
        }
    }
    (data, error)
}

fn records<T: serde::de::DeserializeOwned>(
    events: Vec<StreamEvent>,
) -> Vec<Result<T, InvokeError>> {
    let stream: ResponseStream<T> = body(events.into_iter().map(Ok).collect());
    stream.collect::<Vec<_>>().now_or_never().expect("ready")
}

fn trailer(error_type: &str, message: &str) -> Vec<u8> {
    let mut trailer = ERROR_MARKER.to_vec();
    trailer.extend_from_slice(
        serde_json::json!({ "errorType": error_type, "errorMessage": message })
            .to_string()
            .as_bytes(),
    );
    trailer
}

#[derive(Debug, PartialEq, Deserialize)]
struct Line {
    n: u64,
}

#[test]
fn the_prelude_is_stripped_wherever_its_chunks_end() {
    let mut sent = PRELUDE.to_vec();
    sent.extend_from_slice(b"{\"n\":1}\n{\"n\":2}\n");
    for cut in 1..sent.len() {
        let mut events = chunks(&sent, &[cut]);
        events.push(complete());
        let lines: Vec<Line> = records(events).into_iter().map(Result::unwrap).collect();
        assert_eq!(lines, [Line { n: 1 }, Line { n: 2 }], "cut at {cut}");
    }
}

#[test]
fn a_first_record_is_not_taken_for_a_prelude() {
    let (data, error) = read(bytes_of(vec![
        chunk(b"{\"n\":1}\n\0\0\0\0\0\0\0\0"),
        complete(),
    ]));
    assert!(error.is_none());
    assert_eq!(data, b"{\"n\":1}\n\0\0\0\0\0\0\0\0");
}

#[test]
fn a_prelude_that_is_not_json_is_data() {
    let (data, error) = read(bytes_of(vec![
        chunk(b"{not json\0\0\0\0\0\0\0\0rest"),
        complete(),
    ]));
    assert!(error.is_none());
    assert_eq!(data, b"{not json\0\0\0\0\0\0\0\0rest");
}

#[test]
fn a_short_stream_that_might_have_been_a_prelude_is_data() {
    let (data, error) = read(bytes_of(vec![chunk(b"{\"open"), complete()]));
    assert!(error.is_none());
    assert_eq!(data, b"{\"open");
}

#[test]
fn the_trailer_ends_the_records_with_the_callees_error() {
    let mut sent = PRELUDE.to_vec();
    sent.extend_from_slice(b"{\"n\":1}\n");
    sent.extend_from_slice(&trailer("NotFound", "no such file"));
    for cut in 1..sent.len() {
        let mut events = chunks(&sent, &[cut, cut / 2]);
        events.push(complete());
        let read = records::<Line>(events);
        assert_eq!(read.len(), 2, "cut at {cut}");
        assert_eq!(read[0].as_ref().expect("a record"), &Line { n: 1 });
        let Err(InvokeError::Function(error)) = &read[1] else {
            panic!("expected the callee's error, got {:?}", read[1])
        };
        assert_eq!(error.error_type(), Some("NotFound"));
        assert_eq!(error.message(), Some("no such file"));
    }
}

#[test]
fn a_callee_that_fails_before_its_first_record_sends_only_the_trailer() {
    let mut sent = PRELUDE.to_vec();
    sent.extend_from_slice(&trailer("Denied", "not yours"));
    let read = records::<Line>(vec![chunk(&sent), complete()]);
    let [Err(InvokeError::Function(error))] = read.as_slice() else {
        panic!("expected the callee's error alone, got {read:?}")
    };
    assert_eq!(error.error_type(), Some("Denied"));
}

#[test]
fn a_marker_in_the_middle_of_bytes_is_data() {
    let mut sent = b"head".to_vec();
    sent.extend_from_slice(&trailer("Denied", "not yours"));
    sent.extend_from_slice(b"tail");
    let (data, error) = read(bytes_of(vec![chunk(&sent), complete()]));
    assert!(error.is_none(), "{error:?}");
    assert_eq!(data, sent);
}

#[test]
fn a_marker_followed_by_more_than_a_trailer_holds_is_data() {
    let mut sent = ERROR_MARKER.to_vec();
    sent.extend(std::iter::repeat_n(b'x', 100 * 1024));
    sent.extend_from_slice(&trailer("Late", "after all"));
    let (data, error) = read(bytes_of(vec![chunk(&sent), complete()]));
    let Some(InvokeError::Function(error)) = error else {
        panic!("expected the callee's error, got {error:?}")
    };
    assert_eq!(error.error_type(), Some("Late"));
    assert_eq!(
        data,
        sent[..sent.len() - trailer("Late", "after all").len()]
    );
}

#[test]
fn invoke_complete_reports_the_error_other_runtimes_send() {
    let read = records::<Line>(vec![
        chunk(b"{\"n\":1}\n"),
        StreamEvent::Complete {
            error_code: Some("Runtime.StreamError".to_owned()),
            error_details: Some("the socket closed".to_owned()),
            log_result: None,
        },
    ]);
    assert_eq!(read[0].as_ref().expect("a record"), &Line { n: 1 });
    let Err(InvokeError::Function(error)) = &read[1] else {
        panic!("expected the callee's error, got {:?}", read[1])
    };
    assert_eq!(error.error_type(), Some("Runtime.StreamError"));
    assert_eq!(error.message(), Some("the socket closed"));
}

#[test]
fn error_details_that_are_an_error_document_are_read_as_one() {
    let read = records::<Line>(vec![StreamEvent::Complete {
        error_code: Some("Unhandled".to_owned()),
        error_details: Some(r#"{"errorType":"Oops","errorMessage":"it broke"}"#.to_owned()),
        log_result: None,
    }]);
    let [Err(InvokeError::Function(error))] = read.as_slice() else {
        panic!("expected the callee's error, got {read:?}")
    };
    assert_eq!(error.error_type(), Some("Oops"));
    assert_eq!(error.message(), Some("it broke"));
}

#[test]
fn lambda_runtimes_in_band_error_ends_the_records() {
    let sent = b"{\"n\":1}\nLambda-Runtime-Function-Error-Type: Runtime.StreamError\r\nLambda-Runtime-Function-Error-Body: Ym9vbQ==\r\n{\"n\":2}\n";
    let read = records::<Line>(vec![chunk(sent), complete()]);
    assert_eq!(read.len(), 2, "{read:?}");
    let Err(InvokeError::Function(error)) = &read[1] else {
        panic!("expected the callee's error, got {:?}", read[1])
    };
    assert_eq!(error.error_type(), Some("Runtime.StreamError"));
    assert_eq!(error.message(), Some("boom"));
}

#[test]
fn a_record_that_does_not_decode_names_its_index_and_the_stream_goes_on() {
    let read = records::<Line>(vec![
        chunk(b"{\"n\":1}\n{\"n\":\"secret\"}\n\n{\"n\":3}"),
        complete(),
    ]);
    assert_eq!(read.len(), 3, "{read:?}");
    let Err(InvokeError::Decode(error)) = &read[1] else {
        panic!("expected a decode error, got {:?}", read[1])
    };
    assert_eq!(error.record(), Some(1));
    assert_eq!(error.path(), "n");
    assert!(!error.to_string().contains("secret"), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("record 1 (from 0) of the stream from `logs`"),
        "{error}"
    );
    assert_eq!(read[2].as_ref().expect("the last record"), &Line { n: 3 });
}

#[test]
fn a_stream_cut_before_invoke_complete_ends_in_a_transport_error() {
    let read = records::<Line>(vec![chunk(b"{\"n\":1}\n{\"n\":")]);
    // The half record is not one: the stream says it was cut.
    assert_eq!(read.len(), 2, "{read:?}");
    let Err(InvokeError::Transport(error)) = &read[1] else {
        panic!("expected a transport error, got {:?}", read[1])
    };
    assert_eq!(error.kind(), TransportErrorKind::Response);
    assert_eq!(error.bytes_received(), Some(13));
    assert_eq!(error.records_received(), Some(1));
}

#[test]
fn a_connection_lost_mid_stream_ends_in_its_transport_error() {
    let events = vec![
        Ok(chunk(b"{\"n\":1}\n")),
        Err(ApiError::Transport(TransportError::new(
            "logs",
            TransportErrorKind::Dispatch,
        ))),
        Ok(chunk(b"{\"n\":2}\n")),
    ];
    let stream: ResponseStream<Line> = body(events);
    let read = stream.collect::<Vec<_>>().now_or_never().expect("ready");
    assert_eq!(read.len(), 2, "{read:?}");
    let Err(InvokeError::Transport(error)) = &read[1] else {
        panic!("expected a transport error, got {:?}", read[1])
    };
    // Whatever the transport called it, the request had been answered.
    assert_eq!(error.kind(), TransportErrorKind::Response);
    assert_eq!(error.bytes_received(), Some(8));
    assert_eq!(error.records_received(), Some(1));
}

#[test]
fn a_stream_over_lambdas_limit_is_refused_once_it_passes_it() {
    let megabyte = Bytes::from(vec![b' '; 1024 * 1024]);
    let count = usize::try_from(STREAM_LIMIT / (1024 * 1024)).expect("fits") + 1;
    let events = std::iter::repeat_n(StreamEvent::Chunk(megabyte), count)
        .chain([complete()])
        .map(Ok)
        .collect();
    let stream: ByteStream = body(events);
    let (data, error) = read(stream);
    let Some(InvokeError::ResponseTooLarge(error)) = error else {
        panic!("expected ResponseTooLarge, got {error:?}")
    };
    assert_eq!(error.limit(), 200 * 1024 * 1024 + 128 * 1024);
    assert!(data.len() as u64 <= STREAM_LIMIT + 128 * 1024);
}

#[test]
fn a_record_longer_than_a_synchronous_response_is_refused() {
    let events = std::iter::repeat_n(chunk(&vec![b'1'; 1024 * 1024]), 8)
        .chain([complete()])
        .collect();
    let read = records::<u64>(events);
    let [Err(InvokeError::ResponseTooLarge(error))] = read.as_slice() else {
        panic!("expected ResponseTooLarge, got {read:?}")
    };
    assert_eq!(error.limit(), 6 * 1024 * 1024 + 100);
}

#[test]
fn the_log_tail_is_read_from_invoke_complete() {
    let mut stream: ResponseStream<Line> = body(vec![Ok(StreamEvent::Complete {
        error_code: None,
        error_details: None,
        log_result: Some("U1RBUlQ=".to_owned()),
    })]);
    assert_eq!(stream.log_tail(), None);
    assert!(stream.next().now_or_never().expect("ready").is_none());
    assert_eq!(stream.log_tail().as_deref(), Some("START"));
}

proptest! {
    /// Whatever the data (NUL bytes and pieces of the marker included) and
    /// wherever the chunks end, the caller gets exactly the callee's bytes,
    /// then its error when it sent one.
    #[test]
    fn bytes_arrive_whole_however_they_are_split(
        data in prop::collection::vec(
            prop_oneof![
                Just(0_u8),
                any::<u8>(),
                Just(b'{'),
                Just(b'\n'),
            ],
            0..300,
        ),
        marker_piece_at in prop::option::of(any::<usize>()),
        prelude in any::<bool>(),
        failed in any::<bool>(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut data = data;
        if let Some(at) = marker_piece_at {
            let at = at % (data.len() + 1);
            data.splice(at..at, ERROR_MARKER[..ERROR_MARKER.len() - 1].iter().copied());
        }
        let mut sent = Vec::new();
        if prelude {
            sent.extend_from_slice(PRELUDE);
        }
        sent.extend_from_slice(&data);
        if failed {
            sent.extend_from_slice(&trailer("Failed", "as asked"));
        }
        let mut events = chunks(&sent, &cuts);
        events.push(complete());
        let (received, error) = read(bytes_of(events));
        // Without a prelude, data that begins as one would is taken for one:
        // a prelude is what `lambda_runtime` always sends first.
        if !prelude && data.starts_with(b"{") {
            prop_assert!(data.ends_with(&received));
        } else {
            prop_assert_eq!(&received, &data);
        }
        match error {
            None => prop_assert!(!failed),
            Some(InvokeError::Function(error)) => {
                prop_assert!(failed);
                prop_assert_eq!(error.error_type(), Some("Failed"));
            }
            Some(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }
}

/// What a byte stream of `data` that ends with `InvokeComplete` must give,
/// read the slow way: the last marker (overlapping ones too), when what
/// follows it is an error document a trailer may hold, ends the data and
/// is the callee's error; anything else is data.
fn oracle(data: &[u8]) -> (&[u8], Option<String>) {
    let last = (0..=data.len().saturating_sub(ERROR_MARKER.len()))
        .rev()
        .find(|&at| data[at..].starts_with(ERROR_MARKER));
    if let Some(at) = last {
        let document = &data[at + ERROR_MARKER.len()..];
        if document.len() <= HELD_LIMIT
            && let Ok(document) =
                serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(document)
        {
            let error_type = document
                .get("errorType")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            return (&data[..at], error_type);
        }
    }
    (data, None)
}

/// The pieces hostile data is made of: our own marker whole, its starts
/// and ends, NUL bytes, error documents, and anything else.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => Just(ERROR_MARKER.to_vec()),
        2 => (1..ERROR_MARKER.len()).prop_map(|end| ERROR_MARKER[..end].to_vec()),
        2 => (1..ERROR_MARKER.len()).prop_map(|start| ERROR_MARKER[start..].to_vec()),
        2 => Just(br#"{"errorType":"Planted","errorMessage":"in the data"}"#.to_vec()),
        1 => Just(vec![0]),
        1 => Just(b"{}".to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..16),
    ]
}

fn error_type_of(error: Option<InvokeError>) -> Result<Option<String>, String> {
    match error {
        None => Ok(None),
        Some(InvokeError::Function(error)) => Ok(error.error_type().map(str::to_owned)),
        Some(other) => Err(format!("unexpected {other:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// However many markers, pieces of markers and error documents the data
    /// holds, and wherever the chunks end (down to a byte each), the caller
    /// gets what the slow reading gives.
    #[test]
    fn marker_dense_bytes_read_as_the_slow_reading_does(
        pieces in prop::collection::vec(piece(), 0..40),
        cuts in prop::collection::vec(any::<usize>(), 0..40),
        bytewise in any::<bool>(),
        prelude in any::<bool>(),
    ) {
        let data = pieces.concat();
        // Data that begins as a prelude would is one; `lambda_runtime`
        // sends a prelude first.
        let mut sent = Vec::new();
        if prelude || data.starts_with(b"{") {
            sent.extend_from_slice(PRELUDE);
        }
        sent.extend_from_slice(&data);
        let cuts = if bytewise { (0..sent.len()).collect() } else { cuts };
        let mut events = chunks(&sent, &cuts);
        events.push(complete());
        let (received, error) = read(bytes_of(events));
        let (expected, expected_error) = oracle(&data);
        prop_assert_eq!(&received[..], expected);
        prop_assert_eq!(error_type_of(error), Ok(expected_error));
    }
}

/// A user's file that repeats the marker is data, read in one pass: many
/// thousands of markers in one chunk once overflowed the reader's stack.
#[test]
fn a_file_of_markers_is_data_in_one_chunk_or_many() {
    let data = ERROR_MARKER.repeat(64 * 1024);
    let one_chunk = vec![chunk(&data), complete()];
    let small_chunks = data
        .chunks(32 * 1024)
        .map(chunk)
        .chain([complete()])
        .collect();
    for events in [one_chunk, small_chunks] {
        let (received, error) = read(bytes_of(events));
        assert!(error.is_none(), "{error:?}");
        assert!(received == data, "the markers arrive as they were sent");
    }
}

/// Markers before a real trailer are data, and the trailer is still read.
#[test]
fn a_trailer_after_a_file_of_markers_is_the_callees_error() {
    let mut data = ERROR_MARKER.repeat(10_000);
    let file = data.len();
    data.extend_from_slice(&trailer("Denied", "not yours"));
    let events = data.chunks(1000).map(chunk).chain([complete()]).collect();
    let (received, error) = read(bytes_of(events));
    assert_eq!(received.len(), file);
    assert_eq!(error_type_of(error), Ok(Some("Denied".to_owned())));
}

/// An error document a trailer may hold is at most `HELD_LIMIT` bytes.
#[test]
fn a_trailer_holds_at_most_its_limit() {
    fn document(len: usize) -> Vec<u8> {
        let mut document = br#"{"errorType":"Big","errorMessage":""#.to_vec();
        document.resize(len - 2, b'm');
        document.extend_from_slice(b"\"}");
        document
    }
    for (len, is_trailer) in [(HELD_LIMIT, true), (HELD_LIMIT + 1, false)] {
        let mut data = b"head".to_vec();
        data.extend_from_slice(ERROR_MARKER);
        data.extend_from_slice(&document(len));
        for size in [1, 7, 4096, data.len()] {
            let events = data.chunks(size).map(chunk).chain([complete()]).collect();
            let (received, error) = read(bytes_of(events));
            let error = error_type_of(error);
            if is_trailer {
                assert_eq!(received, b"head", "{len} in chunks of {size}");
                assert_eq!(error, Ok(Some("Big".to_owned())));
            } else {
                assert!(received == data, "{len} in chunks of {size} is data");
                assert_eq!(error, Ok(None));
            }
        }
    }
}

#[test]
fn a_function_error_from_the_trailer_converts_to_the_methods_error() {
    #[derive(Debug)]
    struct Mine(Option<String>);
    impl crate::error::FromFunctionError for Mine {
        fn from_function_error(error: FunctionError) -> Self {
            Mine(error.error_type().map(str::to_owned))
        }
    }
    let mut sent = PRELUDE.to_vec();
    sent.extend_from_slice(&trailer("Typed", "yes"));
    let stream: ResponseStream<Line, Mine> = body(vec![Ok(chunk(&sent)), Ok(complete())]);
    let read = stream.collect::<Vec<_>>().now_or_never().expect("ready");
    let [Err(InvokeError::Function(Mine(error_type)))] = read.as_slice() else {
        panic!("expected the callee's error, got {read:?}")
    };
    assert_eq!(error_type.as_deref(), Some("Typed"));
}
