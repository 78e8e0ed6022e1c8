use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", tenant = "blue;green")]
    async fn place(&self, sku: String) -> Result<u64, InvokeError>;
}

fn main() {}
