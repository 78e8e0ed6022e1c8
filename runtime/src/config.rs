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
use crate::retry::quota::Bucket;
use crate::tenant::TenantId;

/// Exponential backoff with full jitter, a maximum number of attempts, a
/// total time budget, and a [`RetryQuota`] shared by the client's calls.
///
/// The wait before retry `n` is a random duration between zero and
/// `min(max_delay, base_delay × 2ⁿ⁻¹)`, or Lambda's `Retry-After` if longer;
/// no retry starts once the budget since the first attempt would be spent,
/// or once the client's quota is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Duration,
    quota: Option<RetryQuota>,
}

impl Default for RetryPolicy {
    /// 3 attempts, from 100 ms up to 5 s apart, within 30 s, under the
    /// default [`RetryQuota`].
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            budget: Duration::from_secs(30),
            quota: Some(RetryQuota::default()),
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

    /// Draws every retry from `quota`, which the client's calls share.
    #[must_use]
    pub fn with_quota(mut self, quota: RetryQuota) -> Self {
        self.quota = Some(quota);
        self
    }

    /// Retries every call that may be retried, however many of the
    /// client's calls are failing: each call may then send `max_attempts`
    /// requests during an outage.
    #[must_use]
    pub fn without_quota(mut self) -> Self {
        self.quota = None;
        self
    }

    /// The quota retries are drawn from, if any.
    #[must_use]
    pub fn quota(&self) -> Option<RetryQuota> {
        self.quota
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

/// How many retries a client may send while its calls fail: a token bucket,
/// shared by every clone of the client, with the defaults of the AWS SDKs'
/// standard retry mode.
///
/// A retry takes [`retry_cost`](Self::retry_cost) tokens (5), one after a
/// timeout [`timeout_cost`](Self::timeout_cost) (10); a retry that succeeds
/// gives its tokens back, and a call that succeeds at its first attempt
/// adds [`success_reward`](Self::success_reward) (1), up to the
/// [`capacity`](Self::capacity) (500). When the bucket holds too few, a
/// call ends with its last error instead of retrying, and the error says
/// so ([`InvokeError::retry_quota_spent`](crate::InvokeError::retry_quota_spent)):
/// from full, 100 retries while nothing succeeds, so 1,000 calls against
/// an endpoint that answers only 503 send about 1,100 requests, not 3,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryQuota {
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
    success_reward: u32,
}

impl Default for RetryQuota {
    /// 500 tokens, 5 a retry, 10 a retry after a timeout, 1 back for each
    /// call that succeeds at once.
    fn default() -> Self {
        RetryQuota {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_reward: 1,
        }
    }
}

impl RetryQuota {
    /// The tokens of a full bucket, where it starts.
    #[must_use]
    pub fn with_capacity(mut self, capacity: u32) -> Self {
        self.capacity = capacity;
        self
    }

    /// The tokens a retry takes.
    #[must_use]
    pub fn with_retry_cost(mut self, cost: u32) -> Self {
        self.retry_cost = cost;
        self
    }

    /// The tokens a retry after a timeout takes.
    #[must_use]
    pub fn with_timeout_cost(mut self, cost: u32) -> Self {
        self.timeout_cost = cost;
        self
    }

    /// The tokens a call that succeeds at its first attempt gives back.
    #[must_use]
    pub fn with_success_reward(mut self, reward: u32) -> Self {
        self.success_reward = reward;
        self
    }

    /// The tokens of a full bucket.
    #[must_use]
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// The tokens a retry takes.
    #[must_use]
    pub fn retry_cost(&self) -> u32 {
        self.retry_cost
    }

    /// The tokens a retry after a timeout takes.
    #[must_use]
    pub fn timeout_cost(&self) -> u32 {
        self.timeout_cost
    }

    /// The tokens a call that succeeds at its first attempt gives back.
    #[must_use]
    pub fn success_reward(&self) -> u32 {
        self.success_reward
    }
}

/// How a generated client makes its calls: its [`RetryPolicy`], the timeout
/// of each attempt, and a limit of calls in flight per function. Clones share
/// the limits and the retry quota.
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
    /// The tokens left of the policy's quota, shared by clones.
    quota: Option<Arc<Bucket>>,
    timeout: Duration,
    stream_timeout: Duration,
    stream_idle_timeout: Option<Duration>,
    limits: HashMap<String, Limit>,
    callee_timeouts: HashMap<String, Duration>,
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

/// A limit of calls in flight to one function, and its slots.
#[derive(Clone)]
pub(crate) struct Limit {
    pub(crate) limit: usize,
    pub(crate) slots: Arc<Semaphore>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        let retry = RetryPolicy::default();
        ClientConfig {
            quota: Bucket::of(&retry),
            retry,
            timeout: ClientConfig::DEFAULT_ATTEMPT_TIMEOUT,
            stream_timeout: ClientConfig::DEFAULT_STREAM_TIMEOUT,
            stream_idle_timeout: None,
            limits: HashMap::new(),
            callee_timeouts: HashMap::new(),
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
    /// The attempt timeout of a client that sets none: just over the 15
    /// minutes Lambda lets a function run, plus the 10 s its start may take, so
    /// that no answer that can still come is cut off, and a connection that
    /// will never answer still ends.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15 * 60 + 30);

    /// How long a response stream may last, from its request, when the client
    /// sets no bound: the same bound as an attempt's, since Lambda ends a
    /// streaming function's run, and with it the stream, within 15 minutes.
    pub const DEFAULT_STREAM_TIMEOUT: Duration = ClientConfig::DEFAULT_ATTEMPT_TIMEOUT;

    /// The longest a Lambda function can run: its largest `Timeout`.
    pub const LONGEST_RUN: Duration = Duration::from_mins(15);

    /// The callee's own timeout when the client is not told it: Lambda's
    /// default function timeout.
    pub const DEFAULT_CALLEE_TIMEOUT: Duration = Duration::from_secs(3);

    /// The default retries and their quota, an attempt timeout of
    /// [`ClientConfig::DEFAULT_ATTEMPT_TIMEOUT`] (the SDK's own timeouts apply too), no
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

    /// Retries calls with `policy`; a method's `max_attempts` overrides its
    /// attempts. The policy's quota starts full, shared by the clones made
    /// from here on.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.quota = Bucket::of(&policy);
        self.retry = policy;
        self
    }

    /// Ends an attempt that has no answer after `timeout` with
    /// `InvokeError::Transport` (its kind `Timeout`); a method's
    /// `timeout_ms` overrides it. [`ClientConfig::DEFAULT_ATTEMPT_TIMEOUT`] unless set.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Ends a response stream that is still open `timeout` after its
    /// request was sent, with `InvokeError::Transport` saying how far it
    /// got. [`ClientConfig::DEFAULT_STREAM_TIMEOUT`] unless set.
    #[must_use]
    pub fn stream_timeout(mut self, timeout: Duration) -> Self {
        self.stream_timeout = timeout;
        self
    }

    /// Ends a response stream that sends nothing for `timeout` (no data,
    /// no end) with `InvokeError::Transport`. None unless set: a callee may
    /// think for minutes between two chunks.
    #[must_use]
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }

    /// The callee's own timeout (its function configuration's `Timeout`),
    /// for `function` as the methods name it. An attempt that gives up
    /// earlier (its attempt timeout, a lost connection) leaves the callee
    /// running on Lambda to its own end, so the slot it held under
    /// [`concurrency_limit`](Self::concurrency_limit) stays taken until
    /// then: the next call waits for it instead of being throttled by the
    /// run it cannot see. [`ClientConfig::DEFAULT_CALLEE_TIMEOUT`] (Lambda's default)
    /// unless set; one over Lambda's 15-minute maximum counts as that.
    #[must_use]
    pub fn callee_timeout(mut self, function: impl Into<String>, timeout: Duration) -> Self {
        let timeout = timeout.min(ClientConfig::LONGEST_RUN);
        self.callee_timeouts.insert(function.into(), timeout);
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
        let slots = Arc::new(Semaphore::new(limit));
        self.limits.insert(function.into(), Limit { limit, slots });
        self
    }

    /// The retry policy.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The timeout of each attempt.
    #[must_use]
    pub fn attempt_timeout(&self) -> Duration {
        self.timeout
    }

    /// How long a response stream may last, and how long it may be idle.
    #[must_use]
    pub fn stream_timeouts(&self) -> (Duration, Option<Duration>) {
        (self.stream_timeout, self.stream_idle_timeout)
    }

    /// The callee's own timeout, as set or the default.
    #[must_use]
    pub fn callee_timeout_of(&self, function: &str) -> Duration {
        self.callee_timeouts
            .get(function)
            .copied()
            .unwrap_or(ClientConfig::DEFAULT_CALLEE_TIMEOUT)
    }

    /// The limit of calls in flight to `function`, if set.
    #[must_use]
    pub fn limit(&self, function: &str) -> Option<usize> {
        self.limits.get(function).map(|limit| limit.limit)
    }

    /// The limit of calls in flight to `function` and its slots, if set.
    pub(crate) fn limit_of(&self, function: &str) -> Option<&Limit> {
        self.limits.get(function)
    }

    /// The tokens left of the retry quota, if the policy has one.
    pub(crate) fn quota(&self) -> Option<&Bucket> {
        self.quota.as_deref()
    }

    /// The same, to share with what outlives a call: a durable call's handle.
    pub(crate) fn shared_quota(&self) -> Option<Arc<Bucket>> {
        self.quota.clone()
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limits: HashMap<&str, usize> = self
            .limits
            .iter()
            .map(|(function, limit)| (function.as_str(), limit.limit))
            .collect();
        f.debug_struct("ClientConfig")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("stream_timeout", &self.stream_timeout)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("limits", &limits)
            .field("callee_timeouts", &self.callee_timeouts)
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
