//! A mistake in a `LambdaError` enum gives that one error, even where a
//! contract names the enum and a callee fails with it.
use lambda_client::{InvokeError, LambdaError, lambda_client};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("out of stock")]
    #[lambda_error(error_type = "")]
    OutOfStock,
    #[error(transparent)]
    #[lambda_error(other)]
    Other(lambda_client::FunctionError),
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: String) -> Result<u64, InvokeError<OrderError>>;
}

async fn place(_: String) -> Result<u64, OrderError> {
    Err(OrderError::OutOfStock)
}

async fn serve() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(OrdersCallee::place(place)).await
}

fn main() {
    let _ = serve;
}
