//! The X-Ray trace header, forwarded from the invocation a call is made in.
//!
//! The SDK adds `X-Amzn-Trace-Id` from the `_X_AMZN_TRACE_ID` variable,
//! which Lambda sets for a function that handles one event at a time; under
//! `lambda_runtime`'s concurrent mode nothing sets it, and the trace breaks
//! at the call. A callee built with `{Trait}Callee` runs its handler inside
//! [`scope`] with its invocation's trace id, so every call the handler makes
//! carries it; a hand-written handler can do the same.

use std::future::Future;
use std::sync::Arc;

tokio::task_local! {
    static TRACE_ID: Option<Arc<str>>;
}

/// Runs `future` with `trace_id` (an `X-Amzn-Trace-Id` value such as
/// `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`)
/// as the trace header of every call it makes.
///
/// A value that cannot be an HTTP header (a control character, say, from an
/// id copied out of a queue message) is dropped, with a `tracing` warning:
/// the calls go out without a trace header rather than fail.
///
/// ```
/// # async fn handle() {}
/// # async fn example(context: Option<String>) {
/// lambda_client::trace_header::scope(context, handle()).await;
/// # }
/// ```
pub fn scope<F: Future>(
    trace_id: Option<impl Into<Arc<str>>>,
    future: F,
) -> tokio::task::futures::TaskLocalFuture<Option<Arc<str>>, F> {
    let trace_id = trace_id.map(Into::into).filter(|trace_id| {
        let valid = is_header_value(trace_id);
        if !valid {
            tracing::warn!(
                length = trace_id.len(),
                "dropped a trace id that cannot be an HTTP header value: the calls made in this scope carry no X-Amzn-Trace-Id"
            );
        }
        valid
    });
    TRACE_ID.scope(trace_id, future)
}

/// Runs `poll` with `trace_id` as the trace header, as [`scope`] does for a
/// future: for a callee's response stream, polled outside its handler's
/// future.
#[cfg(feature = "callee")]
pub(crate) fn sync_scope<R>(trace_id: Option<&Arc<str>>, poll: impl FnOnce() -> R) -> R {
    TRACE_ID.sync_scope(trace_id.cloned(), poll)
}

/// The trace header of the current scope, checked when the scope began.
#[cfg(feature = "callee")]
pub(crate) fn in_scope() -> Option<Arc<str>> {
    TRACE_ID.try_with(Clone::clone).ok().flatten()
}

/// What HTTP allows in a header value, and the SDK accepts without
/// panicking: visible ASCII, spaces and tabs, and not nothing.
fn is_header_value(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|byte| matches!(byte, b' '..=b'~' | b'\t'))
}

/// The trace header for a call made now: the scope's, unless the SDK will
/// add one from `_X_AMZN_TRACE_ID`.
#[cfg(feature = "client")]
pub(crate) fn current() -> Option<Arc<str>> {
    let trace_id = TRACE_ID.try_with(Clone::clone).ok().flatten()?;
    // Read only inside a scope: most calls are made outside one.
    if std::env::var_os("_X_AMZN_TRACE_ID").is_some() {
        return None;
    }
    Some(trace_id)
}

#[cfg(test)]
mod tests {
    use super::is_header_value;

    #[test]
    fn only_values_a_header_can_carry_are_kept() {
        assert!(is_header_value(
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0"
        ));
        for bad in [
            "",
            "Root=1-abc\n",
            "Root=1-abc\r\nX-Injected: 1",
            "Root=é",
            "\u{1b}[31m",
        ] {
            assert!(!is_header_value(bad), "{bad:?} was kept");
        }
    }
}
