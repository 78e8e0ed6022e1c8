//! What a durable call can end in besides its result and the callee's error.

use std::borrow::Cow;
use std::time::Duration;

/// A durable method was called with neither a `qualifier` in its attribute
/// nor one in the client's configuration. Lambda runs a durable function
/// only under a version or alias, so nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the durable function `{function}` runs only under a version or alias, and the call names none, so nothing was sent; give the method `qualifier = \"...\"`, or the client `ClientConfig::qualifier`"
)]
pub struct Unqualified {
    pub(crate) function: Cow<'static, str>,
}

impl Unqualified {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }
}

/// A durable execution was still running when `DurableCall::result`
/// stopped waiting for it; it runs on, and its handle can wait again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the durable execution `{arn}` of `{function}` was still running after {waited:?}; call `result()` again, or give the client a longer `durable_polling` timeout"
)]
pub struct StillRunning {
    pub(crate) function: Cow<'static, str>,
    pub(crate) arn: String,
    pub(crate) waited: Duration,
}

impl StillRunning {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The execution's ARN.
    #[must_use]
    pub fn arn(&self) -> &str {
        &self.arn
    }

    /// How long `result()` waited.
    #[must_use]
    pub fn waited(&self) -> Duration {
        self.waited
    }
}
