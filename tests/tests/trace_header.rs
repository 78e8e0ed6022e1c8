//! The X-Ray trace header travels from an invocation to the calls it makes,
//! without `_X_AMZN_TRACE_ID` (which `lambda_runtime`'s concurrent mode
//! does not set): observed from the callee's side.

use lambda_client::callee::Context;
use lambda_client::{InvokeError, lambda_client};
use lambda_client_local::LocalLambda;

#[lambda_client]
pub trait Traced {
    /// Answers the trace id its invocation received.
    #[lambda_client(name = "inner")]
    async fn inner(&self) -> Result<Option<String>, InvokeError>;

    /// Calls `inner` and answers what it received.
    #[lambda_client(name = "outer")]
    async fn outer(&self) -> Result<Option<String>, InvokeError>;
}

const TRACE: &str = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

#[tokio::test]
async fn a_handler_forwards_its_invocations_trace_header() {
    assert!(std::env::var_os("_X_AMZN_TRACE_ID").is_none());
    let inner = LocalLambda::builder()
        .function(
            "inner",
            TracedCallee::inner_with_context(|context: Context| async move {
                Ok::<_, lambda_runtime::Error>(context.xray_trace_id)
            }),
        )
        .start()
        .await
        .expect("starts");
    let to_inner = TracedClient::new(inner.sdk_client());
    let outer = LocalLambda::builder()
        .function(
            "outer",
            TracedCallee::outer(move || {
                let to_inner = to_inner.clone();
                async move { to_inner.inner().await }
            }),
        )
        .start()
        .await
        .expect("starts");
    let client = TracedClient::new(outer.sdk_client());

    let seen = lambda_client::trace_header::scope(Some(TRACE), client.outer())
        .await
        .expect("answers");
    assert_eq!(seen.as_deref(), Some(TRACE), "inner saw outer's trace");

    let seen = client.outer().await.expect("answers");
    assert_eq!(seen, None, "no trace, no header");
}
