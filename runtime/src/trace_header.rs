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
    TRACE_ID.scope(trace_id.map(Into::into), future)
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
