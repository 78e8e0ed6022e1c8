//! Two versions of one contract, for deploy skew: `v1` as it was, `v2` with
//! a required field added to the order. Served by `src/bin/orders-v1.rs`
//! and `src/bin/orders-v2.rs` under `cargo lambda watch`, and by the local
//! Lambda in `tests/contracts.rs`.

use lambda_client::{FunctionError, InvokeError, LambdaError, lambda_client};

/// The order's error, the same in both versions.
#[derive(Debug, Clone, PartialEq, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("out of stock")]
    OutOfStock,
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

/// The contract as it was.
pub mod v1 {
    use super::{InvokeError, OrderError, lambda_client};

    #[derive(Debug, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Order {
        pub sku: String,
    }

    #[lambda_client]
    pub trait Orders {
        #[lambda_client(name = "orders")]
        async fn place(&self, order: Order) -> Result<u64, InvokeError<OrderError>>;
    }

    /// The callee: the length of the SKU.
    pub async fn place(order: Order) -> Result<u64, OrderError> {
        Ok(order.sku.len() as u64)
    }
}

/// The contract as it is now: the order has a required count.
pub mod v2 {
    use super::{InvokeError, OrderError, lambda_client};

    #[derive(Debug, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Order {
        pub sku: String,
        pub count: u32,
    }

    #[lambda_client]
    pub trait Orders {
        #[lambda_client(name = "orders")]
        async fn place(&self, order: Order) -> Result<u64, InvokeError<OrderError>>;
    }

    /// The callee: the count.
    pub async fn place(order: Order) -> Result<u64, OrderError> {
        Ok(u64::from(order.count))
    }
}
