//! The caller's reading of a response stream, below records: the events in,
//! the callee's data out, with the prelude stripped, the error trailer and
//! `InvokeComplete` read as the callee's error, and Lambda's size limit kept.
//!
//! Nothing here buffers the response: a chunk passes through as it came,
//! less at most a few bytes held back while they might start the trailer.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use memchr::memmem;
use tokio::sync::OwnedSemaphorePermit;

use super::wire::{ERROR_MARKER, HELD_LIMIT, PRELUDE_SEPARATOR, STREAM_LIMIT};
use crate::error::{
    ApiError, FunctionError, InvokeError, ResponseTooLarge, TransportError, TransportErrorKind,
};
use crate::transport::{InvokeStreamResponse, StreamEvent};

/// What reading a stream ends in, before the method's error type is known.
pub(crate) type Failure = InvokeError<FunctionError>;

type Events = Pin<Box<dyn Stream<Item = Result<StreamEvent, ApiError>> + Send>>;

/// The callee's data in a response stream, chunk by chunk. Not public API.
pub struct Body {
    function: Cow<'static, str>,
    /// `None` once the stream has ended: dropping it closes the connection.
    events: Option<Events>,
    /// The slot of the client's concurrency limit that the call holds until
    /// its stream ends.
    slot: Option<OwnedSemaphorePermit>,
    start: Start,
    /// The end of the data read so far, held back because it may be the
    /// start of the trailer's marker.
    held: BytesMut,
    /// What followed the trailer's marker, once one was seen.
    trailer: Option<BytesMut>,
    marker: memmem::Finder<'static>,
    /// Bytes received, prelude and trailer included.
    received: u64,
    /// What is ready to be returned, in order; the end is last.
    ready: VecDeque<Result<Bytes, Failure>>,
    pub(crate) executed_version: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) log_result: Option<String>,
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("function", &self.function)
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

/// Whether the start of the stream has been read past its prelude.
enum Start {
    /// Not yet: the bytes so far, which may be the prelude.
    Undecided(BytesMut),
    Decided,
}

impl Body {
    pub(crate) fn new(
        function: Cow<'static, str>,
        response: InvokeStreamResponse,
        slot: Option<OwnedSemaphorePermit>,
    ) -> Self {
        Body {
            function,
            events: Some(response.events),
            slot,
            start: Start::Undecided(BytesMut::new()),
            held: BytesMut::new(),
            trailer: None,
            marker: memmem::Finder::new(ERROR_MARKER),
            received: 0,
            ready: VecDeque::new(),
            executed_version: response.executed_version,
            request_id: response.request_id,
            log_result: None,
        }
    }

    pub(crate) fn function(&self) -> &Cow<'static, str> {
        &self.function
    }

    /// The next piece of the callee's data (never empty), or how the stream
    /// failed; `None` once it has ended.
    pub(crate) fn poll_data(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Failure>>> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                return Poll::Ready(Some(next));
            }
            let Some(events) = &mut self.events else {
                return Poll::Ready(None);
            };
            match ready!(events.as_mut().poll_next(cx)) {
                Some(Ok(StreamEvent::Chunk(bytes))) => self.chunk(bytes),
                Some(Ok(StreamEvent::Complete {
                    error_code,
                    error_details,
                    log_result,
                })) => {
                    self.log_result = log_result;
                    let error = error_code.map(|code| completed_error(&code, error_details));
                    self.finish(Ending::Complete(error));
                }
                Some(Err(error)) => self.finish(Ending::Broken(error.into())),
                None => {
                    let cut = TransportError::new(self.function.clone(), TransportErrorKind::Response)
                        .with_source("the response stream ended before Lambda's InvokeComplete event: the answer may be incomplete");
                    self.finish(Ending::Broken(InvokeError::Transport(cut)));
                }
            }
        }
    }

    /// Ends the stream where it is: what the caller does by dropping it.
    pub(crate) fn close(&mut self) {
        self.events = None;
        self.slot = None;
        self.ready.clear();
    }

    fn chunk(&mut self, bytes: Bytes) {
        self.received += bytes.len() as u64;
        // The prelude and the trailer come on top of the callee's data.
        let limit = STREAM_LIMIT + 2 * HELD_LIMIT as u64;
        if self.received > limit {
            let error = InvokeError::ResponseTooLarge(ResponseTooLarge {
                function: self.function.clone(),
                size: usize::try_from(self.received).unwrap_or(usize::MAX),
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
                what: "a response stream",
            });
            self.finish(Ending::Broken(error));
            return;
        }
        let data = match &mut self.start {
            Start::Decided => bytes,
            Start::Undecided(start) => {
                if start.is_empty() && bytes.first() != Some(&b'{') {
                    self.start = Start::Decided;
                    bytes
                } else {
                    start.extend_from_slice(&bytes);
                    match prelude(start) {
                        Prelude::Undecided => return,
                        Prelude::Length(length) => {
                            let _prelude = start.split_to(length);
                            let data = start.split().freeze();
                            self.start = Start::Decided;
                            data
                        }
                        Prelude::None => {
                            let data = start.split().freeze();
                            self.start = Start::Decided;
                            data
                        }
                    }
                }
            }
        };
        self.data(data, 0);
    }

    /// The callee's data, with the trailer looked for from `from` on.
    fn data(&mut self, bytes: Bytes, from: usize) {
        if bytes.is_empty() {
            return;
        }
        if let Some(trailer) = &mut self.trailer {
            trailer.extend_from_slice(&bytes);
            if trailer.len() > HELD_LIMIT {
                self.not_a_trailer();
            }
            return;
        }
        let data = if self.held.is_empty() {
            bytes
        } else {
            self.held.extend_from_slice(&bytes);
            self.held.split().freeze()
        };
        if let Some(at) = self.marker.find(&data[from..]).map(|at| at + from) {
            self.ready_data(data.slice(..at));
            self.trailer = Some(BytesMut::new());
            self.data(data.slice(at + ERROR_MARKER.len()..), 0);
            return;
        }
        let keep = marker_start(&data);
        if keep > 0 {
            self.held.extend_from_slice(&data[data.len() - keep..]);
        }
        self.ready_data(data.slice(..data.len() - keep));
    }

    /// A marker followed by more than a trailer holds: data after all.
    fn not_a_trailer(&mut self) {
        let Some(trailer) = self.trailer.take() else {
            return;
        };
        let mut data = BytesMut::with_capacity(ERROR_MARKER.len() + trailer.len());
        data.extend_from_slice(ERROR_MARKER);
        data.extend_from_slice(&trailer);
        self.data(data.freeze(), ERROR_MARKER.len());
    }

    fn ready_data(&mut self, data: Bytes) {
        if !data.is_empty() {
            self.ready.push_back(Ok(data));
        }
    }

    /// The end of the stream: what is still held is data, unless it is the
    /// trailer; then the callee's error, or how the stream broke.
    fn finish(&mut self, ending: Ending) {
        self.events = None;
        self.slot = None;
        if let Start::Undecided(start) = &mut self.start {
            let data = start.split().freeze();
            self.start = Start::Decided;
            self.data(data, 0);
        }
        let mut trailer_error = None;
        if let Some(trailer) = self.trailer.take() {
            // The error document follows the last marker (it holds no NUL
            // byte), which may overlap bytes that only looked like one.
            let mut tail = BytesMut::with_capacity(ERROR_MARKER.len() + trailer.len());
            tail.extend_from_slice(ERROR_MARKER);
            tail.extend_from_slice(&trailer);
            let mut tail = tail.freeze();
            if matches!(ending, Ending::Complete(_))
                && let Some(last) = memmem::rfind(&tail, ERROR_MARKER)
                && let Some(document) = error_document(&tail[last + ERROR_MARKER.len()..])
            {
                trailer_error = Some(FunctionError::from_document("Unhandled", document));
                tail.truncate(last);
            }
            self.ready_data(tail);
        }
        let held = self.held.split().freeze();
        self.ready_data(held);
        let error = match ending {
            Ending::Complete(error) => trailer_error.or(error).map(InvokeError::Function),
            Ending::Broken(error) => Some(error),
        };
        if let Some(error) = error {
            self.ready.push_back(Err(error));
        }
    }
}

/// How the events ended.
enum Ending {
    /// With `InvokeComplete`, and the error it reported.
    Complete(Option<FunctionError>),
    /// Without: the connection failed, a frame did not decode, or the
    /// answer grew past the limit.
    Broken(Failure),
}

enum Prelude {
    /// Not enough bytes yet to tell.
    Undecided,
    /// A prelude and its separator, this many bytes long.
    Length(usize),
    None,
}

/// Whether `start` begins with a metadata prelude: a JSON object (which has
/// no raw newline or NUL byte) and eight NUL bytes. A stream of records
/// starts with an object too, but ends it with a newline.
fn prelude(start: &[u8]) -> Prelude {
    let Some(end) = memchr::memchr2(b'\n', 0, start) else {
        return if start.len() > HELD_LIMIT {
            Prelude::None
        } else {
            Prelude::Undecided
        };
    };
    if start[end] == b'\n' {
        return Prelude::None;
    }
    let Some(separator) = start.get(end..end + PRELUDE_SEPARATOR.len()) else {
        return Prelude::Undecided;
    };
    let is_object =
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&start[..end]).is_ok();
    if separator == PRELUDE_SEPARATOR && is_object {
        Prelude::Length(end + PRELUDE_SEPARATOR.len())
    } else {
        Prelude::None
    }
}

/// How many bytes at the end of `data` may begin the trailer's marker.
fn marker_start(data: &[u8]) -> usize {
    let window = data.len().saturating_sub(ERROR_MARKER.len() - 1);
    // The marker starts with a NUL byte, so any start of it does.
    let mut at = window;
    while let Some(found) = memchr::memchr(0, &data[at..]) {
        let start = at + found;
        if ERROR_MARKER.starts_with(&data[start..]) {
            return data.len() - start;
        }
        at = start + 1;
    }
    0
}

/// The trailer's error document: a JSON object, such as `lambda_runtime`'s
/// `{"errorType": ..., "errorMessage": ...}`.
fn error_document(trailer: &[u8]) -> Option<Vec<u8>> {
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(trailer)
        .ok()
        .map(|_| trailer.to_vec())
}

/// The error `InvokeComplete` reports: `ErrorCode`, and `ErrorDetails`,
/// which may be an error document itself.
pub(super) fn completed_error(code: &str, details: Option<String>) -> FunctionError {
    if let Some(details) = &details
        && let Ok(document) =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(details)
        && (document.contains_key("errorType") || document.contains_key("errorMessage"))
    {
        return FunctionError::from_document("Unhandled", details.clone().into_bytes());
    }
    let document = match details {
        Some(details) => serde_json::json!({ "errorType": code, "errorMessage": details }),
        None => serde_json::json!({ "errorType": code }),
    };
    FunctionError::from_document("Unhandled", document.to_string().into_bytes())
}
