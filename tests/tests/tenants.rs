//! Tenant-aware calls through the local Lambda and the real SDK: the tenant
//! as an argument, an attribute, a client default and the invocation's own,
//! each refused where Lambda refuses it, and each tenant in an environment
//! of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use lambda_client::{ClientConfig, InvokeError, ServiceErrorKind, TenantId, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// The tenant the handler's context names.
    tenant: Option<String>,
    /// How many invocations this environment has served.
    count: u64,
}

#[lambda_client]
pub trait Tenants {
    /// The tenant as an argument, left out of the payload.
    #[lambda_client(name = "isolated")]
    async fn as_argument(&self, tenant: &TenantId, note: &str) -> Result<Seen, InvokeError>;

    /// The tenant fixed by the attribute.
    #[lambda_client(name = "isolated", tenant = "blue")]
    async fn as_blue(&self, note: &str) -> Result<Seen, InvokeError>;

    /// No tenant named: the client's, or the invocation's.
    #[lambda_client(name = "isolated")]
    async fn by_default(&self, note: &str) -> Result<Seen, InvokeError>;

    /// A function that is not tenant-isolated.
    #[lambda_client(name = "shared")]
    async fn shared(&self, note: &str) -> Result<Seen, InvokeError>;

    /// A function that calls `isolated` itself, with no tenant in its code.
    #[lambda_client(name = "relay")]
    async fn relay(&self, tenant: &TenantId, note: &str) -> Result<Seen, InvokeError>;
}

/// `isolated`: each tenant's environment counts its own invocations.
fn isolated() -> LocalFunction {
    LocalFunction::tenant_isolated("isolated", || {
        let count = Arc::new(AtomicU64::new(0));
        TenantsCallee::as_argument_with_context(move |_note: String, context| {
            let count = Arc::clone(&count);
            async move {
                Ok::<_, String>(Seen {
                    tenant: TenantId::from_context(&context).map(|tenant| tenant.to_string()),
                    count: count.fetch_add(1, Ordering::SeqCst) + 1,
                })
            }
        })
    })
}

async fn local() -> LocalLambda {
    LocalLambda::builder()
        .host(isolated())
        .host(LocalFunction::new(
            "shared",
            TenantsCallee::shared(|_note: String| async {
                Ok::<_, String>(Seen {
                    tenant: None,
                    count: 0,
                })
            }),
        ))
        .start()
        .await
        .expect("the local Lambda starts")
}

/// `relay`, tenant-isolated: calls `isolated` without naming a tenant,
/// through the local Lambda at `ENDPOINT` (its environment).
fn relay() -> LocalFunction {
    LocalFunction::tenant_isolated("relay", || {
        TenantsCallee::relay(|note: String| async move {
            let endpoint =
                lambda_client::env::var("ENDPOINT").map_err(|error| error.to_string())?;
            TenantsClient::new(lambda_client_tests::sdk_for(&endpoint))
                .by_default(&note)
                .await
                .map_err(|error| error.to_string())
        })
    })
}

fn tenant(id: &str) -> TenantId {
    TenantId::new(id).expect("a valid tenant id")
}

#[tokio::test]
async fn the_tenant_reaches_the_handler_and_each_tenant_has_its_own_environment() {
    let lambda = local().await;
    let client = TenantsClient::new(lambda.sdk_client());
    let (blue, green) = (tenant("blue"), tenant("green"));
    for expected in 1..=3 {
        let seen = client.as_argument(&blue, "hi").await.expect("blue's call");
        assert_eq!(seen.tenant.as_deref(), Some("blue"));
        assert_eq!(seen.count, expected, "blue's own count");
    }
    let seen = client
        .as_argument(&green, "hi")
        .await
        .expect("green's call");
    assert_eq!(
        seen,
        Seen {
            tenant: Some("green".to_owned()),
            count: 1
        },
        "green's environment is not blue's"
    );
    let seen = client.as_blue("hi").await.expect("the attribute's tenant");
    assert_eq!(seen.count, 4);
}

#[tokio::test]
async fn a_call_without_a_tenant_or_with_one_where_none_belongs_is_refused() {
    let lambda = local().await;
    let client = TenantsClient::new(lambda.sdk_client());
    let Err(InvokeError::Service(refusal)) = client.by_default("hi").await else {
        panic!("a tenant-isolated function needs a tenant")
    };
    assert_eq!(refusal.code(), "InvalidParameterValueException");
    assert_eq!(refusal.kind(), ServiceErrorKind::InvalidRequest);
    assert_eq!(refusal.status(), 400);

    let with_default = TenantsClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().tenant(tenant("red")),
    );
    let Err(InvokeError::Service(refusal)) = with_default.shared("hi").await else {
        panic!("a function without tenant isolation refuses a tenant")
    };
    assert_eq!(refusal.code(), "InvalidParameterValueException");
    let seen = with_default
        .by_default("hi")
        .await
        .expect("the client's tenant");
    assert_eq!(seen.tenant.as_deref(), Some("red"));
}

#[test]
fn a_tenant_id_is_checked_before_anything_is_sent() {
    let error = TenantId::new("semi;colon").expect_err("Lambda's rule");
    assert_eq!(
        error.to_string(),
        "\"semi;colon\" is not a tenant id: it may hold only letters, digits, spaces and . _ : / = + - @ (Lambda's rule: 1 to 256 of letters, digits, spaces and . _ : / = + - @)"
    );
}

#[tokio::test]
async fn a_chain_of_calls_stays_in_its_tenant_without_code() {
    // A port known before the start, for `relay` to call back into.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let lambda = LocalLambda::builder()
        .host(isolated())
        .host(relay().env("ENDPOINT", format!("http://127.0.0.1:{port}")))
        .port(port)
        .start()
        .await
        .expect("the local Lambda starts");
    let client = TenantsClient::new(lambda.sdk_client());
    let seen = client
        .relay(&tenant("violet"), "hi")
        .await
        .expect("the chain runs in violet");
    assert_eq!(seen.tenant.as_deref(), Some("violet"));
}
