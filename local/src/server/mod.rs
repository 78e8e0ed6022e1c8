//! The Lambda Invoke API over HTTP/1.1, answered as AWS answers it: the
//! statuses, headers and error documents of CONFORMANCE.md's wire table.
//!
//! This module accepts connections and routes each request by its path;
//! `invoke` answers `Invoke` and `InvokeWithResponseStream`, `durable` the
//! durable executions' operations, from what `request` reads of a request,
//! in the shapes `answer` builds; `state` is what every connection shares.

mod answer;
mod durable;
mod invoke;
mod request;
pub(crate) mod state;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::server::answer::{Answer, Refusal};
use crate::server::durable::DURABLE_EXECUTIONS;
use crate::server::state::State;

/// Accepts connections until the task is aborted; aborting it drops every
/// connection with it.
pub(crate) async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: wait for some to close
                    // rather than spin on the same error.
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                };
                // Small JSON answers: without this, Nagle's algorithm delays each by
                // the peer's delayed ACK.
                let _ = stream.set_nodelay(true);
                let read_timeout = state.read_timeout;
                let state = Arc::clone(&state);
                let service = hyper::service::service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(route(&state, request).await) }
                });
                connections.spawn(
                    hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(read_timeout)
                        .serve_connection(TokioIo::new(stream), service),
                );
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// How long to wait after a failed accept before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Answers one request: the durable executions' operations by their
/// path, every other request as an invocation.
async fn route(state: &State, request: Request<Incoming>) -> Answer {
    let answered = if request.uri().path().starts_with(DURABLE_EXECUTIONS) {
        durable::execution(state, request).await
    } else {
        invoke::invoke(state, request).await
    };
    answered.unwrap_or_else(Refusal::into_answer)
}
