//! The trait's result type changed: a caller expecting the old one no longer
//! builds either.
use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: String) -> Result<String, InvokeError>;
}

async fn call(client: OrdersClient) -> Result<u64, InvokeError> {
    let count: u64 = client.place("A-1".to_owned()).await?;
    Ok(count)
}

fn main() {
    let _ = call;
}
