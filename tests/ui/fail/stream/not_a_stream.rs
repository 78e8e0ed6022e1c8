use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream")]
    async fn tail(&self, file: String) -> Result<Vec<String>, InvokeError>;
}

fn main() {}
