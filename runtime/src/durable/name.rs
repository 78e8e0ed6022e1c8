//! A durable execution's name: Lambda's idempotency key for starting one.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use lambda_client_wire::execution_name;

/// A durable execution's name, checked: 1 to 64 letters, digits, `-` and
/// `_` (Lambda's rule for `DurableExecutionName`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExecutionName(Cow<'static, str>);

impl ExecutionName {
    /// Checks `name` against Lambda's rule.
    ///
    /// # Errors
    ///
    /// [`InvalidExecutionName`] when `name` is empty, longer than 64
    /// characters, or holds anything but letters, digits, `-` and `_`.
    pub fn new(name: impl Into<String>) -> Result<Self, InvalidExecutionName> {
        let name = name.into();
        if execution_name::check(&name).is_err() {
            return Err(InvalidExecutionName {
                name: crate::error::bounded(&name, execution_name::MAX_CHARS),
            });
        }
        Ok(ExecutionName(Cow::Owned(name)))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ExecutionName {
    type Err = InvalidExecutionName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ExecutionName::new(name)
    }
}

impl TryFrom<&str> for ExecutionName {
    type Error = InvalidExecutionName;

    fn try_from(name: &str) -> Result<Self, Self::Error> {
        ExecutionName::new(name)
    }
}

impl TryFrom<String> for ExecutionName {
    type Error = InvalidExecutionName;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        ExecutionName::new(name)
    }
}

impl fmt::Display for ExecutionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ExecutionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ExecutionName").field(&&*self.0).finish()
    }
}

/// A string Lambda would refuse as an execution name; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{name:?} is not a durable execution name: Lambda takes 1 to 64 letters, digits, `-` and `_`"
)]
pub struct InvalidExecutionName {
    name: String,
}

impl InvalidExecutionName {
    /// The start of the refused name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

#[cfg(test)]
mod tests {
    use super::ExecutionName;

    #[test]
    fn lambdas_rule_for_execution_names() {
        for good in ["order-42", "A_b-9", &"n".repeat(64)] {
            assert_eq!(ExecutionName::new(good).expect(good).as_str(), good);
        }
        for bad in ["", &*"n".repeat(65), "with space", "dot.ted", "ünï"] {
            assert!(ExecutionName::new(bad).is_err(), "{bad:?}");
        }
    }
}
