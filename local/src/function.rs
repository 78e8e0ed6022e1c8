//! One function to host, as a test describes it: its handler erased by the
//! hosting, its settings kept as the model defines a function, and checked
//! as Lambda checks a deployment when the local Lambda starts.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::LocalError;
use crate::host::service::{LocalService, LocalStream, erase};
use crate::model::function::{Definition, Hosted, Init};

#[must_use = "a function is hosted once passed to `LocalLambdaBuilder::host`"]
pub struct LocalFunction {
    definition: Definition,
}

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
        LocalFunction {
            definition: Definition::new(name.into(), erase(service)),
        }
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
        let init: Init = Arc::new(move || erase(init()));
        let mut definition = Definition::new(name.into(), init());
        definition.per_tenant = Some(init);
        LocalFunction { definition }
    }

    /// A durable function: it runs only under a version or alias, each
    /// invocation is a named durable execution (`X-Amz-Durable-Execution-Name`,
    /// or a generated name), and `GetDurableExecution` and
    /// `StopDurableExecution` answer for it. What runs inside the function
    /// (checkpoints, replays) is its own business: here the handler runs once
    /// per execution.
    pub fn durable(mut self) -> Self {
        self.definition.durable = true;
        self
    }

    /// Sets an environment variable of this function (every version).
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.definition.environment.push((key.into(), value.into()));
        self
    }

    /// How long an invocation may run before Lambda stops it with
    /// `Sandbox.Timedout`: from 1 ms to Lambda's 900 seconds, or the local
    /// Lambda refuses to start ([`LocalError::InvalidSetting`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.definition.timeout = timeout;
        self
    }

    /// The memory size reported to the handler, in MB: Lambda's 128 to
    /// 10,240.
    pub fn memory_size(mut self, megabytes: u32) -> Self {
        self.definition.memory_mb = megabytes;
        self
    }

    /// At most `limit` invocations at once: a synchronous call beyond it gets
    /// 429 `ReservedFunctionConcurrentInvocationLimitExceeded`, an event waits.
    /// 0 throttles every call, as in Lambda; a limit over what a Tokio
    /// semaphore holds (`usize::MAX >> 3`) is refused.
    pub fn reserved_concurrency(mut self, limit: usize) -> Self {
        self.definition.reserved_concurrency = Some(limit);
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
        self.definition
            .versions
            .push((version.into(), erase(service)));
        self
    }

    /// Creates alias `alias` pointing at `version` (a published version or `$LATEST`).
    pub fn alias(mut self, alias: impl Into<String>, version: impl Into<String>) -> Self {
        self.definition.aliases.push((alias.into(), version.into()));
        self
    }

    /// The function's name.
    pub(crate) fn name(&self) -> &str {
        &self.definition.name
    }

    /// Checks the function as Lambda checks a deployment, and registers it.
    pub(crate) fn into_hosted(self) -> Result<Hosted, LocalError> {
        self.definition.register()
    }
}

impl fmt::Debug for LocalFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let definition = &self.definition;
        // The environment's values may be secrets: only the keys are shown.
        let keys: Vec<&str> = definition
            .environment
            .iter()
            .map(|(key, _)| key.as_str())
            .collect();
        let versions: Vec<&str> = definition
            .versions
            .iter()
            .map(|(version, _)| version.as_str())
            .collect();
        f.debug_struct("LocalFunction")
            .field("name", &definition.name)
            .field("versions", &versions)
            .field("aliases", &definition.aliases)
            .field("environment", &keys)
            .field("timeout", &definition.timeout)
            .field("memory_mb", &definition.memory_mb)
            .field("reserved_concurrency", &definition.reserved_concurrency)
            .field("tenant_isolated", &definition.per_tenant.is_some())
            .field("durable", &definition.durable)
            .finish_non_exhaustive()
    }
}
