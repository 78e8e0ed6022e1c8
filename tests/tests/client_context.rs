//! Pitfall 2: values that travel with a call in Lambda's `ClientContext`,
//! per client and per call, read typed on the callee's side.

use lambda_client::callee::Context;
use lambda_client::{ClientConfig, ClientContext, InvokeError, lambda_client};
use lambda_client_local::LocalLambda;
use serde::{Deserialize, Serialize};

/// What the callee saw of its context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    custom: Vec<(String, String)>,
    environment: Vec<(String, String)>,
    had_context: bool,
}

#[lambda_client]
pub trait Contextual {
    /// The client's context only.
    #[lambda_client(name = "contextual")]
    async fn look(&self, note: String) -> Result<Seen, InvokeError>;

    /// The client's context and this call's.
    #[lambda_client(name = "contextual")]
    async fn look_with(&self, note: String, context: &ClientContext) -> Result<Seen, InvokeError>;

    /// An event: Lambda passes it no context.
    #[lambda_client(name = "contextual", mode = "event")]
    async fn look_later(&self, note: String) -> Result<(), InvokeError>;
}

fn seen(context: &Context) -> Seen {
    match ClientContext::from_context(context) {
        Some(received) => Seen {
            custom: received.custom_values().clone().into_iter().collect(),
            environment: received.environment_values().clone().into_iter().collect(),
            had_context: true,
        },
        None => Seen {
            custom: Vec::new(),
            environment: Vec::new(),
            had_context: false,
        },
    }
}

async fn contextual() -> LocalLambda {
    LocalLambda::builder()
        .function(
            "contextual",
            ContextualCallee::look_with_context(|_note: String, context: Context| async move {
                Ok::<_, lambda_runtime::Error>(seen(&context))
            }),
        )
        .start()
        .await
        .expect("starts")
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test]
async fn the_clients_values_and_the_calls_reach_the_callee_typed() {
    let lambda = contextual().await;
    let client = ContextualClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().client_context(
            ClientContext::new()
                .custom("tenant", "acme")
                .custom("request", "from-client")
                .environment("stage", "prod"),
        ),
    );

    let seen = client.look("a".to_owned()).await.expect("answers");
    assert_eq!(
        seen.custom,
        pairs(&[("request", "from-client"), ("tenant", "acme")])
    );
    assert_eq!(seen.environment, pairs(&[("stage", "prod")]));

    let call = ClientContext::new()
        .custom("request", "r-42")
        .environment("region", "eu");
    let seen = client
        .look_with("b".to_owned(), &call)
        .await
        .expect("answers");
    assert_eq!(
        seen.custom,
        pairs(&[("request", "r-42"), ("tenant", "acme")]),
        "the call's values win"
    );
    assert_eq!(
        seen.environment,
        pairs(&[("region", "eu"), ("stage", "prod")])
    );
}

/// Lambda passes a `ClientContext` to synchronous calls only, so the client
/// sends none with an event. Checked on the request that leaves the client:
/// the local Lambda would drop one itself.
#[tokio::test]
async fn an_event_carries_no_context() {
    let config =
        || ClientConfig::new().client_context(ClientContext::new().custom("tenant", "acme"));
    let (sdk, sent) = lambda_client_tests::answering(lambda_client_tests::Answer::new(202, ""));
    ContextualClient::with_config(sdk, config())
        .look_later("c".to_owned())
        .await
        .expect("accepted");
    let (sdk, sent_sync) = lambda_client_tests::answering(lambda_client_tests::Answer::new(
        200,
        r#"{"custom":[],"environment":[],"had_context":true}"#,
    ));
    ContextualClient::with_config(sdk, config())
        .look("d".to_owned())
        .await
        .expect("answered");

    let event = &sent.lock().unwrap()[0];
    assert_eq!(event.header("x-amz-invocation-type"), Some("Event"));
    assert_eq!(event.header("x-amz-client-context"), None);
    let sync = &sent_sync.lock().unwrap()[0];
    assert!(
        sync.header("x-amz-client-context").is_some(),
        "the same client sends it with a synchronous call"
    );
}

/// Values may be secrets: `Debug` of the context, of a configuration that
/// holds one, and of a generated client shows keys, never values.
#[test]
fn debug_shows_keys_not_values() {
    let context = ClientContext::new()
        .custom("token", "s3cr3t-t0ken")
        .environment("stage", "pr0d-value");
    let config = ClientConfig::new().client_context(context.clone());
    let (sdk, _) = lambda_client_tests::answering(lambda_client_tests::Answer::new(200, ""));
    let client = ContextualClient::with_config(sdk, config.clone());
    for printed in [
        format!("{context:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
    ] {
        assert!(
            printed.contains("token") && printed.contains("stage"),
            "{printed}"
        );
        assert!(
            !printed.contains("s3cr3t") && !printed.contains("pr0d-value"),
            "{printed}"
        );
    }
}

#[tokio::test]
async fn a_context_over_the_limit_is_refused_before_sending() {
    let lambda = contextual().await;
    let client = ContextualClient::new(lambda.sdk_client());
    let big = ClientContext::new().custom("blob", "x".repeat(3_000));

    match client.look_with("d".to_owned(), &big).await {
        Err(InvokeError::ClientContextTooLarge(error)) => {
            assert_eq!(error.function(), "contextual");
            assert_eq!(error.limit(), 3583);
            assert!(error.size() > 3583, "{}", error.size());
            assert!(
                error
                    .to_string()
                    .contains(&format!("{} bytes", error.size()))
            );
        }
        other => panic!("expected ClientContextTooLarge, got {other:?}"),
    }

    // Just under the limit passes.
    let fits = ClientContext::new().custom("blob", "x".repeat(2_600));
    let seen = client.look_with("e".to_owned(), &fits).await.expect("fits");
    assert_eq!(seen.custom[0].1.len(), 2_600);
}
