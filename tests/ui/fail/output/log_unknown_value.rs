use lambda_client::{InvokeError, Reply, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", log = "all")]
    async fn place(&self, sku: String) -> Result<Reply<u64>, InvokeError>;
}

fn main() {}
