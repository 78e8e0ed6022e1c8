//! What travels with a call besides its payload (pitfall 2): Lambda's
//! `ClientContext`, which reaches the callee's `Context` for synchronous
//! calls only.

use std::collections::BTreeMap;
use std::fmt;

#[cfg(any(feature = "client", feature = "schema"))]
use base64::Engine as _;
#[cfg(any(feature = "client", feature = "schema"))]
use base64::engine::general_purpose::STANDARD as BASE64;
#[cfg(any(feature = "client", feature = "schema"))]
use serde::Serialize;

/// Values that travel with a synchronous call in Lambda's `ClientContext`:
/// a `custom` string map and an environment map, which the callee reads
/// from its `Context`.
///
/// Attach one to every call of a client with
/// [`ClientConfig::client_context`](crate::ClientConfig::client_context), and
/// to one call by declaring a method argument of type `&ClientContext`; the
/// call's values win over the client's. It is sent base64-encoded and must
/// fit Lambda's 3,583 bytes, or the call fails with
/// [`InvokeError::ClientContextTooLarge`](crate::InvokeError::ClientContextTooLarge)
/// before anything is sent.
///
/// ```
/// use lambda_client::ClientContext;
///
/// let context = ClientContext::new()
///     .custom("tenant", "acme")
///     .environment("stage", "prod");
/// assert_eq!(context.custom_value("tenant"), Some("acme"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientContext {
    custom: BTreeMap<String, String>,
    environment: BTreeMap<String, String>,
}

/// The JSON Lambda takes: the environment under both keys the runtimes
/// read, `environment` (Rust, Node, Python) and `env` (Go).
#[cfg(any(feature = "client", feature = "schema"))]
#[derive(Serialize)]
struct Wire<'a> {
    custom: &'a BTreeMap<String, String>,
    environment: &'a BTreeMap<String, String>,
    env: &'a BTreeMap<String, String>,
}

impl ClientContext {
    /// An empty context.
    #[must_use]
    pub fn new() -> Self {
        ClientContext::default()
    }

    /// Adds `key = value` to the `custom` map.
    #[must_use]
    pub fn custom(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.insert(key.into(), value.into());
        self
    }

    /// Adds `key = value` to the environment map.
    #[must_use]
    pub fn environment(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// The `custom` map.
    #[must_use]
    pub fn custom_values(&self) -> &BTreeMap<String, String> {
        &self.custom
    }

    /// One value of the `custom` map.
    #[must_use]
    pub fn custom_value(&self, key: &str) -> Option<&str> {
        self.custom.get(key).map(String::as_str)
    }

    /// The environment map.
    #[must_use]
    pub fn environment_values(&self) -> &BTreeMap<String, String> {
        &self.environment
    }

    /// Whether it holds no value at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.custom.is_empty() && self.environment.is_empty()
    }

    /// `self`'s values over `base`'s.
    #[cfg(feature = "client")]
    pub(crate) fn over(&self, base: &ClientContext) -> ClientContext {
        let mut merged = base.clone();
        merged.custom.extend(self.custom.clone());
        merged.environment.extend(self.environment.clone());
        merged
    }

    /// The base64 JSON Lambda takes in `X-Amz-Client-Context`.
    #[cfg(any(feature = "client", feature = "schema"))]
    pub(crate) fn encode(&self) -> String {
        let wire = Wire {
            custom: &self.custom,
            environment: &self.environment,
            env: &self.environment,
        };
        // Maps of strings always serialize.
        BASE64.encode(serde_json::to_vec(&wire).unwrap_or_default())
    }

    /// The context the callee received, as its `lambda_runtime::Context`
    /// holds it; `None` for an event, or a call without one.
    #[cfg(feature = "callee")]
    #[must_use]
    pub fn from_context(context: &lambda_runtime::Context) -> Option<ClientContext> {
        let received = context.client_context.as_ref()?;
        Some(ClientContext {
            custom: received.custom.clone().into_iter().collect(),
            environment: received.environment.clone().into_iter().collect(),
        })
    }
}

/// The values may be secrets (a token, a user's id): `Debug` shows the keys.
impl fmt::Debug for ClientContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientContext")
            .field("custom", &self.custom.keys().collect::<Vec<_>>())
            .field("environment", &self.environment.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use base64::Engine as _;

    use super::{BASE64, ClientContext};

    #[test]
    fn the_environment_travels_under_both_keys_the_runtimes_read() {
        let context = ClientContext::new()
            .custom("tenant", "acme")
            .environment("stage", "prod");
        let json: serde_json::Value =
            serde_json::from_slice(&BASE64.decode(context.encode()).unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "custom": { "tenant": "acme" },
                "environment": { "stage": "prod" },
                "env": { "stage": "prod" },
            })
        );
    }

    #[test]
    fn a_calls_values_win_over_the_clients() {
        let client = ClientContext::new()
            .custom("a", "client")
            .custom("b", "client");
        let call = ClientContext::new().custom("b", "call");
        let merged = call.over(&client);
        assert_eq!(merged.custom_value("a"), Some("client"));
        assert_eq!(merged.custom_value("b"), Some("call"));
    }
}
