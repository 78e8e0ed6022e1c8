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
//! # Getting started
//!
//! Three crates: a contract (the types, the errors and the trait), the
//! function that is called, and the one that calls it.
//!
//! ```toml
//! # contract/Cargo.toml
//! lambda-client = { version = "0.1", default-features = false }
//! # callee/Cargo.toml: no AWS SDK
//! lambda-client = { version = "0.1", default-features = false, features = ["callee"] }
//! # caller/Cargo.toml: the SDK through `lambda_client::aws_sdk_lambda`, one HTTP stack
//! lambda-client = { version = "0.1", features = ["client", "callee"] }
//! aws-config = { version = "1", default-features = false, features = ["default-https-client", "rt-tokio"] }
//! ```
//!
//! The callee serves one method per function
//! (`lambda_runtime::run(InvokedCallee::read(read))`); the caller builds
//! its client once, from the environment, and its role needs
//! `lambda:InvokeFunction` on the callee:
//!
//! ```no_run
//! # use lambda_client::{lambda_client, InvokeError};
//! # #[lambda_client]
//! # pub trait Invoked {
//! #     #[lambda_client(name = "invoked")]
//! #     async fn read(&self, message: String) -> Result<String, InvokeError>;
//! # }
//! # async fn caller() -> Result<(), InvokeError> {
//! use lambda_client::aws_sdk_lambda;
//!
//! let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//! let client = InvokedClient::new(aws_sdk_lambda::Client::new(&config));
//! let echo = client.read("hi".to_owned()).await?;
//! # Ok(()) }
//! ```
//!
//! The README's getting-started section has each crate's `Cargo.toml`, the
//! code of both sides, the permissions, and building and deploying with
//! `cargo lambda`.
//!
//! # Where the reference is
//!
//! The README (`README.md` at the root of the repository, and the crate's
//! page on crates.io) is the one reference for what a user writes and gets:
//! the attribute's keys and their defaults, the payload's shape, the
//! callee's side and `#[derive(LambdaError)]`, what a call can end in,
//! retries, limits and timeouts, response streams, tenants and durable
//! executions, the contract's document and its check, and testing, with a
//! fake, a mock or the local Lambda (crate `lambda-client-local`, a
//! development dependency). Each module's and type's page here documents
//! its API.
//!
//! # Features
//!
//! | feature | what it adds | default |
//! |---|---|---|
//! | `client` | `{Trait}Client`, [`ClientConfig`], the [`Transport`] trait and its `aws-sdk-lambda` implementation | on |
//! | `callee` | `{Trait}Callee` and the `lambda_runtime` side of `#[derive(LambdaError)]` | off |
//! | `schema` | `{Trait}Contract` and the module `schema`: the contract's document, its breaking-change check, and its fingerprint sent with each call | off |
//!
//! A contract crate, shared by both sides, depends on `lambda-client` with
//! `default-features = false`; the caller turns `client` on, the callee
//! `callee`. A callee that makes no calls then compiles no AWS SDK, and a
//! caller no `lambda_runtime`.
// docs.rs marks each item with the features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
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
    ApiError, ClientContextTooLarge, ContractSkew, DecodeError, DurableRequestFailed, EncodeError,
    FromFunctionError, FunctionError, InvokeError, PayloadTooLarge, Queued, ResponseTooLarge,
    ServiceError, ServiceErrorKind, StillRunning, ThrottleReason, Throttled, TransportError,
    TransportErrorKind, UnexpectedStatus, Unqualified,
};
pub use invocation_type::InvocationType;
pub use lambda_client_macros::{LambdaError, lambda_client};
pub use reply::Reply;
pub use stream::{ByteStream, ResponseStream};
pub use tenant::TenantId;

#[cfg(feature = "client")]
pub use config::{ClientConfig, RetryPolicy, RetryQuota};
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
            ContractCell, Describe, Described, ErrorSchema, ErrorVariant, HasSchema, Method,
            Payload, Probe, Returns, Undescribed, object, tuple,
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
            fn __lambda_client_contract(
                wait: bool,
            ) -> ::core::option::Option<&'static $crate::__private::ContractId> {
                static ID: $crate::__private::schema::ContractCell =
                    $crate::__private::schema::ContractCell::new();
                fn made() -> ::core::option::Option<$crate::__private::ContractId> {
                    #[allow(unused_imports)]
                    use $crate::__private::schema::{Described as _, Undescribed as _};
                    (&&$crate::__private::schema::Probe::<$contract>::new()).contract()
                }
                ID.get(made, wait)
            }
            __lambda_client_contract
                as fn(bool) -> ::core::option::Option<&'static $crate::__private::ContractId>
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
