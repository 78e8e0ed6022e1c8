//! Why a local Lambda could not start.

use std::net::SocketAddr;

/// Why a [`LocalLambda`](crate::LocalLambda) could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocalError {
    /// The port could not be bound.
    #[error(
        "the local Lambda could not listen on {address}: {source}; pick another port, or port 0 for any free one"
    )]
    Bind {
        /// The address it tried.
        address: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A setting is outside what Lambda allows, or what the local Lambda
    /// can hold.
    #[error("the {setting} of `{function}` is {value}, outside what Lambda allows: {allowed}")]
    InvalidSetting {
        /// The function.
        function: String,
        /// The setting: `timeout`, `memory size` or `reserved concurrency`.
        setting: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// A setting of the local Lambda itself (not of a function) is outside
    /// what it can hold.
    #[error("the local Lambda's {setting} is {value}, outside what it can hold: {allowed}")]
    InvalidServerSetting {
        /// The setting: `read timeout`.
        setting: &'static str,
        /// The value given.
        value: String,
        /// What to give instead.
        allowed: &'static str,
    },
    /// The name is not one Lambda accepts.
    #[error("`{name}` is not a valid function name: use 1 to 64 letters, digits, `-` or `_`")]
    InvalidName {
        /// The name given.
        name: String,
    },
    /// Two functions have the same name.
    #[error("function `{name}` is hosted twice: give each function its own name")]
    DuplicateFunction {
        /// The name given twice.
        name: String,
    },
    /// A version is not a number, or is given twice.
    #[error(
        "version `{version}` of `{function}` is invalid or given twice: published versions are numbers such as \"1\""
    )]
    InvalidVersion {
        /// The function.
        function: String,
        /// The version given.
        version: String,
    },
    /// An alias is malformed, given twice, or points at a version that does not exist.
    #[error(
        "alias `{alias}` of `{function}` cannot point at version `{version}`: an alias is 1 to 128 letters, digits, `-` or `_` (not only digits), given once, and names `$LATEST` or a version published with `LocalFunction::version`"
    )]
    InvalidAlias {
        /// The function.
        function: String,
        /// The alias given.
        alias: String,
        /// The version it points at.
        version: String,
    },
    /// The environment sets a variable Lambda reserves.
    #[error(
        "`{key}` in the environment of `{function}` is reserved by Lambda, which sets it itself; use another name"
    )]
    ReservedVariable {
        /// The function.
        function: String,
        /// The variable.
        key: String,
    },
}
