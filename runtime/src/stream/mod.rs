//! Response streams: what a method with `mode = "stream"` returns, read
//! from Lambda's `InvokeWithResponseStream` as the callee writes it.
//!
//! A [`ResponseStream<T, E>`] yields the callee's records, one JSON value a
//! line, each decoded as `T`; a [`ByteStream<E>`] yields the callee's bytes
//! as they come, for files and text. Either ends after the last record, or
//! with one `Err` that says why it stopped: the callee's error (typed as a
//! synchronous call's would be), a lost connection, or an answer over
//! Lambda's limit of 200 MiB.
//!
//! The trait declares the stream, and the callee serves it:
//!
//! ```
//! use lambda_client::{lambda_client, InvokeError, ResponseStream};
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! pub struct Line {
//!     pub number: u64,
//!     pub text: String,
//! }
//!
//! #[lambda_client]
//! pub trait Logs {
//!     #[lambda_client(name = "logs", mode = "stream")]
//!     async fn tail(&self, file: &str) -> Result<ResponseStream<Line>, InvokeError>;
//! }
//! ```

mod wire;

#[cfg(feature = "client")]
mod read;
#[cfg(feature = "client")]
mod records;
#[cfg(feature = "callee")]
pub(crate) mod serve;
#[cfg(all(test, feature = "client"))]
mod tests;

use std::fmt;
use std::marker::PhantomData;

use crate::error::FunctionError;

#[cfg(feature = "client")]
pub(crate) use read::Body;

/// The records of a response stream, each a line of JSON decoded as `T`;
/// `E` is the callee's error, as in `InvokeError<E>`.
///
/// It is a [`Stream`](futures_core::Stream) of `Result<T, InvokeError<E>>`:
/// read it with `StreamExt::next` or `TryStreamExt::try_next` from the
/// `futures` crate. A record that does not decode yields
/// [`InvokeError::Decode`](crate::InvokeError::Decode) with the record's
/// index, and the stream goes on with the next record. The callee's error,
/// a lost connection or an answer over 200 MiB yields one `Err`, after
/// every record that came before it, and ends the stream; a connection lost
/// mid-stream is never retried, since the callee has run.
///
/// Dropping the stream ends the call: the connection is closed, and the
/// callee's handler stops at its next write.
pub struct ResponseStream<T, E = FunctionError> {
    #[cfg(feature = "client")]
    records: records::Records,
    #[cfg(not(feature = "client"))]
    _never: Never,
    types: PhantomData<fn() -> (T, E)>,
}

/// The bytes of a response stream, as the callee writes them (less
/// `lambda_runtime`'s metadata prelude); `E` is the callee's error.
///
/// A [`Stream`](futures_core::Stream) of `Result<Bytes, InvokeError<E>>`
/// that ends as [`ResponseStream`] does. The chunks are as Lambda sent
/// them, which need not be as the callee wrote them: split and join them
/// as the data requires.
pub struct ByteStream<E = FunctionError> {
    #[cfg(feature = "client")]
    body: Body,
    #[cfg(not(feature = "client"))]
    _never: Never,
    types: PhantomData<fn() -> E>,
}

/// A stream exists only where a client made it.
#[cfg(not(feature = "client"))]
enum Never {}

/// The stream types a method with `mode = "stream"` may return.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a `mode = \"stream\"` method returns `Result<ResponseStream<T, E>, InvokeError<E>>`, or `Result<ByteStream<E>, InvokeError<E>>` for bytes, not `Result<{Self}, _>`",
    label = "not a response stream",
    note = "`ResponseStream<T, E>` decodes each line the callee writes as `T`"
)]
pub trait StreamValue: Sized {
    /// The callee's error.
    type Error;
    /// The stream over a started call's events.
    #[cfg(feature = "client")]
    fn from_body(body: Body) -> Self;
}

impl<T, E> StreamValue for ResponseStream<T, E> {
    type Error = E;
    #[cfg(feature = "client")]
    fn from_body(body: Body) -> Self {
        ResponseStream {
            records: records::Records::new(body),
            types: PhantomData,
        }
    }
}

impl<E> StreamValue for ByteStream<E> {
    type Error = E;
    #[cfg(feature = "client")]
    fn from_body(body: Body) -> Self {
        ByteStream {
            body,
            types: PhantomData,
        }
    }
}

/// What Lambda said about a streamed call: the accessors of both streams.
#[cfg(feature = "client")]
macro_rules! said {
    () => {
        /// The function that was called, as the client resolved its name.
        #[must_use]
        pub fn function(&self) -> &str {
            self.said().function()
        }

        /// The version that ran (`X-Amz-Executed-Version`).
        #[must_use]
        pub fn executed_version(&self) -> Option<&str> {
            self.said().executed_version.as_deref()
        }

        /// Lambda's request id for the call, the key to its logs and traces.
        #[must_use]
        pub fn request_id(&self) -> Option<&str> {
            self.said().request_id.as_deref()
        }

        /// The last 4 KB of the callee's log, decoded, once the stream has
        /// ended, when the method says `log = "tail"` (`InvokeComplete`'s
        /// `LogResult`).
        #[must_use]
        pub fn log_tail(&self) -> Option<String> {
            self.said()
                .log_result
                .as_deref()
                .map(crate::reply::decode_log)
        }
    };
}

#[cfg(feature = "client")]
impl<T, E> ResponseStream<T, E> {
    /// The stream over `response`'s events, as a call to `function` reads
    /// it: for a fake of a contract, or a [`Transport`](crate::Transport)'s
    /// test. The events carry the callee's bytes (JSON lines) and end with
    /// [`StreamEvent::Complete`](crate::StreamEvent::Complete).
    #[must_use]
    pub fn from_response(
        function: impl Into<std::borrow::Cow<'static, str>>,
        response: crate::transport::InvokeStreamResponse,
    ) -> Self {
        Self::from_body(Body::new(function.into(), response, None))
    }

    said!();

    fn said(&self) -> &Body {
        self.records.body()
    }
}

#[cfg(feature = "client")]
impl<E> ByteStream<E> {
    /// The stream over `response`'s events, as a call to `function` reads
    /// it: for a fake of a contract, or a [`Transport`](crate::Transport)'s
    /// test.
    #[must_use]
    pub fn from_response(
        function: impl Into<std::borrow::Cow<'static, str>>,
        response: crate::transport::InvokeStreamResponse,
    ) -> Self {
        Self::from_body(Body::new(function.into(), response, None))
    }

    said!();

    fn said(&self) -> &Body {
        &self.body
    }
}

#[cfg(feature = "client")]
mod streams {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use futures_core::Stream;
    use serde::de::DeserializeOwned;

    use super::{ByteStream, ResponseStream, read::Failure};
    use crate::error::{FromFunctionError, InvokeError};

    impl<T: DeserializeOwned, E: FromFunctionError> Stream for ResponseStream<T, E> {
        type Item = Result<T, InvokeError<E>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let records = &mut self.get_mut().records;
            records.poll_record(cx).map(|record| {
                record.map(|record| match record {
                    Ok((index, line)) => records.decode(index, &line),
                    Err(failure) => Err(retyped(failure)),
                })
            })
        }
    }

    impl<E: FromFunctionError> Stream for ByteStream<E> {
        type Item = Result<Bytes, InvokeError<E>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            self.get_mut()
                .body
                .poll_data(cx)
                .map(|data| data.map(|data| data.map_err(retyped)))
        }
    }

    /// A failure with the callee's error as the method's type.
    pub(super) fn retyped<E: FromFunctionError>(failure: Failure) -> InvokeError<E> {
        failure.map_function(E::from_function_error)
    }
}

/// The records and what Lambda said may hold the callee's data: `Debug`
/// shows the types and what Lambda said.
impl<T, E> fmt::Debug for ResponseStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ResponseStream");
        debug.field("record", &std::any::type_name::<T>());
        #[cfg(feature = "client")]
        debug
            .field("function", &self.function())
            .field("executed_version", &self.executed_version())
            .field("request_id", &self.request_id());
        debug.finish_non_exhaustive()
    }
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ByteStream");
        #[cfg(feature = "client")]
        debug
            .field("function", &self.function())
            .field("executed_version", &self.executed_version())
            .field("request_id", &self.request_id());
        debug.finish_non_exhaustive()
    }
}
