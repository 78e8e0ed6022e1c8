//! Deploy skew: the caller and the callee were built from different
//! versions of their contract, and it showed.

use std::borrow::Cow;

use super::function::FunctionError;

/// The callee could not decode the payload, and it was built from another
/// version of the contract than the caller: the two were deployed apart
/// across a change of the trait. `error` is the callee's decode error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the callee `{function}` was built from contract {theirs} and this caller from {ours}, and it could not decode the payload: deploy the two from the same contract, or make the change compatible (see the contract's breaking-change check): {error}"
)]
pub struct ContractSkew {
    pub(crate) function: Cow<'static, str>,
    pub(crate) ours: String,
    pub(crate) theirs: String,
    /// Boxed: every `InvokeError` stays small.
    pub(crate) error: Box<FunctionError>,
}

impl ContractSkew {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The fingerprint of this caller's contract.
    #[must_use]
    pub fn ours(&self) -> &str {
        &self.ours
    }

    /// The fingerprint of the callee's contract.
    #[must_use]
    pub fn theirs(&self) -> &str {
        &self.theirs
    }

    /// The callee's decode error.
    #[must_use]
    pub fn error(&self) -> &FunctionError {
        &self.error
    }
}

/// What a generated client and callee know of their contract at run time
/// (feature `schema`): its fingerprint, and the base64 `ClientContext` that
/// carries it alone.
#[doc(hidden)]
#[derive(Debug)]
pub struct ContractId {
    pub fingerprint: String,
    pub client_context: String,
    /// The calls made with this contract so far, for [`ContractId::carried`].
    pub calls: std::sync::atomic::AtomicU64,
}

/// One call in this many carries the fingerprint, and the first.
const CARRIED_EVERY: u64 = 64;

impl ContractId {
    /// Whether this call carries the fingerprint: the first of the process,
    /// then one in 64. One more signed header on every call costs the SDK
    /// about a microsecond; the callee needs to see the fingerprint once
    /// per environment to log a skew, and the caller needs none to name one.
    pub fn carried(&self) -> bool {
        self.calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .is_multiple_of(CARRIED_EVERY)
    }
}

/// The `ClientContext` key a contract's fingerprint travels under.
#[cfg(any(feature = "client", feature = "callee", feature = "schema"))]
pub(crate) const CONTEXT_KEY: &str = "lambda-client-contract";

/// The callee's fingerprint as its payload decode error names it:
/// `(contract 0123456789abcdef)`.
#[cfg(feature = "client")]
pub(crate) fn named_in(message: &str) -> Option<&str> {
    let start = message.find("(contract ")? + "(contract ".len();
    let length = message[start..].find(')')?;
    let named = &message[start..start + length];
    (named.len() == 16 && named.bytes().all(|byte| byte.is_ascii_hexdigit())).then_some(named)
}

/// How generated code finds its contract's id, once per process: waiting
/// for it to be made (`true`), or only if it is made already (`false`).
#[doc(hidden)]
pub type ContractOf = Option<fn(bool) -> Option<&'static ContractId>>;
