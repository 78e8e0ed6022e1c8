//! The trait names the callee's error: a callee failing with another type no
//! longer builds, since the caller could not decode it.
use lambda_client::{FunctionError, InvokeError, LambdaError, lambda_client};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("out of stock")]
    OutOfStock,
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: String) -> Result<u64, InvokeError<OrderError>>;
}

async fn place(sku: String) -> Result<u64, lambda_runtime::Error> {
    Ok(sku.len() as u64)
}

fn main() {
    let _ = OrdersCallee::place(place);
}
