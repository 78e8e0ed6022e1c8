//! What a response stream carries besides the callee's data, known to both
//! ends: records a line each, the prelude `lambda_runtime` writes first, and
//! the trailer that carries the callee's error.
//!
//! Lambda forwards a runtime's mid-stream error to the caller in
//! `InvokeComplete` only when the runtime sends it as HTTP trailers, which
//! `lambda_runtime` 1.5 does not (it writes the error's text into the body).
//! So the callee writes its error into the body itself, after a marker no
//! record can contain, and the caller recognises it at the stream's end.

/// Starts the error trailer: eight NUL bytes, a name, and a NUL. A JSON
/// record never holds a NUL byte (JSON escapes control characters), so in a
/// stream of records it can only be the trailer; in a stream of bytes it is
/// the trailer only when it is followed by an error document and then by
/// the end of the stream.
#[cfg(any(feature = "client", feature = "callee"))]
pub(crate) const ERROR_MARKER: &[u8] = b"\0\0\0\0\0\0\0\0lambda-client-error\0";

/// The most the caller holds back to decide whether the start of a stream is
/// a prelude, or whether its end is the trailer: anything longer is data.
#[cfg(feature = "client")]
pub(crate) const HELD_LIMIT: usize = 64 * 1024;

/// What separates `lambda_runtime`'s metadata prelude (a JSON object, for
/// function URLs) from the data.
#[cfg(feature = "client")]
pub(crate) const PRELUDE_SEPARATOR: &[u8] = &[0; 8];

/// Lambda's limit on a streamed response, counted in `u64` as a stream's
/// bytes are.
#[cfg(feature = "client")]
pub(crate) const STREAM_LIMIT: u64 = lambda_client_wire::limits::STREAM_RESPONSE as u64;

/// The trailer for a callee's error document (`errorType`, `errorMessage`).
#[cfg(feature = "callee")]
pub(crate) fn trailer(document: &[u8]) -> bytes::Bytes {
    let mut trailer = Vec::with_capacity(ERROR_MARKER.len() + document.len());
    trailer.extend_from_slice(ERROR_MARKER);
    trailer.extend_from_slice(document);
    trailer.into()
}

/// What `lambda_runtime` 1.5 writes into the body when a stream's item is an
/// `Err`: `Lambda-Runtime-Function-Error-Type: T\r\n` then
/// `Lambda-Runtime-Function-Error-Body: base64\r\n`, as data. A stream of
/// records recognises it on a line of its own.
#[cfg(feature = "client")]
pub(crate) const RUNTIME_ERROR_TYPE: &[u8] = b"Lambda-Runtime-Function-Error-Type: ";

/// The second line of `lambda_runtime`'s in-band error.
#[cfg(feature = "client")]
pub(crate) const RUNTIME_ERROR_BODY: &[u8] = b"Lambda-Runtime-Function-Error-Body: ";
