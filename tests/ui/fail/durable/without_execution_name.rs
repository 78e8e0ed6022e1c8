use lambda_client::{DurableCall, InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live")]
    async fn fulfil(&self, order: u64) -> Result<DurableCall<String>, InvokeError>;
}

fn main() {}
