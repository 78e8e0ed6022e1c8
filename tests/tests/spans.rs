//! One `tracing` span per invoke, with OpenTelemetry's FaaS fields and the
//! outcome, and never the payload.

use std::io::Write;
use std::sync::{Arc, Mutex};

use lambda_client::{ClientConfig, InvokeError, RetryPolicy, lambda_client};
use lambda_client_local::LocalLambda;
use tracing_subscriber::fmt::format::FmtSpan;

#[lambda_client]
trait Secretive {
    #[lambda_client(name = "secretive")]
    async fn tell(&self, secret: String) -> Result<usize, InvokeError>;

    #[lambda_client(name = "missing", qualifier = "live")]
    async fn missing(&self, secret: String) -> Result<usize, InvokeError>;
}

/// What the subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A subscriber that writes each span when it closes into the buffer
/// returned, for this thread until the guard drops.
fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

async fn secretive() -> LocalLambda {
    LocalLambda::builder()
        .function(
            "secretive",
            SecretiveCallee::tell(|secret: String| async move {
                Ok::<_, lambda_runtime::Error>(secret.len())
            }),
        )
        .start()
        .await
        .expect("starts")
}

#[tokio::test]
async fn each_call_has_a_span_with_the_faas_fields_and_no_payload() {
    let (captured, _default) = capture();
    let lambda = secretive().await;
    let client = SecretiveClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().retry(RetryPolicy::none()),
    );
    assert_eq!(
        client
            .tell("hunter2-payload".to_owned())
            .await
            .expect("answers"),
        15
    );
    client
        .missing("hunter2-payload".to_owned())
        .await
        .expect_err("no such function");

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).expect("UTF-8");
    let spans: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("lambda.invoke"))
        .collect();
    assert_eq!(spans.len(), 2, "{log}");
    for field in [
        "faas.invoked_name=\"secretive\"",
        "faas.invoked_provider=\"aws\"",
        "faas.invoked_region=\"us-east-1\"",
        "aws.lambda.invocation_type=\"RequestResponse\"",
        "aws.lambda.executed_version=\"$LATEST\"",
        "outcome=\"ok\"",
    ] {
        assert!(spans[0].contains(field), "{} lacks {field}", spans[0]);
    }
    assert!(spans[0].contains("aws.request_id="), "{}", spans[0]);
    for field in [
        "faas.invoked_name=\"missing\"",
        "aws.lambda.qualifier=\"live\"",
        "outcome=\"refused\"",
    ] {
        assert!(spans[1].contains(field), "{} lacks {field}", spans[1]);
    }
    assert!(!log.contains("hunter2"), "the payload was recorded: {log}");
}

#[tokio::test]
async fn spans_can_be_turned_off() {
    let (captured, _default) = capture();
    let lambda = secretive().await;
    let client =
        SecretiveClient::with_config(lambda.sdk_client(), ClientConfig::new().spans(false));
    client.tell("quiet".to_owned()).await.expect("answers");

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).expect("UTF-8");
    assert!(!log.contains("lambda.invoke"), "{log}");
}

#[tokio::test]
async fn the_span_names_what_was_called() {
    let (captured, _default) = capture();
    let lambda = LocalLambda::builder()
        .function(
            "prod-secretive",
            SecretiveCallee::tell(|secret: String| async move {
                Ok::<_, lambda_runtime::Error>(secret.len())
            }),
        )
        .start()
        .await
        .expect("starts");
    let client = SecretiveClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new()
            .retry(RetryPolicy::none())
            .function_prefix("prod-")
            .qualifier("$LATEST"),
    );
    assert_eq!(client.tell("quiet".to_owned()).await.expect("answers"), 5);

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).expect("UTF-8");
    let span = log
        .lines()
        .find(|line| line.contains("lambda.invoke"))
        .unwrap_or_else(|| panic!("no span in {log}"));
    for field in [
        "faas.invoked_name=\"prod-secretive\"",
        "aws.lambda.qualifier=\"$LATEST\"",
        "outcome=\"ok\"",
    ] {
        assert!(span.contains(field), "{span} lacks {field}");
    }
}
