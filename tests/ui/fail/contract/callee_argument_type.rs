//! The trait's argument type changed: a callee still written for the old one
//! no longer builds.
use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: u64) -> Result<u64, InvokeError>;
}

async fn place(sku: String) -> Result<u64, lambda_runtime::Error> {
    Ok(sku.len() as u64)
}

fn main() {
    let _ = OrdersCallee::place(place);
}
