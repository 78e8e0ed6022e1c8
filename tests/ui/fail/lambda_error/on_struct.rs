use lambda_client::LambdaError;

#[derive(Debug, LambdaError)]
pub struct OrderError {
    pub reason: String,
}

fn main() {}
