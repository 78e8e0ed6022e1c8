//! What `GetDurableExecution` says of an execution.

use std::fmt;

use crate::error::FunctionError;

/// Where a durable execution is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurableStatus {
    /// Still running (`RUNNING`).
    Running,
    /// Finished with a result (`SUCCEEDED`).
    Succeeded,
    /// Finished with an error (`FAILED`).
    Failed,
    /// Ran past its execution timeout (`TIMED_OUT`).
    TimedOut,
    /// Stopped with `StopDurableExecution` (`STOPPED`).
    Stopped,
    /// A status this version does not know.
    Other(String),
}

impl DurableStatus {
    /// The status as Lambda writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            DurableStatus::Running => "RUNNING",
            DurableStatus::Succeeded => "SUCCEEDED",
            DurableStatus::Failed => "FAILED",
            DurableStatus::TimedOut => "TIMED_OUT",
            DurableStatus::Stopped => "STOPPED",
            DurableStatus::Other(other) => other,
        }
    }

    /// Whether the execution has ended.
    #[must_use]
    pub fn is_closed(&self) -> bool {
        !matches!(self, DurableStatus::Running | DurableStatus::Other(_))
    }
}

impl From<&str> for DurableStatus {
    fn from(status: &str) -> Self {
        match status {
            "RUNNING" => DurableStatus::Running,
            "SUCCEEDED" => DurableStatus::Succeeded,
            "FAILED" => DurableStatus::Failed,
            "TIMED_OUT" => DurableStatus::TimedOut,
            "STOPPED" => DurableStatus::Stopped,
            other => DurableStatus::Other(other.to_owned()),
        }
    }
}

/// What `GetDurableExecution` says of an execution.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DurableExecution {
    /// Its status.
    pub status: DurableStatus,
    /// Its result, as JSON, once it succeeded.
    pub result: Option<String>,
    /// Its error, once it failed, timed out or was stopped.
    pub error: Option<DurableError>,
}

impl DurableExecution {
    /// An execution with `status`, and neither result nor error yet.
    #[must_use]
    pub fn new(status: DurableStatus) -> Self {
        DurableExecution {
            status,
            result: None,
            error: None,
        }
    }
}

/// The result and error may hold the callee's data: `Debug` shows their size.
impl fmt::Debug for DurableExecution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DurableExecution")
            .field("status", &self.status)
            .field("result_len", &self.result.as_ref().map(String::len))
            .field("error", &self.error.as_ref().map(|error| &error.error_type))
            .finish()
    }
}

/// A durable execution's error (`ErrorObject`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DurableError {
    /// `ErrorType`.
    pub error_type: Option<String>,
    /// `ErrorMessage`.
    pub error_message: Option<String>,
    /// `StackTrace`.
    pub stack_trace: Vec<String>,
}

impl DurableError {
    /// The error as a callee's error document, as a synchronous call's failure reads.
    #[must_use]
    pub fn to_function_error(&self) -> FunctionError {
        let mut document = serde_json::Map::new();
        if let Some(error_type) = &self.error_type {
            document.insert("errorType".to_owned(), error_type.clone().into());
        }
        if let Some(message) = &self.error_message {
            document.insert("errorMessage".to_owned(), message.clone().into());
        }
        if !self.stack_trace.is_empty() {
            document.insert("stackTrace".to_owned(), self.stack_trace.clone().into());
        }
        let document = serde_json::Value::Object(document).to_string();
        FunctionError::from_document("Unhandled", document.into_bytes())
    }
}
