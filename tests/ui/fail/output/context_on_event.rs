use lambda_client::{ClientContext, InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", mode = "event")]
    async fn place(&self, sku: String, context: &ClientContext) -> Result<(), InvokeError>;
}

fn main() {}
