// `#[mockall::automock]` above `#[lambda_client]` runs first: among the
// errors of that order, one of ours says which order works.
use lambda_client::{InvokeError, lambda_client};

#[mockall::automock]
#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: String, quantity: u32) -> Result<u64, InvokeError>;
}

fn main() {}
