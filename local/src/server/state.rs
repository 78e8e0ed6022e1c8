//! What every connection of the server shares: the registered functions,
//! the events and durable executions running, the server's settings, and
//! the request ids it hands out.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::durable::Executions;
use crate::events::Events;
use crate::model::function::Hosted;

/// What every connection shares.
pub(crate) struct State {
    pub(crate) functions: HashMap<String, Arc<Hosted>>,
    pub(crate) events: Events,
    pub(crate) executions: Executions,
    /// How many times one chain of calls may invoke a function.
    pub(crate) recursion_limit: u32,
    /// How long a client may take to send a request's headers, or its body.
    pub(crate) read_timeout: Duration,
    next_request: AtomicU64,
    nonce: u64,
}

impl State {
    pub(crate) fn new(
        functions: HashMap<String, Arc<Hosted>>,
        read_timeout: Duration,
        recursion_limit: u32,
    ) -> Self {
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| u64::from(since.subsec_nanos()));
        State {
            functions,
            events: Events::default(),
            executions: Executions::default(),
            recursion_limit,
            read_timeout,
            next_request: AtomicU64::new(1),
            nonce,
        }
    }

    /// A request id shaped like Lambda's (a UUID), unique in this process.
    pub(crate) fn request_id(&self) -> String {
        let sequence = self.next_request.fetch_add(1, Ordering::Relaxed);
        format!(
            "{:08x}-{:04x}-4000-8000-{:012x}",
            self.nonce & 0xffff_ffff,
            (self.nonce >> 32) & 0xffff,
            sequence
        )
    }
}
