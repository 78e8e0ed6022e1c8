use lambda_client::{FunctionError, LambdaError};

#[derive(Debug)]
pub struct Basket;

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("refused")]
    Refused { basket: Basket },
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

fn main() {}
