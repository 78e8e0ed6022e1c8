//! What a call carries is fixed where its method is called: a call future
//! spawned onto another task, or polled outside the caller's scopes, still
//! carries the tenant and the trace header the caller's scope had.

use lambda_client::tenant::{self, TenantId};
use lambda_client::{InvokeError, lambda_client, trace_header};
use lambda_client_tests::{Answer, answering};

#[lambda_client]
trait Counter {
    #[lambda_client(name = "counter")]
    async fn add(&self, amount: u64) -> Result<u64, InvokeError>;
}

const TRACE: &str = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

#[tokio::test]
async fn a_spawned_call_carries_the_tenant_and_trace_of_where_it_was_made() {
    let (sdk, sent) = answering(Answer::new(200, "1"));
    // A client in a static, as a handler keeps it, so that its calls are
    // `'static` and can be spawned.
    let client: &'static CounterClient = Box::leak(Box::new(CounterClient::new(sdk)));
    let blue = TenantId::new("blue").expect("a tenant id");
    // The spawned task has none of the caller's task-locals: only what the
    // call captured where it was made.
    let spawned = trace_header::scope(
        Some(TRACE),
        tenant::scope(Some(blue), async { tokio::spawn(client.add(1)).await }),
    )
    .await;
    assert_eq!(spawned.expect("the task ran").expect("answered"), 1);
    let sent = sent.lock().unwrap();
    assert_eq!(sent[0].header("x-amz-tenant-id"), Some("blue"));
    assert_eq!(sent[0].header("x-amzn-trace-id"), Some(TRACE));
}

#[tokio::test]
async fn a_call_made_outside_a_scope_and_awaited_in_it_still_carries_it() {
    let (sdk, sent) = answering(Answer::new(200, "1"));
    let client = CounterClient::new(sdk);
    let blue = TenantId::new("blue").expect("a tenant id");
    let call = client.add(1);
    trace_header::scope(Some(TRACE), tenant::scope(Some(blue), call))
        .await
        .expect("answered");
    let sent = sent.lock().unwrap();
    assert_eq!(sent[0].header("x-amz-tenant-id"), Some("blue"));
    assert_eq!(sent[0].header("x-amzn-trace-id"), Some(TRACE));
}
