use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", mode = "event", log = "tail")]
    async fn place(&self, sku: String) -> Result<(), InvokeError>;
}

fn main() {}
