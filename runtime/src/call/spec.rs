//! What a generated method's call is, fixed at compile time, and the
//! return types a method may have.

use std::time::Duration;

use crate::error::{ContractId, ContractOf, FromFunctionError, InvokeError};
use crate::invocation_type::InvocationType;

/// What a generated method's call is, fixed at compile time by its
/// `#[lambda_client(...)]` attribute.
#[doc(hidden)]
#[derive(Debug)]
pub struct CallSpec {
    /// The function as the attribute names it.
    pub function: &'static str,
    pub qualifier: Option<&'static str>,
    pub invocation_type: InvocationType,
    /// Whether the callee may run twice for one call.
    pub idempotent: bool,
    /// Whether to ask for the callee's log tail.
    pub log_tail: bool,
    /// Overrides the client's retry policy's attempts.
    pub max_attempts: Option<u32>,
    /// Overrides the client's attempt timeout.
    pub timeout: Option<Duration>,
    /// The tenant the attribute names, checked at compile time.
    pub tenant: Option<&'static str>,
    /// The contract's id, with feature `schema`.
    pub contract: ContractOf,
}

impl CallSpec {
    /// The contract of the call's method, when it has one and it is made:
    /// the first call starts making it off its own path, and goes without
    /// it. (An answer that may be a skew waits for it.)
    pub(crate) fn contract_if_made(&self) -> Option<&'static ContractId> {
        self.contract.and_then(|id| id(false))
    }
}

/// The return types a generated method may have: `Result<T, InvokeError<E>>`.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a #[lambda_client] method must return `Result<T, lambda_client::InvokeError<E>>`, not `{Self}`",
    label = "the return type of a generated method",
    note = "the callee's failure, a throttle or a refusal all arrive as `InvokeError`"
)]
pub trait InvokeResult {
    type Value;
    type Error: FromFunctionError;
    fn from_result(result: Result<Self::Value, InvokeError<Self::Error>>) -> Self;
}

impl<T, E: FromFunctionError> InvokeResult for Result<T, InvokeError<E>> {
    type Value = T;
    type Error = E;
    #[inline]
    fn from_result(result: Self) -> Self {
        result
    }
}
