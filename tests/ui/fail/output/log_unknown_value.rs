use lambda_client::{InvokeError, Invoked, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", log = "all")]
    async fn place(&self, sku: String) -> Result<Invoked<u64>, InvokeError>;
}

fn main() {}
