//! The names users write: attributes and their keys, in one place.

/// `#[lambda_client]` on a trait, and `#[lambda_client(...)]` on its methods.
pub(crate) const LAMBDA_CLIENT: &str = "lambda_client";

/// `crate = "..."` on the trait (and on a `LambdaError` enum): the path
/// generated code reaches the runtime through.
pub(crate) const CRATE: &str = "crate";
/// Every key of the trait's attribute.
pub(crate) const TRAIT_KEYS: [&str; 1] = [CRATE];

/// The function a method calls.
pub(crate) const NAME: &str = "name";
/// The invocation type: one of [`MODES`].
pub(crate) const MODE: &str = "mode";
/// A version or alias.
pub(crate) const QUALIFIER: &str = "qualifier";
/// Running the callee twice is harmless.
pub(crate) const IDEMPOTENT: &str = "idempotent";
/// Overrides the client's attempts.
pub(crate) const MAX_ATTEMPTS: &str = "max_attempts";
/// The timeout of each attempt.
pub(crate) const TIMEOUT_MS: &str = "timeout_ms";
/// The tenant of every call of the method.
pub(crate) const TENANT: &str = "tenant";
/// `log = "tail"`: the callee's log tail.
pub(crate) const LOG: &str = "log";
/// The one value `log` takes.
pub(crate) const LOG_TAIL: &str = "tail";
/// Every key of a method's attribute, in the order the README's table and
/// the error messages list them.
pub(crate) const METHOD_KEYS: [&str; 8] = [
    NAME,
    MODE,
    QUALIFIER,
    IDEMPOTENT,
    MAX_ATTEMPTS,
    TIMEOUT_MS,
    LOG,
    TENANT,
];

/// `keys` as an error message lists them: "`a`, `b` and `c`".
pub(crate) fn listed(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The values of `mode`.
pub(crate) const SYNC: &str = "sync";
pub(crate) const EVENT: &str = "event";
pub(crate) const DRY_RUN: &str = "dry_run";
pub(crate) const STREAM: &str = "stream";
pub(crate) const DURABLE: &str = "durable";

/// `#[lambda_error(...)]` on a variant of a `LambdaError` enum.
pub(crate) const LAMBDA_ERROR: &str = "lambda_error";
/// `#[lambda_error(error_type = "...")]`: the `errorType` instead of the variant's name.
pub(crate) const ERROR_TYPE: &str = "error_type";
/// `#[lambda_error(other)]`: the catch-all variant.
pub(crate) const OTHER: &str = "other";
/// Every key of `#[lambda_error]` on a variant, as an error message lists them.
pub(crate) const LAMBDA_ERROR_KEYS: &str = "`error_type = \"...\"` or `other`";
/// Every key of `#[lambda_error]` on the enum, as an error message lists them.
pub(crate) const LAMBDA_ERROR_ENUM_KEYS: &str = "`crate = \"...\"`";
