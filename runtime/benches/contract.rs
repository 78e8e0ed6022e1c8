//! What a contract's document and fingerprint cost (feature `schema`):
//!
//! - producing the document of a 20-method contract whose types nest three
//!   deep (an order's items' origin's region), and diffing two of them;
//! - the fingerprint, made once per process: its first lookup and the next;
//! - a sync call carrying the fingerprint against the same call without it
//!   (the same contract, once with types that describe themselves and once
//!   without), taking turns round after round, through the overhead bench's
//!   in-memory SDK.
//!
//! ```text
//! cargo bench -p lambda-client --features schema --bench contract
//! ```

use std::hint::black_box;
use std::time::Instant;

use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[allow(dead_code)] // the hand-written call is the overhead bench's
mod sync_call;

/// Twenty methods over a handful of types, each method calling its own function.
#[allow(dead_code)] // only its contract is measured
mod twenty {
    use super::{Deserialize, InvokeError, Serialize, lambda_client};

    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    pub(crate) enum Region {
        North,
        South,
        Abroad { country: String },
    }

    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    pub(crate) struct Address {
        pub(crate) street: String,
        pub(crate) region: Region,
        pub(crate) zip: Option<String>,
    }

    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    pub(crate) struct Item {
        pub(crate) sku: String,
        pub(crate) quantity: u32,
        pub(crate) tags: Vec<String>,
        pub(crate) origin: Address,
    }

    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    pub(crate) struct Order {
        pub(crate) id: u64,
        pub(crate) items: Vec<Item>,
        pub(crate) note: Option<String>,
    }

    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    pub(crate) enum State {
        Open,
        Paid { at: u64 },
        Shipped(String),
    }

    macro_rules! contract {
        ($($method:ident => $function:literal),* $(,)?) => {
            #[lambda_client]
            pub(crate) trait Shop {
                $(
                    #[lambda_client(name = $function)]
                    async fn $method(&self, order: &Order, state: State, count: u32) -> Result<Vec<Item>, InvokeError>;
                )*
            }
        };
    }

    contract!(
        m01 => "f01", m02 => "f02", m03 => "f03", m04 => "f04", m05 => "f05",
        m06 => "f06", m07 => "f07", m08 => "f08", m09 => "f09", m10 => "f10",
        m11 => "f11", m12 => "f12", m13 => "f13", m14 => "f14", m15 => "f15",
        m16 => "f16", m17 => "f17", m18 => "f18", m19 => "f19", m20 => "f20",
    );
}

/// The overhead bench's call, with types that describe themselves.
mod described {
    use super::{Deserialize, InvokeError, Serialize, lambda_client};

    #[derive(Debug, Serialize, schemars::JsonSchema)]
    pub(crate) struct Reader {
        pub(crate) message: String,
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
    pub(crate) struct Echo {
        #[allow(dead_code)]
        pub(crate) echo: String,
    }

    #[lambda_client]
    pub(crate) trait Invoked {
        #[lambda_client(name = "invoked")]
        async fn read(&self, reader: &Reader) -> Result<Echo, InvokeError>;
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn document_figures() {
    use lambda_client::__private::schema::{Described as _, Probe};
    let started = Instant::now();
    let document = lambda_client::schema::document::<twenty::ShopContract>();
    let first = started.elapsed();
    let mut times = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        black_box(lambda_client::schema::document::<twenty::ShopContract>());
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    let text = serde_json::to_string_pretty(&document).expect("JSON");
    println!(
        "the document of a 20-method contract: {} bytes, first in {:.0} µs, then a median of {:.0} µs (200 runs)",
        text.len(),
        first.as_secs_f64() * 1e6,
        median(times)
    );
    // The same contract after a breaking change three levels down: the
    // address gains a required field.
    let mut changed = document.clone();
    changed["$defs"]["Address"]["properties"]["floor"] = serde_json::json!({ "type": "integer" });
    changed["$defs"]["Address"]["required"]
        .as_array_mut()
        .expect("required fields")
        .push("floor".into());
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..200 {
        let started = Instant::now();
        found = black_box(lambda_client::schema::diff(&document, &changed)).len();
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    let mut same = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        black_box(lambda_client::schema::diff(&document, &document));
        same.push(started.elapsed().as_secs_f64() * 1e6);
    }
    println!(
        "its diff against itself: a median of {:.0} µs; against a required field added three levels down ({found} changes: one in each method's payload and result): a median of {:.0} µs (200 runs each)",
        median(same),
        median(times)
    );
    let started = Instant::now();
    #[allow(clippy::needless_borrow)] // the probe's autoref picks the impl
    let id = (&&Probe::<twenty::ShopContract>::new()).contract();
    println!(
        "its fingerprint {}: made in {:.0} µs, once per process; a call then reads it from a OnceLock",
        id.map(|id| id.fingerprint).unwrap_or_default(),
        started.elapsed().as_secs_f64() * 1e6
    );
}

/// The calls of a round.
const CALLS: u32 = 300;

fn fingerprint_overhead() {
    use described::Invoked as _;
    use sync_call::Invoked as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let sdk = sync_call::sdk();
    let plain = sync_call::InvokedClient::new(sdk.clone());
    let fingerprinted = described::InvokedClient::new(sdk);
    let plain_reader = sync_call::reader();
    let reader = described::Reader {
        message: "m".repeat(1000),
    };
    let (mut without, mut with) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        // Warm: the fingerprint is made on the first call.
        for _ in 0..100 {
            plain.read(&plain_reader).await.expect("answered");
            fingerprinted.read(&reader).await.expect("answered");
        }
        for round in 0..41 {
            let measure = |fingerprint: bool| {
                let (plain, fingerprinted, plain_reader, reader) =
                    (&plain, &fingerprinted, &plain_reader, &reader);
                async move {
                    let started = Instant::now();
                    for _ in 0..CALLS {
                        if fingerprint {
                            black_box(fingerprinted.read(reader).await.expect("answered"));
                        } else {
                            black_box(plain.read(plain_reader).await.expect("answered"));
                        }
                    }
                    started.elapsed().as_secs_f64() * 1e6 / f64::from(CALLS)
                }
            };
            if round % 2 == 0 {
                without.push(measure(false).await);
                with.push(measure(true).await);
            } else {
                with.push(measure(true).await);
                without.push(measure(false).await);
            }
        }
    });
    let ratios: Vec<f64> = with.iter().zip(&without).map(|(a, b)| a / b).collect();
    println!(
        "RATIO a sync call with the contract's fingerprint / without: {:.3} (median of 41 rounds of {CALLS}; {:.1} / {:.1} µs; the bound is 1.01)",
        median(ratios),
        median(with.clone()),
        median(without.clone()),
    );
}

fn main() {
    document_figures();
    fingerprint_overhead();
}
