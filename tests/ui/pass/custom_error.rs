//! A method's callee error can be any type built from the error document.
use lambda_client::{FromFunctionError, FunctionError, InvokeError, lambda_client};

#[derive(Debug)]
pub enum OrderError {
    OutOfStock,
    Other(FunctionError),
}

impl FromFunctionError for OrderError {
    fn from_function_error(error: FunctionError) -> Self {
        match error.error_type() {
            Some("OutOfStock") => OrderError::OutOfStock,
            _ => OrderError::Other(error),
        }
    }
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: &str) -> Result<u64, InvokeError<OrderError>>;
}

async fn place(client: &OrdersClient) -> bool {
    matches!(
        client.place("A-1").await,
        Err(InvokeError::Function(OrderError::OutOfStock))
    )
}

fn main() {
    let _ = place;
}
