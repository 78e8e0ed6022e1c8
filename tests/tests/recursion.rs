//! Recursive loops end as in Lambda: a function that calls itself through
//! the typed client is stopped after the local Lambda's limit of hops, with
//! the typed error, instead of running forever.

use lambda_client::{InvokeError, ServiceErrorKind, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};

#[lambda_client]
pub trait Loop {
    /// Calls itself with `depth + 1`; answers the depth at which Lambda
    /// stopped the loop.
    #[lambda_client(name = "loop")]
    async fn descend(&self, depth: u32) -> Result<u32, InvokeError>;
}

/// A local Lambda hosting `loop`, which calls back into it on its port.
async fn looping(limit: Option<u32>) -> LocalLambda {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let handler = |depth: u32| async move {
        let endpoint = lambda_client::env::var("ENDPOINT").map_err(|error| error.to_string())?;
        let client = LoopClient::new(lambda_client_tests::sdk_for(&endpoint));
        match client.descend(depth + 1).await {
            Ok(stopped_at) => Ok(stopped_at),
            Err(InvokeError::Service(refusal))
                if refusal.kind() == ServiceErrorKind::RecursiveInvocation =>
            {
                Ok(depth)
            }
            Err(other) => Err(other.to_string()),
        }
    };
    let mut builder = LocalLambda::builder()
        .host(
            LocalFunction::new("loop", LoopCallee::descend(handler))
                .env("ENDPOINT", format!("http://127.0.0.1:{port}"))
                .timeout(std::time::Duration::from_secs(60)),
        )
        .port(port);
    if let Some(limit) = limit {
        builder = builder.recursion_limit(limit);
    }
    builder.start().await.expect("the local Lambda starts")
}

#[tokio::test]
async fn a_function_calling_itself_is_stopped_at_the_limit_with_the_typed_error() {
    let lambda = looping(Some(5)).await;
    let client = LoopClient::new(lambda.sdk_client());
    // Invocations 1 to 5 run; the sixth is refused, and the fifth sees it.
    assert_eq!(client.descend(1).await.expect("the loop ends"), 5);
}

#[tokio::test]
async fn the_default_limit_is_lambdas_16() {
    let lambda = looping(None).await;
    let client = LoopClient::new(lambda.sdk_client());
    assert_eq!(client.descend(1).await.expect("the loop ends"), 16);
}

/// What the raw SDK sees: the trace header a function was invoked with,
/// sent back to it once more than the limit allows, is refused with
/// `RecursiveInvocationException`.
#[tokio::test]
async fn the_refusal_is_lambdas_recursive_invocation_exception() {
    let lambda = LocalLambda::builder()
        .function(
            "echo-trace",
            lambda_runtime::service_fn(
                |event: lambda_runtime::LambdaEvent<serde_json::Value>| async move {
                    Ok::<_, lambda_runtime::Error>(event.context.xray_trace_id)
                },
            ),
        )
        .recursion_limit(1)
        .start()
        .await
        .expect("the local Lambda starts");
    let sdk = lambda.sdk_client();
    let first = sdk
        .invoke()
        .function_name("echo-trace")
        .send()
        .await
        .expect("the first hop runs");
    let header: Option<String> =
        serde_json::from_slice(first.payload.expect("a payload").as_ref()).expect("JSON");
    let header = header.expect("the function's trace header");
    assert!(header.contains(";Lineage="), "{header}");
    let refused = sdk
        .invoke()
        .function_name("echo-trace")
        .customize()
        .mutate_request(move |request| {
            request
                .headers_mut()
                .insert("x-amzn-trace-id", header.clone());
        })
        .send()
        .await
        .expect_err("the second hop of the chain is refused");
    let refused = refused.into_service_error();
    assert!(refused.is_recursive_invocation_exception(), "{refused:?}");
}
