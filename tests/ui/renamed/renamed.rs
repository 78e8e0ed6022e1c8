//! A crate that depends on lambda-client as `lc`, and reaches it a second
//! way, re-exported from a module as another crate's SDK would: every path
//! the macros generate goes through `crate = "..."`. `::lambda_client` does
//! not resolve here, so a generated path that still names it fails to
//! compile.

use lc::{FunctionError, InvokeError, InvokeRequest, InvokeResponse, LambdaError, Transport};
use serde::{Deserialize, Serialize};

/// What another crate's SDK would re-export.
mod sdk {
    pub use lc as runtime;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Item {
    pub sku: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: u64,
}

#[derive(Debug, thiserror::Error, LambdaError)]
#[lambda_error(crate = "lc")]
pub enum OrderError {
    #[error("out of stock: {sku}")]
    OutOfStock { sku: String },
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

#[lc::lambda_client(crate = "lc")]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(
        &self,
        customer: &str,
        items: Vec<Item>,
    ) -> Result<Order, InvokeError<OrderError>>;

    #[lambda_client(name = "orders", mode = "event")]
    async fn forget(&self, id: u64) -> Result<(), InvokeError>;
}

#[sdk::runtime::lambda_client(crate = "crate::sdk::runtime")]
pub trait Audit {
    #[lambda_client(name = "audit", mode = "dry_run")]
    async fn may_audit(&self) -> Result<(), InvokeError>;
}

/// Answers as Lambda would, and keeps what it was sent.
struct Answering {
    sent: std::sync::Mutex<Vec<String>>,
}

impl Transport for Answering {
    async fn invoke(&self, request: InvokeRequest) -> Result<InvokeResponse, lc::ApiError> {
        let payload = String::from_utf8(request.payload.to_vec()).expect("JSON");
        self.sent
            .lock()
            .expect("not poisoned")
            .push(payload.clone());
        Ok(match (&*request.function_name, request.invocation_type) {
            ("orders", lc::InvocationType::RequestResponse) if payload.contains("\"sold-out\"") => {
                InvokeResponse::new(
                    200,
                    br#"{"errorType":"OutOfStock","errorMessage":"{\"sku\":\"sold-out\"}"}"#
                        .to_vec(),
                )
                .with_function_error("Unhandled")
            }
            ("orders", lc::InvocationType::RequestResponse) => {
                InvokeResponse::new(200, br#"{"id":7}"#.to_vec())
            }
            ("orders", lc::InvocationType::Event) => InvokeResponse::new(202, Vec::new()),
            ("audit", lc::InvocationType::DryRun) => InvokeResponse::new(204, Vec::new()),
            other => panic!("unexpected call {other:?}"),
        })
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let transport = Answering {
        sent: std::sync::Mutex::new(Vec::new()),
    };
    let orders = OrdersClient::new(&transport);
    let items = || vec![Item { sku: "tea".into() }];
    assert_eq!(orders.place("ada", items()).await.unwrap(), Order { id: 7 });
    let refused = orders
        .place(
            "ada",
            vec![Item {
                sku: "sold-out".into(),
            }],
        )
        .await;
    let Err(InvokeError::Function(OrderError::OutOfStock { sku })) = refused else {
        panic!("the callee's typed error, decoded through `lc`: {refused:?}")
    };
    assert_eq!(sku, "sold-out");
    orders.forget(7).await.unwrap();
    AuditClient::new(&transport).may_audit().await.unwrap();
    assert_eq!(
        transport.sent.lock().unwrap()[0],
        r#"{"customer":"ada","items":[{"sku":"tea"}]}"#
    );

    // The callee's side is generated through the same path.
    let _served = OrdersCallee::place(|customer: String, items: Vec<Item>| async move {
        if items.is_empty() {
            return Err(OrderError::OutOfStock { sku: customer });
        }
        Ok(Order { id: 1 })
    });
}
