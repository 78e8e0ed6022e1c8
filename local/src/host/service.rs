//! What the local Lambda can host: a `lambda_runtime` service and the
//! responses it may give, and how its types are erased, decoding and
//! encoding as `lambda_runtime::run` does.

use std::future::poll_fn;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use futures_util::{Stream, StreamExt as _};
use lambda_runtime::{
    Diagnostic, FunctionResponse, IntoFunctionResponse, LambdaEvent, Service, StreamResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::handler::{Chunks, HostedService, Response};

/// A `lambda_runtime` service the local Lambda can host: what
/// `lambda_runtime::run` takes (a `service_fn` of a handler, a `{Trait}Callee`
/// constructor's result), cloned for each invocation. The event `A` it takes
/// must deserialize; it responds as `lambda_runtime` lets a handler respond:
/// with a value that serializes (`B`), or with a `StreamResponse` of a
/// stream of bytes (`S`).
pub trait LocalService<A, B, S>:
    Service<
        LambdaEvent<A>,
        Response: IntoFunctionResponse<B, S> + Send + 'static,
        Error: Into<Diagnostic>,
        Future: Send + 'static,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T, A, B, S> LocalService<A, B, S> for T where
    T: Service<
            LambdaEvent<A>,
            Response: IntoFunctionResponse<B, S> + Send + 'static,
            Error: Into<Diagnostic>,
            Future: Send + 'static,
        > + Clone
        + Send
        + Sync
        + 'static
{
}

/// A stream a hosted function may respond with: what `lambda_runtime`
/// streams, items of bytes or an error.
pub trait LocalStream: Stream<Item: StreamItem> + Unpin + Send + 'static {}

impl<S> LocalStream for S where S: Stream<Item: StreamItem> + Unpin + Send + 'static {}

/// An item of a response stream: bytes, or an error, which `lambda_runtime`
/// writes into the stream as text.
pub trait StreamItem: Send {
    /// The bytes `lambda_runtime` writes for the item.
    fn into_chunk(self) -> Bytes;
}

impl<D, E> StreamItem for Result<D, E>
where
    D: Into<Bytes> + Send,
    E: Into<lambda_runtime::Error> + Send,
{
    fn into_chunk(self) -> Bytes {
        match self {
            Ok(data) => data.into(),
            // `lambda_runtime` 1.5 writes an item's error into the body as
            // data, in the shape of the Runtime API's trailers.
            Err(error) => format!(
                "Lambda-Runtime-Function-Error-Type: Runtime.StreamError\r\nLambda-Runtime-Function-Error-Body: {}\r\n",
                BASE64.encode(error.into().to_string())
            )
            .into(),
        }
    }
}

/// Erases a `lambda_runtime` service's types, decoding and encoding as
/// `lambda_runtime::run` does.
pub(crate) fn erase<T, A, B, S>(service: T) -> HostedService
where
    T: LocalService<A, B, S>,
    A: DeserializeOwned + Send + 'static,
    B: Serialize,
    S: LocalStream,
{
    Arc::new(move |payload, context| {
        let mut service = service.clone();
        Box::pin(async move {
            let payload = decode::<A>(&payload)?;
            poll_fn(|cx| service.poll_ready(cx))
                .await
                .map_err(Into::into)?;
            let response = service
                .call(LambdaEvent::new(payload, context))
                .await
                .map_err(Into::into)?;
            match response.into_response() {
                FunctionResponse::BufferedResponse(body) => serde_json::to_vec(&body)
                    .map(Response::Buffered)
                    .map_err(|error| Diagnostic {
                        error_type: type_name_of_val(&error),
                        error_message: error.to_string(),
                    }),
                FunctionResponse::StreamingResponse(streaming) => {
                    Ok(Response::Streaming(chunks(streaming)))
                }
            }
        })
    })
}

/// The chunks `lambda_runtime` writes for a streaming response: the
/// prelude (with its default `content-type`), eight NUL bytes, the stream.
fn chunks<S: LocalStream>(mut response: StreamResponse<S>) -> Chunks {
    response
        .metadata_prelude
        .headers
        .entry(http::header::CONTENT_TYPE)
        .or_insert(http::HeaderValue::from_static("application/octet-stream"));
    let prelude = serde_json::to_vec(&response.metadata_prelude).unwrap_or_default();
    let start = futures_util::stream::iter([Bytes::from(prelude), Bytes::from_static(&[0; 8])]);
    Box::pin(start.chain(response.stream.map(StreamItem::into_chunk)))
}

/// Decodes the event as `lambda_runtime` does, failing with the same
/// `errorType` and message.
fn decode<A: DeserializeOwned>(payload: &[u8]) -> Result<A, Diagnostic> {
    let mut deserializer = serde_json::Deserializer::from_slice(payload);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let context = "failed to deserialize the incoming data into the function's payload type";
        let path = error.path().to_string();
        let error_message = if path == "." {
            format!("{context}: {error}\n")
        } else {
            format!("{context}: [{path}] {error}\n")
        };
        Diagnostic {
            // lambda_runtime names the type of a reference to its error.
            error_type: "&lambda_runtime::deserializer::DeserializeError".to_owned(),
            error_message,
        }
    })
}

pub(crate) fn type_name_of_val<T>(_: T) -> String {
    std::any::type_name::<T>().to_owned()
}
