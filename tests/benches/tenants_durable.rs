//! The figures of tenant-aware and durable calls, through the local Lambda:
//!
//! - a three-hop chain (A calls B calls C), each hop carrying its tenant and
//!   trace header on, against the same chain carrying neither: the
//!   per-call cost of forwarding, the chains taking turns round after round
//!   in one process;
//! - `DurableCall::result()` on an execution that finishes after 2 s: how
//!   long after the finish it returns, and how many `GetDurableExecution`
//!   requests it made (counted by a proxy in front of the local Lambda).
//!
//! ```text
//! cargo bench -p lambda-client-tests --bench tenants_durable
//! ```

use std::time::{Duration, Instant};

use lambda_client::{DurableCall, ExecutionName, InvokeError, TenantId, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_client_tests::faults::{Fault, FaultProxy};
use lambda_client_tests::sdk_for;

const ROUNDS: usize = 11;
const CALLS_PER_ROUND: usize = 200;

#[lambda_client]
pub trait Chain {
    /// A with a tenant: calls B, which calls C.
    #[lambda_client(name = "a-tenant")]
    async fn a_tenant(&self, tenant: &TenantId, hops: u32) -> Result<u32, InvokeError>;
    #[lambda_client(name = "b-tenant")]
    async fn b_tenant(&self, hops: u32) -> Result<u32, InvokeError>;
    #[lambda_client(name = "c-tenant")]
    async fn c_tenant(&self, hops: u32) -> Result<u32, InvokeError>;

    /// The same chain, without tenant isolation or forwarding.
    #[lambda_client(name = "a-plain")]
    async fn a_plain(&self, hops: u32) -> Result<u32, InvokeError>;
    #[lambda_client(name = "b-plain")]
    async fn b_plain(&self, hops: u32) -> Result<u32, InvokeError>;
    #[lambda_client(name = "c-plain")]
    async fn c_plain(&self, hops: u32) -> Result<u32, InvokeError>;

    /// A durable function that finishes after `millis`.
    #[lambda_client(name = "slow", mode = "durable", qualifier = "$LATEST")]
    async fn slow(
        &self,
        execution: &ExecutionName,
        millis: u64,
    ) -> Result<DurableCall<u64>, InvokeError>;
}

/// The client a hop uses for the next: the local Lambda at `ENDPOINT`,
/// made once per process.
fn next_hop() -> ChainClient {
    static CLIENT: std::sync::OnceLock<ChainClient> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let endpoint = lambda_client::env::var("ENDPOINT").expect("ENDPOINT");
            ChainClient::new(sdk_for(&endpoint))
        })
        .clone()
}

async fn chain_lambda() -> LocalLambda {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let hop = |function: LocalFunction| {
        function
            .env("ENDPOINT", endpoint.clone())
            .timeout(Duration::from_secs(30))
    };
    LocalLambda::builder()
        .host(hop(LocalFunction::tenant_isolated("a-tenant", || {
            ChainCallee::a_tenant(|hops: u32| async move {
                next_hop()
                    .b_tenant(hops + 1)
                    .await
                    .map_err(|e| e.to_string())
            })
        })))
        .host(hop(LocalFunction::tenant_isolated("b-tenant", || {
            ChainCallee::b_tenant(|hops: u32| async move {
                next_hop()
                    .c_tenant(hops + 1)
                    .await
                    .map_err(|e| e.to_string())
            })
        })))
        .host(hop(LocalFunction::tenant_isolated("c-tenant", || {
            ChainCallee::c_tenant(|hops: u32| async move { Ok::<_, String>(hops + 1) })
        })))
        .host(hop(LocalFunction::new(
            "a-plain",
            ChainCallee::a_plain(|hops: u32| async move {
                next_hop()
                    .b_plain(hops + 1)
                    .await
                    .map_err(|e| e.to_string())
            }),
        )))
        .host(hop(LocalFunction::new(
            "b-plain",
            ChainCallee::b_plain(|hops: u32| async move {
                next_hop()
                    .c_plain(hops + 1)
                    .await
                    .map_err(|e| e.to_string())
            }),
        )))
        .host(hop(LocalFunction::new(
            "c-plain",
            ChainCallee::c_plain(|hops: u32| async move { Ok::<_, String>(hops + 1) }),
        )))
        .host(
            LocalFunction::new(
                "slow",
                ChainCallee::slow(|millis: u64| async move {
                    tokio::time::sleep(Duration::from_millis(millis)).await;
                    Ok::<_, String>(millis)
                }),
            )
            .timeout(Duration::from_secs(30))
            .durable(),
        )
        .port(port)
        .start()
        .await
        .expect("the local Lambda starts")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn chain(lambda: &LocalLambda) {
    let client = ChainClient::new(lambda.sdk_client());
    let tenant = TenantId::new("bench").expect("valid");
    let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    // Warm both chains: connections, and each tenant's environments.
    for _ in 0..50 {
        assert_eq!(client.a_tenant(&tenant, 0).await.expect("the chain"), 3);
        assert_eq!(client.a_plain(0).await.expect("the chain"), 3);
    }
    // The two chains take turns call by call, so that a slow moment of the
    // machine falls on both; a round's figure is its mean per call.
    let (mut forwarded, mut plain) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (mut with, mut without) = (Duration::ZERO, Duration::ZERO);
        for call in 0..CALLS_PER_ROUND {
            let forwarded_first = (round + call) % 2 == 0;
            for forwarding in [forwarded_first, !forwarded_first] {
                let started = Instant::now();
                if forwarding {
                    lambda_client::trace_header::scope(Some(trace), client.a_tenant(&tenant, 0))
                        .await
                        .expect("the chain");
                    with += started.elapsed();
                } else {
                    client.a_plain(0).await.expect("the chain");
                    without += started.elapsed();
                }
            }
        }
        forwarded.push(with.as_secs_f64() * 1e6 / CALLS_PER_ROUND as f64);
        plain.push(without.as_secs_f64() * 1e6 / CALLS_PER_ROUND as f64);
    }
    let ratios: Vec<f64> = forwarded
        .iter()
        .zip(&plain)
        .map(|(with, without)| with / without)
        .collect();
    let shown: Vec<String> = ratios.iter().map(|ratio| format!("{ratio:.3}")).collect();
    let (forwarded, plain) = (median(forwarded), median(plain));
    println!(
        "three-hop chain, {ROUNDS} rounds of {CALLS_PER_ROUND} calls each, taking turns call by call:"
    );
    println!("  with tenant and trace forwarded  {forwarded:8.1} µs a call");
    println!("  without                          {plain:8.1} µs a call");
    println!("  per round: {}", shown.join(" "));
    println!(
        "  RATIO forwarded / plain, the median of the rounds' {:.3} (the bound is 1.02)",
        median(ratios)
    );
}

async fn durable(lambda: &LocalLambda) {
    let proxy = FaultProxy::start(lambda.endpoint_url(), |_| Fault::None).await;
    let client = ChainClient::new(sdk_for(proxy.endpoint_url()));
    let mut lateness = Vec::new();
    let mut polls = Vec::new();
    for run in 0..3 {
        let before = proxy.requests();
        let name = ExecutionName::new(format!("slow-{run}")).expect("valid");
        let started = Instant::now();
        let call = client.slow(&name, 2000).await.expect("started");
        let value = call.result().await.expect("its result");
        let took = started.elapsed();
        assert_eq!(value, 2000);
        // One request started it; the rest polled.
        polls.push(proxy.requests() - before - 1);
        lateness.push(took.as_secs_f64() - 2.0);
    }
    println!("DurableCall::result() on an execution that finishes after 2 s, 3 runs:");
    println!(
        "  returned {} s after the finish (the bound is 0.2 s plus one polling interval, at most 2 s)",
        lateness
            .iter()
            .map(|late| format!("{late:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  GetDurableExecution requests: {} (the bound is 20)",
        polls
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let lambda = chain_lambda().await;
        chain(&lambda).await;
        durable(&lambda).await;
    });
}
