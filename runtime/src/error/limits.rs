//! The limits a call can meet: Lambda's on what is sent and what comes
//! back, and the client's own on calls in flight.

use std::borrow::Cow;
use std::time::Duration;

pub(crate) use lambda_client_wire::limits::CLIENT_CONTEXT as CLIENT_CONTEXT_LIMIT;
#[cfg(feature = "client")]
pub(crate) use lambda_client_wire::limits::SYNC_RESPONSE as RESPONSE_LIMIT;

use crate::invocation_type::InvocationType;

/// The serialized arguments are over Lambda's payload limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the payload for `{function}` is {size} bytes, over Lambda's {limit}-byte limit for {invocation_type} calls, so nothing was sent; pass a reference to the data (an S3 key) instead of the data"
)]
pub struct PayloadTooLarge {
    pub(crate) function: Cow<'static, str>,
    pub(crate) size: usize,
    pub(crate) limit: usize,
    pub(crate) invocation_type: InvocationType,
}

impl PayloadTooLarge {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The size of the serialized arguments, in bytes.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// Lambda's limit for this invocation type, in bytes.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The invocation type whose limit applies.
    #[must_use]
    pub fn invocation_type(&self) -> InvocationType {
        self.invocation_type
    }
}

/// A `ClientContext` over Lambda's limit; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the ClientContext of the call to `{function}` is {size} bytes in base64, over Lambda's limit of {limit}; nothing was sent. Send fewer or shorter values, and put data in the payload",
    limit = CLIENT_CONTEXT_LIMIT
)]
pub struct ClientContextTooLarge {
    pub(crate) function: Cow<'static, str>,
    pub(crate) size: usize,
}

impl ClientContextTooLarge {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The size of the encoded context, in bytes.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// Lambda's limit: 3,583 bytes.
    #[must_use]
    pub fn limit(&self) -> usize {
        CLIENT_CONTEXT_LIMIT
    }
}

/// An answer larger than any Lambda sends: it cannot come from Lambda, and
/// is refused rather than decoded. A synchronous response is at most 6 MB
/// and 100 bytes, a response stream at most 200 MiB, and a stream's record
/// at most as large as a synchronous response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the answer to the call to `{function}` reached {size} bytes, over the {limit} bytes Lambda allows {what}, so it cannot come from Lambda and was not decoded; check the endpoint the client is configured for"
)]
pub struct ResponseTooLarge {
    pub(crate) function: Cow<'static, str>,
    pub(crate) size: usize,
    pub(crate) limit: usize,
    /// What the limit is for, after "allows": "a synchronous response".
    pub(crate) what: &'static str,
}

impl ResponseTooLarge {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// How many bytes had arrived when the answer was refused: its size, for
    /// a synchronous response.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// The limit the answer is over: 6,291,556 bytes for a synchronous
    /// response or a stream's record, 209,715,200 for a whole stream.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// The call waited for one of the slots the client's concurrency limit
/// allows its function, and its attempt timeout or its retry budget ran out
/// first. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the call to `{function}` waited {waited:?} for one of the {limit} calls in flight the client allows that function, and its {bound} ran out first, so nothing was sent; raise the limit (`ClientConfig::concurrency_limit`) toward the function's reserved concurrency, or the timeout"
)]
pub struct Queued {
    pub(crate) function: Cow<'static, str>,
    pub(crate) limit: usize,
    pub(crate) waited: Duration,
    pub(crate) bound: QueueBound,
}

/// What ended a wait for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "client"), allow(dead_code))] // only a client waits
pub(crate) enum QueueBound {
    /// The attempt timeout, which a wait for a slot counts against.
    Timeout,
    /// The retry policy's budget.
    Budget,
}

impl std::fmt::Display for QueueBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QueueBound::Timeout => "attempt timeout",
            QueueBound::Budget => "retry budget",
        })
    }
}

impl Queued {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The client's limit of calls in flight to it.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How long the call waited for a slot.
    #[must_use]
    pub fn waited(&self) -> Duration {
        self.waited
    }
}
