//! A local Lambda: the Invoke API on `127.0.0.1`, hosting the same
//! `lambda_runtime` handlers that run in AWS, answering as AWS answers.
//! A development dependency of crates that use `lambda-client`: it is
//! never deployed.
//!
//! It is what the demo and the tests run against: the real SDK, over real
//! HTTP, with no AWS account. Unlike `cargo lambda watch` it keeps Lambda's
//! wire behaviour: a failing function is a 200 with `X-Amz-Function-Error`,
//! `Event` returns 202 at once and runs the handler in the background,
//! `DryRun` returns 204 without running it, a busy function with reserved
//! concurrency is a 429, `Qualifier`, `LogType: Tail` and `ClientContext`
//! are honoured, and a handler that streams its response is served by
//! `InvokeWithResponseStream` as Lambda frames it. `CONFORMANCE.md` in the repository lists
//! each behaviour.
//!
//! ```no_run
//! use lambda_client_local::{LocalFunction, LocalLambda};
//! use lambda_runtime::{service_fn, Error, LambdaEvent};
//! use serde_json::{json, Value};
//!
//! async fn echo(event: LambdaEvent<Value>) -> Result<Value, Error> {
//!     let greeting = lambda_client::env::var("GREETING")?;
//!     Ok(json!({ "echo": event.payload, "greeting": greeting }))
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let lambda = LocalLambda::builder()
//!     .function("echo", service_fn(echo))
//!     .host(
//!         LocalFunction::new("greeter", service_fn(echo))
//!             .env("GREETING", "hello")
//!             .reserved_concurrency(4),
//!     )
//!     .start()
//!     .await?;
//! let sdk = lambda.sdk_client(); // an aws_sdk_lambda::Client for this endpoint
//! # Ok(()) }
//! ```
//!
//! # Configuration per function
//!
//! Functions here share one process, so a function reads its environment
//! with [`lambda_client::env::var`], which sees only what [`LocalFunction::env`] gave
//! it and the variables Lambda sets (`AWS_LAMBDA_FUNCTION_NAME`,
//! `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`,
//! `AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_LAMBDA_LOG_GROUP_NAME`); in AWS
//! the same call reads the process environment. The handler's
//! `Context::env_config` names the function and the version that runs.
//!
//! # Where it differs from AWS
//!
//! - The log returned for `LogType: Tail` holds what the handler logged with
//!   `tracing` on the invocation's own task (plus Lambda's `START`, `END`
//!   and `REPORT` lines); `println!` and tasks the handler spawns are not in it.
//! - [`lambda_client::env::var`] inside a task the handler spawns sees the host
//!   process's environment, since the function's is task-local.
//! - A failed event is not retried, and there is no dead-letter queue:
//!   [`LocalLambda::wait_for_events`] shows each run's result instead.
//! - A durable execution that ended is kept (for `GetDurableExecution`, and
//!   its name taken) until 1,000 newer ones have ended, not for a retention
//!   period; one still running is always kept.
//! - A handler's streaming response (`lambda_runtime::StreamResponse`) is
//!   served by `InvokeWithResponseStream` as it is written; how AWS reports a
//!   handler's error there (`InvokeComplete`'s `ErrorCode` and
//!   `ErrorDetails`) and answers a plain `Invoke` of a streaming handler (its
//!   bytes whole, prelude included) is not documented: CONFORMANCE.md says
//!   what this one does.

mod durable;
mod error;
mod events;
mod function;
mod host;
mod lineage;
mod server;
mod streaming;

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use error::LocalError;
pub use function::{LocalFunction, LocalService, LocalStream, StreamItem};
use lambda_client::FunctionError;
use server::State;

/// The region the local Lambda claims to be in.
const REGION: &str = "us-east-1";
/// The account in the ARNs it reports.
const ACCOUNT: &str = "123456789012";
/// The longest read timeout: hyper adds it to the clock's present, which
/// overflows (a panic in each connection's task) well before
/// `Duration::MAX`; no client takes a day to send a request.
const MAX_READ_TIMEOUT: Duration = Duration::from_hours(24);
/// The shortest: below a millisecond a request can hardly arrive.
const MIN_READ_TIMEOUT: Duration = Duration::from_millis(1);

/// A running local Lambda. Dropping it stops the server, closes its
/// connections and cancels the events and durable executions still
/// running.
pub struct LocalLambda {
    endpoint_url: String,
    sdk: aws_sdk_lambda::Client,
    state: Arc<State>,
    server: JoinHandle<()>,
}

impl LocalLambda {
    /// Starts describing the functions to host.
    pub fn builder() -> LocalLambdaBuilder {
        LocalLambdaBuilder {
            functions: Vec::new(),
            port: 0,
            read_timeout: Duration::from_secs(10),
            recursion_limit: 16,
        }
    }

    /// The endpoint URL, such as `http://127.0.0.1:40123`: what
    /// `AWS_ENDPOINT_URL_LAMBDA` or `endpoint_url` takes.
    #[must_use]
    pub fn endpoint_url(&self) -> &str {
        &self.endpoint_url
    }

    /// An SDK client for this endpoint: region `us-east-1`, dummy
    /// credentials, and the SDK's own retries off, so that one call runs a
    /// handler at most once.
    #[must_use]
    pub fn sdk_client(&self) -> aws_sdk_lambda::Client {
        self.sdk.clone()
    }

    /// Waits until every event queued so far has run (and every event those
    /// runs queued), and returns the runs in the order they finished. Each
    /// run is returned once.
    ///
    /// The runs wait here until taken, within bounds: the latest 1,000, and
    /// at most 64 MiB of results; older ones make room
    /// ([`dropped_event_runs`](Self::dropped_event_runs) counts them).
    pub async fn wait_for_events(&self) -> Vec<EventRun> {
        self.state.events.wait().await
    }

    /// How many finished event runs were dropped, oldest first, to keep
    /// what waits for [`wait_for_events`](Self::wait_for_events) within its
    /// bounds.
    #[must_use]
    pub fn dropped_event_runs(&self) -> usize {
        self.state.events.dropped()
    }
}

impl Drop for LocalLambda {
    fn drop(&mut self) {
        self.server.abort();
        self.state.events.abort();
        self.state.executions.abort();
    }
}

impl fmt::Debug for LocalLambda {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut functions: Vec<&str> = self.state.functions.keys().map(String::as_str).collect();
        functions.sort_unstable();
        f.debug_struct("LocalLambda")
            .field("endpoint_url", &self.endpoint_url)
            .field("functions", &functions)
            .finish_non_exhaustive()
    }
}

/// The functions a [`LocalLambda`] will host. Made by [`LocalLambda::builder`].
#[must_use = "nothing listens until `start` is awaited"]
pub struct LocalLambdaBuilder {
    functions: Vec<LocalFunction>,
    port: u16,
    read_timeout: Duration,
    recursion_limit: u32,
}

impl LocalLambdaBuilder {
    /// Hosts `service` (for example `lambda_runtime::service_fn(handler)`) as
    /// function `name`, with the defaults of [`LocalFunction::new`].
    pub fn function<T, A, B, S>(self, name: impl Into<String>, service: T) -> Self
    where
        T: LocalService<A, B, S>,
        A: DeserializeOwned + Send + 'static,
        B: serde::Serialize,
        S: LocalStream,
    {
        self.host(LocalFunction::new(name, service))
    }

    /// Hosts a function with its configuration.
    pub fn host(mut self, function: LocalFunction) -> Self {
        self.functions.push(function);
        self
    }

    /// Listens on this port of 127.0.0.1 instead of one the system picks.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How long a client may take to send a request's headers, and then its
    /// body, before the connection is answered (408 for a body) and closed:
    /// 10 seconds unless set, from 1 ms to 1 day, or the local Lambda
    /// refuses to start ([`LocalError::InvalidServerSetting`]).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// How many times one chain of calls may invoke the same function
    /// before the next invocation is refused with
    /// `RecursiveInvocationException`: 16 unless set, about what AWS allows.
    /// The chain is followed in the X-Ray trace header's `Lineage`, which a
    /// `{Trait}Callee` handler's calls carry on.
    pub fn recursion_limit(mut self, limit: u32) -> Self {
        self.recursion_limit = limit;
        self
    }

    /// Checks the configuration, binds 127.0.0.1 and starts serving on the
    /// current Tokio runtime.
    ///
    /// # Errors
    ///
    /// [`LocalError`] when a name, version, alias or variable is one Lambda
    /// would refuse, when two functions share a name, when the read timeout
    /// is outside its bounds, or when the port cannot be bound.
    pub async fn start(self) -> Result<LocalLambda, LocalError> {
        if !(MIN_READ_TIMEOUT..=MAX_READ_TIMEOUT).contains(&self.read_timeout) {
            return Err(LocalError::InvalidServerSetting {
                setting: "read timeout",
                value: format!("{:?}", self.read_timeout),
                allowed: "set one from 1 ms to 1 day",
            });
        }
        let mut functions = HashMap::new();
        for function in self.functions {
            let name = function.name.clone();
            let hosted = function.into_hosted()?;
            if functions.insert(name.clone(), Arc::new(hosted)).is_some() {
                return Err(LocalError::DuplicateFunction { name });
            }
        }
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| LocalError::Bind { address, source })?;
        let address = listener
            .local_addr()
            .map_err(|source| LocalError::Bind { address, source })?;
        let endpoint_url = format!("http://{address}");
        let state = Arc::new(State::new(
            functions,
            self.read_timeout,
            self.recursion_limit,
        ));
        let server = tokio::spawn(server::serve(listener, Arc::clone(&state)));
        let sdk = aws_sdk_lambda::Client::from_conf(
            aws_sdk_lambda::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(REGION))
                .credentials_provider(Credentials::new(
                    "local",
                    "local",
                    None,
                    None,
                    "lambda-client local",
                ))
                .endpoint_url(&endpoint_url)
                .retry_config(RetryConfig::disabled())
                .build(),
        );
        Ok(LocalLambda {
            endpoint_url,
            sdk,
            state,
            server,
        })
    }
}

impl fmt::Debug for LocalLambdaBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalLambdaBuilder")
            .field("functions", &self.functions)
            .field("port", &self.port)
            .field("read_timeout", &self.read_timeout)
            .field("recursion_limit", &self.recursion_limit)
            .finish()
    }
}

/// One event invocation that ran in the background.
#[derive(Debug, Clone)]
pub struct EventRun {
    function_name: String,
    version: String,
    request_id: String,
    result: Result<Vec<u8>, FunctionError>,
}

impl EventRun {
    /// The bytes its result holds, as the bounds on kept runs count them.
    fn size(&self) -> usize {
        match &self.result {
            Ok(response) => response.len(),
            Err(error) => error.document().len(),
        }
    }

    /// The function that ran.
    #[must_use]
    pub fn function_name(&self) -> &str {
        &self.function_name
    }

    /// The version that ran (`$LATEST` or a number).
    #[must_use]
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The request id Lambda gave the call.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The handler's JSON response, or how it failed. Lambda sends neither to
    /// the caller of an event.
    ///
    /// # Errors
    ///
    /// The [`FunctionError`] the handler ended with.
    pub fn result(&self) -> Result<&[u8], &FunctionError> {
        self.result.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_sdk_lambda::types::InvocationType;
    use lambda_runtime::{LambdaEvent, service_fn};
    use serde_json::{Value, json};
    use tokio::sync::mpsc;

    use super::*;

    fn echo() -> LocalFunction {
        LocalFunction::new(
            "echo",
            service_fn(|event: LambdaEvent<Value>| async move {
                Ok::<_, lambda_runtime::Error>(event.payload)
            }),
        )
    }

    #[tokio::test]
    async fn a_read_timeout_the_server_cannot_hold_is_refused_at_start() {
        for timeout in [Duration::MAX, Duration::ZERO, Duration::from_micros(999)] {
            let started = LocalLambda::builder()
                .host(echo())
                .read_timeout(timeout)
                .start()
                .await;
            let Err(error) = started else {
                panic!("a local Lambda started with a read timeout of {timeout:?}");
            };
            assert_eq!(
                error.to_string(),
                format!(
                    "the local Lambda's read timeout is {timeout:?}, outside what it can hold: set one from 1 ms to 1 day"
                )
            );
            let LocalError::InvalidServerSetting {
                setting,
                value,
                allowed,
            } = error
            else {
                panic!("not an invalid setting: {error:?}");
            };
            assert_eq!(setting, "read timeout");
            assert_eq!(value, format!("{timeout:?}"));
            assert_eq!(allowed, "set one from 1 ms to 1 day");
        }
    }

    /// The bounds are ones hyper holds: at either end a call is answered.
    #[tokio::test]
    async fn the_read_timeouts_at_the_bounds_serve_calls() {
        for timeout in [MIN_READ_TIMEOUT, MAX_READ_TIMEOUT] {
            let lambda = LocalLambda::builder()
                .host(echo())
                .read_timeout(timeout)
                .start()
                .await
                .expect("the local Lambda starts");
            let answer = lambda
                .sdk_client()
                .invoke()
                .function_name("echo")
                .payload(br#"{"n":1}"#.to_vec().into())
                .send()
                .await
                .expect("the call is answered");
            assert_eq!(answer.status_code(), 200, "{timeout:?}");
            assert_eq!(
                answer.payload().map(aws_smithy_types::Blob::as_ref),
                Some(&br#"{"n":1}"#[..]),
                "{timeout:?}"
            );
        }
    }

    /// Sends `()` when the handler's future is dropped: when it ends, or
    /// is cancelled.
    struct Guard(mpsc::UnboundedSender<()>);

    impl Drop for Guard {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }

    #[tokio::test]
    async fn dropping_the_local_lambda_cancels_a_durable_handler_still_running() {
        let (started_tx, mut started) = mpsc::unbounded_channel();
        let (ended_tx, mut ended) = mpsc::unbounded_channel();
        let handler = service_fn(move |_: LambdaEvent<Value>| {
            let started = started_tx.clone();
            let guard = Guard(ended_tx.clone());
            async move {
                let _guard = guard;
                let _ = started.send(());
                std::future::pending::<()>().await;
                Ok::<_, lambda_runtime::Error>(json!({}))
            }
        });
        let lambda = LocalLambda::builder()
            .host(
                LocalFunction::new("forever", handler)
                    .durable()
                    .timeout(Duration::from_mins(15)),
            )
            .start()
            .await
            .expect("the local Lambda starts");
        let answer = lambda
            .sdk_client()
            .invoke()
            .function_name("forever")
            .qualifier("$LATEST")
            .invocation_type(InvocationType::Event)
            .send()
            .await
            .expect("the execution starts");
        assert_eq!(answer.status_code(), 202);
        assert!(answer.durable_execution_arn().is_some());
        let running = tokio::time::timeout(Duration::from_secs(5), started.recv()).await;
        assert_eq!(running, Ok(Some(())), "the handler started");
        assert_eq!(ended.try_recv(), Err(mpsc::error::TryRecvError::Empty));

        drop(lambda);
        let cancelled = tokio::time::timeout(Duration::from_secs(5), ended.recv()).await;
        assert_eq!(cancelled, Ok(Some(())), "the handler was cancelled");
    }
}
