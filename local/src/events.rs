//! The events a local Lambda runs in the background: those still running,
//! and the runs that finished, kept within bounds until
//! [`LocalLambda::wait_for_events`](crate::LocalLambda::wait_for_events)
//! takes them.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use lambda_client::FunctionError;
use tokio::task::JoinSet;

/// The most finished runs kept.
pub(crate) const KEPT_RUNS: usize = 1_000;
/// The most bytes of finished runs' results kept.
pub(crate) const KEPT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
pub(crate) struct Events {
    running: Mutex<JoinSet<()>>,
    finished: Arc<Mutex<Finished>>,
}

/// The runs that finished, oldest first.
#[derive(Default)]
struct Finished {
    runs: VecDeque<EventRun>,
    bytes: usize,
    /// How many older runs made room for newer ones.
    dropped: usize,
}

impl Finished {
    fn keep(&mut self, run: EventRun) {
        self.bytes += run.size();
        self.runs.push_back(run);
        while self.runs.len() > KEPT_RUNS || self.bytes > KEPT_BYTES {
            let Some(oldest) = self.runs.pop_front() else {
                break;
            };
            self.bytes -= oldest.size();
            self.dropped += 1;
        }
    }
}

impl Events {
    /// Runs `run` in the background; its result is kept when it finishes.
    pub(crate) fn spawn(&self, run: impl Future<Output = EventRun> + Send + 'static) {
        let finished = Arc::clone(&self.finished);
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget the tasks that finished since the last event: their runs
        // are in `finished` already.
        while running.try_join_next().is_some() {}
        running.spawn(async move {
            let run = run.await;
            finished
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .keep(run);
        });
    }

    /// Waits until every event queued so far has run (and every event those
    /// runs queued), and takes the runs kept.
    pub(crate) async fn wait(&self) -> Vec<EventRun> {
        loop {
            let mut running =
                std::mem::take(&mut *self.running.lock().unwrap_or_else(PoisonError::into_inner));
            if running.is_empty() {
                break;
            }
            while let Some(joined) = running.join_next().await {
                // A handler's panic is caught and reported as its error; a panic
                // here is the server's own bug, and belongs to the caller.
                if let Err(error) = joined
                    && error.is_panic()
                {
                    std::panic::resume_unwind(error.into_panic());
                }
            }
        }
        let mut finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        finished.bytes = 0;
        finished.runs.drain(..).collect()
    }

    /// How many finished runs were dropped to keep within the bounds.
    pub(crate) fn dropped(&self) -> usize {
        self.finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .dropped
    }

    /// Cancels the events still running.
    pub(crate) fn abort(&self) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .abort_all();
    }
}

/// One event invocation that ran in the background.
#[derive(Debug, Clone)]
pub struct EventRun {
    function_name: String,
    version: String,
    request_id: String,
    result: Result<Vec<u8>, FunctionError>,
}

impl EventRun {
    pub(crate) fn new(
        function_name: String,
        version: String,
        request_id: String,
        result: Result<Vec<u8>, FunctionError>,
    ) -> Self {
        EventRun {
            function_name,
            version,
            request_id,
            result,
        }
    }

    /// The bytes its result holds, as the bounds on kept runs count them.
    fn size(&self) -> usize {
        match &self.result {
            Ok(response) => response.len(),
            Err(error) => error.document().len(),
        }
    }

    /// The function that ran.
    #[must_use]
    pub fn function_name(&self) -> &str {
        &self.function_name
    }

    /// The version that ran (`$LATEST` or a number).
    #[must_use]
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The request id Lambda gave the call.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The handler's JSON response, or how it failed. Lambda sends neither to
    /// the caller of an event.
    ///
    /// # Errors
    ///
    /// The [`FunctionError`] the handler ended with.
    pub fn result(&self) -> Result<&[u8], &FunctionError> {
        self.result.as_deref()
    }
}
