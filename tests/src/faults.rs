//! A fault-injecting proxy on loopback, in front of the local Lambda: for
//! each request a plan picks a fault. Faults that Lambda raises before the
//! callee starts (a throttle, an ENI error) never reach the local Lambda;
//! the others let the callee run and then spoil the answer (a 500, a
//! dropped connection, no answer at all), so a test can count how often the
//! callee ran for each call.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward it and return the answer.
    None,
    /// 429 `TooManyRequestsException`; the callee does not run.
    Throttle,
    /// 502 `ENILimitReachedException`; the callee does not run.
    EniLimit,
    /// The callee runs, then Lambda answers 500 `ServiceException`.
    ServiceException,
    /// The callee runs, then a bare 503 without an error code.
    Unavailable,
    /// A bare 503 at once, nothing forwarded: the endpoint itself is down.
    Outage,
    /// The callee runs, then the connection is dropped before the response.
    Reset,
    /// The callee runs, then no answer ever comes.
    Hang,
}

/// A running proxy. Dropping it stops it.
#[derive(Debug)]
pub struct FaultProxy {
    endpoint: String,
    requests: Arc<AtomicUsize>,
    server: JoinHandle<()>,
}

type Plan = dyn Fn(&[u8]) -> Fault + Send + Sync;

impl FaultProxy {
    /// Proxies to `upstream` (the local Lambda's endpoint URL); `plan` sees
    /// each request's payload and picks its fault.
    ///
    /// # Panics
    ///
    /// When 127.0.0.1 cannot be bound.
    pub async fn start(
        upstream: &str,
        plan: impl Fn(&[u8]) -> Fault + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("binds 127.0.0.1");
        let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let plan: Arc<Plan> = Arc::new(plan);
        let upstream: Arc<str> = upstream.into();
        let client: Client<HttpConnector, Full<Bytes>> =
            Client::builder(TokioExecutor::new()).build_http();
        let counted = Arc::clone(&requests);
        let server = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (plan, upstream, client, counted) = (
                    Arc::clone(&plan),
                    Arc::clone(&upstream),
                    client.clone(),
                    Arc::clone(&counted),
                );
                let service = hyper::service::service_fn(move |request| {
                    counted.fetch_add(1, Ordering::SeqCst);
                    proxy(
                        request,
                        Arc::clone(&plan),
                        Arc::clone(&upstream),
                        client.clone(),
                    )
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .serve_connection(TokioIo::new(stream), service),
                );
            }
        });
        FaultProxy {
            endpoint,
            requests,
            server,
        }
    }

    /// The proxy's endpoint URL.
    pub fn endpoint_url(&self) -> &str {
        &self.endpoint
    }

    /// How many requests reached the proxy.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Why the proxy dropped a connection: hyper closes it without a response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fault proxy dropped the connection")
    }
}

impl std::error::Error for Dropped {}

async fn proxy(
    request: http::Request<Incoming>,
    plan: Arc<Plan>,
    upstream: Arc<str>,
    client: Client<HttpConnector, Full<Bytes>>,
) -> Result<http::Response<Full<Bytes>>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let fault = plan(&body);
    match fault {
        Fault::Throttle => {
            return Ok(error_answer(
                429,
                "TooManyRequestsException",
                r#"{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}"#,
            ));
        }
        Fault::Outage => return Ok(unavailable()),
        Fault::EniLimit => {
            return Ok(error_answer(
                502,
                "ENILimitReachedException",
                r#"{"Type":"User","message":"Lambda was unable to create an ENI"}"#,
            ));
        }
        _ => {}
    }
    let uri = format!(
        "{upstream}{}",
        parts.uri.path_and_query().map_or("/", |path| path.as_str())
    );
    let mut forwarded = http::Request::builder().method(parts.method).uri(uri);
    for (name, value) in &parts.headers {
        if name != http::header::HOST {
            forwarded = forwarded.header(name, value);
        }
    }
    let forwarded = forwarded.body(Full::new(body)).map_err(|_| Dropped)?;
    let answer = client.request(forwarded).await.map_err(|_| Dropped)?;
    let (parts, body) = answer.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    match fault {
        Fault::ServiceException => Ok(error_answer(
            500,
            "ServiceException",
            r#"{"Type":"Service","message":"internal error"}"#,
        )),
        Fault::Unavailable => Ok(unavailable()),
        Fault::Reset => Err(Dropped),
        Fault::Hang => std::future::pending().await,
        Fault::None | Fault::Throttle | Fault::EniLimit | Fault::Outage => {
            Ok(http::Response::from_parts(parts, Full::new(body)))
        }
    }
}

fn unavailable() -> http::Response<Full<Bytes>> {
    let mut answer = http::Response::new(Full::new(Bytes::from_static(b"Service Unavailable")));
    *answer.status_mut() = http::StatusCode::SERVICE_UNAVAILABLE;
    answer
}

fn error_answer(
    status: u16,
    code: &'static str,
    body: &'static str,
) -> http::Response<Full<Bytes>> {
    let mut answer = http::Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *answer.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::BAD_GATEWAY);
    answer
        .headers_mut()
        .insert("x-amzn-errortype", http::HeaderValue::from_static(code));
    answer.headers_mut().insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    answer
}
