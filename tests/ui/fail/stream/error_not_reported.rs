//! A callee fails with the trait's error type, so that type must be
//! reportable to Lambda; the contract itself compiles without it.
use futures_util::stream;
use lambda_client::{FromFunctionError, FunctionError, InvokeError, ResponseStream, lambda_client};

#[derive(Debug)]
pub struct TailError;

impl FromFunctionError for TailError {
    fn from_function_error(_: FunctionError) -> Self {
        TailError
    }
}

#[lambda_client]
pub trait Logs {
    #[lambda_client(name = "logs", mode = "stream")]
    async fn tail(
        &self,
        file: String,
    ) -> Result<ResponseStream<String, TailError>, InvokeError<TailError>>;
}

async fn tail(
    file: String,
) -> Result<stream::Iter<std::vec::IntoIter<Result<String, TailError>>>, TailError> {
    Ok(stream::iter(vec![Ok(file)]))
}

fn main() {
    let _ = LogsCallee::tail(tail);
}
