use lambda_client::LambdaError;

#[derive(LambdaError)]
pub union OrderError {
    pub code: u32,
}

fn main() {}
