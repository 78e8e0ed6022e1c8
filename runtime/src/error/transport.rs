//! No usable answer from the Lambda endpoint.

use std::fmt;

use super::{BoxError, Cause};

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
    source: Option<Cause>,
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

    /// Adds the underlying error, reachable through `source()` as what it
    /// and each error of its chain say (their `Display`).
    ///
    /// The errors themselves are not kept: an SDK error holds the raw
    /// answer, whose `Debug` writes the bytes of the response or of an
    /// event-stream frame, and an error reporter would print it.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        let source: BoxError = source.into();
        self.source = Some(Cause::of(&*source));
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

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    /// An error whose `Debug` writes the bytes it holds, as the SDK's raw
    /// response does.
    #[derive(Debug)]
    struct HoldsTheBody {
        #[allow(dead_code)] // only its `Debug` reads it
        body: &'static str,
    }

    impl fmt::Display for HoldsTheBody {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("response error")
        }
    }

    impl std::error::Error for HoldsTheBody {}

    #[test]
    fn a_transport_error_prints_what_its_source_said_and_not_what_it_held() {
        let error =
            TransportError::new("f", TransportErrorKind::Response).with_source(HoldsTheBody {
                body: "secret-body",
            });
        let source = error.source().expect("a source");
        assert_eq!(source.to_string(), "response error");
        assert!(source.source().is_none());
        let printed = format!("{error}\n{error:?}\n{source}\n{source:?}");
        assert!(!printed.contains("secret-body"), "{printed}");
        assert!(printed.contains("response error"), "{printed}");
    }
}
