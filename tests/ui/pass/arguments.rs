//! No argument, one, three; owned values, references, slices and `&str`.
use std::collections::BTreeMap;

use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Order {
    pub id: u64,
}

#[derive(Deserialize)]
pub struct Receipt {
    pub total: u64,
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn health(&self) -> Result<String, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn place(&self, order: Order) -> Result<Receipt, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn place_ref(&self, order: &Order) -> Result<Receipt, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn place_many(
        &self,
        customer: &str,
        orders: &[Order],
        notes: BTreeMap<String, String>,
    ) -> Result<Vec<Receipt>, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn raw(
        &self,
        r#type: String,
        value: serde_json::Value,
    ) -> Result<serde_json::Value, InvokeError>;

    #[lambda_client(name = "orders")]
    async fn maybe(&self, id: Option<u64>) -> Result<Option<Receipt>, InvokeError>;
}

async fn calls(client: &OrdersClient) -> Result<(), InvokeError> {
    let _: String = client.health().await?;
    let order = Order { id: 1 };
    let _: Receipt = client.place_ref(&order).await?;
    let _: Receipt = client.place(order).await?;
    let customer = String::from("ada");
    let _: Vec<Receipt> = client
        .place_many(&customer, &[Order { id: 2 }], BTreeMap::new())
        .await?;
    let _ = client.raw("kind".into(), serde_json::json!({})).await?;
    let _ = client.maybe(None).await?;
    Ok(())
}

fn main() {
    let _ = calls;
}
