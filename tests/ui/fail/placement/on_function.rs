use lambda_client::{InvokeError, lambda_client};

#[lambda_client(name = "invoked")]
async fn read() -> Result<(), InvokeError> {
    Ok(())
}

fn main() {}
