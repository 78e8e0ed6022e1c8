use lambda_client::{InvokeError, ResponseStream, lambda_client};

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream", timeout_ms = 500)]
    async fn tail(&self, file: String) -> Result<ResponseStream<String>, InvokeError>;
}

fn main() {}
