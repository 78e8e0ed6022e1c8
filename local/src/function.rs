//! One hosted function: its configuration, checked as Lambda checks a
//! deployment, and turned into what the server hosts.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use futures_util::Stream;
use lambda_runtime::{Diagnostic, IntoFunctionResponse, LambdaEvent, Service};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::host::{self, HostedService};
use crate::server::{Hosted, Tenancy, Version};
use crate::{ACCOUNT, LocalError, REGION};

/// Lambda's longest timeout: 15 minutes.
const MAX_TIMEOUT: Duration = Duration::from_mins(15);

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

#[must_use = "a function is hosted once passed to `LocalLambdaBuilder::host`"]
pub struct LocalFunction {
    pub(crate) name: String,
    latest: HostedService,
    versions: Vec<(String, HostedService)>,
    aliases: Vec<(String, String)>,
    environment: Vec<(String, String)>,
    timeout: Duration,
    memory_mb: u32,
    reserved_concurrency: Option<usize>,
    /// Tenant isolation: the `init` of each tenant's own `$LATEST`, when the
    /// function has it.
    per_tenant: Option<Init>,
    durable: bool,
}

/// Makes one execution environment's service: what a tenant-isolated
/// function runs once per tenant, as Lambda runs its init code once per
/// execution environment.
pub(crate) type Init = Arc<dyn Fn() -> HostedService + Send + Sync>;

impl LocalFunction {
    /// Function `name` running `service` as `$LATEST`, with Lambda's
    /// defaults: a 3-second timeout, 128 MB, no reserved concurrency, an
    /// empty environment.
    pub fn new<T, A, B, S>(name: impl Into<String>, service: T) -> Self
    where
        T: LocalService<A, B, S>,
        A: DeserializeOwned + Send + 'static,
        B: Serialize,
        S: LocalStream,
    {
        LocalFunction::new_hosted(name.into(), host::erase(service))
    }

    /// Function `name` in tenant isolation mode: every call must name its
    /// tenant (`X-Amz-Tenant-Id`), and each tenant gets an execution
    /// environment of its own, whose `$LATEST` is the service `init` makes
    /// for it on the tenant's first call; what `init` gives the service (a
    /// counter, a cache) is that tenant's alone, as module-level state is in
    /// Lambda. A Rust `static` is still one per process here. Versions added
    /// with [`version`](Self::version) are shared by every tenant.
    pub fn tenant_isolated<F, T, A, B, S>(name: impl Into<String>, init: F) -> Self
    where
        F: Fn() -> T + Send + Sync + 'static,
        T: LocalService<A, B, S>,
        A: DeserializeOwned + Send + 'static,
        B: Serialize,
        S: LocalStream,
    {
        let init: Init = Arc::new(move || host::erase(init()));
        let mut function = LocalFunction::new_hosted(name.into(), init());
        function.per_tenant = Some(init);
        function
    }

    /// A durable function: it runs only under a version or alias, each
    /// invocation is a named durable execution (`X-Amz-Durable-Execution-Name`,
    /// or a generated name), and `GetDurableExecution` and
    /// `StopDurableExecution` answer for it. What runs inside the function
    /// (checkpoints, replays) is its own business: here the handler runs once
    /// per execution.
    pub fn durable(mut self) -> Self {
        self.durable = true;
        self
    }

    fn new_hosted(name: String, latest: HostedService) -> Self {
        LocalFunction {
            name,
            latest,
            versions: Vec::new(),
            aliases: Vec::new(),
            environment: Vec::new(),
            timeout: Duration::from_secs(3),
            memory_mb: 128,
            reserved_concurrency: None,
            per_tenant: None,
            durable: false,
        }
    }

    /// Sets an environment variable of this function (every version).
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.push((key.into(), value.into()));
        self
    }

    /// How long an invocation may run before Lambda stops it with
    /// `Sandbox.Timedout`: from 1 ms to Lambda's 900 seconds, or the local
    /// Lambda refuses to start ([`LocalError::InvalidSetting`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The memory size reported to the handler, in MB: Lambda's 128 to
    /// 10,240.
    pub fn memory_size(mut self, megabytes: u32) -> Self {
        self.memory_mb = megabytes;
        self
    }

    /// At most `limit` invocations at once: a synchronous call beyond it gets
    /// 429 `ReservedFunctionConcurrentInvocationLimitExceeded`, an event waits.
    /// 0 throttles every call, as in Lambda; a limit over what a Tokio
    /// semaphore holds (`usize::MAX >> 3`) is refused.
    pub fn reserved_concurrency(mut self, limit: usize) -> Self {
        self.reserved_concurrency = Some(limit);
        self
    }

    /// Publishes version `version` (a number, such as `"1"`) running `service`.
    pub fn version<T, A, B, S>(mut self, version: impl Into<String>, service: T) -> Self
    where
        T: LocalService<A, B, S>,
        A: DeserializeOwned + Send + 'static,
        B: Serialize,
        S: LocalStream,
    {
        self.versions.push((version.into(), host::erase(service)));
        self
    }

    /// Creates alias `alias` pointing at `version` (a published version or `$LATEST`).
    pub fn alias(mut self, alias: impl Into<String>, version: impl Into<String>) -> Self {
        self.aliases.push((alias.into(), version.into()));
        self
    }

    pub(crate) fn into_hosted(self) -> Result<Hosted, LocalError> {
        let LocalFunction {
            name,
            latest,
            versions,
            aliases,
            per_tenant,
            durable,
            environment,
            timeout,
            memory_mb,
            reserved_concurrency,
        } = self;
        if !is_function_name(&name) {
            return Err(LocalError::InvalidName { name });
        }
        let refuse = |setting: &'static str, value: String, allowed: &'static str| {
            Err(LocalError::InvalidSetting {
                function: name.clone(),
                setting,
                value,
                allowed,
            })
        };
        if timeout.is_zero() || timeout > MAX_TIMEOUT {
            return refuse("timeout", format!("{timeout:?}"), "from 1 ms to 900 s");
        }
        if !(128..=10_240).contains(&memory_mb) {
            return refuse(
                "memory size",
                format!("{memory_mb} MB"),
                "from 128 to 10,240 MB",
            );
        }
        if reserved_concurrency.is_some_and(|limit| limit > Semaphore::MAX_PERMITS) {
            return refuse(
                "reserved concurrency",
                format!("{}", reserved_concurrency.unwrap_or_default()),
                "at most usize::MAX >> 3",
            );
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
        for (version, service) in std::iter::once(("$LATEST".to_owned(), latest)).chain(versions) {
            let numbered = !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit());
            if version != "$LATEST" && !numbered || hosted_versions.contains_key(&version) {
                return Err(LocalError::InvalidVersion {
                    function: name,
                    version,
                });
            }
            let hosted = version_of(&name, &version, service, &environment, memory_mb);
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
            tenancy: per_tenant.map(Tenancy::new),
            durable,
        })
    }
}

/// A version's service, with the environment and `Config` it runs with.
fn version_of(
    name: &str,
    version: &str,
    service: HostedService,
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
        service,
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
            .field("tenant_isolated", &self.per_tenant.is_some())
            .field("durable", &self.durable)
            .finish_non_exhaustive()
    }
}
