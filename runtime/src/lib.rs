//! Typed, compile-time-checked calls from one AWS Lambda function to another.
//!
//! A trait declares the functions a service calls; `#[lambda_client]`
//! generates a client whose methods serialize the arguments into the payload,
//! invoke with the right invocation type, and return
//! `Result<T, InvokeError<E>>`, where a callee's failure can only arrive as
//! [`InvokeError::Function`].
//!
//! ```
//! use lambda_client::{lambda_client, InvokeError};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! pub struct Reader { pub message: String }
//!
//! #[derive(Serialize, Deserialize)]
//! pub struct Echo { pub echo: String }
//!
//! /// The functions this service calls.
//! #[lambda_client]
//! pub trait Invoked {
//!     /// Wait for `invoked` to answer.
//!     #[lambda_client(name = "invoked", mode = "sync")]
//!     async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;
//!
//!     /// Queue the call and return once Lambda has accepted it.
//!     #[lambda_client(name = "invoked", mode = "event")]
//!     async fn read_later(&self, reader: Reader) -> Result<(), InvokeError>;
//! }
//!
//! # async fn run(sdk: aws_sdk_lambda::Client) -> Result<(), InvokeError> {
//! let client = InvokedClient::new(sdk);
//! let echo = client.read(Reader { message: "hi".into() }).await?;
//! # Ok(()) }
//! ```
//!
//! # The attribute
//!
//! `#[lambda_client]` goes on the trait, and `#[lambda_client(...)]` on each
//! method that calls a function:
//!
//! | key | value | default |
//! |---|---|---|
//! | `name` | the function's name, or its full or partial ARN, optionally with `:qualifier` | required |
//! | `mode` | `"sync"` (`RequestResponse`), `"event"` or `"dry_run"` | `"sync"` |
//! | `qualifier` | a version or alias | none (`$LATEST`, or the ARN's) |
//! | `idempotent` | running the callee twice is harmless: retry after a timeout or a lost connection too | off |
//! | `max_attempts` | overrides the client's [`RetryPolicy`] for this method | the client's |
//! | `timeout_ms` | the timeout of each attempt of this method | the client's |
//!
//! A client made with `{Trait}Client::new(sdk)` retries what cannot run a
//! callee twice (see [`ClientConfig`]); `{Trait}Client::with_config(sdk,
//! config)` takes another policy, an attempt timeout and limits of calls in
//! flight per function.
//!
//! A method without the attribute must have a default body: it is an ordinary
//! provided method, kept as written (a helper over the calls, say). A method
//! without the attribute and without a body is a compile error, since there
//! is no function for it to call.
//!
//! # The payload
//!
//! No argument sends `{}`; one argument is sent as itself, so a callee that
//! already takes that type works unchanged; several arguments are sent as a
//! JSON object keyed by the argument names.
//!
//! # The trait after expansion
//!
//! Each `async fn` becomes `fn ... -> impl Future<Output = ...> + Send`, so a
//! call can go into `tokio::spawn` even through a generic `impl Trait`. An
//! implementation (the generated client, a hand-written fake in a test) may
//! still write `async fn`.
//!
//! # The callee's side
//!
//! With feature `callee`, `#[lambda_client]` also generates
//! `{Trait}Callee`: the same trait, served. A callee binary passes the
//! handler of the method it serves to `lambda_runtime::run`:
//!
//! ```ignore
//! async fn read(reader: Reader) -> Result<Echo, ReadError> { /* ... */ }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), lambda_runtime::Error> {
//!     lambda_runtime::run(InvokedCallee::read(read)).await
//! }
//! ```
//!
//! The handler takes the method's arguments (owned: `String` for `&str`,
//! `Vec<T>` for `&[T]`) and returns its value, so changing an argument or
//! the result in the trait breaks the callee's build as well as the
//! caller's. The `callee` module (with the feature on) has the details.
//!
//! # Errors that cross the call
//!
//! `#[derive(LambdaError)]` on an enum makes it the callee's error and the
//! caller's `E` in `InvokeError<E>`: each variant travels as its own
//! `errorType` (its name, or `#[lambda_error(error_type = "...")]`), its
//! fields as JSON in `errorMessage` (a unit variant sends its `Display`), and
//! comes back as the same value. One variant, `#[lambda_error(other)]`,
//! holds a [`FunctionError`] and receives whatever no other variant claims:
//! an unknown `errorType`, a platform error such as `Sandbox.Timedout`, a
//! document that does not parse.
//!
//! ```
//! use lambda_client::{FromFunctionError, FunctionError, LambdaError};
//!
//! #[derive(Debug, PartialEq, thiserror::Error, LambdaError)]
//! pub enum OrderError {
//!     #[error("out of stock")]
//!     OutOfStock,
//!     #[error("only {available} left")]
//!     TooFew { available: u32 },
//!     #[error(transparent)]
//!     #[lambda_error(other)]
//!     Other(FunctionError),
//! }
//!
//! let document = br#"{"errorType":"TooFew","errorMessage":"{\"available\":2}"}"#;
//! let error = FunctionError::from_document("Unhandled", document.to_vec());
//! assert_eq!(OrderError::from_function_error(error), OrderError::TooFew { available: 2 });
//! ```
//!
//! With feature `callee` the derive also converts the enum into
//! `lambda_runtime::Diagnostic`, so a handler can return it as is.
//!
//! # Running it locally
//!
//! Feature `local` adds `local::LocalLambda`: the Invoke
//! API on `127.0.0.1`, hosting `lambda_runtime` handlers and answering as
//! AWS does (a failure is 200 with `X-Amz-Function-Error`, `Event` is 202
//! with the handler run in the background, reserved concurrency is a 429…),
//! for tests and demos without an AWS account. A handler reads its own
//! configuration with [`env::var`], which keeps hosted functions'
//! environments apart. Enable it in the crate that runs the tests:
//!
//! ```toml
//! [dev-dependencies]
//! lambda-client = { version = "0.1", features = ["local"] }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "callee")]
pub mod callee;
mod codec;
mod context;
pub mod env;
mod error;
mod invoked;
#[cfg(feature = "local")]
pub mod local;
mod policy;
mod trace;
pub mod trace_header;
mod transport;

pub use context::{ClientContext, ClientContextTooLarge};
pub use error::{
    DecodeError, EncodeError, FromFunctionError, FunctionError, InvokeError, PayloadTooLarge,
    ServiceError, ServiceErrorKind, ThrottleReason, Throttled, TransportError, TransportErrorKind,
    UnexpectedStatus,
};
pub use invoked::Invoked;
pub use lambda_client_macros::{LambdaError, lambda_client};
pub use policy::{ClientConfig, RetryPolicy};
pub use transport::{ApiError, InvocationType, InvokeRequest, InvokeResponse, Transport};

/// The AWS SDK for Lambda that [`Transport`] is implemented for, re-exported so
/// that the version always matches.
pub use aws_sdk_lambda;

/// What generated code calls. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    use std::borrow::Cow;
    use std::future::Future;

    use serde::Serialize;
    use serde::de::DeserializeOwned;

    pub use aws_sdk_lambda;
    pub use serde;

    pub use crate::codec::PayloadError;
    use crate::error::{FromFunctionError, InvokeError};
    use crate::transport::{InvocationType, InvokeRequest, InvokeResponse, Transport};

    /// What a generated method calls: fixed at compile time.
    #[derive(Debug)]
    pub struct Method {
        pub function: &'static str,
        pub qualifier: Option<&'static str>,
        pub invocation_type: InvocationType,
        /// Whether the callee may run twice for one call.
        pub idempotent: bool,
        /// Whether to ask for the callee's log tail.
        pub log_tail: bool,
        /// Overrides the client's retry policy's attempts.
        pub max_attempts: Option<u32>,
        /// Overrides the client's attempt timeout.
        pub timeout: Option<std::time::Duration>,
    }

    /// The return types a generated method may have: `Result<T, InvokeError<E>>`.
    #[diagnostic::on_unimplemented(
        message = "a #[lambda_client] method must return `Result<T, lambda_client::InvokeError<E>>`, not `{Self}`",
        label = "the return type of a generated method",
        note = "the callee's failure, a throttle or a refusal all arrive as `InvokeError`"
    )]
    pub trait InvokeResult {
        type Value;
        type Error: FromFunctionError;
        fn from_result(result: Result<Self::Value, InvokeError<Self::Error>>) -> Self;
    }

    impl<T, E: FromFunctionError> InvokeResult for Result<T, InvokeError<E>> {
        type Value = T;
        type Error = E;
        #[inline]
        fn from_result(result: Self) -> Self {
            result
        }
    }

    /// A method's `ClientContext` argument, owned or borrowed.
    pub fn client_context<C: std::borrow::Borrow<crate::ClientContext>>(
        context: &C,
    ) -> Option<&crate::ClientContext> {
        Some(context.borrow())
    }

    /// The payload of a method with no arguments.
    pub fn encode_nothing(method: &Method) -> Result<Vec<u8>, PayloadError> {
        crate::codec::check_size(method.function, method.invocation_type, b"{}".to_vec())
    }

    /// The payload of a method with arguments (one value, or a struct of them).
    pub fn encode<A: Serialize + ?Sized>(
        method: &Method,
        arguments: &A,
    ) -> Result<Vec<u8>, PayloadError> {
        crate::codec::encode(method.function, method.invocation_type, arguments)
    }

    /// A synchronous call: invoke, then decode the callee's value.
    pub fn invoke<'a, R, T>(
        transport: &'a T,
        config: &'a crate::ClientConfig,
        method: &'static Method,
        context: Option<&crate::ClientContext>,
        payload: Result<Vec<u8>, PayloadError>,
    ) -> impl Future<Output = R> + Send + use<'a, R, T>
    where
        R: InvokeResult,
        R::Value: DeserializeOwned,
        T: Transport + ?Sized,
    {
        call(
            transport,
            config,
            method,
            context,
            payload,
            |method, response| decode(method, &response),
        )
    }

    /// A synchronous call whose method returns `Invoked<T>`: the value with
    /// what Lambda said about the call.
    pub fn invoke_observed<'a, R, T, V>(
        transport: &'a T,
        config: &'a crate::ClientConfig,
        method: &'static Method,
        context: Option<&crate::ClientContext>,
        payload: Result<Vec<u8>, PayloadError>,
    ) -> impl Future<Output = R> + Send + use<'a, R, T, V>
    where
        R: InvokeResult<Value = crate::Invoked<V>>,
        V: DeserializeOwned,
        T: Transport + ?Sized,
    {
        call(
            transport,
            config,
            method,
            context,
            payload,
            |method, response| {
                decode(method, &response).map(|value| crate::Invoked::new(value, &response))
            },
        )
    }

    /// An event or dry-run call: invoke, then check that Lambda accepted it.
    pub fn invoke_accepted<'a, R, T>(
        transport: &'a T,
        config: &'a crate::ClientConfig,
        method: &'static Method,
        context: Option<&crate::ClientContext>,
        payload: Result<Vec<u8>, PayloadError>,
    ) -> impl Future<Output = R> + Send + use<'a, R, T>
    where
        R: InvokeResult<Value = ()>,
        T: Transport + ?Sized,
    {
        call(
            transport,
            config,
            method,
            context,
            payload,
            |method, response| {
                crate::codec::check_status(method.function, method.invocation_type, &response)
            },
        )
    }

    /// The value of a synchronous call's answer, or the error it stands for.
    pub fn decode<T, E>(method: &Method, response: &InvokeResponse) -> Result<T, InvokeError<E>>
    where
        T: DeserializeOwned,
        E: FromFunctionError,
    {
        crate::codec::decode(method.function, method.invocation_type, response)
    }

    /// How a call reads Lambda's answer into its value.
    type Read<R> =
        fn(
            &Method,
            InvokeResponse,
        ) -> Result<<R as InvokeResult>::Value, InvokeError<<R as InvokeResult>::Error>>;

    /// What every call does: build the request, send it under the client's
    /// policy inside the call's span, and `read` Lambda's answer.
    fn call<'a, R, T>(
        transport: &'a T,
        config: &'a crate::ClientConfig,
        method: &'static Method,
        context: Option<&crate::ClientContext>,
        payload: Result<Vec<u8>, PayloadError>,
        read: Read<R>,
    ) -> impl Future<Output = R> + Send + use<'a, R, T>
    where
        R: InvokeResult,
        T: Transport + ?Sized,
    {
        let request = payload.and_then(|payload| request(config, method, context, payload));
        let span = crate::trace::span(config, method);
        tracing::Instrument::instrument(
            async move {
                let response = match request {
                    Ok(request) => crate::policy::send(transport, config, method, request)
                        .await
                        .map_err(InvokeError::from),
                    Err(error) => Err(InvokeError::from(error)),
                };
                let result = response.and_then(|response| read(method, response));
                crate::trace::outcome(&result);
                R::from_result(result)
            },
            span,
        )
    }

    /// For `#[derive(LambdaError)]`: a variant's data, from the JSON in its
    /// `errorMessage`; `None` sends the error to the catch-all variant.
    #[must_use]
    pub fn error_data<T: DeserializeOwned>(error: &crate::FunctionError) -> Option<T> {
        serde_json::from_str(error.message()?).ok()
    }

    /// What the callee side of generated code needs.
    #[cfg(feature = "callee")]
    pub mod callee {
        pub use crate::callee::{Handler, Method, NoArguments, Payload};
        pub use lambda_runtime::{Context, Diagnostic};

        /// For `#[derive(LambdaError)]`: a variant with fields, its data as JSON.
        pub fn error_with_data<T: serde::Serialize>(error_type: &str, data: &T) -> Diagnostic {
            let error_message = serde_json::to_string(data).unwrap_or_else(|error| {
                format!("the data of `{error_type}` could not be serialized to JSON: {error}")
            });
            Diagnostic {
                error_type: error_type.to_owned(),
                error_message,
            }
        }

        /// For `#[derive(LambdaError)]`: a unit variant, with its `Display`.
        #[must_use]
        pub fn error_without_data(error_type: &str, error_message: String) -> Diagnostic {
            Diagnostic {
                error_type: error_type.to_owned(),
                error_message,
            }
        }
    }

    fn request(
        config: &crate::ClientConfig,
        method: &Method,
        context: Option<&crate::ClientContext>,
        payload: Vec<u8>,
    ) -> Result<InvokeRequest, PayloadError> {
        let function_name = config.resolve(method.function);
        // Lambda passes a ClientContext to synchronous calls only.
        let client_context = match (
            method.invocation_type,
            context,
            config.default_client_context(),
        ) {
            (InvocationType::RequestResponse, Some(call), Some(client)) => Some(call.over(client)),
            (InvocationType::RequestResponse, Some(call), None) => Some(call.clone()),
            (InvocationType::RequestResponse, None, Some(client)) => Some(client.clone()),
            _ => None,
        };
        let client_context = match client_context.filter(|context| !context.is_empty()) {
            Some(context) => {
                let encoded = context.encode();
                if encoded.len() > crate::context::LIMIT {
                    return Err(PayloadError::ContextTooLarge(
                        crate::ClientContextTooLarge {
                            function: function_name.into_owned(),
                            size: encoded.len(),
                        },
                    ));
                }
                Some(encoded)
            }
            None => None,
        };
        Ok(InvokeRequest {
            function_name,
            qualifier: match method.qualifier {
                Some(qualifier) => Some(Cow::Borrowed(qualifier)),
                None => config
                    .default_qualifier()
                    .map(|qualifier| Cow::Owned(qualifier.to_owned())),
            },
            invocation_type: method.invocation_type,
            log_tail: method.log_tail,
            client_context,
            payload,
        })
    }
}

/// Emits its input only when feature `callee` is on: generated code wraps
/// the callee's side in it, so a caller-only crate needs no `lambda_runtime`.
#[cfg(feature = "callee")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_callee {
    ($($item:tt)*) => { $($item)* };
}

/// Emits its input only when feature `callee` is on.
#[cfg(not(feature = "callee"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_callee {
    ($($item:tt)*) => {};
}
