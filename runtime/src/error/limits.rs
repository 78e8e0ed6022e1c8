//! What Lambda would refuse for its size: caught before anything is sent.

use crate::InvocationType;

/// Lambda's limit on the base64 `ClientContext` of a call, in bytes.
pub(crate) const CLIENT_CONTEXT_LIMIT: usize = 3583;

/// The serialized arguments are over Lambda's payload limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the payload for `{function}` is {size} bytes, over Lambda's {limit}-byte limit for {invocation_type} calls, so nothing was sent; pass a reference to the data (an S3 key) instead of the data"
)]
pub struct PayloadTooLarge {
    pub(crate) function: &'static str,
    pub(crate) size: usize,
    pub(crate) limit: usize,
    pub(crate) invocation_type: InvocationType,
}

impl PayloadTooLarge {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        self.function
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
    "the ClientContext of the call to `{function}` is {size} bytes in base64, over Lambda's limit of 3583; nothing was sent. Send fewer or shorter values, and put data in the payload"
)]
pub struct ClientContextTooLarge {
    pub(crate) function: String,
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
