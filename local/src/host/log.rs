//! The log of one invocation, for `LogType: Tail`: what the handler logged
//! with `tracing` on the invocation's own task, between the lines Lambda
//! adds.

use std::fmt::Write as _;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How much of an invocation's log `LogType: Tail` returns.
const LOG_TAIL: usize = 4 * 1024;

/// The log of one invocation: what the handler's `tracing` events wrote,
/// between the `START` and `REPORT` lines Lambda adds.
#[derive(Clone, Default)]
pub(crate) struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub(crate) fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + 'static {
        let buffer = self.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .without_time()
            .with_target(false)
            .with_writer(move || buffer.clone())
            .finish()
    }

    pub(crate) fn finish(
        self,
        request_id: &str,
        version: &str,
        took: Duration,
        memory_mb: u32,
    ) -> Vec<u8> {
        let logged = std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        let milliseconds = took.as_secs_f64() * 1000.0;
        let mut log = format!("START RequestId: {request_id} Version: {version}\n");
        log.push_str(&String::from_utf8_lossy(&logged));
        // `write!` into a `String` cannot fail.
        let _ = write!(
            log,
            "END RequestId: {request_id}\nREPORT RequestId: {request_id}\tDuration: {milliseconds:.2} ms\tBilled Duration: {billed} ms\tMemory Size: {memory_mb} MB\t\n",
            billed = milliseconds.ceil(),
        );
        let mut log = log.into_bytes();
        let cut = log.len().saturating_sub(LOG_TAIL);
        log.drain(..cut);
        log
    }
}

impl io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
