use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error(transparent)]
    #[lambda_error(other, error_type = "Other")]
    Other(FunctionError),
}

fn main() {}
