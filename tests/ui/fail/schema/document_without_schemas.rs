//! A contract whose types do not derive `JsonSchema` compiles, with the
//! feature on; asking for its document says why there is none.
use lambda_client::{InvokeError, lambda_client};

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Order {
    pub sku: String,
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, order: Order) -> Result<u64, InvokeError>;
}

fn main() {
    let _ = lambda_client::schema::document::<OrdersContract>();
}
