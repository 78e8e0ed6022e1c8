use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
    #[error(transparent)]
    #[lambda_error(other)]
    Unknown(FunctionError),
}

fn main() {}
