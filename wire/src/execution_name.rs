//! Lambda's rule for a durable execution's name (`DurableExecutionName`,
//! sent in [`X-Amz-Durable-Execution-Name`](crate::header::DURABLE_EXECUTION_NAME)):
//! 1 to 64 characters of `[a-zA-Z0-9-_]`.

use crate::Problem;

/// The most characters an execution name has.
pub const MAX_CHARS: usize = 64;

/// The rule's pattern as Lambda's validation error writes it (`Member must
/// satisfy regular expression pattern: …`).
pub const PATTERN: &str = "[a-zA-Z0-9-_]+";

/// Whether an execution name may hold `character`: an ASCII letter or digit,
/// `-` or `_`.
#[must_use]
pub fn allows(character: char) -> bool {
    character.is_ascii_alphanumeric() || matches!(character, '-' | '_')
}

/// Checks `name` against Lambda's rule.
///
/// # Errors
///
/// The part of the rule `name` broke: [`Problem::Empty`],
/// [`Problem::TooLong`] past [`MAX_CHARS`] characters, or the first
/// [`Problem::Character`] that [`allows`] refuses.
pub fn check(name: &str) -> Result<(), Problem> {
    crate::check(name, MAX_CHARS, allows)
}
