//! The facade: [`LocalLambda`], started by its builder from the functions
//! to host, and the SDK client that reaches it.

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

use crate::error::LocalError;
use crate::events::EventRun;
use crate::function::LocalFunction;
use crate::host::service::{LocalService, LocalStream};
use crate::model::account::REGION;
use crate::model::settings::{MAX_READ_TIMEOUT, MIN_READ_TIMEOUT};
use crate::server::serve;
use crate::server::state::State;

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
            let name = function.name().to_owned();
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
        let server = tokio::spawn(serve(listener, Arc::clone(&state)));
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
