//! The callee's writing of a response stream: the handler's items as records
//! (or bytes), its error as the trailer the caller reads, all through
//! `lambda_runtime`'s streaming response.
//!
//! The handler's stream is polled only when `lambda_runtime` asks for the
//! next chunk, which it does once the last one was sent: a slow caller slows
//! the handler, and nothing piles up. Items that are ready together are
//! written as one chunk, up to [`CHUNK`] bytes; one that has to wait sends
//! what came before it at once.

use std::convert::Infallible;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{BufMut as _, Bytes, BytesMut};
use futures_util::Stream;
use lambda_runtime::{Diagnostic, MetadataPrelude, StreamResponse};
use serde::Serialize;

use super::wire::trailer;
use super::{ByteStream, ResponseStream};

/// How many bytes of ready items go into one chunk.
pub(crate) const CHUNK: usize = 32 * 1024;

/// The stream of chunks a callee's handler writes, its type erased.
pub struct Written {
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes, Infallible>> + Send>>,
}

impl Stream for Written {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl std::fmt::Debug for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Written").finish_non_exhaustive()
    }
}

/// What a stream method's handler responds with: `lambda_runtime`'s
/// streaming response.
pub type Served = StreamResponse<Written>;

/// What a stream method's handler yields: a record, or bytes.
pub trait ServedStream {
    /// What the handler's stream yields.
    type Item: Send + 'static;
}

impl<T: Send + 'static, E> ServedStream for ResponseStream<T, E> {
    type Item = T;
}

impl<E> ServedStream for ByteStream<E> {
    type Item = Bytes;
}

/// How a stream's items are written: a record a line, or bytes as they are.
/// Bounded through the handler's stream type `S`, so that a contract whose
/// record type does not serialize still compiles for its callers.
#[diagnostic::on_unimplemented(
    message = "the records of `{Self}` cannot be written by a callee",
    label = "the stream a callee writes",
    note = "a callee writes each record as a line of JSON: its type must implement `serde::Serialize`"
)]
pub trait WriteItems<S>: ServedStream {
    /// Appends `item` to `chunk`.
    ///
    /// # Errors
    ///
    /// When a record does not serialize; `chunk` is left as it was.
    fn write(item: Self::Item, chunk: &mut BytesMut) -> Result<(), serde_json::Error>;
}

impl<T: Serialize + Send + 'static, E, S> WriteItems<S> for ResponseStream<T, E> {
    fn write(item: T, chunk: &mut BytesMut) -> Result<(), serde_json::Error> {
        let start = chunk.len();
        let written = serde_json::to_writer((&mut *chunk).writer(), &item);
        if written.is_err() {
            chunk.truncate(start);
        } else {
            chunk.put_u8(b'\n');
        }
        written
    }
}

impl<E, S> WriteItems<S> for ByteStream<E> {
    fn write(item: Bytes, chunk: &mut BytesMut) -> Result<(), serde_json::Error> {
        chunk.extend_from_slice(&item);
        Ok(())
    }
}

/// How a stream method's error reaches Lambda: as what `lambda_runtime`
/// reports. Bounded through the handler's stream type `S`, so that a
/// contract whose error cannot be reported still compiles for its callers,
/// and fails where its callee is built.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be reported to Lambda, so a callee cannot fail with it",
    label = "the callee's error",
    note = "derive `lambda_client::LambdaError` for `{Self}`, or implement `From<{Self}> for lambda_runtime::Diagnostic`"
)]
pub trait ReportedBy<S> {
    /// The error as Lambda reports it.
    fn report(self) -> Diagnostic;
}

impl<S, E: Into<Diagnostic>> ReportedBy<S> for E {
    fn report(self) -> Diagnostic {
        self.into()
    }
}

/// Serves a stream method: the handler's future, then its stream. An error
/// before the stream or in it ends the stream with the trailer; the
/// response itself never fails, so `X` is any error type.
#[doc(hidden)]
pub async fn serve<V, F, S, E, X>(path: &'static str, handler: F) -> Result<Served, X>
where
    V: WriteItems<S> + 'static,
    F: Future<Output = Result<S, E>> + Send + 'static,
    S: Stream<Item = Result<V::Item, E>> + Send + 'static,
    E: ReportedBy<S> + 'static,
{
    let trace_id = crate::trace_header::in_scope();
    let tenant = crate::tenant::TenantId::current();
    let (items, end) = match handler.await {
        Ok(items) => (Some(Box::pin(items)), None),
        Err(error) => (None, Some(trailer_of(&error.report()))),
    };
    let writer = Writer::<V, S, E> {
        items,
        chunk: BytesMut::new(),
        end,
        index: 0,
        path,
        trace_id,
        tenant,
        types: PhantomData,
    };
    Ok(StreamResponse {
        metadata_prelude: MetadataPrelude::default(),
        stream: Written {
            chunks: Box::pin(writer),
        },
    })
}

/// The handler's stream, written in chunks.
struct Writer<V: ServedStream, S, E> {
    /// `None` once the handler's stream has ended or failed.
    items: Option<Pin<Box<S>>>,
    chunk: BytesMut,
    /// The trailer, to send after the last chunk.
    end: Option<Bytes>,
    /// The index of the next item.
    index: u64,
    path: &'static str,
    /// The invocation's trace header and tenant, for the calls the stream makes.
    trace_id: Option<Arc<str>>,
    tenant: Option<crate::tenant::TenantId>,
    types: PhantomData<fn() -> (V, E)>,
}

impl<V, S, E> Stream for Writer<V, S, E>
where
    V: WriteItems<S>,
    S: Stream<Item = Result<V::Item, E>>,
    E: ReportedBy<S>,
{
    type Item = Result<Bytes, Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin`: the handler's stream is boxed.
        let this = Pin::into_inner(self);
        while let Some(items) = &mut this.items {
            let polled = crate::tenant::sync_scope(this.tenant.as_ref(), || {
                crate::trace_header::sync_scope(this.trace_id.as_ref(), || {
                    items.as_mut().poll_next(cx)
                })
            });
            match polled {
                Poll::Ready(Some(Ok(item))) => {
                    if let Err(error) = V::write(item, &mut this.chunk) {
                        this.fail(&Diagnostic {
                            error_type: "lambda_client::RecordEncodeError".to_owned(),
                            error_message: format!(
                                "record {} of `{}` does not serialize to JSON: {error}",
                                this.index, this.path
                            ),
                        });
                    }
                    this.index += 1;
                    if this.chunk.len() >= CHUNK {
                        break;
                    }
                }
                Poll::Ready(Some(Err(error))) => this.fail(&error.report()),
                Poll::Ready(None) => this.items = None,
                Poll::Pending if this.chunk.is_empty() => return Poll::Pending,
                Poll::Pending => break,
            }
        }
        if !this.chunk.is_empty() {
            return Poll::Ready(Some(Ok(this.chunk.split().freeze())));
        }
        Poll::Ready(this.end.take().map(Ok))
    }
}

impl<V: ServedStream, S, E> Writer<V, S, E> {
    /// Ends the stream with `error`: the handler's stream is dropped at once.
    fn fail(&mut self, error: &Diagnostic) {
        self.items = None;
        self.end = Some(trailer_of(error));
    }
}

fn trailer_of(error: &Diagnostic) -> Bytes {
    trailer(&serde_json::to_vec(error).unwrap_or_default())
}
