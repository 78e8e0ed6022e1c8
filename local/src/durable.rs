//! Durable executions, at the Invoke API's level: each invocation of a
//! durable function is an execution with a name (an idempotency key) and
//! an ARN; `GetDurableExecution` reports its status, result or error, and
//! `StopDurableExecution` ends it. What runs inside the function
//! (checkpoints, replays) is not emulated: the handler runs once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use lambda_runtime::Diagnostic;
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinSet};

use crate::host::invocation::{Invocation, Outcome};

/// The most finished executions kept for `GetDurableExecution`, and whose
/// names stay taken. AWS keeps an execution for a retention period after it
/// ends, then forgets it and frees its name; a count stands in for that
/// period here, so that a long test run, or a server left up, does not grow
/// without end. Those that ended longest ago go first.
///
/// Executions still running are never evicted, whatever their number:
/// `GetDurableExecution` and `StopDurableExecution` would answer 404 for a
/// handler that is still running, and its name would be free for a second
/// execution beside it. How many run at once is the caller's doing, and
/// `StopDurableExecution` ends them.
pub(crate) const KEPT_EXECUTIONS: usize = 1_000;

/// The executions kept (by ARN; and by function and name, for the
/// idempotency of names), and the handlers still running, which end with
/// the local Lambda.
#[derive(Default)]
pub(crate) struct Executions {
    inner: Arc<Mutex<Store>>,
    running: Mutex<JoinSet<()>>,
}

#[derive(Default)]
struct Store {
    by_arn: HashMap<String, Arc<Execution>>,
    /// (function name, execution name) to ARN.
    by_name: HashMap<(String, String), String>,
    /// The ARNs of the executions kept that have ended, in the order they
    /// ended.
    ended: VecDeque<String>,
    next: u64,
}

impl Store {
    /// Counts `execution` among those that ended, and forgets the ones that
    /// ended longest ago past [`KEPT_EXECUTIONS`].
    fn ended(&mut self, execution: &Execution) {
        self.ended.push_back(execution.arn.clone());
        while self.ended.len() > KEPT_EXECUTIONS {
            let Some(arn) = self.ended.pop_front() else {
                break;
            };
            if let Some(evicted) = self.by_arn.remove(&arn) {
                let key = (evicted.function.clone(), evicted.name.clone());
                if self.by_name.get(&key) == Some(&arn) {
                    self.by_name.remove(&key);
                }
            }
        }
    }
}

/// One durable execution.
pub(crate) struct Execution {
    pub(crate) arn: String,
    /// The function's name, half of the key its name is taken under.
    function: String,
    name: String,
    function_arn: String,
    version: String,
    payload: bytes::Bytes,
    started: f64,
    state: watch::Sender<State>,
    run: Mutex<Option<AbortHandle>>,
}

/// Where an execution is.
#[derive(Clone)]
pub(crate) enum State {
    Running,
    Succeeded(Vec<u8>),
    Failed(Diagnostic),
    Stopped(Value, f64),
}

/// How a start was answered: a new execution, the same one again, or a
/// refusal because the name is taken by another payload.
pub(crate) enum Started {
    New(Arc<Execution>),
    Existing(Arc<Execution>),
    Conflict,
}

impl Executions {
    /// Starts execution `name` of `function_arn` (qualified by `version`)
    /// with `payload`, or finds the one that already has that name.
    pub(crate) fn start(
        &self,
        function: &str,
        function_arn: &str,
        version: &str,
        name: Option<String>,
        payload: &bytes::Bytes,
    ) -> Started {
        let mut store = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        store.next += 1;
        let id = format!("{:016x}", store.next);
        let name = name.unwrap_or_else(|| format!("execution-{id}"));
        let key = (function.to_owned(), name.clone());
        if let Some(existing) = store
            .by_name
            .get(&key)
            .and_then(|arn| store.by_arn.get(arn))
        {
            return if existing.payload == *payload {
                Started::Existing(Arc::clone(existing))
            } else {
                Started::Conflict
            };
        }
        let arn = format!("{function_arn}:{version}/durable-execution/{name}/{id}");
        let execution = Arc::new(Execution {
            arn: arn.clone(),
            function: function.to_owned(),
            name,
            function_arn: function_arn.to_owned(),
            version: version.to_owned(),
            payload: payload.clone(),
            started: now(),
            state: watch::channel(State::Running).0,
            run: Mutex::new(None),
        });
        store.by_name.insert(key, arn.clone());
        store.by_arn.insert(arn, Arc::clone(&execution));
        Started::New(execution)
    }

    pub(crate) fn get(&self, arn: &str) -> Option<Arc<Execution>> {
        let store = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        store.by_arn.get(arn).cloned()
    }

    /// Runs `execution`'s handler in the background; the execution ends
    /// with it, unless it is stopped first.
    pub(crate) fn run(&self, execution: &Arc<Execution>, invocation: Invocation) {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget the tasks that ended since the last start: their results
        // are in their executions.
        while running.try_join_next().is_some() {}
        // The execution is in the store already, so a stop may come before
        // its handle is stored: the state is checked under the lock `stop`
        // takes the handle under, after changing the state, so that either
        // the stop is seen here or the handle is there for it.
        let mut run = execution.run.lock().unwrap_or_else(PoisonError::into_inner);
        if !matches!(*execution.state.borrow(), State::Running) {
            return;
        }
        let store = Arc::clone(&self.inner);
        let ran = Arc::clone(execution);
        *run = Some(running.spawn(async move {
            let Outcome { result, .. } = invocation.run().await;
            let ended = ran.state.send_if_modified(|state| {
                if !matches!(state, State::Running) {
                    return false;
                }
                *state = match result {
                    Ok(value) => State::Succeeded(value),
                    Err(diagnostic) => State::Failed(diagnostic),
                };
                true
            });
            if ended {
                store
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .ended(&ran);
            }
        }));
    }

    /// Stops `execution` if it is running, with `error`
    /// (`StopDurableExecution`'s `ErrorObject`): when it stopped, or `None`
    /// when it had already ended.
    pub(crate) fn stop(&self, execution: &Execution, error: &Value) -> Option<f64> {
        let stopped = execution.stop(error)?;
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .ended(execution);
        Some(stopped)
    }

    /// Cancels the handlers still running: they end with the local Lambda.
    pub(crate) fn abort(&self) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .abort_all();
    }
}

impl Execution {
    /// Waits for the execution to end.
    pub(crate) async fn finished(&self) -> State {
        let mut states = self.state.subscribe();
        let ended = states
            .wait_for(|state| !matches!(state, State::Running))
            .await
            .map(|state| state.clone());
        ended.unwrap_or(State::Running)
    }

    /// Stops a running execution with `error`, aborting its handler;
    /// `None` when it had already ended.
    fn stop(&self, error: &Value) -> Option<f64> {
        let stopped = now();
        let changed = self.state.send_if_modified(|state| {
            if !matches!(state, State::Running) {
                return false;
            }
            *state = State::Stopped(error.clone(), stopped);
            true
        });
        // The state changes before the handle is taken, which
        // `Executions::run` relies on to see a stop that comes first.
        if changed
            && let Some(run) = self
                .run
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        {
            run.abort();
        }
        changed.then_some(stopped)
    }

    /// What `GetDurableExecution` answers.
    pub(crate) fn describe(&self) -> Value {
        let state = self.state.borrow().clone();
        let mut document = json!({
            "DurableExecutionArn": self.arn,
            "DurableExecutionName": self.name,
            "FunctionArn": format!("{}:{}", self.function_arn, self.version),
            "Version": self.version,
            "StartTimestamp": self.started,
        });
        let (status, result, error, ended) = match state {
            State::Running => ("RUNNING", None, None, None),
            State::Succeeded(value) => (
                "SUCCEEDED",
                Some(String::from_utf8_lossy(&value).into_owned()),
                None,
                Some(now()),
            ),
            State::Failed(diagnostic) => (
                if diagnostic.error_type == "Sandbox.Timedout" {
                    "TIMED_OUT"
                } else {
                    "FAILED"
                },
                None,
                Some(json!({
                    "ErrorType": diagnostic.error_type,
                    "ErrorMessage": diagnostic.error_message,
                })),
                Some(now()),
            ),
            State::Stopped(error, at) => ("STOPPED", None, Some(error), Some(at)),
        };
        document["Status"] = status.into();
        if let Some(result) = result {
            document["Result"] = result.into();
        }
        if let Some(error) = error {
            document["Error"] = error;
        }
        if let Some(ended) = ended {
            document["EndTimestamp"] = ended.into();
        }
        document
    }
}

/// Seconds since the epoch, as the durable APIs' timestamps are.
fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

#[cfg(test)]
mod tests;
