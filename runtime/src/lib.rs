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
//! | `mode` | `"sync"` (`RequestResponse`), `"event"`, `"dry_run"`, or `"stream"` (`InvokeWithResponseStream`: see [`stream`]) | `"sync"` |
//! | `qualifier` | a version or alias | none (`$LATEST`, or the ARN's) |
//! | `idempotent` | running the callee twice is harmless: retry after a timeout or a lost connection too | off |
//! | `max_attempts` | overrides the client's [`RetryPolicy`] for this method | the client's |
//! | `timeout_ms` | the timeout of each attempt of this method (not on a stream) | the client's |
//! | `log` | `"tail"`: ask for the last 4 KB of the callee's log, returned in [`Reply<T>`] (sync methods), or by the stream once it ends | off |
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
//! # Features
//!
//! | feature | what it adds | default |
//! |---|---|---|
//! | `client` | `{Trait}Client`, [`ClientConfig`], the [`Transport`] trait and its `aws-sdk-lambda` implementation | on |
//! | `callee` | `{Trait}Callee` and the `lambda_runtime` side of `#[derive(LambdaError)]` | off |
//!
//! A contract crate, shared by both sides, depends on `lambda-client` with
//! `default-features = false`; the caller turns `client` on, the callee
//! `callee`. A callee that makes no calls then compiles no AWS SDK, and a
//! caller no `lambda_runtime`.
//!
//! # Running it locally
//!
//! The crate `lambda-client-local` serves the Invoke API on `127.0.0.1`,
//! hosting `lambda_runtime` handlers and answering as AWS does (a failure
//! is 200 with `X-Amz-Function-Error`, `Event` is 202 with the handler run
//! in the background, reserved concurrency is a 429…), for tests and demos
//! without an AWS account. A handler reads its own configuration with
//! [`env::var`], which keeps hosted functions' environments apart. It is a
//! development dependency:
//!
//! ```toml
//! [dev-dependencies]
//! lambda-client-local = "0.1"
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "client")]
mod call;
#[cfg(feature = "callee")]
pub mod callee;
#[cfg(feature = "client")]
mod codec;
#[cfg(feature = "client")]
mod config;
mod context;
pub mod durable;
pub mod env;
mod error;
mod invocation_type;
mod reply;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "schema")]
pub mod schema;
pub mod stream;
pub mod tenant;
pub mod trace_header;
#[cfg(feature = "client")]
mod transport;

pub use context::ClientContext;
pub use durable::{DurableCall, ExecutionName};
pub use error::{
    ApiError, ClientContextTooLarge, ContractSkew, DecodeError, EncodeError, FromFunctionError,
    FunctionError, InvokeError, PayloadTooLarge, Queued, ResponseTooLarge, ServiceError,
    ServiceErrorKind, StillRunning, ThrottleReason, Throttled, TransportError, TransportErrorKind,
    UnexpectedStatus, Unqualified,
};
pub use invocation_type::InvocationType;
pub use lambda_client_macros::{LambdaError, lambda_client};
pub use reply::Reply;
pub use stream::{ByteStream, ResponseStream};
pub use tenant::TenantId;

#[cfg(feature = "client")]
pub use config::{ClientConfig, RetryPolicy};
#[cfg(feature = "client")]
pub use transport::{InvokeRequest, InvokeResponse, InvokeStreamResponse, StreamEvent, Transport};

/// The AWS SDK for Lambda that [`Transport`] is implemented for, re-exported so
/// that the version always matches.
#[cfg(feature = "client")]
pub use aws_sdk_lambda;

/// What generated code calls. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use serde;

    pub use crate::error::{ContractId, ContractOf, PayloadError, variant_data};

    /// What the contract's document needs (feature `schema`).
    #[cfg(feature = "schema")]
    pub mod schema {
        pub use crate::schema::{
            Describe, Described, ErrorSchema, ErrorVariant, HasSchema, Method, Payload, Probe,
            Returns, Undescribed, object, tuple,
        };
        pub use schemars::SchemaGenerator;
    }

    #[cfg(feature = "client")]
    pub use crate::call::{
        CallSpec, Carried, InvokeResult, client_context, decode, encode, encode_nothing, invoke,
        tenant,
    };

    /// The call modes, as generated code names them.
    #[cfg(feature = "client")]
    pub mod mode {
        pub use crate::call::{Accepted, Call, Durable, Mode, Stream, Sync, WithReply};
    }
    pub use crate::stream::StreamValue;
    #[cfg(feature = "client")]
    pub use aws_sdk_lambda;

    /// What the callee side of generated code needs.
    #[cfg(feature = "callee")]
    pub mod callee {
        pub use crate::callee::{
            Handler, NoArguments, Payload, ServedMethod, error_with_data, error_without_data,
            reported,
        };
        pub use crate::stream::serve::{ReportedBy, Served, ServedStream, WriteItems, serve};
        pub use futures_util::Stream;
        pub use lambda_runtime::{Context, Diagnostic};
    }
}

/// Emits its input only when feature `client` is on: generated code wraps
/// the client's side in it, so a callee-only crate needs no AWS SDK.
#[cfg(feature = "client")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_client {
    ($($item:tt)*) => { $($item)* };
}

/// Emits its input only when feature `client` is on.
#[cfg(not(feature = "client"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_client {
    ($($item:tt)*) => {};
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

/// Emits its input only when feature `schema` is on: generated code wraps
/// the contract's description in it.
#[cfg(feature = "schema")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_schema {
    ($($item:tt)*) => { $($item)* };
}

/// Emits its input only when feature `schema` is on.
#[cfg(not(feature = "schema"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_schema {
    ($($item:tt)*) => {};
}

/// How generated code finds contract `$contract`'s id, once per process:
/// `None` without feature `schema`, or when the contract's types do not
/// describe themselves.
#[cfg(feature = "schema")]
#[doc(hidden)]
#[macro_export]
macro_rules! __contract {
    ($contract:ty) => {
        ::core::option::Option::Some({
            fn __lambda_client_contract()
            -> ::core::option::Option<&'static $crate::__private::ContractId> {
                static ID: ::std::sync::OnceLock<
                    ::core::option::Option<$crate::__private::ContractId>,
                > = ::std::sync::OnceLock::new();
                ID.get_or_init(|| {
                    #[allow(unused_imports)]
                    use $crate::__private::schema::{Described as _, Undescribed as _};
                    (&&$crate::__private::schema::Probe::<$contract>::new()).contract()
                })
                .as_ref()
            }
            __lambda_client_contract
                as fn() -> ::core::option::Option<&'static $crate::__private::ContractId>
        })
    };
}

/// Without feature `schema`, no contract travels.
#[cfg(not(feature = "schema"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __contract {
    ($contract:ty) => {
        ::core::option::Option::None
    };
}
