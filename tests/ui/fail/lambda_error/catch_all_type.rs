use lambda_client::LambdaError;

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("something else: {0}")]
    #[lambda_error(other)]
    Other(String),
}

fn main() {}
