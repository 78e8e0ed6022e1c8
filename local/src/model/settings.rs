//! Lambda's rules for a function's settings, as it checks a deployment,
//! and the bounds of the local Lambda's own settings.

use std::ops::RangeInclusive;
use std::time::Duration;

/// Lambda's longest timeout: 15 minutes.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_mins(15);

/// The memory sizes Lambda allows, in MB.
pub(crate) const MEMORY_MB: RangeInclusive<u32> = 128..=10_240;

/// Variables Lambda sets itself and refuses in a function's configuration.
pub(crate) const RESERVED_VARIABLES: &[&str] = &[
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

/// The longest read timeout: hyper adds it to the clock's present, which
/// overflows (a panic in each connection's task) well before
/// `Duration::MAX`; no client takes a day to send a request.
pub(crate) const MAX_READ_TIMEOUT: Duration = Duration::from_hours(24);
/// The shortest: below a millisecond a request can hardly arrive.
pub(crate) const MIN_READ_TIMEOUT: Duration = Duration::from_millis(1);

/// Lambda's rule for a function name: 1 to 64 of `[A-Za-z0-9_-]`.
pub(crate) fn is_function_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Lambda's rule for an alias: 1 to 128 of `[A-Za-z0-9_-]`, not all digits.
pub(crate) fn is_alias(alias: &str) -> bool {
    (1..=128).contains(&alias.len())
        && alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !alias.bytes().all(|b| b.is_ascii_digit())
}

/// A version is `$LATEST` or a published one's number.
pub(crate) fn is_version(version: &str) -> bool {
    let numbered = !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit());
    version == "$LATEST" || numbered
}
