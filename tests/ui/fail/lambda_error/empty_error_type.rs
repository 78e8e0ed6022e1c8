use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("refused")]
    #[lambda_error(error_type = "")]
    Refused,
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

fn main() {}
