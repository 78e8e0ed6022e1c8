use lambda_client::{ExecutionName, InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live")]
    async fn fulfil(&self, execution: &ExecutionName, order: u64) -> Result<String, InvokeError>;
}

fn main() {}
