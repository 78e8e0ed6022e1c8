//! A handler as the local Lambda holds it once its types are erased:
//! payload bytes and a context in, a response or the error Lambda reports
//! out, and the environment it sees.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::Stream;
use lambda_runtime::{Context, Diagnostic};

/// A hosted `lambda_runtime` service with its types erased: payload bytes and
/// context in, its response or the error Lambda reports out.
pub(crate) type HostedService = Arc<
    dyn Fn(Bytes, Context) -> Pin<Box<dyn Future<Output = Result<Response, Diagnostic>> + Send>>
        + Send
        + Sync,
>;

/// What a handler responded with, as `lambda_runtime` sends it to Lambda.
pub(crate) enum Response {
    /// The value, serialized.
    Buffered(Vec<u8>),
    /// The chunks of a streaming response: the metadata prelude and its
    /// eight NUL bytes, then the handler's stream.
    Streaming(Chunks),
}

pub(crate) type Chunks = Pin<Box<dyn Stream<Item = Bytes> + Send>>;

/// The environment a function sees through `lambda_client::env::var`.
pub(crate) type Environment = Arc<HashMap<String, String>>;
