//! How a generated client makes its calls: its retry policy, the timeout of
//! each attempt, limits of calls in flight, and what every call carries.
//! Whether a given outcome is retried is decided in `retry.rs`; this module
//! only holds the settings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::context::ClientContext;
use crate::durable::polling::Polling;
use crate::tenant::TenantId;

/// Exponential backoff with full jitter, a maximum number of attempts and a
/// total time budget.
///
/// The wait before retry `n` is a random duration between zero and
/// `min(max_delay, base_delay × 2ⁿ⁻¹)`, or Lambda's `Retry-After` if longer;
/// no retry starts once the budget since the first attempt would be spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, from 100 ms up to 5 s apart, within 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt: every failure is returned as it came.
    #[must_use]
    pub fn none() -> Self {
        RetryPolicy::default().with_max_attempts(1)
    }

    /// At most `max_attempts` attempts in all (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The cap of the first wait; each further wait's cap doubles.
    #[must_use]
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The largest cap of any wait.
    #[must_use]
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The time, from the first attempt, after which no retry starts.
    #[must_use]
    pub fn with_budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The most attempts a call makes.
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time, from the first attempt, after which no retry starts.
    #[must_use]
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let doubled = self.base_delay.saturating_mul(
            1_u32
                .checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let cap = doubled.min(self.max_delay);
        cap.mul_f64(fastrand::f64())
    }
}

/// How a generated client makes its calls: its [`RetryPolicy`], the timeout
/// of each attempt, and a limit of calls in flight per function. Clones share
/// the limits.
///
/// ```
/// use std::time::Duration;
/// use lambda_client::{ClientConfig, RetryPolicy};
///
/// let config = ClientConfig::new()
///     .retry(RetryPolicy::default().with_max_attempts(5))
///     .timeout(Duration::from_secs(10))
///     // `invoked` has a reserved concurrency of 4: stay under it instead of
///     // bouncing off it with 429s.
///     .concurrency_limit("invoked", 4);
/// # let _ = config;
/// ```
#[derive(Clone)]
pub struct ClientConfig {
    retry: RetryPolicy,
    timeout: Option<Duration>,
    limits: HashMap<String, (usize, Arc<Semaphore>)>,
    spans: bool,
    qualifier: Option<String>,
    names: Option<Arc<NameResolver>>,
    client_context: Option<ClientContext>,
    /// `client_context` as it travels, encoded once when it is set.
    encoded_client_context: Option<String>,
    tenant: Option<TenantId>,
    forward_tenant: bool,
    durable_polling: Polling,
}

/// Turns the name a method gives into the name the client calls.
type NameResolver = dyn Fn(&str) -> String + Send + Sync;

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            retry: RetryPolicy::default(),
            timeout: None,
            limits: HashMap::new(),
            spans: true,
            qualifier: None,
            names: None,
            client_context: None,
            encoded_client_context: None,
            tenant: None,
            forward_tenant: true,
            durable_polling: Polling::default(),
        }
    }
}

impl ClientConfig {
    /// The default retries, no timeout of our own (the SDK's apply), no
    /// limits, a `tracing` span per call.
    #[must_use]
    pub fn new() -> Self {
        ClientConfig::default()
    }

    /// Whether each call opens a `tracing` span `lambda.invoke` (on by
    /// default; with no subscriber it costs next to nothing).
    #[must_use]
    pub fn spans(mut self, spans: bool) -> Self {
        self.spans = spans;
        self
    }

    /// Calls this version or alias when a method names none, for example
    /// `"live"` for every function of a stage.
    #[must_use]
    pub fn qualifier(mut self, qualifier: impl Into<String>) -> Self {
        self.qualifier = Some(qualifier.into());
        self
    }

    /// Calls `prefix` + the name the method gives: `"prod-"` turns
    /// `name = "invoked"` into `prod-invoked`.
    #[must_use]
    pub fn function_prefix(self, prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        self.function_names(move |name| format!("{prefix}{name}"))
    }

    /// Calls the name the method gives + `suffix`.
    #[must_use]
    pub fn function_suffix(self, suffix: impl Into<String>) -> Self {
        let suffix = suffix.into();
        self.function_names(move |name| format!("{name}{suffix}"))
    }

    /// Calls `resolve(name)` for the name each method gives (a stage's
    /// naming scheme, a lookup of ARNs). The name in the attribute is still
    /// checked at compile time; limits stay keyed by it.
    #[must_use]
    pub fn function_names(
        mut self,
        resolve: impl Fn(&str) -> String + Send + Sync + 'static,
    ) -> Self {
        self.names = Some(Arc::new(resolve));
        self
    }

    /// The name the client calls for a method's `name`.
    #[must_use]
    pub fn resolve(&self, name: &'static str) -> Cow<'static, str> {
        match &self.names {
            Some(resolve) => Cow::Owned(resolve(name)),
            None => Cow::Borrowed(name),
        }
    }

    /// Sends `context` with every synchronous call (Lambda passes no
    /// `ClientContext` to events); a method's `&ClientContext` argument adds
    /// to it, its values winning.
    #[must_use]
    pub fn client_context(mut self, context: ClientContext) -> Self {
        self.encoded_client_context = (!context.is_empty()).then(|| context.encode());
        self.client_context = Some(context);
        self
    }

    /// The `ClientContext` every synchronous call carries, if any.
    #[must_use]
    pub fn default_client_context(&self) -> Option<&ClientContext> {
        self.client_context.as_ref()
    }

    /// The same, as it travels (base64 JSON): `None` when it is empty.
    pub(crate) fn encoded_client_context(&self) -> Option<&str> {
        self.encoded_client_context.as_deref()
    }

    /// Calls as `tenant` when a method names no tenant and the call is not
    /// made inside an invocation that has one: for a client whose callees
    /// are in tenant isolation mode.
    #[must_use]
    pub fn tenant(mut self, tenant: TenantId) -> Self {
        self.tenant = Some(tenant);
        self
    }

    /// Whether a call made inside a tenant's invocation carries that tenant
    /// when its method names none (on by default, so that a chain of calls
    /// stays in one tenant). Turn it off in a tenant-isolated function whose
    /// callees are not: Lambda refuses a tenant sent to one.
    #[must_use]
    pub fn forward_tenant(mut self, forward: bool) -> Self {
        self.forward_tenant = forward;
        self
    }

    /// The tenant a call carries when its method names none: the
    /// invocation's (unless forwarding is off), else the client's.
    #[must_use]
    pub fn default_tenant(&self) -> Option<TenantId> {
        self.forwarded_tenant().or_else(|| self.tenant.clone())
    }

    /// The invocation's tenant, unless forwarding is off.
    pub(crate) fn forwarded_tenant(&self) -> Option<TenantId> {
        if self.forward_tenant {
            TenantId::current()
        } else {
            None
        }
    }

    /// How a durable call's `result()` polls for the execution's end.
    #[must_use]
    pub fn durable_polling(mut self, polling: Polling) -> Self {
        self.durable_polling = polling;
        self
    }

    /// How a durable call's `result()` polls.
    #[must_use]
    pub fn polling(&self) -> Polling {
        self.durable_polling
    }

    /// The qualifier for a method that names none.
    #[must_use]
    pub fn default_qualifier(&self) -> Option<&str> {
        self.qualifier.as_deref()
    }

    /// Whether each call opens a `tracing` span.
    #[must_use]
    pub fn has_spans(&self) -> bool {
        self.spans
    }

    /// Retries calls with `policy`; a method's `max_attempts` overrides its attempts.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Ends an attempt that has no answer after `timeout` with
    /// `InvokeError::Transport`; a method's `timeout_ms` overrides it.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// At most `limit` calls to `function` (the name as the methods give
    /// it, without its qualifier) in flight at once, across every clone of
    /// the client; the others wait their turn, and the wait counts against
    /// each attempt's timeout and the policy's budget. Set it to the callee's
    /// reserved concurrency.
    ///
    /// A limit of 0 would let no call through, so it counts as 1; one over
    /// what a Tokio semaphore holds (`usize::MAX >> 3`) counts as that.
    #[must_use]
    pub fn concurrency_limit(mut self, function: impl Into<String>, limit: usize) -> Self {
        let limit = limit.clamp(1, Semaphore::MAX_PERMITS);
        self.limits
            .insert(function.into(), (limit, Arc::new(Semaphore::new(limit))));
        self
    }

    /// The retry policy.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The timeout of each attempt, if set.
    #[must_use]
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The limit of calls in flight to `function`, if set.
    #[must_use]
    pub fn limit(&self, function: &str) -> Option<usize> {
        self.limits.get(function).map(|(limit, _)| *limit)
    }

    /// The slots of calls in flight to `function`, if it has a limit.
    pub(crate) fn slots(&self, function: &str) -> Option<&Arc<Semaphore>> {
        self.limits.get(function).map(|(_, slots)| slots)
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limits: HashMap<&str, usize> = self
            .limits
            .iter()
            .map(|(function, (limit, _))| (function.as_str(), *limit))
            .collect();
        f.debug_struct("ClientConfig")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("limits", &limits)
            .field("spans", &self.spans)
            .field("qualifier", &self.qualifier)
            .field("client_context", &self.client_context)
            .field("function_names", &self.names.as_ref().map(|_| "a resolver"))
            .field("tenant", &self.tenant)
            .field("forward_tenant", &self.forward_tenant)
            .field("durable_polling", &self.durable_polling)
            .finish_non_exhaustive()
    }
}
