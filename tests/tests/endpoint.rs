//! Pitfall 3: an endpoint that never answers fails fast, with a message that
//! names the likely causes and the setting to change. On loopback: a
//! listening socket whose backlog is full drops every new connection
//! attempt, as a VPC without a route to Lambda does.

use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_lambda::config::timeout::TimeoutConfig;
use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use lambda_client::{
    ApiError, ClientConfig, InvokeError, InvokeRequest, InvokeResponse, RetryPolicy, Transport,
    TransportErrorKind, lambda_client,
};

#[lambda_client]
trait Unreachable {
    #[lambda_client(name = "invoked")]
    async fn read(&self, message: String) -> Result<String, InvokeError>;
}

/// A socket that accepts nothing more: its backlog is full and nobody
/// accepts. Kept alive with the connections that fill it.
fn full_backlog() -> (tokio::net::TcpListener, Vec<TcpStream>, SocketAddr) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .expect("binds");
    let address = socket.local_addr().expect("an address");
    let listener = socket.listen(1).expect("listens");
    let mut fillers = Vec::new();
    while let Ok(stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
        fillers.push(stream);
        assert!(fillers.len() < 64, "the backlog never filled");
    }
    (listener, fillers, address)
}

fn sdk(address: SocketAddr, timeouts: Option<TimeoutConfig>) -> aws_sdk_lambda::Client {
    let mut config = aws_sdk_lambda::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .endpoint_url(format!("http://{address}"));
    if let Some(timeouts) = timeouts {
        config = config.timeout_config(timeouts);
    }
    aws_sdk_lambda::Client::from_conf(config.build())
}

async fn call_once(sdk: aws_sdk_lambda::Client) -> (InvokeError, Duration) {
    let client =
        UnreachableClient::with_config(sdk, ClientConfig::new().retry(RetryPolicy::none()));
    let started = Instant::now();
    let error = client
        .read("hi".to_owned())
        .await
        .expect_err("nothing answers");
    (error, started.elapsed())
}

#[tokio::test]
async fn an_endpoint_that_accepts_nothing_fails_within_the_connect_timeout_and_says_why() {
    let (_listener, _fillers, address) = full_backlog();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_millis(500))
        .build();

    let (error, elapsed) = call_once(sdk(address, Some(timeouts))).await;

    // The connect timeout, not minutes; the upper side leaves room for a
    // loaded machine.
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    let InvokeError::Transport(failure) = &error else {
        panic!("expected InvokeError::Transport, got {error:?}")
    };
    assert_eq!(failure.kind(), TransportErrorKind::Connect);
    assert!(failure.is_retry_safe(), "nothing was sent");
    let message = error.to_string();
    for cause in [
        "NAT gateway",
        "Lambda interface endpoint",
        "AWS_ENDPOINT_URL_LAMBDA",
        "endpoint_url",
        "wrong endpoint URL",
        "timeout_config",
    ] {
        assert!(message.contains(cause), "{message} lacks {cause:?}");
    }
}

#[tokio::test]
async fn the_default_connect_timeout_is_a_few_seconds() {
    let (_listener, _fillers, address) = full_backlog();

    let (error, elapsed) = call_once(sdk(address, None)).await;

    assert!(
        matches!(&error, InvokeError::Transport(failure) if failure.kind() == TransportErrorKind::Connect),
        "{error:?}"
    );
    // The SDK's 3.1 s, not minutes; the upper side leaves room for a loaded
    // machine.
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(8),
        "{elapsed:?}"
    );
}

/// Sends through the SDK, counting the attempts.
struct Counting {
    sdk: aws_sdk_lambda::Client,
    attempts: AtomicUsize,
}

impl Transport for Counting {
    async fn invoke(&self, request: InvokeRequest) -> Result<InvokeResponse, ApiError> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        Transport::invoke(&self.sdk, request).await
    }
}

fn counting(sdk: aws_sdk_lambda::Client) -> Counting {
    Counting {
        sdk,
        attempts: AtomicUsize::new(0),
    }
}

/// A connection that was never made proves nothing was sent: the default
/// policy tries it three times, and the call ends as `Connect`.
#[tokio::test]
async fn a_refused_connection_is_retried_and_ends_as_connect() {
    // Bound but not listening, and held: every connection is refused, and no
    // other process can take the port meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .expect("binds");
    let address = socket.local_addr().expect("an address");
    let client = UnreachableClient::with_config(
        counting(sdk(address, None)),
        ClientConfig::new().retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1))),
    );

    match client.read("hi".to_owned()).await {
        Err(InvokeError::Transport(failure)) => {
            assert_eq!(failure.kind(), TransportErrorKind::Connect)
        }
        other => panic!("expected a connect failure, got {other:?}"),
    }
    assert_eq!(client.transport().attempts.load(Ordering::SeqCst), 3);
}

/// What a user of the default policy sees from an endpoint with no route:
/// each of the three attempts waits out the connect timeout.
#[tokio::test]
async fn with_the_default_policy_an_unreachable_endpoint_takes_three_connect_timeouts() {
    let (_listener, _fillers, address) = full_backlog();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_millis(300))
        .build();
    let client = UnreachableClient::new(counting(sdk(address, Some(timeouts))));

    let started = Instant::now();
    let error = client
        .read("hi".to_owned())
        .await
        .expect_err("nothing answers");
    let elapsed = started.elapsed();

    assert!(
        matches!(&error, InvokeError::Transport(failure) if failure.kind() == TransportErrorKind::Connect),
        "{error:?}"
    );
    assert_eq!(client.transport().attempts.load(Ordering::SeqCst), 3);
    assert!(
        elapsed >= Duration::from_millis(3 * 300 - 50),
        "{elapsed:?}"
    );
}
