//! The logic of the function `caller`, apart from its `main` so that its
//! tests can call it with a mock or a local Lambda behind the client.

use contract::{Echo, Invoked, Reader};
use lambda_runtime::Diagnostic;

/// Asks `invoked` to read the message. Its own failure is passed on as it
/// came (the same `errorType` and data), so this function's callers can
/// match it with the same `ReadError`; any other failure of the call is
/// `InvokeFailed` with its message.
///
/// # Errors
///
/// `invoked`'s `ReadError`, or the call's failure, as a `Diagnostic`.
pub async fn forward(client: &impl Invoked, reader: Reader) -> Result<Echo, Diagnostic> {
    Ok(client.read(reader).await?)
}
