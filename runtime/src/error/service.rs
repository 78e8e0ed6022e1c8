//! The Invoke API refused the call: the ~40 codes Lambda can send, sorted
//! into what a caller acts on.

use std::fmt;

use super::BoxError;

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
    request_id: Option<String>,
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

    #[cfg(feature = "client")]
    pub(crate) fn set_qualifier(&mut self, qualifier: &str) {
        self.details.qualifier = Some(qualifier.to_owned());
    }

    #[cfg(feature = "client")]
    pub(crate) fn set_region(&mut self, region: &str) {
        self.details.region = Some(region.to_owned());
    }

    #[cfg(feature = "client")]
    pub(crate) fn set_request_id(&mut self, request_id: Option<String>) {
        self.details.request_id = request_id;
    }

    /// Lambda's request id for the refused call, when it sent one.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.details.request_id.as_deref()
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
