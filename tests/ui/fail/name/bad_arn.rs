use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "arn:aws:lambda:us-east-1:1234:function:invoked")]
    async fn read(&self) -> Result<(), InvokeError>;
}

fn main() {}
