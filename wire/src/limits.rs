//! The sizes Lambda allows, in bytes. "MB" is Lambda's word; the bytes are
//! MiB (1,048,576 bytes each).

/// The base64 `ClientContext` of a synchronous call
/// ([`X-Amz-Client-Context`](crate::header::CLIENT_CONTEXT)): 3,583 bytes.
pub const CLIENT_CONTEXT: usize = 3583;

/// The request payload of a synchronous call (`RequestResponse`, and a
/// `DryRun` of one): 6 MB (6,291,456 bytes).
pub const SYNC_PAYLOAD: usize = 6 * 1024 * 1024;

/// The request payload of an asynchronous call (`Event`): 1 MB (1,048,576
/// bytes), raised from 256 KB in October 2025.
pub const EVENT_PAYLOAD: usize = 1024 * 1024;

/// The response of a synchronous call: 6 MB and 100 bytes (6,291,556), as
/// Lambda's `Function.ResponseSizeTooLarge` message says.
pub const SYNC_RESPONSE: usize = 6 * 1024 * 1024 + 100;

/// A streamed response (`InvokeWithResponseStream`): 200 MiB (209,715,200
/// bytes).
pub const STREAM_RESPONSE: usize = 200 * 1024 * 1024;
