//! The callee ran and failed: its error document, parsed from every shape
//! Lambda's runtimes send.

use std::fmt;

use serde::de::DeserializeOwned;

use super::text::{Escaped, bounded};

/// How much of a plain-text error document becomes the message.
const PLAIN_TEXT_LIMIT: usize = 1024;

/// Builds a method's error type from the error document of a failed callee.
///
/// Implemented for [`FunctionError`] itself, which keeps the document as sent.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot stand for a callee's failure",
    label = "this is the `E` of `InvokeError<E>`",
    note = "use `lambda_client::FunctionError`, or implement `lambda_client::FromFunctionError` for `{Self}`"
)]
pub trait FromFunctionError: Sized {
    /// Turns the error document Lambda returned into `Self`.
    fn from_function_error(error: FunctionError) -> Self;
}

impl FromFunctionError for FunctionError {
    fn from_function_error(error: FunctionError) -> Self {
        error
    }
}

/// The error document of a callee that ran and failed.
///
/// Built from every shape Lambda runtimes send: `errorType` and
/// `errorMessage`, with `stackTrace` (Python, Java, .NET) or `trace` (Node),
/// a missing `errorType`, platform errors such as `Sandbox.Timedout` and
/// `Runtime.ExitError`, and documents that are not JSON at all.
#[derive(Clone, PartialEq, Eq)]
pub struct FunctionError {
    unhandled: bool,
    error_type: Option<String>,
    message: Option<String>,
    stack_trace: Vec<String>,
    document: Vec<u8>,
}

#[derive(serde::Deserialize)]
struct ErrorDocument {
    #[serde(rename = "errorType")]
    error_type: Option<serde_json::Value>,
    #[serde(rename = "errorMessage")]
    error_message: Option<serde_json::Value>,
    #[serde(rename = "stackTrace")]
    stack_trace: Option<serde_json::Value>,
    trace: Option<serde_json::Value>,
}

impl FunctionError {
    /// Parses the error document of a failed call.
    ///
    /// `function_error` is the value of the `X-Amz-Function-Error` header
    /// (`Unhandled` or `Handled`). Never fails: a document that is not the
    /// expected JSON keeps its bytes, reachable through [`document`](Self::document).
    #[must_use]
    pub fn from_document(function_error: &str, document: Vec<u8>) -> Self {
        let mut error = FunctionError {
            unhandled: function_error != "Handled",
            error_type: None,
            message: None,
            stack_trace: Vec::new(),
            document,
        };
        match serde_json::from_slice::<serde_json::Value>(&error.document) {
            Ok(serde_json::Value::String(message)) => error.message = Some(message),
            Ok(value @ serde_json::Value::Object(_)) => {
                if let Ok(parsed) = serde_json::from_value::<ErrorDocument>(value) {
                    error.error_type = parsed.error_type.map(text);
                    error.message = parsed.error_message.map(text);
                    error.stack_trace = parsed
                        .stack_trace
                        .or(parsed.trace)
                        .map(lines)
                        .unwrap_or_default();
                }
            }
            Ok(_) => {}
            // A runtime that crashed may answer with plain text, such as
            // `Runtime exited without providing a reason`: the callee's
            // words, not the caller's payload, so they are its message.
            Err(_) => {
                let plain = String::from_utf8_lossy(&error.document);
                let plain = plain.trim();
                if !plain.is_empty() {
                    error.message = Some(bounded(plain, PLAIN_TEXT_LIMIT));
                }
            }
        }
        error
    }

    /// The callee's `errorType`, for example `"Sandbox.Timedout"`,
    /// `"Runtime.ExitError"` or the name the callee chose; `None` when the
    /// document had none.
    #[must_use]
    pub fn error_type(&self) -> Option<&str> {
        self.error_type.as_deref()
    }

    /// The callee's `errorMessage`, or the text of a document that is not
    /// JSON (at most 1,024 bytes of it); `None` when the document had none.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The stack trace the runtime reported (`stackTrace`, or Node's `trace`),
    /// one frame a line; empty when there was none.
    #[must_use]
    pub fn stack_trace(&self) -> &[String] {
        &self.stack_trace
    }

    /// Whether Lambda marked the failure `Unhandled` (the runtime caught an
    /// uncaught error, a timeout or a crash) rather than `Handled`.
    #[must_use]
    pub fn is_unhandled(&self) -> bool {
        self.unhandled
    }

    /// The error document exactly as Lambda returned it. It may hold data of
    /// the callee's; it is never printed by `Debug` or `Display`.
    #[must_use]
    pub fn document(&self) -> &[u8] {
        &self.document
    }
}

fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

fn lines(value: serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Array(frames) => frames.into_iter().map(text).collect(),
        serde_json::Value::Null => Vec::new(),
        other => vec![text(other)],
    }
}

impl fmt::Debug for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunctionError")
            .field("unhandled", &self.unhandled)
            .field("error_type", &self.error_type)
            .field("message", &self.message)
            .field("stack_trace", &self.stack_trace.len())
            .field("document_len", &self.document.len())
            .finish()
    }
}

impl fmt::Display for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.unhandled {
            "unhandled"
        } else {
            "handled"
        };
        // The callee's words, escaped: a newline or a terminal escape in them
        // must not forge lines in the caller's log.
        match (&self.error_type, &self.message) {
            (Some(error_type), Some(message)) => {
                write!(f, "{kind} {}: {}", Escaped(error_type), Escaped(message))
            }
            (Some(error_type), None) => write!(f, "{kind} {}", Escaped(error_type)),
            (None, Some(message)) => write!(f, "{kind} error: {}", Escaped(message)),
            (None, None) if self.document.is_empty() => {
                write!(f, "{kind} error with an empty error document")
            }
            (None, None) => write!(
                f,
                "{kind} error whose document ({} bytes) has neither errorType nor errorMessage",
                self.document.len()
            ),
        }
    }
}

impl std::error::Error for FunctionError {}

/// For `#[derive(LambdaError)]`: a variant's data, from the JSON in its
/// `errorMessage`; `None` sends the error to the catch-all variant.
#[doc(hidden)]
#[must_use]
pub fn variant_data<T: DeserializeOwned>(error: &FunctionError) -> Option<T> {
    serde_json::from_str(error.message()?).ok()
}
