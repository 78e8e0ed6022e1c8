use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("refused")]
    Refused,
    #[error("declined")]
    #[lambda_error(error_type = "Refused")]
    Declined,
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

fn main() {}
