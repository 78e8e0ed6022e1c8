//! The payload going out did not serialize, or the one coming back did not
//! fit the method.

use std::borrow::Cow;
use std::fmt;

use crate::invocation_type::InvocationType;

/// The arguments of a call could not be serialized to JSON.
#[derive(Debug, thiserror::Error)]
#[error(
    "the arguments for `{function}` could not be serialized to JSON, so nothing was sent; check the Serialize implementation of the argument types"
)]
pub struct EncodeError {
    pub(crate) function: Cow<'static, str>,
    #[source]
    pub(crate) source: serde_json::Error,
}

impl EncodeError {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }
}

/// The callee's result does not decode as the method's return type.
///
/// Usually the caller's and the callee's types have drifted apart. It says
/// where the value failed (its path, line and column), what was expected
/// and what kind of value was found, never the value itself nor a map key
/// on the way to it: the result may hold the callee's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{subject} ({payload_len} bytes) does not decode as `{expected}`: {reason} at `{path}` (line {line}, column {column}); check that the method's return type matches what the function returns",
    subject = Subject(.function, *.record)
)]
pub struct DecodeError {
    pub(crate) function: Cow<'static, str>,
    /// The record's index in a response stream.
    pub(crate) record: Option<u64>,
    pub(crate) expected: &'static str,
    pub(crate) payload_len: usize,
    pub(crate) path: String,
    /// Kept small, as every `InvokeError` is: a result is at most 6 MB.
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) reason: String,
}

impl DecodeError {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// For a record of a response stream, its index: 0 for the first record.
    #[must_use]
    pub fn record(&self) -> Option<u64> {
        self.record
    }

    /// The Rust type the result was decoded into.
    #[must_use]
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// The size of the result, in bytes (the bytes themselves are not kept).
    #[must_use]
    pub fn payload_len(&self) -> usize {
        self.payload_len
    }

    /// Where in the result the value failed, such as `items[2].quantity`
    /// (`.` for the whole result): the type's field and variant names and
    /// the indices of sequences. A map's key is the result's data, so each
    /// one is `[key]`: `prices[key].cents`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line of the result where decoding stopped, from 1.
    #[must_use]
    pub fn line(&self) -> usize {
        usize::try_from(self.line).unwrap_or(usize::MAX)
    }

    /// The column where decoding stopped, from 1.
    #[must_use]
    pub fn column(&self) -> usize {
        usize::try_from(self.column).unwrap_or(usize::MAX)
    }

    /// What went wrong, without the value: for example ``invalid type:
    /// string, expected u64``, or ``missing field `echo` ``.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// What did not decode: the result, or one record of a stream.
struct Subject<'a>(&'a str, Option<u64>);

impl fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            None => write!(f, "the result of `{}`", self.0),
            Some(index) => write!(f, "record {index} (from 0) of the stream from `{}`", self.0),
        }
    }
}

/// Lambda answered with a status code that does not fit the invocation type
/// (200 for a synchronous call, 202 for an event, 204 for a dry run).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Lambda answered the {invocation_type} call to `{function}` with HTTP {status}, not the {} it sends for that invocation type; check the endpoint the client is configured for",
    invocation_type.success_status()
)]
pub struct UnexpectedStatus {
    pub(crate) function: Cow<'static, str>,
    pub(crate) status: u16,
    pub(crate) invocation_type: InvocationType,
}

impl UnexpectedStatus {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The status Lambda sent.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The invocation type of the call.
    #[must_use]
    pub fn invocation_type(&self) -> InvocationType {
        self.invocation_type
    }
}
