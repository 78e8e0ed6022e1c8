//! `InvokeWithResponseStream`'s answer: Lambda's event stream, written with
//! the crate the SDK reads it with. `PayloadChunk` events carry the
//! handler's chunks as it writes them (the metadata prelude included, as
//! Lambda passes it on), then `InvokeComplete` says how the invocation
//! ended: its `ErrorCode` and `ErrorDetails`, and the log tail when asked.
//!
//! The invocation runs inside the response body: it advances only when the
//! connection takes the next chunk, so a slow caller slows the handler, and
//! a caller that hangs up drops the body and the handler's stream with it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use futures_util::StreamExt as _;
use hyper::body::{Body, Frame};
use lambda_runtime::Diagnostic;
use tokio::sync::{OwnedSemaphorePermit, mpsc};

use crate::host::invocation::{Invocation, Outcome, RESPONSE_LIMIT, STREAM_LIMIT, too_large};
use crate::model::handler::Response;

/// The largest `PayloadChunk` written: a longer chunk is split.
const FRAME_PAYLOAD: usize = 256 * 1024;

/// The body of a streamed answer: the invocation, and the frames it wrote
/// that the connection has not taken yet (at most one).
pub(crate) struct StreamedBody {
    invocation: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    frames: mpsc::Receiver<Bytes>,
}

impl StreamedBody {
    /// Runs `invocation` as the body is read; `slot`, the function's
    /// reserved concurrency, is held until it ends.
    pub(crate) fn new(invocation: Invocation, slot: Option<OwnedSemaphorePermit>) -> Self {
        let (sender, frames) = mpsc::channel(1);
        let run = async move {
            let _slot = slot;
            stream(invocation, sender).await;
        };
        StreamedBody {
            invocation: Some(Box::pin(run)),
            frames,
        }
    }
}

impl Body for StreamedBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        loop {
            if let Poll::Ready(Some(frame)) = self.frames.poll_recv(cx) {
                return Poll::Ready(Some(Ok(Frame::data(frame))));
            }
            let Some(invocation) = &mut self.invocation else {
                // The invocation has ended and dropped its sender: every
                // frame it wrote has been taken.
                return self
                    .frames
                    .poll_recv(cx)
                    .map(|frame| frame.map(|frame| Ok(Frame::data(frame))));
            };
            match invocation.as_mut().poll(cx) {
                Poll::Ready(()) => self.invocation = None,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// Why writing the handler's chunks stopped early.
enum Stopped {
    /// The caller hung up: nothing more is written.
    Gone,
}

/// Runs the invocation, writing its response as `PayloadChunk` events and
/// its end as `InvokeComplete`.
async fn stream(invocation: Invocation, sender: mpsc::Sender<Bytes>) {
    let frames = &sender;
    let Outcome { result, log_tail } = invocation
        .run_with(move |response| async move {
            match response {
                Response::Buffered(response) => {
                    if response.len() > RESPONSE_LIMIT {
                        return Err(too_large(RESPONSE_LIMIT));
                    }
                    Ok(send_chunk(frames, response.into()).await)
                }
                Response::Streaming(mut chunks) => {
                    let mut size = 0;
                    while let Some(chunk) = chunks.next().await {
                        size += chunk.len();
                        if size > STREAM_LIMIT {
                            return Err(too_large(STREAM_LIMIT));
                        }
                        if let Err(stopped) = send_chunk(frames, chunk).await {
                            return Ok(Err(stopped));
                        }
                    }
                    Ok(Ok(()))
                }
            }
        })
        .await;
    let error = match result {
        Ok(Err(Stopped::Gone)) => return,
        Ok(Ok(())) => None,
        Err(diagnostic) => Some(diagnostic),
    };
    let _ = sender
        .send(complete(error.as_ref(), log_tail.as_deref()))
        .await;
}

/// Writes one chunk of the handler's, split into frames of at most
/// [`FRAME_PAYLOAD`] bytes.
async fn send_chunk(frames: &mpsc::Sender<Bytes>, mut chunk: Bytes) -> Result<(), Stopped> {
    while !chunk.is_empty() {
        let part = chunk.split_to(chunk.len().min(FRAME_PAYLOAD));
        let frame = event("PayloadChunk", "application/octet-stream", part);
        frames.send(frame).await.map_err(|_| Stopped::Gone)?;
    }
    Ok(())
}

/// `InvokeComplete`: how the invocation ended, and its log tail.
fn complete(error: Option<&Diagnostic>, log_tail: Option<&[u8]>) -> Bytes {
    let mut document = serde_json::Map::new();
    if let Some(error) = error {
        document.insert("ErrorCode".to_owned(), error.error_type.clone().into());
        document.insert(
            "ErrorDetails".to_owned(),
            error.error_message.clone().into(),
        );
    }
    if let Some(log_tail) = log_tail {
        document.insert("LogResult".to_owned(), BASE64.encode(log_tail).into());
    }
    let payload = serde_json::Value::Object(document).to_string();
    event("InvokeComplete", "application/json", payload.into())
}

/// One event of the stream, framed.
fn event(event_type: &'static str, content_type: &'static str, payload: Bytes) -> Bytes {
    let mut frame = Vec::with_capacity(payload.len() + 128);
    let message = Message::new(payload)
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("event".into()),
        ))
        .add_header(Header::new(
            ":event-type",
            HeaderValue::String(event_type.into()),
        ))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String(content_type.into()),
        ));
    // The headers are ours and short, so the frame always encodes.
    let _ = write_message_to(&message, &mut frame);
    frame.into()
}
