//! What a transport failure or a refusal keeps of the error beneath it.

use std::error::Error;
use std::fmt;

use super::text::{Escaped, bounded};

/// The error a cause is handed over as; it is kept as a [`Cause`].
pub(super) type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// How much of one error's message a cause keeps.
const MESSAGE_LIMIT: usize = 1024;

/// An error and its `source()` chain, kept as what each of them said.
///
/// The SDK's errors hold the raw answer: the HTTP response of a
/// `ResponseError` or a `ServiceError`, whose body's `Debug` writes its
/// bytes, and the event-stream frame of a stream's error, whose `Debug`
/// writes its payload. Kept as they came, they would print a call's data
/// through the `Debug` of the chain an error reporter walks. What they say
/// (`Display`) names what failed without those bytes, so that is what is
/// kept, one link for each error of the chain; the errors themselves, and
/// whatever they held, are dropped at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cause {
    message: String,
    source: Option<Box<Cause>>,
}

impl Cause {
    /// `error` and the errors of its chain, each as its message: escaped,
    /// since a frame's header may say anything, and bounded.
    pub(crate) fn of(error: &(dyn Error + 'static)) -> Cause {
        Cause {
            message: bounded(&Escaped(&error.to_string()).to_string(), MESSAGE_LIMIT),
            source: error.source().map(|source| Box::new(Cause::of(source))),
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Its own message only: the rest of the chain is `source()`'s.
        f.write_str(&self.message)
    }
}

impl Error for Cause {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that holds bytes, as the SDK's do, and says what failed.
    #[derive(Debug)]
    struct Holding {
        said: &'static str,
        #[allow(dead_code)] // only its `Debug` reads it
        bytes: Vec<u8>,
        source: Option<Box<Holding>>,
    }

    impl fmt::Display for Holding {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.said)
        }
    }

    impl Error for Holding {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.source
                .as_deref()
                .map(|source| source as &(dyn Error + 'static))
        }
    }

    #[test]
    fn a_cause_keeps_each_message_of_the_chain_and_none_of_the_bytes() {
        let error = Holding {
            said: "response error",
            bytes: b"secret-outer".to_vec(),
            source: Some(Box::new(Holding {
                said: "failed to unmarshall message:\nunrecognized `:message-type`",
                bytes: b"secret-inner".to_vec(),
                source: None,
            })),
        };
        assert!(format!("{error:?}").contains("115, 101, 99"), "the bytes");
        let cause = Cause::of(&error);
        assert_eq!(cause.to_string(), "response error");
        let inner = cause.source().expect("the inner error");
        assert_eq!(
            inner.to_string(),
            "failed to unmarshall message:\\nunrecognized `:message-type`"
        );
        assert!(inner.source().is_none());
        let debug = format!("{cause:?}");
        assert!(debug.contains("unrecognized"), "{debug}");
        assert!(!debug.contains("115, 101, 99"), "{debug}");
    }

    #[test]
    fn a_long_message_is_bounded() {
        let long = "x".repeat(4096);
        let cause = Cause::of(&std::io::Error::other(long));
        assert_eq!(cause.to_string().len(), MESSAGE_LIMIT + '…'.len_utf8());
    }
}
