//! A crate that denies missing docs and warnings compiles the expansion.
#![deny(missing_docs, warnings, missing_debug_implementations)]

use lambda_client::{InvokeError, lambda_client};

/// The functions this crate calls.
#[lambda_client]
pub trait Invoked {
    /// Asks `invoked` for its version.
    #[lambda_client(name = "invoked")]
    async fn version(&self) -> Result<String, InvokeError>;

    /// Pokes `invoked`.
    #[lambda_client(name = "invoked", mode = "event")]
    async fn poke(&self, times: u32) -> Result<(), InvokeError>;
}

fn main() {}
