//! Running one invocation of a hosted `lambda_runtime` handler the way the
//! Rust runtime does in AWS: decode the event, call the service, encode the
//! response, and turn every failure (an error, a panic, a timeout) into the
//! `{"errorType", "errorMessage"}` document Lambda returns.

use std::any::Any;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::future::{Future, poll_fn};
use std::io;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{FutureExt as _, Stream, StreamExt as _};
use lambda_runtime::{
    Context, Diagnostic, FunctionResponse, IntoFunctionResponse as _, LambdaEvent, StreamResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::instrument::WithSubscriber as _;

use crate::function::{LocalService, LocalStream, StreamItem};

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

/// Lambda's limit on a synchronous response: 6 MB and 100 bytes, as its
/// `Function.ResponseSizeTooLarge` message says.
pub(crate) const RESPONSE_LIMIT: usize = 6 * 1024 * 1024 + 100;

/// Lambda's limit on a streamed response: 200 MiB.
pub(crate) const STREAM_LIMIT: usize = 200 * 1024 * 1024;

/// How much of an invocation's log `LogType: Tail` returns.
const LOG_TAIL: usize = 4 * 1024;

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

fn type_name_of_val<T>(_: T) -> String {
    std::any::type_name::<T>().to_owned()
}

/// One invocation to run.
pub(crate) struct Invocation {
    pub(crate) service: HostedService,
    pub(crate) environment: Environment,
    pub(crate) payload: Bytes,
    pub(crate) context: Context,
    pub(crate) version: String,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u32,
    /// Whether to keep the invocation's log for `LogType: Tail`.
    pub(crate) keep_log: bool,
}

/// How an invocation ended.
pub(crate) struct Outcome<T = Vec<u8>> {
    pub(crate) result: Result<T, Diagnostic>,
    /// The last 4 KB of the log, when it was kept.
    pub(crate) log_tail: Option<Vec<u8>>,
}

impl Invocation {
    /// Runs the handler in the function's environment, under its timeout,
    /// catching panics: its response whole, as a synchronous call or an
    /// event gets it.
    pub(crate) async fn run(self) -> Outcome {
        self.run_with(|response| async move {
            match response {
                Response::Buffered(response) => check_response_size(response),
                Response::Streaming(chunks) => collect(chunks).await,
            }
        })
        .await
    }

    /// Runs the handler, then `respond` with its response, both in the
    /// function's environment, under its timeout, catching panics.
    pub(crate) async fn run_with<T, F, R>(self, respond: R) -> Outcome<T>
    where
        R: FnOnce(Response) -> F + Send,
        F: Future<Output = Result<T, Diagnostic>> + Send,
    {
        let Invocation {
            service,
            environment,
            payload,
            context,
            version,
            timeout,
            memory_mb,
            keep_log,
        } = self;
        let request_id = context.request_id.clone();
        let started = Instant::now();
        let call = async move { respond(service(payload, context).await?).await };
        let call = AssertUnwindSafe(call).catch_unwind();
        let call = lambda_client::env::scope(environment, tokio::time::timeout(timeout, call));
        let log = keep_log.then(LogBuffer::default);
        let finished = match &log {
            Some(log) => call.with_subscriber(log.subscriber()).await,
            None => call.await,
        };
        let result = match finished {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => Err(panic_diagnostic(&panic)),
            Err(_elapsed) => Err(Diagnostic {
                error_type: "Sandbox.Timedout".to_owned(),
                error_message: format!(
                    "RequestId: {request_id} Error: Task timed out after {:.2} seconds",
                    timeout.as_secs_f64()
                ),
            }),
        };
        let log_tail =
            log.map(|log| log.finish(&request_id, &version, started.elapsed(), memory_mb));
        Outcome { result, log_tail }
    }
}

fn check_response_size(response: Vec<u8>) -> Result<Vec<u8>, Diagnostic> {
    if response.len() > RESPONSE_LIMIT {
        return Err(too_large(RESPONSE_LIMIT));
    }
    Ok(response)
}

/// What Lambda reports for a response over `limit`.
pub(crate) fn too_large(limit: usize) -> Diagnostic {
    Diagnostic {
        error_type: "Function.ResponseSizeTooLarge".to_owned(),
        error_message: format!(
            "Response payload size exceeded maximum allowed payload size ({limit} bytes)."
        ),
    }
}

/// A streaming response read whole, stopping past a synchronous response's
/// limit.
async fn collect(mut chunks: Chunks) -> Result<Vec<u8>, Diagnostic> {
    let mut response = Vec::new();
    while let Some(chunk) = chunks.next().await {
        response.extend_from_slice(&chunk);
        if response.len() > RESPONSE_LIMIT {
            return Err(too_large(RESPONSE_LIMIT));
        }
    }
    Ok(response)
}

/// What `lambda_runtime`'s panic layer reports.
fn panic_diagnostic(panic: &Box<dyn Any + Send>) -> Diagnostic {
    let error_message = if let Some(message) = panic.downcast_ref::<&str>() {
        format!("Lambda panicked: {message}")
    } else if let Some(message) = panic.downcast_ref::<String>() {
        format!("Lambda panicked: {message}")
    } else {
        "Lambda panicked".to_owned()
    };
    Diagnostic {
        error_type: type_name_of_val(panic),
        error_message,
    }
}

/// The log of one invocation: what the handler's `tracing` events wrote,
/// between the `START` and `REPORT` lines Lambda adds.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + 'static {
        let buffer = self.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .without_time()
            .with_target(false)
            .with_writer(move || buffer.clone())
            .finish()
    }

    fn finish(self, request_id: &str, version: &str, took: Duration, memory_mb: u32) -> Vec<u8> {
        let logged = std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        let milliseconds = took.as_secs_f64() * 1000.0;
        let mut log = format!("START RequestId: {request_id} Version: {version}\n");
        log.push_str(&String::from_utf8_lossy(&logged));
        // `write!` into a `String` cannot fail.
        let _ = write!(
            log,
            "END RequestId: {request_id}\nREPORT RequestId: {request_id}\tDuration: {milliseconds:.2} ms\tBilled Duration: {billed} ms\tMemory Size: {memory_mb} MB\t\n",
            billed = milliseconds.ceil(),
        );
        let mut log = log.into_bytes();
        let cut = log.len().saturating_sub(LOG_TAIL);
        log.drain(..cut);
        log
    }
}

impl io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
