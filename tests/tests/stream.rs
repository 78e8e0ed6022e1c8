//! Response streams end to end: generated callees hosted by the local
//! Lambda, read by generated clients through the real SDK over loopback
//! HTTP. One test for each way a stream can end, and for what a stream
//! shares with a synchronous call (qualifiers, `ClientContext`, reserved
//! concurrency, the log tail).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use contract::{Invoked, InvokedCallee, InvokedClient, ReadError, Reader, Word};
use futures_util::{Stream, StreamExt as _, TryStreamExt as _};
use lambda_client::{
    ByteStream, ClientConfig, ClientContext, InvokeError, ResponseStream, RetryPolicy,
    ThrottleReason, TransportErrorKind, lambda_client,
};
use lambda_client_local::{LocalFunction, LocalLambda};
use serde::{Deserialize, Serialize};
use tokio::sync::{Semaphore, oneshot};

/// What the test callee streams.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Plan {
    /// How many records.
    count: u64,
    /// Fail instead of writing this record.
    fail_at: Option<u64>,
    /// Fail before the stream.
    fail_first: bool,
    /// The length of each record's text.
    size: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    index: u64,
    text: String,
}

/// The same records, read as the wrong type.
#[derive(Debug, Deserialize)]
pub struct Misread {
    #[allow(dead_code)]
    index: String,
}

#[lambda_client]
pub trait Streams {
    #[lambda_client(name = "records", mode = "stream")]
    async fn records(&self, plan: &Plan) -> Result<ResponseStream<Record>, InvokeError>;

    #[lambda_client(name = "records", mode = "stream")]
    async fn misread(&self, plan: &Plan) -> Result<ResponseStream<Misread>, InvokeError>;

    #[lambda_client(name = "records", mode = "stream", log = "tail")]
    async fn logged(&self, plan: &Plan) -> Result<ResponseStream<Record>, InvokeError>;

    #[lambda_client(name = "records", mode = "stream", qualifier = "live")]
    async fn live(&self, plan: &Plan) -> Result<ResponseStream<Record>, InvokeError>;

    #[lambda_client(name = "context", mode = "stream")]
    async fn context(
        &self,
        context: &ClientContext,
    ) -> Result<ResponseStream<serde_json::Value>, InvokeError>;

    #[lambda_client(name = "bytes", mode = "stream")]
    async fn bytes(&self, size: usize) -> Result<ByteStream, InvokeError>;
}

/// The records of `plan`.
fn records(plan: Plan) -> impl Stream<Item = Result<Record, String>> + Send + 'static {
    futures_util::stream::iter(0..plan.count).map(move |index| {
        if plan.fail_at == Some(index) {
            return Err(format!("record {index} is missing"));
        }
        tracing::info!(index, "writing a record");
        Ok(Record {
            index,
            text: "x".repeat(plan.size),
        })
    })
}

fn records_callee() -> LocalFunction {
    let handler = |plan: Plan| async move {
        if plan.fail_first {
            return Err("no records today".to_owned());
        }
        Ok(records(plan))
    };
    LocalFunction::new("records", StreamsCallee::records(handler))
        .version("1", StreamsCallee::records(handler))
        .alias("live", "1")
}

async fn local(functions: impl IntoIterator<Item = LocalFunction>) -> LocalLambda {
    functions
        .into_iter()
        .fold(
            LocalLambda::builder(),
            lambda_client_local::LocalLambdaBuilder::host,
        )
        .start()
        .await
        .expect("the local Lambda starts")
}

fn plan(count: u64) -> Plan {
    Plan {
        count,
        size: 8,
        ..Plan::default()
    }
}

#[tokio::test]
async fn a_stream_yields_every_record_in_order_and_says_what_lambda_said() {
    let lambda = local([records_callee()]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let stream = client.records(&plan(100)).await.expect("the stream starts");
    assert_eq!(stream.function(), "records");
    assert_eq!(stream.executed_version(), Some("$LATEST"));
    assert!(stream.request_id().is_some());
    let read: Vec<Record> = stream.try_collect().await.expect("every record");
    let indexes: Vec<u64> = read.iter().map(|record| record.index).collect();
    assert_eq!(indexes, (0..100).collect::<Vec<_>>());
    assert!(read.iter().all(|record| record.text == "xxxxxxxx"));
}

#[tokio::test]
async fn the_callees_typed_error_before_its_first_record() {
    let lambda = local([LocalFunction::new(
        "invoked-stream",
        InvokedCallee::words(invoked::words),
    )])
    .await;
    let client = InvokedClient::new(lambda.sdk_client());
    let mut words = client
        .words(Reader {
            message: " ".to_owned(),
        })
        .await
        .expect("the stream starts");
    let first = words.next().await.expect("an item");
    assert!(
        matches!(first, Err(InvokeError::Function(ReadError::Empty))),
        "{first:?}"
    );
    assert!(words.next().await.is_none(), "the error ends the stream");
}

#[tokio::test]
async fn the_callees_typed_error_mid_stream_after_the_records_before_it() {
    let lambda = local([LocalFunction::new(
        "invoked-stream",
        InvokedCallee::words(invoked::words),
    )])
    .await;
    let client = InvokedClient::new(lambda.sdk_client());
    let words = client
        .words(Reader {
            message: "one two failing three".to_owned(),
        })
        .await
        .expect("the stream starts");
    let read: Vec<_> = words.collect().await;
    assert_eq!(read.len(), 3, "{read:?}");
    assert_eq!(
        read[0].as_ref().expect("a word"),
        &Word {
            number: 1,
            text: "one".to_owned()
        }
    );
    assert_eq!(read[1].as_ref().expect("a word").text, "two");
    let Err(InvokeError::Function(ReadError::Refused { message })) = &read[2] else {
        panic!("expected the callee's typed error, got {:?}", read[2])
    };
    assert_eq!(message, "failing");
}

#[tokio::test]
async fn an_untyped_error_arrives_as_the_document_lambda_runtime_reports() {
    let lambda = local([records_callee()]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let failing = Plan {
        fail_at: Some(2),
        ..plan(5)
    };
    let read: Vec<_> = client
        .records(&failing)
        .await
        .expect("starts")
        .collect()
        .await;
    assert_eq!(read.len(), 3, "{read:?}");
    let Err(InvokeError::Function(error)) = &read[2] else {
        panic!("expected the callee's error, got {:?}", read[2])
    };
    assert_eq!(error.message(), Some("record 2 is missing"));
    let before = Plan {
        fail_first: true,
        ..plan(5)
    };
    let read: Vec<_> = client
        .records(&before)
        .await
        .expect("starts")
        .collect()
        .await;
    let [Err(InvokeError::Function(error))] = read.as_slice() else {
        panic!("expected the callee's error alone, got {read:?}")
    };
    assert_eq!(error.message(), Some("no records today"));
}

#[tokio::test]
async fn a_record_that_does_not_decode_names_its_index_and_not_its_value() {
    let lambda = local([records_callee()]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let read: Vec<_> = client
        .misread(&plan(3))
        .await
        .expect("starts")
        .collect()
        .await;
    assert_eq!(read.len(), 3, "every record is read: {read:?}");
    for (index, item) in (0..).zip(&read) {
        let Err(InvokeError::Decode(error)) = item else {
            panic!("expected a decode error, got {item:?}")
        };
        assert_eq!(error.record(), Some(index));
        assert_eq!(error.path(), "index");
        assert!(!error.to_string().contains("xxxxxxxx"), "{error}");
    }
}

/// A stream the callee keeps open until the test says, counting what it wrote.
fn held_callee(written: Arc<AtomicU64>, dropped: Arc<AtomicBool>, size: usize) -> LocalFunction {
    let handler = move |_: Plan| {
        let written = Arc::clone(&written);
        let dropped = Arc::clone(&dropped);
        async move {
            let guard = DropFlag(dropped);
            let stream = futures_util::stream::iter(0..).map(move |index| {
                let _held = &guard;
                written.fetch_add(1, Ordering::SeqCst);
                Ok::<_, String>(Record {
                    index,
                    text: "y".repeat(size),
                })
            });
            Ok::<_, String>(stream)
        }
    };
    LocalFunction::new("records", StreamsCallee::records(handler))
        .timeout(Duration::from_secs(60))
        .reserved_concurrency(1)
}

/// Sets its flag when dropped: when the handler's stream is gone.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

async fn eventually(what: &str, check: impl Fn() -> bool) {
    for _ in 0..500 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what} did not happen within 5 s");
}

#[tokio::test]
async fn dropping_the_stream_ends_the_call_and_frees_the_callee() {
    let written = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicBool::new(false));
    let lambda = local([held_callee(Arc::clone(&written), Arc::clone(&dropped), 16)]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let mut stream = client.records(&plan(0)).await.expect("starts");
    let first = stream.next().await.expect("a record").expect("decodes");
    assert_eq!(first.index, 0);
    drop(stream);
    eventually("the handler's stream being dropped", || {
        dropped.load(Ordering::SeqCst)
    })
    .await;
    // Its slot of reserved concurrency is free: the next call starts.
    dropped.store(false, Ordering::SeqCst);
    let mut again = client.records(&plan(0)).await.expect("starts again");
    assert!(again.next().await.expect("a record").is_ok());
}

#[tokio::test]
async fn a_slow_caller_slows_the_callee() {
    let written = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicBool::new(false));
    let size = 64 * 1024;
    let lambda = local([held_callee(Arc::clone(&written), dropped, size)]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let mut stream = client.records(&plan(0)).await.expect("starts");
    stream.next().await.expect("a record").expect("decodes");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ahead = written.load(Ordering::SeqCst);
    // Unbounded, the callee would have written gigabytes by now; what it
    // may write ahead is what the sockets' buffers hold.
    let ahead_bytes = ahead * size as u64;
    assert!(
        ahead_bytes < 32 * 1024 * 1024,
        "the callee wrote {ahead} records ({ahead_bytes} bytes) ahead of the caller"
    );
    // Reading on lets it go on.
    for _ in 0..ahead + 10 {
        stream.next().await.expect("a record").expect("decodes");
    }
    assert!(written.load(Ordering::SeqCst) > ahead);
}

#[tokio::test]
async fn the_first_record_arrives_while_the_callee_still_runs() {
    let (release, released) = oneshot::channel::<()>();
    let released = Arc::new(tokio::sync::Mutex::new(Some(released)));
    let handler = move |_: Plan| {
        let released = Arc::clone(&released);
        async move {
            let first = futures_util::stream::once(async {
                Ok::<_, String>(Record {
                    index: 0,
                    text: "first".to_owned(),
                })
            });
            let second = futures_util::stream::once(async move {
                if let Some(released) = released.lock().await.take() {
                    let _ = released.await;
                }
                Ok(Record {
                    index: 1,
                    text: "second".to_owned(),
                })
            });
            Ok::<_, String>(first.chain(second))
        }
    };
    let lambda = local([LocalFunction::new(
        "records",
        StreamsCallee::records(handler),
    )])
    .await;
    let client = StreamsClient::new(lambda.sdk_client());
    let mut stream = client.records(&plan(0)).await.expect("starts");
    // The callee waits for the test, which waits for the first record.
    let first = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("the first record comes before the callee ends")
        .expect("a record")
        .expect("decodes");
    assert_eq!(first.text, "first");
    release.send(()).expect("the callee waits");
    let second = stream.next().await.expect("a record").expect("decodes");
    assert_eq!(second.text, "second");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_connection_lost_mid_stream_is_a_transport_error_and_not_retried() {
    let written = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicBool::new(false));
    let lambda = local([held_callee(written, Arc::clone(&dropped), 16)]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let mut stream = client.records(&plan(0)).await.expect("starts");
    stream.next().await.expect("a record").expect("decodes");
    // The server goes away, and the connection with it.
    drop(lambda);
    let ended = loop {
        match stream.next().await.expect("the stream ends in an error") {
            Ok(_) => continue,
            Err(error) => break error,
        }
    };
    let InvokeError::Transport(error) = ended else {
        panic!("expected a transport error, got {ended:?}")
    };
    assert_ne!(error.kind(), TransportErrorKind::Connect);
    assert!(stream.next().await.is_none(), "nothing after the error");
}

#[tokio::test]
async fn a_throttle_before_the_stream_is_retried_under_the_policy() {
    let gate = Arc::new(Semaphore::new(0));
    let held = Arc::clone(&gate);
    let handler = move |plan: Plan| {
        let held = Arc::clone(&held);
        async move {
            // The first call holds the only slot until the gate opens.
            if plan.count == 0 {
                let _ = held.acquire().await;
            }
            Ok::<_, String>(records(plan))
        }
    };
    let lambda = local([
        LocalFunction::new("records", StreamsCallee::records(handler)).reserved_concurrency(1),
    ])
    .await;
    let first_client = StreamsClient::new(lambda.sdk_client());
    let holder = tokio::spawn(async move {
        let stream = first_client.records(&plan(0)).await.expect("starts");
        stream.try_collect::<Vec<_>>().await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let impatient = StreamsClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().retry(RetryPolicy::none()),
    );
    let Err(InvokeError::Throttled(throttled)) = impatient.records(&plan(3)).await else {
        panic!("expected a throttle while the slot is held")
    };
    assert_eq!(
        throttled.reason(),
        &ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded
    );
    // With retries, the call starts once the slot frees.
    let patient = StreamsClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().retry(
            RetryPolicy::default()
                .with_max_attempts(20)
                .with_base_delay(Duration::from_millis(50))
                .with_max_delay(Duration::from_millis(100)),
        ),
    );
    let opener = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        gate.add_permits(1);
    });
    let read: Vec<Record> = patient
        .records(&plan(3))
        .await
        .expect("starts after retries")
        .try_collect()
        .await
        .expect("every record");
    assert_eq!(read.len(), 3);
    opener.await.expect("opened");
    holder.await.expect("ran").expect("the first stream ends");
}

#[tokio::test]
async fn a_stream_over_200_mib_ends_as_lambda_reports_it() {
    let handler = |_: usize| async move {
        let chunk = bytes::Bytes::from(vec![b'z'; 1024 * 1024]);
        Ok::<_, String>(futures_util::stream::repeat(chunk).map(Ok::<_, String>))
    };
    let lambda = local([LocalFunction::new("bytes", StreamsCallee::bytes(handler))
        .timeout(Duration::from_secs(300))])
    .await;
    let client = StreamsClient::new(lambda.sdk_client());
    let mut stream = client.bytes(0).await.expect("starts");
    let mut received = 0_usize;
    let error = loop {
        match stream.next().await.expect("the stream ends in an error") {
            Ok(chunk) => received += chunk.len(),
            Err(error) => break error,
        }
    };
    let InvokeError::Function(error) = error else {
        panic!("expected Lambda's error, got {error:?}")
    };
    assert_eq!(error.error_type(), Some("Function.ResponseSizeTooLarge"));
    assert!(received <= 200 * 1024 * 1024, "{received} bytes");
    assert!(received >= 199 * 1024 * 1024, "{received} bytes");
}

#[tokio::test]
async fn bytes_arrive_as_written_without_the_prelude() {
    let handler = |size: usize| async move {
        let data: Vec<u8> = (0..size).map(|index| (index % 251) as u8).collect();
        let chunks: Vec<Result<bytes::Bytes, String>> = data
            .chunks(1000)
            .map(|chunk| Ok(bytes::Bytes::copy_from_slice(chunk)))
            .collect();
        Ok::<_, String>(futures_util::stream::iter(chunks))
    };
    let lambda = local([LocalFunction::new("bytes", StreamsCallee::bytes(handler))]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let size = 100_000;
    let chunks: Vec<bytes::Bytes> = client
        .bytes(size)
        .await
        .expect("starts")
        .try_collect()
        .await
        .expect("every chunk");
    let received: Vec<u8> = chunks.concat();
    let sent: Vec<u8> = (0..size).map(|index| (index % 251) as u8).collect();
    assert_eq!(received, sent);
}

#[tokio::test]
async fn qualifiers_and_the_log_tail_work_as_for_a_synchronous_call() {
    let lambda = local([records_callee()]).await;
    let client = StreamsClient::new(lambda.sdk_client());
    let live = client.live(&plan(2)).await.expect("starts");
    assert_eq!(live.executed_version(), Some("1"));
    assert_eq!(
        live.try_collect::<Vec<_>>().await.expect("records").len(),
        2
    );

    let mut logged = client.logged(&plan(2)).await.expect("starts");
    assert_eq!(logged.log_tail(), None, "the log comes at the end");
    while let Some(record) = logged.next().await {
        record.expect("a record");
    }
    let log = logged.log_tail().expect("the log tail");
    assert!(log.starts_with("START RequestId: "), "{log}");
    assert!(log.contains("writing a record"), "{log}");
    assert!(log.contains("REPORT RequestId: "), "{log}");
}

#[tokio::test]
async fn the_client_context_reaches_a_streaming_callee() {
    let handler = |context: lambda_client::callee::Context| async move {
        let custom = context
            .client_context
            .map(|client_context| serde_json::json!(client_context.custom))
            .unwrap_or_default();
        Ok::<_, String>(futures_util::stream::iter([Ok::<_, String>(custom)]))
    };
    let lambda = local([LocalFunction::new(
        "context",
        StreamsCallee::context_with_context(handler),
    )])
    .await;
    let client = StreamsClient::new(lambda.sdk_client());
    let context = ClientContext::new().custom("tenant", "blue");
    let read: Vec<serde_json::Value> = client
        .context(&context)
        .await
        .expect("starts")
        .try_collect()
        .await
        .expect("the record");
    assert_eq!(read, [serde_json::json!({ "tenant": "blue" })]);
}
