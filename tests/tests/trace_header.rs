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
        .expect("answers")
        .expect("inner has a trace header");
    // Each hop adds its count to the header's `Lineage`, as Lambda does; the
    // rest travels as it was.
    let (kept, lineage) = seen.split_once(";Lineage=").expect("a lineage");
    assert_eq!(kept, TRACE, "inner saw outer's trace");
    assert_eq!(lineage.split(',').count(), 2, "two hops: {lineage}");
    assert!(
        lineage.split(',').all(|hop| hop.ends_with(":1")),
        "{lineage}"
    );

    // Without a trace of the caller's, the local Lambda starts one, as
    // Lambda does, and it travels the same way.
    let seen = client.outer().await.expect("answers").expect("a trace");
    assert!(seen.starts_with("Root=1-"), "{seen}");
}

/// A trace header with a `Lineage` part, as a function invoked by another
/// receives it, goes out exactly as it came: Lambda counts the hops of a
/// recursive loop in it.
#[tokio::test]
async fn the_lineage_of_a_trace_header_is_forwarded_intact() {
    let (sdk, sent) = lambda_client_tests::answering(lambda_client_tests::Answer::new(200, "null"));
    let client = TracedClient::new(sdk);
    let with_lineage = format!("{TRACE};Lineage=a87bd80c:3,68fd508a:1");
    lambda_client::trace_header::scope(Some(with_lineage.clone()), client.inner())
        .await
        .expect("the call goes out");
    let sent = sent.lock().unwrap();
    assert_eq!(
        sent[0].header("x-amzn-trace-id"),
        Some(with_lineage.as_str())
    );
}

/// A trace id that cannot be a header (one copied out of a queue message,
/// say) never reaches the SDK, which would panic on it: the call goes out
/// without a trace header, and a `tracing` warning says why.
#[tokio::test]
async fn a_trace_id_that_cannot_be_a_header_is_dropped_with_a_warning() {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let captured = Captured::default();
    let writer = captured.clone();
    let _default = tracing::subscriber::set_default(
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    );
    let (sdk, sent) = lambda_client_tests::answering(lambda_client_tests::Answer::new(200, "null"));
    let client = TracedClient::new(sdk);
    for bad in [
        "Root=1-abc\nX-Injected: 1",
        "Root=1-abc\r",
        "\u{1b}[31m",
        "Root=é",
    ] {
        let seen = lambda_client::trace_header::scope(Some(bad), client.inner())
            .await
            .expect("the call goes out");
        assert_eq!(seen, None);
    }
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 4);
    assert!(
        sent.iter()
            .all(|request| request.header("x-amzn-trace-id").is_none())
    );
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        log.matches("dropped a trace id that cannot be an HTTP header value")
            .count(),
        4,
        "{log}"
    );
}
