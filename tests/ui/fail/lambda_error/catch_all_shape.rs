use lambda_client::LambdaError;

#[derive(Debug, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("something else")]
    #[lambda_error(other)]
    Other,
}

fn main() {}
