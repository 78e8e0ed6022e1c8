//! A mistake in one method's attribute gives that one error, even where the
//! rest of the crate builds and calls the generated client and serves the
//! generated callee.
use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", mode = "sometimes")]
    async fn place(&self, sku: String) -> Result<u64, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn count(&self) -> Result<u64, InvokeError>;
}

async fn call(sdk: lambda_client::aws_sdk_lambda::Client) -> Result<u64, InvokeError> {
    let client = OrdersClient::new(sdk);
    client.place("A-1".to_owned()).await?;
    client.count().await
}

async fn place(sku: String) -> Result<u64, lambda_runtime::Error> {
    Ok(sku.len() as u64)
}

async fn serve() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(OrdersCallee::place(place)).await
}

fn main() {
    let _ = (call, serve);
}
