//! A caller-only contract may use types that only serialize; running a
//! callee for it needs them to deserialize, and says so where it runs.
use lambda_client::{InvokeError, lambda_client};

#[derive(serde::Serialize)]
pub struct Item {
    pub sku: String,
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, item: Item) -> Result<u64, InvokeError>;
}

async fn place(item: Item) -> Result<u64, lambda_runtime::Error> {
    Ok(item.sku.len() as u64)
}

fn main() {
    let _ = || async { lambda_runtime::run(OrdersCallee::place(place)).await };
}
