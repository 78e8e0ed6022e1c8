use lambda_client::{ByteStream, InvokeError, lambda_client};

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs")]
    async fn tail(&self, file: String) -> Result<ByteStream, InvokeError>;
}

fn main() {}
