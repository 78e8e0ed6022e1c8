//! Nothing the expansion names can be shadowed: modules called `core` and
//! `serde` beside the trait, and arguments named like the macro's own locals.
use lambda_client::{InvokeError, lambda_client};

mod core {}
mod serde {}
mod std {}

#[allow(dead_code)]
struct Option;
#[allow(dead_code)]
struct Send;

#[lambda_client]
pub trait Shadowed {
    #[lambda_client(name = "invoked")]
    async fn locals(
        &self,
        client: u8,
        payload: u8,
        request: u8,
        response: u8,
        transport: u8,
        method: u8,
    ) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked")]
    async fn one(&self, payload: &str) -> Result<u8, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn arguments(&self, arguments: u8, descriptor: u8) -> Result<(), InvokeError>;
}

fn main() {}
