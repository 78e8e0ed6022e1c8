use lambda_client::{DurableCall, ExecutionName, InvokeError, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live", log = "tail")]
    async fn fulfil(
        &self,
        execution: &ExecutionName,
        order: u64,
    ) -> Result<DurableCall<String>, InvokeError>;
}

fn main() {}
