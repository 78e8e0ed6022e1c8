use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", idempotent, max_attempts = 3, idempotent)]
    async fn place(&self, sku: String) -> Result<u64, InvokeError>;
}

fn main() {}
