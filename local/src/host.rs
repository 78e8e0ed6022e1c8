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

use futures_util::FutureExt as _;
use lambda_runtime::{Context, Diagnostic, LambdaEvent};
use serde::de::DeserializeOwned;
use tracing::instrument::WithSubscriber as _;

/// A hosted `lambda_runtime` service with its types erased: payload bytes and
/// context in, response bytes or the error Lambda reports out.
pub(crate) type HostedService = Arc<
    dyn Fn(
            bytes::Bytes,
            Context,
        ) -> Pin<Box<dyn Future<Output = Result<Vec<u8>, Diagnostic>> + Send>>
        + Send
        + Sync,
>;

/// The environment a function sees through `lambda_client::env::var`.
pub(crate) type Environment = Arc<HashMap<String, String>>;

/// Lambda's limit on a synchronous response: 6 MB and 100 bytes, as its
/// `Function.ResponseSizeTooLarge` message says.
const RESPONSE_LIMIT: usize = 6 * 1024 * 1024 + 100;

/// How much of an invocation's log `LogType: Tail` returns.
const LOG_TAIL: usize = 4 * 1024;

/// Erases a `lambda_runtime` service's types, decoding and encoding as
/// `lambda_runtime::run` does.
pub(crate) fn erase<S, A>(service: S) -> HostedService
where
    S: super::LocalService<A>,
    A: DeserializeOwned + Send + 'static,
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
            serde_json::to_vec(&response).map_err(|error| Diagnostic {
                error_type: type_name_of_val(&error),
                error_message: error.to_string(),
            })
        })
    })
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
    pub(crate) payload: bytes::Bytes,
    pub(crate) context: Context,
    pub(crate) version: String,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u32,
    /// Whether to keep the invocation's log for `LogType: Tail`.
    pub(crate) keep_log: bool,
}

/// How an invocation ended.
pub(crate) struct Outcome {
    pub(crate) result: Result<Vec<u8>, Diagnostic>,
    /// The last 4 KB of the log, when it was kept.
    pub(crate) log_tail: Option<Vec<u8>>,
}

impl Invocation {
    /// Runs the handler in the function's environment, under its timeout,
    /// catching panics.
    pub(crate) async fn run(self) -> Outcome {
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
        let call = AssertUnwindSafe(service(payload, context)).catch_unwind();
        let call = lambda_client::env::scope(environment, tokio::time::timeout(timeout, call));
        let log = keep_log.then(LogBuffer::default);
        let finished = match &log {
            Some(log) => call.with_subscriber(log.subscriber()).await,
            None => call.await,
        };
        let result = match finished {
            Ok(Ok(result)) => result.and_then(check_response_size),
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
        return Err(Diagnostic {
            error_type: "Function.ResponseSizeTooLarge".to_owned(),
            error_message: format!(
                "Response payload size exceeded maximum allowed payload size ({RESPONSE_LIMIT} bytes)."
            ),
        });
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
