//! The client as a whole under load and faults: a retry quota that stops
//! it multiplying an outage, a deadline on every call and stream whatever
//! the peer does, and a concurrency limit that counts a run the client gave
//! up on until the callee's own timeout.
//!
//! The figures these tests print are in BENCHMARKS.md:
//! `cargo test -p lambda-client-tests --test faults -- --nocapture`.

use std::future::pending;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use lambda_client::{
    ApiError, ByteStream, ClientConfig, InvokeError, InvokeRequest, InvokeResponse,
    InvokeStreamResponse, RetryPolicy, RetryQuota, StreamEvent, Transport, TransportErrorKind,
    lambda_client,
};
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_client_tests::faults::{Fault, FaultProxy};
use lambda_client_tests::sdk_for;
use tokio::time::Instant;

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", idempotent)]
    async fn look_up(&self, id: u64) -> Result<u64, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn place(&self, id: u64) -> Result<u64, InvokeError>;

    #[lambda_client(name = "orders", mode = "stream")]
    async fn export(&self, id: u64) -> Result<ByteStream, InvokeError>;
}

const CALLS: u64 = 1_000;

/// `CALLS` idempotent calls at once through a proxy that answers every
/// request with `fault` (nothing behind it runs): the requests it received
/// per call, and the calls' errors.
async fn outage(fault: Fault, policy: RetryPolicy) -> (f64, Vec<InvokeError>) {
    // Nothing is forwarded: the upstream is never dialled.
    let proxy = FaultProxy::start("http://127.0.0.1:9", move |_| fault).await;
    let client = OrdersClient::with_config(
        sdk_for(proxy.endpoint_url()),
        ClientConfig::new().retry(policy),
    );
    let calls = (0..CALLS).map(|id| {
        let client = client.clone();
        tokio::spawn(async move { client.look_up(id).await })
    });
    let mut errors = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        match call.await.expect("no call panicked") {
            Ok(value) => panic!("the outage answered {value}"),
            Err(error) => errors.push(error),
        }
    }
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let per_call = proxy.requests() as f64 / CALLS as f64;
    (per_call, errors)
}

/// The same outage without the quota and with the default one: without,
/// every call sends its 3 attempts (a few may not arrive: a connection the
/// listener's backlog refused is retried too); with it, at most 1.2
/// requests a call. The calls' errors under the quota.
async fn not_multiplied(fault: Fault, answered: &str) -> Vec<InvokeError> {
    let (unbounded, _) = outage(fault, RetryPolicy::default().without_quota()).await;
    let (bounded, errors) = outage(fault, RetryPolicy::default()).await;
    println!(
        "{answered} for every request: {unbounded:.2} requests a call without the quota, {bounded:.2} with it"
    );
    assert!(
        unbounded > 2.5,
        "without a quota every call retries: {unbounded}"
    );
    assert!((1.0..=1.2).contains(&bounded), "{bounded} requests a call");
    errors
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_of_503s_is_not_multiplied_by_retries() {
    let errors = not_multiplied(Fault::Outage, "503").await;
    // 100 retries from a full bucket of 500 at 5 each: the rest say why
    // they were not retried.
    let spent = errors
        .iter()
        .filter(|error| error.retry_quota_spent())
        .count();
    assert!(spent >= 900, "{spent} of {CALLS} say the quota is spent");
    let Some(InvokeError::Service(refusal)) = errors.iter().find(|error| error.retry_quota_spent())
    else {
        panic!("a 503 is a refusal: {:?}", errors[0])
    };
    assert_eq!(refusal.status(), 503);
    assert!(
        refusal.to_string().ends_with(
            "; not retried: the client's retry quota is spent, as too many of its calls failed at once (it refills as calls succeed; `RetryQuota` sets its size)"
        ),
        "{refusal}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttle_of_every_request_is_not_multiplied_by_retries() {
    let errors = not_multiplied(Fault::Throttle, "429").await;
    let throttled = errors
        .iter()
        .filter(|error| matches!(error, InvokeError::Throttled(t) if t.retry_quota_spent()))
        .count();
    assert!(
        throttled >= 900,
        "{throttled} throttled calls say the quota is spent"
    );
}

#[tokio::test]
async fn the_quota_is_shared_by_clones_and_refills_as_calls_succeed() {
    // 2 retries' worth.
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::from_millis(1))
        .with_max_attempts(2)
        .with_quota(RetryQuota::default().with_capacity(10));
    let down = Arc::new(AtomicBool::new(true));
    let plan = Arc::clone(&down);
    let lambda = LocalLambda::builder()
        .function(
            "orders",
            OrdersCallee::look_up(|id: u64| async move { Ok::<_, lambda_runtime::Error>(id) }),
        )
        .start()
        .await
        .expect("the local Lambda starts");
    let proxy = FaultProxy::start(lambda.endpoint_url(), move |_| {
        if plan.load(Ordering::SeqCst) {
            Fault::Outage
        } else {
            Fault::None
        }
    })
    .await;
    let client = OrdersClient::with_config(
        sdk_for(proxy.endpoint_url()),
        ClientConfig::new().retry(policy),
    );
    let clone = client.clone();
    // Two calls fail twice each (an attempt and its retry) and empty the
    // bucket between them; the third is not retried: 2 + 2 + 1 requests.
    for (id, client) in [(1, &client), (2, &clone), (3, &client)] {
        let error = client.look_up(id).await.expect_err("refused");
        assert_eq!(error.retry_quota_spent(), id == 3, "call {id}: {error}");
    }
    assert_eq!(proxy.requests(), 5);
    // Five calls that succeed at once give a token each: a retry's worth.
    down.store(false, Ordering::SeqCst);
    for id in 10..15 {
        assert_eq!(clone.look_up(id).await.expect("answered"), id);
    }
    down.store(true, Ordering::SeqCst);
    let error = client.look_up(20).await.expect_err("refused");
    assert!(!error.retry_quota_spent(), "retried: {error}");
    assert_eq!(proxy.requests(), 5 + 5 + 2);
    let error = clone.look_up(21).await.expect_err("refused");
    assert!(error.retry_quota_spent(), "{error}");
}

/// A transport whose requests reach a peer that never answers, and whose
/// response streams send one chunk and then nothing.
struct Silent;

impl Transport for Silent {
    async fn invoke(&self, _: InvokeRequest) -> Result<InvokeResponse, ApiError> {
        pending().await
    }

    async fn invoke_stream(&self, _: InvokeRequest) -> Result<InvokeStreamResponse, ApiError> {
        let first = futures_util::stream::iter([Ok(StreamEvent::Chunk(Bytes::from_static(
            b"the first line\n",
        )))]);
        let events = futures_util::StreamExt::chain(first, futures_util::stream::pending());
        Ok(InvokeStreamResponse::new(Box::pin(events)))
    }
}

#[tokio::test(start_paused = true)]
async fn a_call_that_gets_no_answer_ends_just_after_lambdas_longest_run() {
    let client = OrdersClient::new(Silent);
    let started = Instant::now();
    let Err(InvokeError::Transport(error)) = client.place(1).await else {
        panic!("no answer ends in a transport error")
    };
    let waited = started.elapsed();
    println!("a call to a peer that never answers, default settings: ended after {waited:?}");
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert_eq!(waited, ClientConfig::DEFAULT_ATTEMPT_TIMEOUT);
    let cause = std::error::Error::source(&error)
        .expect("a cause")
        .to_string();
    assert_eq!(
        cause,
        "no answer within the attempt timeout of 930s (the default, just over the 15 minutes Lambda lets a function run; `ClientConfig::timeout` sets it)"
    );

    // The user's own timeout wins, and an idempotent call is retried within
    // the budget: 3 attempts of 2 s and the waits between them.
    let client =
        OrdersClient::with_config(Silent, ClientConfig::new().timeout(Duration::from_secs(2)));
    let started = Instant::now();
    let Err(InvokeError::Transport(error)) = client.look_up(1).await else {
        panic!("no answer ends in a transport error")
    };
    let cause = std::error::Error::source(&error)
        .expect("a cause")
        .to_string();
    assert_eq!(cause, "no answer within the attempt timeout of 2s");
    let waited = started.elapsed();
    assert!(
        (Duration::from_secs(6)..Duration::from_secs(7)).contains(&waited),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stream_that_goes_quiet_ends_at_its_deadline_or_its_idle_timeout() {
    use futures_util::StreamExt;

    let client = OrdersClient::new(Silent);
    let started = Instant::now();
    let mut stream = client.export(1).await.expect("the stream starts");
    assert_eq!(
        stream.next().await.expect("a chunk").expect("data"),
        Bytes::from_static(b"the first line\n")
    );
    let Some(Err(InvokeError::Transport(error))) = stream.next().await else {
        panic!("a stream that never ends is ended")
    };
    let waited = started.elapsed();
    println!("a stream that goes quiet, default settings: ended after {waited:?}");
    assert_eq!(waited, ClientConfig::DEFAULT_STREAM_TIMEOUT);
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert_eq!(
        error.to_string(),
        "the response stream of `orders` broke after 15 bytes had arrived: the call timed out; the callee ran, and whatever it sent after that is lost"
    );
    let cause = std::error::Error::source(&error)
        .expect("a cause")
        .to_string();
    assert_eq!(
        cause,
        "the response stream was still open 930s after the call began, its timeout (`ClientConfig::stream_timeout`)"
    );
    assert!(stream.next().await.is_none(), "the stream has ended");

    let config = ClientConfig::new()
        .stream_idle_timeout(Duration::from_secs(5))
        .stream_timeout(Duration::from_secs(60));
    let client = OrdersClient::with_config(Silent, config);
    let started = Instant::now();
    let mut stream = client.export(1).await.expect("the stream starts");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(stream.next().await.expect("a chunk").is_ok());
    let Some(Err(InvokeError::Transport(error))) = stream.next().await else {
        panic!("a quiet stream is ended")
    };
    // Idle from the last event read: the first chunk, read at 3 s.
    assert_eq!(started.elapsed(), Duration::from_secs(8));
    let cause = std::error::Error::source(&error)
        .expect("a cause")
        .to_string();
    assert_eq!(
        cause,
        "the response stream sent nothing for 5s, its idle timeout (`ClientConfig::stream_idle_timeout`)"
    );

    // Bounds too long to add to an instant are bounds all the same, not a
    // panic.
    let config = ClientConfig::new()
        .stream_idle_timeout(Duration::MAX)
        .stream_timeout(Duration::MAX);
    let mut stream = OrdersClient::with_config(Silent, config)
        .export(1)
        .await
        .expect("the stream starts");
    assert!(stream.next().await.expect("a chunk").is_ok());
}

#[test]
fn a_callee_timeout_is_at_most_lambdas_longest_run() {
    let config = ClientConfig::new().callee_timeout("orders", Duration::MAX);
    assert_eq!(config.callee_timeout_of("orders"), Duration::from_secs(900));
    assert_eq!(
        ClientConfig::new().callee_timeout_of("orders"),
        ClientConfig::DEFAULT_CALLEE_TIMEOUT
    );
}

/// Real sockets: a peer that accepts the request and never answers, with
/// a user's short timeout, ends in about that long.
#[tokio::test]
async fn a_call_to_a_peer_that_hangs_ends_at_the_users_timeout() {
    let lambda = LocalLambda::builder()
        .function(
            "orders",
            OrdersCallee::place(|id: u64| async move { Ok::<_, lambda_runtime::Error>(id) }),
        )
        .start()
        .await
        .expect("the local Lambda starts");
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::Hang).await;
    let client = OrdersClient::with_config(
        sdk_for(proxy.endpoint_url()),
        ClientConfig::new().timeout(Duration::from_millis(300)),
    );
    let started = std::time::Instant::now();
    let Err(InvokeError::Transport(error)) = client.place(1).await else {
        panic!("no answer ends in a transport error")
    };
    let waited = started.elapsed();
    println!("a call to a peer that hangs, timeout 300 ms: ended after {waited:?}");
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert_eq!(
        proxy.requests(),
        1,
        "sent once, not retried: `place` is not idempotent"
    );
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
}

/// A call that gave up on a slow callee leaves it running on Lambda: its
/// slot under the limit stays taken until the callee's own timeout, so the
/// calls after it wait for the slot instead of being throttled by the run
/// they cannot see.
#[tokio::test]
async fn a_call_that_gives_up_keeps_its_slot_until_the_callees_timeout() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new(
                "orders",
                OrdersCallee::look_up(move |id: u64| {
                    counted.fetch_add(1, Ordering::SeqCst);
                    async move {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        Ok::<_, lambda_runtime::Error>(id)
                    }
                }),
            )
            .timeout(Duration::from_secs(2))
            .reserved_concurrency(1),
        )
        .start()
        .await
        .expect("the local Lambda starts");
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::None).await;
    let config = ClientConfig::new()
        .timeout(Duration::from_millis(100))
        .concurrency_limit("orders", 1)
        .callee_timeout("orders", Duration::from_secs(2));
    let client = OrdersClient::with_config(sdk_for(proxy.endpoint_url()), config);
    let started = std::time::Instant::now();
    let mut queued = 0;
    for id in 0..10 {
        match client.look_up(id).await {
            Err(InvokeError::Queued(_)) => queued += 1,
            Err(InvokeError::Transport(error)) if error.kind() == TransportErrorKind::Timeout => {}
            other => panic!("call {id}: {other:?}"),
        }
    }
    let requests = proxy.requests();
    println!(
        "10 calls giving up after 100 ms on a callee of 1 s: {requests} requests, {queued} calls queued"
    );
    // The first call's run holds the slot for 2 s: the first call's retry
    // and the nine calls after it, each within its 100 ms, wait for the
    // slot and are not sent.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the test was too slow to tell"
    );
    assert_eq!(requests, 1, "only the first call reached Lambda");
    assert_eq!(queued, 10);
    // Once the callee's timeout has passed, the slot is free again: the
    // next call is sent (and gives up in its turn).
    tokio::time::sleep(Duration::from_secs(2).saturating_sub(started.elapsed())).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let Err(InvokeError::Queued(_)) = client.look_up(10).await else {
        panic!("sent, given up on, and its retry queued")
    };
    assert_eq!(proxy.requests(), 2);
    assert_eq!(runs.load(Ordering::SeqCst), 2, "no run was throttled");
}

/// A peer that answers every request with headers declaring a 256 MiB
/// body, sends two bytes of it and then nothing; and the requests it got.
async fn declaring_256_mib() -> (String, Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds 127.0.0.1");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counted = Arc::clone(&counted);
            tokio::spawn(async move {
                let mut request = vec![0; 64 * 1024];
                if socket.read(&mut request).await.unwrap_or(0) == 0 {
                    return;
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 268435456\r\n\r\n{\"";
                let _ = socket.write_all(head).await;
                pending::<()>().await;
            });
        }
    });
    (endpoint, requests)
}

/// An answer that declares more than Lambda can send is refused on its
/// headers, through the user's HTTP client or the SDK's default one alike:
/// nothing of the body is read (it never comes here), and it is not retried.
#[tokio::test]
async fn an_answer_declaring_more_than_lambda_sends_is_refused_before_its_body() {
    let (endpoint, requests) = declaring_256_mib().await;
    let with_http_client = {
        let config = sdk_for(&endpoint)
            .config()
            .to_builder()
            .http_client(aws_smithy_http_client::Builder::new().build_http())
            .build();
        aws_sdk_lambda::Client::from_conf(config)
    };
    for (case, sdk) in [
        ("the SDK's default HTTP client", sdk_for(&endpoint)),
        ("the user's HTTP client", with_http_client),
    ] {
        let before = requests.load(Ordering::SeqCst);
        let client =
            OrdersClient::with_config(sdk, ClientConfig::new().timeout(Duration::from_secs(10)));
        let started = std::time::Instant::now();
        let Err(InvokeError::ResponseTooLarge(error)) = client.look_up(1).await else {
            panic!("{case}: refused for its size")
        };
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{case}: waited for the body"
        );
        assert_eq!(
            (error.size(), error.limit()),
            (268_435_456, 6_291_556),
            "{case}"
        );
        assert_eq!(
            error.to_string(),
            "the answer to the call to `orders` reached 268435456 bytes, over the 6291556 bytes Lambda allows a synchronous response (the size its Content-Length declares; none of its body was read), so it cannot come from Lambda and was not decoded; check the endpoint the client is configured for",
            "{case}"
        );
        assert_eq!(
            requests.load(Ordering::SeqCst) - before,
            1,
            "{case}: not retried"
        );
    }
}
