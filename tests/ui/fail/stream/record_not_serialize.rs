//! The caller only reads records; a callee must write them, so its record
//! type must serialize. The contract compiles; the callee does not.
use futures_util::stream;
use lambda_client::{InvokeError, ResponseStream, lambda_client};

#[derive(Debug, serde::Deserialize)]
pub struct Line {
    pub text: String,
}

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream")]
    async fn tail(&self, file: String) -> Result<ResponseStream<Line>, InvokeError>;
}

async fn tail(
    file: String,
) -> Result<stream::Iter<std::vec::IntoIter<Result<Line, String>>>, String> {
    Ok(stream::iter(vec![Ok(Line { text: file })]))
}

fn main() {
    let _ = LogsCallee::tail(tail);
}
