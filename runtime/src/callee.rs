//! The callee's side of a contract (feature `callee`).
//!
//! For a trait `Invoked`, `#[lambda_client]` also generates `InvokedCallee`,
//! with one constructor per sync or event method. Each takes the handler
//! for that method (its arguments in, `Result<T, E>` out) and returns a
//! [`Handler`]: a `lambda_runtime` service that decodes exactly the payload
//! the generated client sends and encodes the result the way the client
//! decodes it.
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
//! `InvokedCallee::read_with_context` passes the invocation's
//! `lambda_runtime::Context` to the handler as a last argument.
//!
//! The handler's types come from the trait: change an argument or the
//! result there and the callee stops compiling, as the caller does. When the
//! trait names the callee's error (`InvokeError<ReadError>`), the handler
//! must return that type, which becomes the `errorType` and `errorMessage`
//! Lambda reports (derive it with [`LambdaError`](crate::LambdaError));
//! under the default `InvokeError` any error that converts into
//! `lambda_runtime::Diagnostic` will do.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use futures_util::TryFutureExt as _;
use futures_util::future::MapErr;
use lambda_runtime::{Diagnostic, LambdaEvent, Service};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{CONTEXT_KEY, ContractOf, FunctionError, path_of, without_values};
use crate::tenant::TenantId;

/// The invocation's context, as `lambda_runtime` defines it: what
/// `{Trait}Callee::{method}_with_context` passes to its handler.
pub use lambda_runtime::Context;

/// What a generated callee constructor tells the runtime about the contract
/// method it serves. Implemented by generated code only.
///
/// `Arguments` has no bound here: a contract whose types do not deserialize
/// still compiles for its callers when another crate turns feature `callee`
/// on; the bound applies where a callee is run.
pub trait ServedMethod: 'static {
    /// The method's arguments as the payload carries them.
    type Arguments;
    /// What the method returns: the `T` of its `Result<T, InvokeError<E>>`.
    type Value;
    /// How the handler fails: the `E` of `InvokeError<E>` when the trait
    /// names it, `lambda_runtime::Diagnostic` otherwise.
    type Error;
    /// `Trait::method`, for error messages.
    const PATH: &'static str;
    /// The payload's shape, in words, for error messages.
    const SHAPE: &'static str;
    /// The contract's id, with feature `schema` and a contract whose types
    /// describe themselves.
    const CONTRACT: ContractOf = None;
}

/// The payload of method `M`, decoded from the event's bytes.
///
/// A payload of another shape fails, as every event that does not decode
/// fails under `lambda_runtime`, with a message that names where it failed,
/// the method, the shape it takes and serde's error without the value it
/// quotes: for example ``failed to deserialize the incoming data into the
/// function's payload type: [reader.count] `Invoked::read` takes the
/// argument `reader` itself: invalid type: string, expected u32``. Where it
/// failed names fields and indices, and a map's key only as `[key]`.
pub struct Payload<M: ServedMethod>(M::Arguments);

impl<'de, M> Deserialize<'de> for Payload<M>
where
    M: ServedMethod,
    M::Arguments: DeserializeOwned,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `lambda_runtime` decodes the event through `serde_path_to_error`,
        // whose path writes every map key it passes: the caller's data, in
        // the message that goes back to the caller and into the callee's
        // log. Taken as one raw value, the payload gives that tracker
        // nothing to step into, so its path stays `.`; the path this
        // message names is found here instead, each key written `[key]`.
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let json = raw.get();
        serde_json::from_str::<M::Arguments>(json)
            .map(Payload)
            .map_err(|error| {
                // It says what was expected and found, not the value, and
                // which contract the callee was built from, for a caller
                // built from another to say so.
                let reason = without_values(&error.to_string());
                let at = match path_of::<M::Arguments>(json.as_bytes()) {
                    path if path == "." => String::new(),
                    path => format!("[{path}] "),
                };
                match M::CONTRACT.and_then(|id| id(true)) {
                    Some(id) => D::Error::custom(format_args!(
                        "{at}`{}` (contract {}) takes {}: {reason}",
                        M::PATH,
                        id.fingerprint,
                        M::SHAPE,
                    )),
                    None => D::Error::custom(format_args!(
                        "{at}`{}` takes {}: {reason}",
                        M::PATH,
                        M::SHAPE
                    )),
                }
            })
    }
}

impl<M: ServedMethod> fmt::Debug for Payload<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The payload may be sensitive: only its method is shown.
        f.debug_struct("Payload")
            .field("method", &M::PATH)
            .finish_non_exhaustive()
    }
}

/// A contract method's handler as a `lambda_runtime` service: give it to
/// `lambda_runtime::run`, or host it in a local Lambda. Made by the
/// generated `{Trait}Callee` constructors.
///
/// The handler's type is erased: whether it fits the method is checked once,
/// where the constructor is called, and a mismatch is reported there alone
/// rather than again at every use of the service.
pub struct Handler<M: ServedMethod> {
    handler: ErasedHandler<M>,
    /// Whether a call from another contract's caller was logged yet.
    skew_logged: Arc<AtomicBool>,
}

/// The handler, taking the decoded payload and the invocation's context.
type ErasedHandler<M> =
    Arc<dyn Fn(<M as ServedMethod>::Arguments, Context) -> HandlerFuture<M> + Send + Sync>;

/// What the handler returns, boxed.
type HandlerFuture<M> = Pin<
    Box<dyn Future<Output = Result<<M as ServedMethod>::Value, <M as ServedMethod>::Error>> + Send>,
>;

impl<M: ServedMethod> Handler<M> {
    #[doc(hidden)]
    pub fn new<H, F>(handler: H) -> Self
    where
        H: Fn(M::Arguments, Context) -> F + Send + Sync + 'static,
        F: Future<Output = Result<M::Value, M::Error>> + Send + 'static,
    {
        Handler {
            handler: Arc::new(move |arguments, context| Box::pin(handler(arguments, context))),
            skew_logged: Arc::default(),
        }
    }
}

impl<M: ServedMethod> Clone for Handler<M> {
    fn clone(&self) -> Self {
        Handler {
            handler: Arc::clone(&self.handler),
            skew_logged: Arc::clone(&self.skew_logged),
        }
    }
}

impl<M: ServedMethod> fmt::Debug for Handler<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handler")
            .field("method", &M::PATH)
            .finish_non_exhaustive()
    }
}

/// The method's error must convert into what `lambda_runtime` reports; a
/// caller-only crate never needs it to, so it is required here, where the
/// callee is served, and not by the contract.
impl<M> Service<LambdaEvent<Payload<M>>> for Handler<M>
where
    M: ServedMethod,
    M::Error: Into<Diagnostic>,
{
    type Response = M::Value;
    type Error = Diagnostic;
    type Future = tokio::task::futures::TaskLocalFuture<
        Option<TenantId>,
        tokio::task::futures::TaskLocalFuture<
            Option<Arc<str>>,
            MapErr<HandlerFuture<M>, fn(M::Error) -> Diagnostic>,
        >,
    >;

    fn poll_ready(&mut self, _: &mut TaskContext<'_>) -> Poll<Result<(), Diagnostic>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, event: LambdaEvent<Payload<M>>) -> Self::Future {
        let Payload(arguments) = event.payload;
        self.note_skew(&event.context);
        // Calls the handler makes carry its invocation's trace header and tenant.
        let trace_id = event.context.xray_trace_id.clone();
        let tenant = TenantId::from_context(&event.context);
        let call = (self.handler)(arguments, event.context)
            .map_err(Into::into as fn(M::Error) -> Diagnostic);
        crate::tenant::scope(tenant, crate::trace_header::scope(trace_id, call))
    }
}

impl<M: ServedMethod> Handler<M> {
    /// Logs, once, a call from a caller built from another version of the
    /// contract that decoded all the same.
    fn note_skew(&self, context: &Context) {
        let Some(ours) = M::CONTRACT.and_then(|id| id(true)) else {
            return;
        };
        let theirs = context
            .client_context
            .as_ref()
            .and_then(|client_context| client_context.custom.get(CONTEXT_KEY));
        if let Some(theirs) = theirs
            && *theirs != ours.fingerprint
            && !self.skew_logged.swap(true, Ordering::Relaxed)
        {
            tracing::warn!(
                method = M::PATH,
                callee_contract = %ours.fingerprint,
                caller_contract = %theirs,
                "a caller built from another version of the contract called this callee; the payload decoded, but the two were deployed apart (logged once)"
            );
        }
    }
}

/// A handler's future, failing with what `lambda_runtime` reports: for a
/// method whose trait does not name the callee's error, so that any error
/// that converts will do.
#[doc(hidden)]
pub fn reported<F, T, E>(future: F) -> MapErr<F, fn(E) -> Diagnostic>
where
    F: Future<Output = Result<T, E>>,
    E: Into<Diagnostic>,
{
    future.map_err(Into::into as fn(E) -> Diagnostic)
}

/// A callee may report a [`FunctionError`] it received from a callee of its
/// own, as it was.
impl From<FunctionError> for Diagnostic {
    fn from(error: FunctionError) -> Self {
        Diagnostic {
            error_type: error.error_type().unwrap_or("Unhandled").to_owned(),
            error_message: error.message().unwrap_or_default().to_owned(),
        }
    }
}

/// A callee may return the error of a call it made: its own callee's
/// failure passes on as it came (the same `errorType` and data), any other
/// failure of the call as `errorType` `InvokeFailed` with its message.
impl<E: Into<Diagnostic> + fmt::Display> From<crate::error::InvokeError<E>> for Diagnostic {
    fn from(error: crate::error::InvokeError<E>) -> Self {
        match error {
            crate::error::InvokeError::Function(error) => error.into(),
            other => Diagnostic {
                error_type: "InvokeFailed".to_owned(),
                error_message: other.to_string(),
            },
        }
    }
}

/// The arguments of a method without any: a JSON object, whatever it holds
/// (the client sends `{}`).
#[doc(hidden)]
#[derive(Debug)]
pub struct NoArguments;

impl<'de> Deserialize<'de> for NoArguments {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = NoArguments;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<NoArguments, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(NoArguments)
            }
        }

        deserializer.deserialize_map(Visitor)
    }
}

/// For `#[derive(LambdaError)]`: a variant with fields, its data as JSON.
#[doc(hidden)]
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
#[doc(hidden)]
#[must_use]
pub fn error_without_data(error_type: &str, error_message: String) -> Diagnostic {
    Diagnostic {
        error_type: error_type.to_owned(),
        error_message,
    }
}

/// The callee's payload decoder never panics, and its error, which goes back
/// to the caller and into the callee's log, never quotes the payload.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // only the decode failure matters
    struct Order {
        item: String,
        count: u32,
        tags: Vec<String>,
    }

    struct Place;

    impl ServedMethod for Place {
        type Arguments = Order;
        type Value = ();
        type Error = Diagnostic;
        const PATH: &'static str = "Orders::place";
        const SHAPE: &'static str = "the argument `order` itself";
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z0-9]{6,12}".prop_map(|text| Value::String(format!("secret-{text}"))),
        ];
        let key = prop_oneof![
            Just("item".to_owned()),
            Just("count".to_owned()),
            Just("tags".to_owned()),
        ];
        leaf.prop_recursive(3, 32, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..5)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    fn strings(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::String(text) => found.push(text.clone()),
            Value::Array(values) => values.iter().for_each(|value| strings(value, found)),
            Value::Object(map) => map.values().for_each(|value| strings(value, found)),
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn the_payload_decoder_quotes_no_value(value in json()) {
            let payload = serde_json::to_vec(&value).unwrap();
            if let Err(error) = serde_json::from_slice::<Payload<Place>>(&payload) {
                let message = error.to_string();
                prop_assert!(message.contains("`Orders::place` takes"), "{message}");
                let mut found = Vec::new();
                strings(&value, &mut found);
                for secret in found {
                    prop_assert!(!message.contains(&secret), "{secret} in {message}");
                }
            }
        }

        #[test]
        fn any_bytes_are_decoded_without_a_panic(payload in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = serde_json::from_slice::<Payload<Place>>(&payload);
        }
    }
}
