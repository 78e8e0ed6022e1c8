//! A local Lambda: the Invoke API on `127.0.0.1`, hosting the same
//! `lambda_runtime` handlers that run in AWS, answering as AWS answers
//! (feature `local`).
//!
//! It is what the demo and the tests run against: the real SDK, over real
//! HTTP, with no AWS account. Unlike `cargo lambda watch` it keeps Lambda's
//! wire behaviour: a failing function is a 200 with `X-Amz-Function-Error`,
//! `Event` returns 202 at once and runs the handler in the background,
//! `DryRun` returns 204 without running it, a busy function with reserved
//! concurrency is a 429, and `Qualifier`, `LogType: Tail` and
//! `ClientContext` are honoured. `CONFORMANCE.md` in the repository lists
//! each behaviour.
//!
//! ```no_run
//! use lambda_client::local::{LocalFunction, LocalLambda};
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
//! with [`crate::env::var`], which sees only what [`LocalFunction::env`] gave
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
//! - [`crate::env::var`] inside a task the handler spawns sees the host
//!   process's environment, since the function's is task-local.
//! - A failed event is not retried, and there is no dead-letter queue:
//!   [`LocalLambda::wait_for_events`] shows each run's result instead.
//! - Handlers return a `Serialize` value; streaming responses are not hosted.

mod host;
mod server;

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use lambda_runtime::{Diagnostic, LambdaEvent, Service};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

pub(crate) use host::function_var;

use crate::error::FunctionError;
use host::Handler;
use server::{Hosted, State, Version};

/// The region the local Lambda claims to be in.
const REGION: &str = "us-east-1";
/// The account in the ARNs it reports.
const ACCOUNT: &str = "123456789012";

/// Variables Lambda sets itself and refuses in a function's configuration.
const RESERVED_VARIABLES: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
];

/// A `lambda_runtime` service the local Lambda can host: what
/// `lambda_runtime::run` takes (a `service_fn` of a handler, a `{Trait}Callee`
/// constructor's result), returning a value that serializes; cloned for each
/// invocation. The event `A` it takes must deserialize.
pub trait LocalService<A>:
    Service<
        LambdaEvent<A>,
        Response: Serialize + Send + 'static,
        Error: Into<Diagnostic>,
        Future: Send + 'static,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<S, A> LocalService<A> for S where
    S: Service<
            LambdaEvent<A>,
            Response: Serialize + Send + 'static,
            Error: Into<Diagnostic>,
            Future: Send + 'static,
        > + Clone
        + Send
        + Sync
        + 'static
{
}

/// A running local Lambda. Dropping it stops the server, closes its
/// connections and cancels events still running.
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
    pub async fn wait_for_events(&self) -> Vec<EventRun> {
        let mut runs = Vec::new();
        loop {
            let mut queued = std::mem::take(
                &mut *self
                    .state
                    .events
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner),
            );
            if queued.is_empty() {
                return runs;
            }
            while let Some(joined) = queued.join_next().await {
                match joined {
                    Ok(run) => runs.push(run),
                    // A handler's panic is caught and reported as its error; a panic
                    // here is the server's own bug, and belongs to the caller.
                    Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
                    Err(_cancelled) => {}
                }
            }
        }
    }
}

impl Drop for LocalLambda {
    fn drop(&mut self) {
        self.server.abort();
        self.state
            .events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .abort_all();
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
}

impl LocalLambdaBuilder {
    /// Hosts `service` (for example `lambda_runtime::service_fn(handler)`) as
    /// function `name`, with the defaults of [`LocalFunction::new`].
    pub fn function<S, A>(self, name: impl Into<String>, service: S) -> Self
    where
        S: LocalService<A>,
        A: DeserializeOwned + Send + 'static,
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

    /// Checks the configuration, binds 127.0.0.1 and starts serving on the
    /// current Tokio runtime.
    ///
    /// # Errors
    ///
    /// [`LocalError`] when a name, version, alias or variable is one Lambda
    /// would refuse, when two functions share a name, or when the port
    /// cannot be bound.
    pub async fn start(self) -> Result<LocalLambda, LocalError> {
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
        let state = Arc::new(State::new(functions));
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
            .finish()
    }
}

/// One hosted function and its configuration: what a deployment would set.
#[must_use = "a function is hosted once passed to `LocalLambdaBuilder::host`"]
pub struct LocalFunction {
    name: String,
    latest: Handler,
    versions: Vec<(String, Handler)>,
    aliases: Vec<(String, String)>,
    environment: Vec<(String, String)>,
    timeout: Duration,
    memory_mb: u32,
    reserved_concurrency: Option<usize>,
}

impl LocalFunction {
    /// Function `name` running `service` as `$LATEST`, with Lambda's
    /// defaults: a 3-second timeout, 128 MB, no reserved concurrency, an
    /// empty environment.
    pub fn new<S, A>(name: impl Into<String>, service: S) -> Self
    where
        S: LocalService<A>,
        A: DeserializeOwned + Send + 'static,
    {
        LocalFunction {
            name: name.into(),
            latest: host::handler(service),
            versions: Vec::new(),
            aliases: Vec::new(),
            environment: Vec::new(),
            timeout: Duration::from_secs(3),
            memory_mb: 128,
            reserved_concurrency: None,
        }
    }

    /// Sets an environment variable of this function (every version).
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.push((key.into(), value.into()));
        self
    }

    /// How long an invocation may run before Lambda stops it with
    /// `Sandbox.Timedout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The memory size reported to the handler, in MB.
    pub fn memory_size(mut self, megabytes: u32) -> Self {
        self.memory_mb = megabytes;
        self
    }

    /// At most `limit` invocations at once: a synchronous call beyond it gets
    /// 429 `ReservedFunctionConcurrentInvocationLimitExceeded`, an event waits.
    pub fn reserved_concurrency(mut self, limit: usize) -> Self {
        self.reserved_concurrency = Some(limit);
        self
    }

    /// Publishes version `version` (a number, such as `"1"`) running `service`.
    pub fn version<S, A>(mut self, version: impl Into<String>, service: S) -> Self
    where
        S: LocalService<A>,
        A: DeserializeOwned + Send + 'static,
    {
        self.versions.push((version.into(), host::handler(service)));
        self
    }

    /// Creates alias `alias` pointing at `version` (a published version or `$LATEST`).
    pub fn alias(mut self, alias: impl Into<String>, version: impl Into<String>) -> Self {
        self.aliases.push((alias.into(), version.into()));
        self
    }

    fn into_hosted(self) -> Result<Hosted, LocalError> {
        let LocalFunction {
            name,
            latest,
            versions,
            aliases,
            environment,
            timeout,
            memory_mb,
            reserved_concurrency,
        } = self;
        if !is_function_name(&name) {
            return Err(LocalError::InvalidName { name });
        }
        if let Some((key, _)) = environment
            .iter()
            .find(|(key, _)| RESERVED_VARIABLES.contains(&key.as_str()))
        {
            return Err(LocalError::ReservedVariable {
                function: name,
                key: key.clone(),
            });
        }
        let mut hosted_versions = HashMap::new();
        for (version, handler) in std::iter::once(("$LATEST".to_owned(), latest)).chain(versions) {
            let numbered = !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit());
            if version != "$LATEST" && !numbered || hosted_versions.contains_key(&version) {
                return Err(LocalError::InvalidVersion {
                    function: name,
                    version,
                });
            }
            let hosted = version_of(&name, &version, handler, &environment, memory_mb);
            hosted_versions.insert(version, hosted);
        }
        let mut hosted_aliases = HashMap::new();
        for (alias, version) in aliases {
            let valid = is_alias(&alias) && !hosted_aliases.contains_key(&alias);
            if !valid || !hosted_versions.contains_key(&version) {
                return Err(LocalError::InvalidAlias {
                    function: name,
                    alias,
                    version,
                });
            }
            hosted_aliases.insert(alias, version);
        }
        Ok(Hosted {
            arn: format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"),
            name,
            versions: hosted_versions,
            aliases: hosted_aliases,
            timeout,
            memory_mb,
            concurrency: reserved_concurrency.map(|limit| Arc::new(Semaphore::new(limit))),
        })
    }
}

/// A version's handler, with the environment and `Config` it runs with.
fn version_of(
    name: &str,
    version: &str,
    handler: Handler,
    environment: &[(String, String)],
    memory_mb: u32,
) -> Version {
    let log_group = format!("/aws/lambda/{name}");
    let mut variables: HashMap<String, String> = environment.iter().cloned().collect();
    for (key, value) in [
        ("AWS_LAMBDA_FUNCTION_NAME", name),
        ("AWS_LAMBDA_FUNCTION_VERSION", version),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &memory_mb.to_string()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", &log_group),
        ("AWS_REGION", REGION),
        ("AWS_DEFAULT_REGION", REGION),
    ] {
        variables.insert(key.to_owned(), value.to_owned());
    }
    Version {
        handler,
        environment: Arc::new(variables),
        config: Arc::new(lambda_runtime::Config {
            function_name: name.to_owned(),
            memory: i32::try_from(memory_mb).unwrap_or(i32::MAX),
            version: version.to_owned(),
            log_stream: "local".to_owned(),
            log_group,
        }),
    }
}

/// Lambda's rule for a function name: 1 to 64 of `[A-Za-z0-9_-]`.
fn is_function_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Lambda's rule for an alias: 1 to 128 of `[A-Za-z0-9_-]`, not all digits.
fn is_alias(alias: &str) -> bool {
    (1..=128).contains(&alias.len())
        && alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !alias.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Debug for LocalFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The environment's values may be secrets: only the keys are shown.
        let keys: Vec<&str> = self
            .environment
            .iter()
            .map(|(key, _)| key.as_str())
            .collect();
        let versions: Vec<&str> = self
            .versions
            .iter()
            .map(|(version, _)| version.as_str())
            .collect();
        f.debug_struct("LocalFunction")
            .field("name", &self.name)
            .field("versions", &versions)
            .field("aliases", &self.aliases)
            .field("environment", &keys)
            .field("timeout", &self.timeout)
            .field("memory_mb", &self.memory_mb)
            .field("reserved_concurrency", &self.reserved_concurrency)
            .finish_non_exhaustive()
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

/// Why a [`LocalLambda`] could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocalError {
    /// The port could not be bound.
    #[error(
        "the local Lambda could not listen on {address}: {source}; pick another port, or port 0 for any free one"
    )]
    Bind {
        /// The address it tried.
        address: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The name is not one Lambda accepts.
    #[error("`{name}` is not a valid function name: use 1 to 64 letters, digits, `-` or `_`")]
    InvalidName {
        /// The name given.
        name: String,
    },
    /// Two functions have the same name.
    #[error("function `{name}` is hosted twice: give each function its own name")]
    DuplicateFunction {
        /// The name given twice.
        name: String,
    },
    /// A version is not a number, or is given twice.
    #[error(
        "version `{version}` of `{function}` is invalid or given twice: published versions are numbers such as \"1\""
    )]
    InvalidVersion {
        /// The function.
        function: String,
        /// The version given.
        version: String,
    },
    /// An alias is malformed, given twice, or points at a version that does not exist.
    #[error(
        "alias `{alias}` of `{function}` cannot point at version `{version}`: an alias is 1 to 128 letters, digits, `-` or `_` (not only digits), given once, and names `$LATEST` or a version published with `LocalFunction::version`"
    )]
    InvalidAlias {
        /// The function.
        function: String,
        /// The alias given.
        alias: String,
        /// The version it points at.
        version: String,
    },
    /// The environment sets a variable Lambda reserves.
    #[error(
        "`{key}` in the environment of `{function}` is reserved by Lambda, which sets it itself; use another name"
    )]
    ReservedVariable {
        /// The function.
        function: String,
        /// The variable.
        key: String,
    },
}
