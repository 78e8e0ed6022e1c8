use lambda_client::{FunctionError, LambdaError};

#[derive(Debug, LambdaError)]
pub enum OrderError {
    OutOfStock,
    #[lambda_error(other)]
    Other(FunctionError),
}

fn main() {}
