use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", log = "tail")]
    async fn place(&self, sku: String) -> Result<u64, InvokeError>;
}

fn main() {}
