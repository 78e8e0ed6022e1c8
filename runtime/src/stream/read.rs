//! The caller's reading of a response stream, below records: the events in,
//! the callee's data out, with the prelude stripped, the error trailer and
//! `InvokeComplete` read as the callee's error, and Lambda's size limit kept.
//!
//! Nothing here buffers the response: a chunk passes through as it came,
//! less what is held back while it might be the trailer (at most the marker
//! and [`HELD_LIMIT`] bytes). Each byte is looked at a bounded number of
//! times and copied at most once, whatever the data holds: a callee may
//! stream a user's file that repeats the marker itself.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{Instant, Sleep};

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
    /// The end of the data read so far, held back while it may be the
    /// trailer.
    held: Held,
    /// Bytes received, prelude and trailer included.
    received: u64,
    /// What is ready to be returned, in order; the end is last.
    ready: VecDeque<Result<Bytes, Failure>>,
    pub(crate) executed_version: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) log_result: Option<String>,
    /// When the stream is ended if it has not ended by itself.
    deadline: Option<Deadline>,
}

/// `wait` after `from`, or as late as can be reckoned with (about thirty
/// years) for a wait too long to add: a bound a user set to `Duration::MAX`.
fn after(from: Instant, wait: Duration) -> Instant {
    const LATEST: Duration = Duration::from_hours(30 * 365 * 24);
    from.checked_add(wait.min(LATEST)).unwrap_or(from)
}

/// A stream's bounds: its whole time from the call, and the longest it may
/// send nothing. One timer, set to whichever comes first.
struct Deadline {
    timer: Pin<Box<Sleep>>,
    ends_by: Instant,
    total: Duration,
    idle: Option<Duration>,
}

impl Deadline {
    /// The timer set again after the stream sent something.
    fn rearm(&mut self) {
        if let Some(idle) = self.idle {
            let next = after(Instant::now(), idle).min(self.ends_by);
            self.timer.as_mut().reset(next);
        }
    }

    /// Why the timer fired, for the error that ends the stream.
    fn fired(&self) -> String {
        match self.idle {
            Some(idle) if Instant::now() < self.ends_by => format!(
                "the response stream sent nothing for {idle:?}, its idle timeout (`ClientConfig::stream_idle_timeout`)"
            ),
            _ => format!(
                "the response stream was still open {:?} after the call began, its timeout (`ClientConfig::stream_timeout`)",
                self.total
            ),
        }
    }
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
    /// Not yet: the bytes so far, which may be the prelude, and how many of
    /// them are known to hold no newline or NUL byte.
    Undecided {
        start: BytesMut,
        searched: usize,
    },
    Decided,
}

/// The end of the data, held back while it may be the trailer.
#[derive(Default)]
struct Held {
    bytes: BytesMut,
    /// Whether `bytes` is the marker and what followed it, with no NUL byte
    /// and at most [`HELD_LIMIT`] bytes after the marker: the trailer, if
    /// the stream ends now. Otherwise `bytes` is shorter than the marker and
    /// may begin it.
    trailer: bool,
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
            start: Start::Undecided {
                start: BytesMut::new(),
                searched: 0,
            },
            held: Held::default(),
            received: 0,
            ready: VecDeque::new(),
            executed_version: response.executed_version,
            request_id: response.request_id,
            log_result: None,
            deadline: None,
        }
    }

    /// The same stream, ended with `InvokeError::Transport` once it is
    /// still open `total` after `began`, or has sent nothing for `idle`.
    pub(crate) fn bounded(
        mut self,
        began: Instant,
        total: Duration,
        idle: Option<Duration>,
    ) -> Self {
        let ends_by = after(began, total);
        let first = idle.map_or(ends_by, |idle| after(Instant::now(), idle).min(ends_by));
        self.deadline = Some(Deadline {
            timer: Box::pin(tokio::time::sleep_until(first)),
            ends_by,
            total,
            idle,
        });
        self
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
            let next = match events.as_mut().poll_next(cx) {
                Poll::Ready(next) => next,
                Poll::Pending => {
                    let Some(deadline) = &mut self.deadline else {
                        return Poll::Pending;
                    };
                    ready!(deadline.timer.as_mut().poll(cx));
                    let late =
                        TransportError::new(self.function.clone(), TransportErrorKind::Timeout)
                            .with_source(deadline.fired())
                            .after_stream_began(self.received);
                    self.finish(Ending::Broken(InvokeError::Transport(late)));
                    continue;
                }
            };
            if let Some(deadline) = &mut self.deadline {
                deadline.rearm();
            }
            match next {
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
                // The stream had begun: a lost connection is no longer a
                // request that could not be sent.
                Some(Err(ApiError::Transport(error))) => {
                    let error = error.after_stream_began(self.received);
                    self.finish(Ending::Broken(InvokeError::Transport(error)));
                }
                Some(Err(error)) => self.finish(Ending::Broken(error.into())),
                None => {
                    let cut = TransportError::new(self.function.clone(), TransportErrorKind::Response)
                        .with_source("the response stream ended before Lambda's InvokeComplete event: the answer may be incomplete")
                        .after_stream_began(self.received);
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
            Start::Undecided { start, searched } => {
                if start.is_empty() && bytes.first() != Some(&b'{') {
                    self.start = Start::Decided;
                    bytes
                } else {
                    start.extend_from_slice(&bytes);
                    match prelude(start, searched) {
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
        self.data(&data);
    }

    /// The callee's data: all of it is ready but what may be the trailer.
    fn data(&mut self, chunk: &Bytes) {
        if chunk.is_empty() {
            return;
        }
        let held = self.held.bytes.len();
        let (hold_from, trailer) = hold_from(&self.held, chunk);
        if hold_from >= held {
            let data = self.held.bytes.split().freeze();
            self.ready_data(data);
            self.ready_data(chunk.slice(..hold_from - held));
            self.held
                .bytes
                .extend_from_slice(&chunk[hold_from - held..]);
        } else {
            let data = self.held.bytes.split_to(hold_from).freeze();
            self.ready_data(data);
            self.held.bytes.extend_from_slice(chunk);
        }
        self.held.trailer = trailer;
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
        if let Start::Undecided { start, .. } = &mut self.start {
            let data = start.split().freeze();
            self.start = Start::Decided;
            self.data(&data);
        }
        let held = std::mem::take(&mut self.held);
        let trailer_error = match ending {
            Ending::Complete(_) if held.trailer => {
                error_document(&held.bytes[ERROR_MARKER.len()..])
                    .map(|document| FunctionError::from_document("Unhandled", document))
            }
            _ => None,
        };
        if trailer_error.is_none() {
            self.ready_data(held.bytes.freeze());
        }
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
fn prelude(start: &[u8], searched: &mut usize) -> Prelude {
    let Some(end) = memchr::memchr2(b'\n', 0, &start[*searched..]).map(|at| at + *searched) else {
        *searched = start.len();
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
        *searched = end;
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

/// Where, in what is held followed by `chunk`, the bytes to hold start,
/// and whether they are a trailer. Only the end of those bytes is looked
/// at: everything before the last NUL byte is data unless that NUL ends a
/// marker (an error document holds no NUL byte), and a proper start of the
/// marker has its NUL bytes in its first eight.
fn hold_from(held: &Held, chunk: &[u8]) -> (usize, bool) {
    let joined = Joined {
        held: &held.bytes,
        chunk,
    };
    let len = joined.len();
    let last_nul = match memchr::memrchr(0, chunk) {
        Some(at) => Some(held.bytes.len() + at),
        // A trailer goes on until it is longer than a trailer may be.
        None if held.trailer => {
            let trailer = len - ERROR_MARKER.len() <= HELD_LIMIT;
            return if trailer { (0, true) } else { (len, false) };
        }
        // Shorter than the marker: cheap to search.
        None => memchr::memrchr(0, &held.bytes),
    };
    let Some(last_nul) = last_nul else {
        return (len, false);
    };
    if let Some(marker) = (last_nul + 1).checked_sub(ERROR_MARKER.len())
        && len - (last_nul + 1) <= HELD_LIMIT
        && joined.holds_at(marker, ERROR_MARKER)
    {
        return (marker, true);
    }
    let first = last_nul.saturating_sub(LEADING_NULS - 1);
    let start = (first..=last_nul).find(|&start| {
        len - start < ERROR_MARKER.len() && joined.holds_at(start, &ERROR_MARKER[..len - start])
    });
    (start.unwrap_or(len), false)
}

/// The NUL bytes the marker begins with.
const LEADING_NULS: usize = {
    let mut count = 0;
    while ERROR_MARKER[count] == 0 {
        count += 1;
    }
    count
};

/// What is held and the chunk after it, read as one without copying.
struct Joined<'a> {
    held: &'a [u8],
    chunk: &'a [u8],
}

impl Joined<'_> {
    fn len(&self) -> usize {
        self.held.len() + self.chunk.len()
    }

    fn get(&self, at: usize) -> Option<u8> {
        match at.checked_sub(self.held.len()) {
            None => self.held.get(at).copied(),
            Some(at) => self.chunk.get(at).copied(),
        }
    }

    /// Whether `bytes` stand at `at`.
    fn holds_at(&self, at: usize, bytes: &[u8]) -> bool {
        bytes
            .iter()
            .enumerate()
            .all(|(offset, &byte)| self.get(at + offset) == Some(byte))
    }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Body, ERROR_MARKER, HELD_LIMIT, Start};
    use crate::transport::InvokeStreamResponse;

    fn piece() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            4 => Just(ERROR_MARKER.to_vec()),
            2 => (1..ERROR_MARKER.len()).prop_map(|end| ERROR_MARKER[..end].to_vec()),
            2 => prop::collection::vec(any::<u8>(), 1..64),
            1 => (1..3 * HELD_LIMIT).prop_map(|len| vec![b'x'; len]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever comes, what the reader holds back is at most a
        /// trailer: the marker and `HELD_LIMIT` bytes, or less than the
        /// marker when it is not a trailer; the rest is ready at once.
        #[test]
        fn what_is_held_is_at_most_a_trailer(
            pieces in prop::collection::vec(piece(), 0..12),
            size in 1_usize..5000,
        ) {
            let events = InvokeStreamResponse::new(Box::pin(futures_util::stream::empty()));
            let mut body = Body::new("f".into(), events, None);
            body.start = Start::Decided;
            let data = pieces.concat();
            let mut ready = 0;
            for (index, chunk) in data.chunks(size).enumerate() {
                body.chunk(bytes::Bytes::copy_from_slice(chunk));
                ready += body.ready.drain(..).map(|data| data.map_or(0, |data| data.len())).sum::<usize>();
                let held = body.held.bytes.len();
                let limit = if body.held.trailer { ERROR_MARKER.len() + HELD_LIMIT } else { ERROR_MARKER.len() - 1 };
                prop_assert!(held <= limit, "{held} held after chunk {index}");
                prop_assert_eq!(ready + held, index * size + chunk.len());
            }
        }
    }
}
