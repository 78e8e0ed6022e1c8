use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, thiserror::Error, LambdaError)]
#[lambda_error(other)]
pub enum OrderError {
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

fn main() {}
