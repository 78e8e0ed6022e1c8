//! The callee's side of a contract: 0, 1 and 3 arguments, borrowed
//! arguments received owned, a `()` result, a declared error and the default
//! one, with and without the context; each handler is a `lambda_runtime`
//! service.
use lambda_client::callee::Context;
use lambda_client::{FunctionError, InvokeError, LambdaError, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
pub struct Item {
    pub sku: String,
}

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
    async fn count(&self) -> Result<u64, InvokeError<OrderError>>;

    #[lambda_client(name = "orders")]
    async fn place(
        &self,
        customer: &str,
        items: &[Item],
        express: bool,
    ) -> Result<u64, InvokeError<OrderError>>;

    #[lambda_client(name = "orders", mode = "event")]
    async fn forget(&self, customer: &str) -> Result<(), InvokeError>;

    #[lambda_client(name = "orders", mode = "dry_run")]
    async fn may_place(&self, customer: &str) -> Result<(), InvokeError>;
}

async fn place(customer: String, items: Vec<Item>, express: bool) -> Result<u64, OrderError> {
    if express && items.is_empty() {
        return Err(OrderError::OutOfStock);
    }
    Ok(customer.len() as u64)
}

fn main() {
    let _ = || async { lambda_runtime::run(OrdersCallee::place(place)).await };
    let _ = || async { lambda_runtime::run(OrdersCallee::count(|| async { Ok(3) })).await };
    let _ = || async {
        lambda_runtime::run(OrdersCallee::count_with_context(
            |context: Context| async move { Ok(context.deadline) },
        ))
        .await
    };
    let _ = || async {
        lambda_runtime::run(OrdersCallee::forget(|customer: String| async move {
            drop(customer);
            Ok::<(), lambda_runtime::Error>(())
        }))
        .await
    };
}
