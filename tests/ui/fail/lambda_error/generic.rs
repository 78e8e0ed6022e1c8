use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError<T> {
    #[error("refused")]
    Refused(T),
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

fn main() {}
