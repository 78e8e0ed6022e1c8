use lambda_client::{InvokeError, Reply, lambda_client};

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream", log = "tail")]
    async fn tail(&self, file: String) -> Result<Reply<String>, InvokeError>;
}

fn main() {}
