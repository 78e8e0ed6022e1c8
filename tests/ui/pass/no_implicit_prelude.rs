//! The expansion names everything by absolute path: it compiles without the prelude.
#![no_implicit_prelude]

extern crate lambda_client;
extern crate std;

use lambda_client::{ClientContext, InvokeError, Reply, lambda_client};
use std::result::Result;
use std::string::String;

#[lambda_client]
pub trait Bare {
    #[lambda_client(name = "invoked")]
    async fn none(&self) -> Result<String, InvokeError>;

    #[lambda_client(name = "invoked")]
    async fn one(&self, message: String) -> Result<String, InvokeError>;

    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn two(&self, message: &str, times: u32) -> Result<(), InvokeError>;

    #[lambda_client(
        name = "invoked",
        log = "tail",
        idempotent,
        max_attempts = 5,
        timeout_ms = 250
    )]
    async fn observed(
        &self,
        message: String,
        context: &ClientContext,
    ) -> Result<Reply<String>, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn three(&self, a: u8, b: u8, c: u8) -> Result<(), InvokeError>;
}

fn main() {}
