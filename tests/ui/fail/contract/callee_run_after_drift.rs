//! A callee that drifted from the trait, served with `lambda_runtime::run`:
//! the mismatch is reported once, where the handler is given, not again at
//! each use of the service it makes.
use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: u64) -> Result<u64, InvokeError>;
}

async fn place(sku: String) -> Result<u64, lambda_runtime::Error> {
    Ok(sku.len() as u64)
}

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(OrdersCallee::place(place)).await
}
