//! No usable answer from the Lambda endpoint.

use std::fmt;

use super::cause::{BoxError, Cause};
use super::text::quota_note;

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
/// SDK config's `endpoint_url`. A response stream that broke after it began
/// says how far it got instead: the endpoint was reached, and the callee ran.
#[derive(Debug, thiserror::Error)]
pub struct TransportError {
    function: String,
    kind: TransportErrorKind,
    /// What had arrived of a response stream when it broke.
    received: Option<Received>,
    #[source]
    source: Option<Cause>,
    quota_spent: bool,
    /// The size an answer declared in its `Content-Length`, over what
    /// Lambda can send: the answer was refused before its body was read.
    declared_size: Option<usize>,
}

/// How far a response stream got.
#[derive(Debug, Clone, Copy)]
struct Received {
    bytes: u64,
    /// For a stream of records; `None` for a stream of bytes.
    records: Option<u64>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let TransportError { function, kind, .. } = self;
        let note = quota_note(self.quota_spent);
        match self.received {
            None => write!(
                f,
                "no answer from the Lambda endpoint for the call to `{function}`: {kind}; a function in a VPC needs a route to Lambda (a NAT gateway, or a Lambda interface endpoint set with AWS_ENDPOINT_URL_LAMBDA or the SDK config's endpoint_url), and a wrong endpoint URL fails the same way{note}"
            ),
            Some(Received { bytes, records }) => {
                write!(f, "the response stream of `{function}` broke after ")?;
                match records {
                    Some(1) => write!(f, "1 record ({bytes} bytes)")?,
                    Some(records) => write!(f, "{records} records ({bytes} bytes)")?,
                    None => write!(f, "{bytes} bytes")?,
                }
                write!(
                    f,
                    " had arrived: {kind}; the callee ran, and whatever it sent after that is lost{note}"
                )
            }
        }
    }
}

impl TransportError {
    /// A failure of a call to `function`, as a [`Transport`](crate::Transport) reports it.
    #[must_use]
    pub fn new(function: impl Into<String>, kind: TransportErrorKind) -> Self {
        TransportError {
            function: function.into(),
            kind,
            received: None,
            source: None,
            quota_spent: false,
            declared_size: None,
        }
    }

    /// An answer that declared `size` bytes, over what Lambda can send.
    #[cfg(feature = "client")]
    pub(crate) fn declaring(mut self, size: usize) -> Self {
        self.declared_size = Some(size);
        self
    }

    /// The size the answer declared, when it was refused for it.
    pub(crate) fn declared_size(&self) -> Option<usize> {
        self.declared_size
    }

    /// Whether the call was not retried because the client's retry quota
    /// was spent.
    #[must_use]
    pub fn retry_quota_spent(&self) -> bool {
        self.quota_spent
    }

    #[cfg(feature = "client")]
    pub(crate) fn set_quota_spent(&mut self) {
        self.quota_spent = true;
    }

    /// The same failure of a response stream that had begun: `bytes` of it
    /// had arrived. The kind is `Response` (the request reached Lambda),
    /// unless the stream ran out of time.
    #[cfg(feature = "client")]
    pub(crate) fn after_stream_began(mut self, bytes: u64) -> Self {
        if self.kind != TransportErrorKind::Timeout {
            self.kind = TransportErrorKind::Response;
        }
        self.received = Some(Received {
            bytes,
            records: None,
        });
        self
    }

    /// Counts the records that had arrived before a stream broke.
    #[cfg(feature = "client")]
    pub(crate) fn with_records(mut self, records: u64) -> Self {
        if let Some(received) = &mut self.received {
            received.records = Some(records);
        }
        self
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

    /// How many bytes of a response stream had arrived when it broke;
    /// `None` when no stream had begun.
    #[must_use]
    pub fn bytes_received(&self) -> Option<u64> {
        self.received.map(|received| received.bytes)
    }

    /// How many records of a [`ResponseStream`](crate::ResponseStream) had
    /// arrived when it broke; `None` for a [`ByteStream`](crate::ByteStream)
    /// and when no stream had begun.
    #[must_use]
    pub fn records_received(&self) -> Option<u64> {
        self.received.and_then(|received| received.records)
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
