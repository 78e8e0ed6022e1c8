//! A stream method's handler returns a stream, not the records at once.
use lambda_client::{InvokeError, ResponseStream, lambda_client};

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream")]
    async fn tail(&self, file: String) -> Result<ResponseStream<String>, InvokeError>;
}

async fn tail(file: String) -> Result<Vec<String>, String> {
    Ok(vec![file])
}

fn main() {
    let _ = LogsCallee::tail(tail);
}
