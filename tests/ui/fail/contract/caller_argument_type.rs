//! The trait's argument type changed: a caller still passing the old one no
//! longer builds either.
use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: u64) -> Result<u64, InvokeError>;
}

async fn call(client: OrdersClient) -> Result<u64, InvokeError> {
    client.place("A-1".to_owned()).await
}

fn main() {
    let _ = call;
}
