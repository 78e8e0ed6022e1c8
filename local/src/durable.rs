//! Durable executions, at the Invoke API's level: each invocation of a
//! durable function is an execution with a name (an idempotency key) and
//! an ARN; `GetDurableExecution` reports its status, result or error, and
//! `StopDurableExecution` ends it. What runs inside the function
//! (checkpoints, replays) is not emulated: the handler runs once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use http::StatusCode;
use lambda_runtime::Diagnostic;
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::task::AbortHandle;

use crate::host::{Invocation, Outcome};

/// Every execution started, by ARN; and by function and name, for the
/// idempotency of names.
#[derive(Default)]
pub(crate) struct Executions {
    inner: Mutex<Store>,
}

#[derive(Default)]
struct Store {
    by_arn: HashMap<String, Arc<Execution>>,
    /// (function name, execution name) to ARN.
    by_name: HashMap<(String, String), String>,
    next: u64,
}

/// One durable execution.
pub(crate) struct Execution {
    pub(crate) arn: String,
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
}

impl Execution {
    /// Runs the handler in the background; the execution ends with it.
    pub(crate) fn run(self: &Arc<Self>, invocation: Invocation) {
        let execution = Arc::clone(self);
        let task = tokio::spawn(async move {
            let Outcome { result, .. } = invocation.run().await;
            execution.state.send_if_modified(|state| {
                if !matches!(state, State::Running) {
                    return false;
                }
                *state = match result {
                    Ok(value) => State::Succeeded(value),
                    Err(diagnostic) => State::Failed(diagnostic),
                };
                true
            });
        });
        *self.run.lock().unwrap_or_else(PoisonError::into_inner) = Some(task.abort_handle());
    }

    /// Waits for the execution to end.
    pub(crate) async fn finished(&self) -> State {
        let mut states = self.state.subscribe();
        let ended = states
            .wait_for(|state| !matches!(state, State::Running))
            .await
            .map(|state| state.clone());
        ended.unwrap_or(State::Running)
    }

    /// Stops a running execution with `error` (`StopDurableExecution`'s
    /// `ErrorObject`); `false` when it had already ended.
    pub(crate) fn stop(&self, error: &Value) -> Option<f64> {
        let stopped = now();
        let changed = self.state.send_if_modified(|state| {
            if !matches!(state, State::Running) {
                return false;
            }
            *state = State::Stopped(error.clone(), stopped);
            true
        });
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

/// The status and body of a durable-execution request
/// (`/2025-12-01/durable-executions/{arn}` and `.../stop`).
pub(crate) fn answer(
    executions: &Executions,
    method: &http::Method,
    rest: &str,
    body: &[u8],
) -> Result<Value, (StatusCode, &'static str, String)> {
    let (encoded, stop) = match rest.strip_suffix("/stop") {
        Some(encoded) => (encoded, true),
        None => (rest, false),
    };
    let arn = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
    let Some(execution) = executions.get(&arn) else {
        return Err((
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            format!("Durable execution not found: {arn}"),
        ));
    };
    match (method, stop) {
        (&http::Method::GET, false) => Ok(execution.describe()),
        (&http::Method::POST, true) => {
            let error = serde_json::from_slice::<Value>(body)
                .ok()
                .filter(|error| error.as_object().is_some_and(|error| !error.is_empty()))
                .unwrap_or_else(|| json!({ "ErrorType": "Stopped" }));
            match execution.stop(&error) {
                Some(at) => Ok(json!({ "StopTimestamp": at })),
                None => Err((
                    StatusCode::CONFLICT,
                    "ResourceConflictException",
                    format!("The durable execution {arn} is not running"),
                )),
            }
        }
        _ => Err((
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "Unknown operation".to_owned(),
        )),
    }
}
