use lambda_client::LambdaError;

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("out of stock")]
    OutOfStock,
}

fn main() {}
