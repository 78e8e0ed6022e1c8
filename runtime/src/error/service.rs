//! The Invoke API refused the call: the ~40 codes Lambda can send, sorted
//! into what a caller acts on.

use std::fmt;

use super::cause::{BoxError, Cause};
use super::text::{Escaped, quota_note};

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
    source: Option<Cause>,
    quota_spent: bool,
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
        if self.code.is_empty() {
            write!(f, " with HTTP {} and no error code", self.status)?;
        } else {
            write!(f, " with {} (HTTP {})", Escaped(&self.code), self.status)?;
        }
        if let Some(message) = &self.details.message {
            write!(f, ": {}", Escaped(message))?;
        }
        write!(
            f,
            "; {}{}",
            self.kind().advice(),
            quota_note(self.details.quota_spent)
        )
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.details
            .source
            .as_ref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// What kind of refusal a [`ServiceError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServiceErrorKind {
    /// No such function, version or alias (`ResourceNotFoundException`, or
    /// a 404 without a code, as `cargo lambda watch` sends).
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
    /// The callee's file system could not be mounted: EFS
    /// (`EFSMount…Exception`) or an S3 Files access point
    /// (`S3FilesMount…Exception`).
    FileSystem,
    /// The user Lambda runs the callee's code artifact as is still being
    /// provisioned, was deleted, or failed (`CodeArtifactUser…Exception`).
    CodeArtifact,
    /// A durable execution of that name already started with another
    /// payload (`DurableExecutionAlreadyStartedException`).
    DurableExecutionAlreadyStarted,
    /// The call would exceed a Lambda service quota
    /// (`ServiceQuotaExceededException`).
    Quota,
    /// Lambda failed on its side (`ServiceException`, or a 5xx without a code).
    Service,
    /// A code this version does not know.
    Unknown,
}

/// What Lambda's error codes mean for a caller: one row per code.
struct Code {
    /// The code, lower-cased: Lambda sends `ENILimitReachedException` where
    /// the SDK's variant says `EniLimitReachedException`.
    name: &'static str,
    kind: ServiceErrorKind,
    /// The refusal proves the callee did not start.
    not_started: bool,
    /// The same call may pass later.
    transient: bool,
}

/// A row of [`CODES`].
const fn code(
    name: &'static str,
    kind: ServiceErrorKind,
    not_started: bool,
    transient: bool,
) -> Code {
    Code {
        name,
        kind,
        not_started,
        transient,
    }
}

/// Lambda's codes, from the SDK's `InvokeError` and AWS's descriptions.
const CODES: &[Code] = {
    use ServiceErrorKind::{
        CodeArtifact, DurableExecutionAlreadyStarted, FileSystem, InvalidRequest, Kms, Network,
        NotFound, NotReady, PayloadTooLarge, Permissions, Quota, RecursiveInvocation, Service,
        SnapStart,
    };
    &[
        code("resourcenotfoundexception", NotFound, true, false),
        code("requesttoolargeexception", PayloadTooLarge, true, false),
        code(
            "serializedrequestentitytoolargeexception",
            PayloadTooLarge,
            true,
            false,
        ),
        code(
            "invalidrequestcontentexception",
            InvalidRequest,
            true,
            false,
        ),
        code(
            "invalidparametervalueexception",
            InvalidRequest,
            true,
            false,
        ),
        code("unsupportedmediatypeexception", InvalidRequest, true, false),
        code("invalidruntimeexception", InvalidRequest, true, false),
        code("invalidzipfileexception", InvalidRequest, true, false),
        code("modenotsupportedexception", InvalidRequest, true, false),
        code("nopublishedversionexception", InvalidRequest, true, false),
        code("validationexception", InvalidRequest, true, false),
        code("accessdeniedexception", Permissions, true, false),
        code("unrecognizedclientexception", Permissions, true, false),
        code("invalidsignatureexception", Permissions, true, false),
        code("expiredtokenexception", Permissions, true, false),
        code("enilimitreachedexception", Network, true, true),
        code("eninotreadyexception", Network, true, true),
        code("invalidsubnetidexception", Network, true, false),
        code("invalidsecuritygroupidexception", Network, true, false),
        code("subnetipaddresslimitreachedexception", Network, true, true),
        code("ec2accessdeniedexception", Network, true, false),
        code("ec2throttledexception", Network, true, true),
        code("ec2unexpectedexception", Network, true, true),
        code("kmsaccessdeniedexception", Kms, true, false),
        code("kmsdisabledexception", Kms, true, false),
        code("kmsinvalidstateexception", Kms, true, false),
        code("kmsnotfoundexception", Kms, true, false),
        code("snapstartexception", SnapStart, true, false),
        code("snapstartnotreadyexception", SnapStart, true, true),
        code("snapstarttimeoutexception", SnapStart, true, true),
        code(
            "snapstartregenerationfailureexception",
            SnapStart,
            true,
            false,
        ),
        code(
            "recursiveinvocationexception",
            RecursiveInvocation,
            true,
            false,
        ),
        code("resourcenotreadyexception", NotReady, true, true),
        code("resourceconflictexception", NotReady, true, true),
        code("efsmountconnectivityexception", FileSystem, true, true),
        code("efsmountfailureexception", FileSystem, true, false),
        code("efsmounttimeoutexception", FileSystem, true, true),
        // Raised by reads and writes while the function runs: it started.
        code("efsioexception", FileSystem, false, false),
        // The execution environment could not mount the access point: the
        // handler did not run. A connection or a mount that timed out may
        // pass later; a permission or configuration failure will not.
        code("s3filesmountconnectivityexception", FileSystem, true, true),
        code("s3filesmountfailureexception", FileSystem, true, false),
        code("s3filesmounttimeoutexception", FileSystem, true, true),
        // "The function couldn't be invoked": pending passes once the
        // function is Active; deleted and failed need a new code package.
        code("codeartifactuserpendingexception", CodeArtifact, true, true),
        code(
            "codeartifactuserdeletedexception",
            CodeArtifact,
            true,
            false,
        ),
        code("codeartifactuserfailedexception", CodeArtifact, true, false),
        // The name is taken by an execution with another payload: this
        // request started nothing.
        code(
            "durableexecutionalreadystartedexception",
            DurableExecutionAlreadyStarted,
            true,
            false,
        ),
        code("servicequotaexceededexception", Quota, true, false),
        // Lambda's own failure: whether the callee started is unknown.
        code("serviceexception", Service, false, true),
    ]
};

/// A code this version does not know is judged by its status: a 404 is the
/// not-found kind (`cargo lambda watch` sends one without a code), a 5xx
/// (a load balancer's 502, say) Lambda's side.
fn kind_for(code: &str, status: u16) -> ServiceErrorKind {
    match ServiceErrorKind::of(code) {
        ServiceErrorKind::Unknown if status == 404 => ServiceErrorKind::NotFound,
        ServiceErrorKind::Unknown if status >= 500 => ServiceErrorKind::Service,
        kind => kind,
    }
}

impl ServiceErrorKind {
    /// The kind of the error `code` Lambda sent.
    #[must_use]
    pub fn of(code: &str) -> ServiceErrorKind {
        Self::entry(code).map_or(ServiceErrorKind::Unknown, |row| row.kind)
    }

    fn entry(code: &str) -> Option<&'static Code> {
        CODES.iter().find(|row| row.name.eq_ignore_ascii_case(code))
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
                "check the callee's file system (its EFS mount targets, or its S3 Files access point), the network path to it and the callee's permissions"
            }
            ServiceErrorKind::CodeArtifact => {
                "wait for the function's State to become Active, or, if its code artifact user was deleted or failed, update the function's code package (see its StateReasonCode)"
            }
            ServiceErrorKind::DurableExecutionAlreadyStarted => {
                "a durable execution of that name already started with another payload: call with the same payload to reach it, or use another name"
            }
            ServiceErrorKind::Quota => {
                "the call would exceed a Lambda service quota; request a quota increase"
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

    /// Whether the call was not retried because the client's retry quota
    /// was spent.
    #[must_use]
    pub fn retry_quota_spent(&self) -> bool {
        self.details.quota_spent
    }

    #[cfg(feature = "client")]
    pub(crate) fn set_quota_spent(&mut self) {
        self.details.quota_spent = true;
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
        ServiceErrorKind::entry(&self.code).is_some_and(|row| row.not_started)
    }

    /// Whether the same call may succeed later: the function is not ready,
    /// a VPC or `SnapStart` resource is busy, or Lambda failed on its side.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match ServiceErrorKind::entry(&self.code) {
            Some(row) => row.transient,
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

    /// Adds the underlying error, reachable through `source()` as what it
    /// and each error of its chain say (their `Display`).
    ///
    /// The errors themselves are not kept: an SDK error may hold the raw
    /// answer, whose `Debug` writes the bytes of the response or of an
    /// event-stream frame, and an error reporter would print it.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        let source: BoxError = source.into();
        self.details.source = Some(Cause::of(&*source));
        self
    }

    /// The function that was called.
    #[must_use]
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The error code, for example `ResourceNotFoundException`; empty when
    /// the answer had none.
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

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    /// An error whose `Debug` writes the bytes it holds, as the SDK's
    /// event-stream error does with its frame.
    #[derive(Debug)]
    struct HoldsTheFrame {
        #[allow(dead_code)] // only its `Debug` reads it
        payload: &'static str,
    }

    impl fmt::Display for HoldsTheFrame {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("ServiceException: the stream failed")
        }
    }

    impl std::error::Error for HoldsTheFrame {}

    #[test]
    fn a_refusal_prints_what_its_source_said_and_not_what_it_held() {
        let error = ServiceError::new("f", "ServiceException", 200)
            .with_message("the stream failed")
            .with_source(HoldsTheFrame {
                payload: "secret-payload",
            });
        let source = error.source().expect("a source");
        assert_eq!(source.to_string(), "ServiceException: the stream failed");
        let printed = format!("{error}\n{error:?}\n{source}\n{source:?}");
        assert!(!printed.contains("secret-payload"), "{printed}");
    }
}
