//! The 1 MB value the codec benchmarks move: 6,000 order lines.

use serde::{Deserialize, Serialize};

/// One order line.
// `pub`: the callee bench's contract, a public trait, names it.
#[allow(unreachable_pub)]
#[derive(Debug, Serialize, Deserialize)]
pub struct Line {
    sku: String,
    description: String,
    quantity: u32,
    price: f64,
    tags: Vec<String>,
}

/// About 1 MB of JSON.
pub(crate) fn lines() -> Vec<Line> {
    (0..6_000)
        .map(|i| Line {
            sku: format!("SKU-{i:08}"),
            description: format!("item number {i} with a description long enough to matter"),
            quantity: i % 17,
            price: f64::from(i) * 1.25,
            tags: vec!["red".into(), format!("batch-{}", i % 31)],
        })
        .collect()
}

/// [`lines`] as JSON, checked to be about 1 MB.
pub(crate) fn encoded(lines: &[Line]) -> Vec<u8> {
    let bytes = serde_json::to_vec(lines).unwrap();
    assert!(
        (900_000..1_200_000).contains(&bytes.len()),
        "{} bytes",
        bytes.len()
    );
    bytes
}
