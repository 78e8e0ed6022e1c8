//! A stream carries a `ClientContext` like a synchronous call; an event
//! still cannot.
use lambda_client::{ClientContext, InvokeError, ResponseStream, lambda_client};

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream")]
    async fn tail(&self, context: &ClientContext) -> Result<ResponseStream<String>, InvokeError>;

    #[lambda_client(name = "logs", mode = "event")]
    async fn rotate(&self, context: &ClientContext) -> Result<(), InvokeError>;
}

fn main() {}
