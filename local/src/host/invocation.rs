//! Running one invocation of a hosted `lambda_runtime` handler the way the
//! Rust runtime does in AWS: decode the event, call the service, encode the
//! response, and turn every failure (an error, a panic, a timeout) into the
//! `{"errorType", "errorMessage"}` document Lambda returns.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{FutureExt as _, StreamExt as _};
use lambda_runtime::{Context, Diagnostic};
use tracing::instrument::WithSubscriber as _;

use crate::host::log::LogBuffer;
use crate::host::service::type_name_of_val;
use crate::model::handler::{Chunks, Environment, HostedService, Response};

pub(crate) use lambda_client_wire::limits::{
    STREAM_RESPONSE as STREAM_LIMIT, SYNC_RESPONSE as RESPONSE_LIMIT,
};

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
