//! Everything a call can end in besides a value.
//!
//! A callee's failure arrives from Lambda as a *successful* `Invoke` (HTTP 200
//! with an `X-Amz-Function-Error` header), so the raw SDK lets it slip. Here it
//! can only arrive as [`InvokeError::Function`].

use std::fmt;

use crate::InvocationType;

/// Why a call through a generated client did not return a value.
///
/// `E` is the callee's error: [`FunctionError`] (the error document as Lambda
/// sent it) unless the method declares another type that implements
/// [`FromFunctionError`].
///
/// No variant's `Debug` or `Display` prints the request or response payload.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvokeError<E = FunctionError> {
    /// The callee ran and failed (Lambda's `X-Amz-Function-Error` header).
    #[error("the function ran and failed: {0}")]
    Function(#[source] E),
    /// Lambda refused the call because of concurrency or rate limits (HTTP 429).
    #[error(transparent)]
    Throttled(Throttled),
    /// The Invoke API refused the call: unknown function, payload too large,
    /// missing permissions, VPC set-up and the like.
    #[error(transparent)]
    Service(ServiceError),
    /// No usable answer came back from the Lambda endpoint.
    #[error(transparent)]
    Transport(TransportError),
    /// The arguments could not be serialized to JSON. Nothing was sent.
    #[error(transparent)]
    Encode(EncodeError),
    /// The serialized arguments are over Lambda's limit. Nothing was sent.
    #[error(transparent)]
    PayloadTooLarge(PayloadTooLarge),
    /// The call's `ClientContext` is over Lambda's 3,583 bytes; nothing was sent.
    #[error(transparent)]
    ClientContextTooLarge(crate::context::ClientContextTooLarge),
    /// The callee's result does not decode as the method's return type.
    #[error(transparent)]
    Decode(DecodeError),
    /// Lambda answered with a status code that does not fit the invocation type.
    #[error(transparent)]
    UnexpectedStatus(UnexpectedStatus),
}

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
            _ => {}
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

    /// The callee's `errorMessage`; `None` when the document had none.
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
        match (&self.error_type, &self.message) {
            (Some(error_type), Some(message)) => write!(f, "{kind} {error_type}: {message}"),
            (Some(error_type), None) => write!(f, "{kind} {error_type}"),
            (None, Some(message)) => write!(f, "{kind} error: {message}"),
            (None, None) => write!(
                f,
                "{kind} error with no error document ({} bytes that are not one)",
                self.document.len()
            ),
        }
    }
}

impl std::error::Error for FunctionError {}

/// Lambda refused a call over the callee's concurrency or rate limits
/// (HTTP 429 `TooManyRequestsException`).
///
/// A synchronous call over the callee's reserved concurrency fails at once;
/// back off and retry, or raise the callee's concurrency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Lambda throttled the call to `{function}` ({reason}){}; retry after a backoff, or raise the function's reserved concurrency",
    retry_hint(self.retry_after_seconds)
)]
pub struct Throttled {
    function: String,
    reason: ThrottleReason,
    retry_after_seconds: Option<u64>,
    message: Option<String>,
}

fn retry_hint(seconds: Option<u64>) -> String {
    seconds.map_or_else(String::new, |s| format!(", Lambda asks to wait {s} s"))
}

impl Throttled {
    /// A throttle of a call to `function`, as a [`Transport`](crate::Transport) reports it.
    #[must_use]
    pub fn new(function: impl Into<String>, reason: ThrottleReason) -> Self {
        Throttled {
            function: function.into(),
            reason,
            retry_after_seconds: None,
            message: None,
        }
    }

    /// Adds the delay of Lambda's `Retry-After` header.
    #[must_use]
    pub fn with_retry_after_seconds(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }

    /// Adds Lambda's message (usually `"Rate Exceeded."`).
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// Which limit was hit.
    #[must_use]
    pub fn reason(&self) -> &ThrottleReason {
        &self.reason
    }

    /// The delay Lambda asked for in `Retry-After`, if it sent one.
    #[must_use]
    pub fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after_seconds
    }

    /// Lambda's message, if it sent one.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// The limit a throttled call hit: the `Reason` of a `TooManyRequestsException`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThrottleReason {
    /// The account's concurrency in the region is used up.
    ConcurrentInvocationLimitExceeded,
    /// The function's invocation rate limit was exceeded.
    FunctionInvocationRateLimitExceeded,
    /// The function's reserved concurrency is used up.
    ReservedFunctionConcurrentInvocationLimitExceeded,
    /// The rate allowed by the function's reserved concurrency was exceeded.
    ReservedFunctionInvocationRateLimitExceeded,
    /// The caller's own rate limit was exceeded.
    CallerRateLimitExceeded,
    /// Too many `SnapStart` snapshots are being created at once.
    ConcurrentSnapshotCreateLimitExceeded,
    /// A reason this version does not know, kept as Lambda sent it.
    Other(String),
    /// Lambda sent no reason.
    Unspecified,
}

impl ThrottleReason {
    /// The reason as Lambda spells it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ThrottleReason::ConcurrentInvocationLimitExceeded => {
                "ConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::FunctionInvocationRateLimitExceeded => {
                "FunctionInvocationRateLimitExceeded"
            }
            ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded => {
                "ReservedFunctionConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::ReservedFunctionInvocationRateLimitExceeded => {
                "ReservedFunctionInvocationRateLimitExceeded"
            }
            ThrottleReason::CallerRateLimitExceeded => "CallerRateLimitExceeded",
            ThrottleReason::ConcurrentSnapshotCreateLimitExceeded => {
                "ConcurrentSnapshotCreateLimitExceeded"
            }
            ThrottleReason::Other(reason) => reason,
            ThrottleReason::Unspecified => "no reason given",
        }
    }
}

impl ThrottleReason {
    /// The reasons Lambda documents, each spelled by [`as_str`](Self::as_str).
    const KNOWN: [ThrottleReason; 6] = [
        ThrottleReason::ConcurrentInvocationLimitExceeded,
        ThrottleReason::FunctionInvocationRateLimitExceeded,
        ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded,
        ThrottleReason::ReservedFunctionInvocationRateLimitExceeded,
        ThrottleReason::CallerRateLimitExceeded,
        ThrottleReason::ConcurrentSnapshotCreateLimitExceeded,
    ];
}

impl From<&str> for ThrottleReason {
    fn from(reason: &str) -> Self {
        if reason.is_empty() {
            return ThrottleReason::Unspecified;
        }
        ThrottleReason::KNOWN
            .into_iter()
            .find(|known| known.as_str() == reason)
            .unwrap_or_else(|| ThrottleReason::Other(reason.to_owned()))
    }
}

impl fmt::Display for ThrottleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The Invoke API refused the call (any error response but a throttle).
///
/// [`kind`](Self::kind) sorts the ~40 error codes Lambda can send into what a
/// caller acts on, and [`is_retry_safe`](Self::is_retry_safe) says whether
/// the callee provably did not start.
#[derive(Debug)]
pub struct ServiceError {
    function: String,
    code: String,
    status: u16,
    // On the heap: every call's `Result` is as large as its largest error.
    details: Box<ServiceDetails>,
}

#[derive(Debug, Default)]
struct ServiceDetails {
    message: Option<String>,
    qualifier: Option<String>,
    region: Option<String>,
    source: Option<BoxError>,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lambda refused the call to `{}`", self.function)?;
        if let Some(qualifier) = &self.details.qualifier {
            write!(f, " (qualifier `{qualifier}`)")?;
        }
        if let Some(region) = &self.details.region {
            write!(f, " in {region}")?;
        }
        write!(f, " with {} (HTTP {})", self.code, self.status)?;
        if let Some(message) = &self.details.message {
            write!(f, ": {message}")?;
        }
        write!(f, "; {}", self.kind().advice())
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.details
            .source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// What kind of refusal a [`ServiceError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServiceErrorKind {
    /// No such function, version or alias (`ResourceNotFoundException`).
    NotFound,
    /// The payload is over Lambda's limit (`RequestTooLargeException`).
    PayloadTooLarge,
    /// The request is malformed (`InvalidRequestContentException`,
    /// `InvalidParameterValueException`, ...).
    InvalidRequest,
    /// The caller may not invoke the function (`AccessDeniedException`, ...).
    Permissions,
    /// The callee's VPC set-up failed: its network interfaces, subnets,
    /// security groups or EC2 calls (`ENILimitReachedException`, ...).
    Network,
    /// The KMS key of the callee's environment is unusable (`KMS…Exception`).
    Kms,
    /// The callee's `SnapStart` snapshot is not usable (`SnapStart…Exception`).
    SnapStart,
    /// Lambda stopped a loop of functions invoking each other
    /// (`RecursiveInvocationException`).
    RecursiveInvocation,
    /// The function is being created or updated (`ResourceNotReadyException`,
    /// `ResourceConflictException`).
    NotReady,
    /// The callee's file system could not be mounted (`EFSMount…Exception`).
    FileSystem,
    /// Lambda failed on its side (`ServiceException`, or a 5xx without a code).
    Service,
    /// A code this version does not know.
    Unknown,
}

/// Lambda's codes, lower-cased (Lambda sends `ENILimitReachedException`
/// where the SDK's variant says `EniLimitReachedException`): the kind,
/// whether the callee provably did not start, whether waiting may help.
const CODES: &[(&str, ServiceErrorKind, bool, bool)] = {
    use ServiceErrorKind::{
        FileSystem, InvalidRequest, Kms, Network, NotFound, NotReady, PayloadTooLarge, Permissions,
        RecursiveInvocation, Service, SnapStart,
    };
    &[
        ("resourcenotfoundexception", NotFound, true, false),
        ("requesttoolargeexception", PayloadTooLarge, true, false),
        (
            "serializedrequestentitytoolargeexception",
            PayloadTooLarge,
            true,
            false,
        ),
        (
            "invalidrequestcontentexception",
            InvalidRequest,
            true,
            false,
        ),
        (
            "invalidparametervalueexception",
            InvalidRequest,
            true,
            false,
        ),
        ("unsupportedmediatypeexception", InvalidRequest, true, false),
        ("invalidruntimeexception", InvalidRequest, true, false),
        ("invalidzipfileexception", InvalidRequest, true, false),
        ("modenotsupportedexception", InvalidRequest, true, false),
        ("nopublishedversionexception", InvalidRequest, true, false),
        ("validationexception", InvalidRequest, true, false),
        ("accessdeniedexception", Permissions, true, false),
        ("unrecognizedclientexception", Permissions, true, false),
        ("invalidsignatureexception", Permissions, true, false),
        ("expiredtokenexception", Permissions, true, false),
        ("enilimitreachedexception", Network, true, true),
        ("eninotreadyexception", Network, true, true),
        ("invalidsubnetidexception", Network, true, false),
        ("invalidsecuritygroupidexception", Network, true, false),
        ("subnetipaddresslimitreachedexception", Network, true, true),
        ("ec2accessdeniedexception", Network, true, false),
        ("ec2throttledexception", Network, true, true),
        ("ec2unexpectedexception", Network, true, true),
        ("kmsaccessdeniedexception", Kms, true, false),
        ("kmsdisabledexception", Kms, true, false),
        ("kmsinvalidstateexception", Kms, true, false),
        ("kmsnotfoundexception", Kms, true, false),
        ("snapstartexception", SnapStart, true, false),
        ("snapstartnotreadyexception", SnapStart, true, true),
        ("snapstarttimeoutexception", SnapStart, true, true),
        (
            "snapstartregenerationfailureexception",
            SnapStart,
            true,
            false,
        ),
        (
            "recursiveinvocationexception",
            RecursiveInvocation,
            true,
            false,
        ),
        ("resourcenotreadyexception", NotReady, true, true),
        ("resourceconflictexception", NotReady, true, true),
        ("efsmountconnectivityexception", FileSystem, true, true),
        ("efsmountfailureexception", FileSystem, true, false),
        ("efsmounttimeoutexception", FileSystem, true, true),
        // Raised by reads and writes while the function runs: it started.
        ("efsioexception", FileSystem, false, false),
        // Lambda's own failure: whether the callee started is unknown.
        ("serviceexception", Service, false, true),
    ]
};

/// A 5xx without a known code (a load balancer's 502, say) is Lambda's side.
fn kind_for(code: &str, status: u16) -> ServiceErrorKind {
    match ServiceErrorKind::of(code) {
        ServiceErrorKind::Unknown if status >= 500 => ServiceErrorKind::Service,
        kind => kind,
    }
}

impl ServiceErrorKind {
    /// The kind of the error `code` Lambda sent.
    #[must_use]
    pub fn of(code: &str) -> ServiceErrorKind {
        Self::entry(code).map_or(ServiceErrorKind::Unknown, |(_, kind, _, _)| *kind)
    }

    fn entry(code: &str) -> Option<&'static (&'static str, ServiceErrorKind, bool, bool)> {
        CODES
            .iter()
            .find(|(known, ..)| known.eq_ignore_ascii_case(code))
    }

    /// What to do about a refusal of this kind.
    #[must_use]
    pub fn advice(self) -> &'static str {
        match self {
            ServiceErrorKind::NotFound => {
                "check the function name, the qualifier and the region the client is configured for"
            }
            ServiceErrorKind::PayloadTooLarge => {
                "send a reference to the data (an S3 key) instead of the data"
            }
            ServiceErrorKind::InvalidRequest => "the request is malformed; this is a bug to report",
            ServiceErrorKind::Permissions => {
                "the caller's role needs lambda:InvokeFunction on the function, with valid credentials"
            }
            ServiceErrorKind::Network => {
                "check the callee's VPC configuration: its subnets (free IP addresses), security groups, network interfaces and its role's EC2 permissions"
            }
            ServiceErrorKind::Kms => {
                "check the KMS key that encrypts the callee's environment variables and the callee's permission to use it"
            }
            ServiceErrorKind::SnapStart => {
                "check the callee's SnapStart snapshot, or retry once it is ready"
            }
            ServiceErrorKind::RecursiveInvocation => {
                "Lambda stopped a loop of functions invoking each other; break the loop, or configure the function's recursive loop detection"
            }
            ServiceErrorKind::NotReady => "the function is being created or updated; retry shortly",
            ServiceErrorKind::FileSystem => {
                "check the callee's EFS file system and its mount targets"
            }
            ServiceErrorKind::Service => {
                "Lambda failed on its side and the callee may have run; retry only an idempotent call"
            }
            ServiceErrorKind::Unknown => "see Lambda's documentation for this error code",
        }
    }
}

impl ServiceError {
    /// A refusal of a call to `function`, as a [`Transport`](crate::Transport)
    /// reports it: the error `code` (for example `ResourceNotFoundException`)
    /// and the HTTP status.
    #[must_use]
    pub fn new(function: impl Into<String>, code: impl Into<String>, status: u16) -> Self {
        ServiceError {
            function: function.into(),
            code: code.into(),
            status,
            details: Box::default(),
        }
    }

    /// Names the qualifier the call asked for.
    #[must_use]
    pub fn with_qualifier(mut self, qualifier: impl Into<String>) -> Self {
        self.details.qualifier = Some(qualifier.into());
        self
    }

    /// Names the region the client called.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.details.region = Some(region.into());
        self
    }

    pub(crate) fn set_qualifier(&mut self, qualifier: &str) {
        self.details.qualifier = Some(qualifier.to_owned());
    }

    pub(crate) fn set_region(&mut self, region: &str) {
        self.details.region = Some(region.to_owned());
    }

    /// What kind of refusal this is.
    #[must_use]
    pub fn kind(&self) -> ServiceErrorKind {
        kind_for(&self.code, self.status)
    }

    /// Whether the callee provably did not start, so that sending the call
    /// again cannot run it twice. False for Lambda's own failures
    /// (`ServiceException`, a 5xx without a code) and for codes this version
    /// does not know.
    #[must_use]
    pub fn is_retry_safe(&self) -> bool {
        match ServiceErrorKind::entry(&self.code) {
            Some((_, _, safe, _)) => *safe,
            None => false,
        }
    }

    /// Whether the same call may succeed later: the function is not ready,
    /// a VPC or `SnapStart` resource is busy, or Lambda failed on its side.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match ServiceErrorKind::entry(&self.code) {
            Some((_, _, _, transient)) => *transient,
            None => self.status >= 500,
        }
    }

    /// The qualifier the call asked for, if any.
    #[must_use]
    pub fn qualifier(&self) -> Option<&str> {
        self.details.qualifier.as_deref()
    }

    /// The region the client called, if the transport knows it.
    #[must_use]
    pub fn region(&self) -> Option<&str> {
        self.details.region.as_deref()
    }

    /// Adds Lambda's message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.details.message = Some(message.into());
        self
    }

    /// Adds the underlying error, reachable through `source()`.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.details.source = Some(source.into());
        self
    }

    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The error code, for example `ResourceNotFoundException`.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The HTTP status of the refusal.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Lambda's message, if it sent one.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.details.message.as_deref()
    }
}

/// What went wrong on the way to or from the Lambda endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection to the endpoint could not be made (refused, DNS,
    /// connect timeout): nothing was sent, so the callee did not start.
    Connect,
    /// The request could not be sent, or the connection broke before a
    /// response arrived: the callee may have started.
    Dispatch,
    /// A connect or operation timeout elapsed.
    Timeout,
    /// A response arrived but could not be read.
    Response,
    /// The request could not be built.
    Construction,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => {
                "the connection could not be made, so nothing was sent (the connect timeout is the SDK config's timeout_config)"
            }
            TransportErrorKind::Dispatch => "the request could not be sent",
            TransportErrorKind::Timeout => "the call timed out",
            TransportErrorKind::Response => "the response could not be read",
            TransportErrorKind::Construction => "the request could not be built",
        })
    }
}

/// No usable answer from the Lambda endpoint.
///
/// The usual cause of a connect timeout inside a VPC is that the function has
/// no route to the Lambda endpoint: add a NAT gateway or a Lambda interface
/// endpoint, and point the client at it with `AWS_ENDPOINT_URL_LAMBDA` or the
/// SDK config's `endpoint_url`.
#[derive(Debug, thiserror::Error)]
#[error(
    "no answer from the Lambda endpoint for the call to `{function}`: {kind}; a function in a VPC needs a route to Lambda (a NAT gateway, or a Lambda interface endpoint set with AWS_ENDPOINT_URL_LAMBDA or the SDK config's endpoint_url), and a wrong endpoint URL fails the same way"
)]
pub struct TransportError {
    function: String,
    kind: TransportErrorKind,
    #[source]
    source: Option<BoxError>,
}

impl TransportError {
    /// A failure of a call to `function`, as a [`Transport`](crate::Transport) reports it.
    #[must_use]
    pub fn new(function: impl Into<String>, kind: TransportErrorKind) -> Self {
        TransportError {
            function: function.into(),
            kind,
            source: None,
        }
    }

    /// Adds the underlying error, reachable through `source()`.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the callee provably did not start: the connection was never made.
    #[must_use]
    pub fn is_retry_safe(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

/// The arguments of a call could not be serialized to JSON.
#[derive(Debug, thiserror::Error)]
#[error(
    "the arguments for `{function}` could not be serialized to JSON, so nothing was sent; check the Serialize implementation of the argument types"
)]
pub struct EncodeError {
    pub(crate) function: &'static str,
    #[source]
    pub(crate) source: serde_json::Error,
}

impl EncodeError {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        self.function
    }
}

/// The serialized arguments are over Lambda's payload limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the payload for `{function}` is {size} bytes, over Lambda's {limit}-byte limit for {invocation_type} calls, so nothing was sent; pass a reference to the data (an S3 key) instead of the data"
)]
pub struct PayloadTooLarge {
    pub(crate) function: &'static str,
    pub(crate) size: usize,
    pub(crate) limit: usize,
    pub(crate) invocation_type: InvocationType,
}

impl PayloadTooLarge {
    /// The function that was to be called.
    #[must_use]
    pub fn function(&self) -> &str {
        self.function
    }

    /// The size of the serialized arguments, in bytes.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// Lambda's limit for this invocation type, in bytes.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The invocation type whose limit applies.
    #[must_use]
    pub fn invocation_type(&self) -> InvocationType {
        self.invocation_type
    }
}

/// The callee's result does not decode as the method's return type.
///
/// Usually the caller's and the callee's types have drifted apart.
#[derive(Debug, thiserror::Error)]
#[error(
    "the result of `{function}` ({payload_len} bytes) does not decode as `{expected}`; check that the method's return type matches what the function returns"
)]
pub struct DecodeError {
    pub(crate) function: &'static str,
    pub(crate) expected: &'static str,
    pub(crate) payload_len: usize,
    #[source]
    pub(crate) source: serde_json::Error,
}

impl DecodeError {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        self.function
    }

    /// The Rust type the result was decoded into.
    #[must_use]
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// The size of the result, in bytes (the bytes themselves are not kept).
    #[must_use]
    pub fn payload_len(&self) -> usize {
        self.payload_len
    }

    /// The serde error.
    #[must_use]
    pub fn serde_error(&self) -> &serde_json::Error {
        &self.source
    }
}

/// Lambda answered with a status code that does not fit the invocation type
/// (200 for a synchronous call, 202 for an event, 204 for a dry run).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Lambda answered the {invocation_type} call to `{function}` with HTTP {status}, not the {} it sends for that invocation type; check the endpoint the client is configured for",
    invocation_type.success_status()
)]
pub struct UnexpectedStatus {
    pub(crate) function: &'static str,
    pub(crate) status: u16,
    pub(crate) invocation_type: InvocationType,
}

impl UnexpectedStatus {
    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        self.function
    }

    /// The status Lambda sent.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The invocation type of the call.
    #[must_use]
    pub fn invocation_type(&self) -> InvocationType {
        self.invocation_type
    }
}
