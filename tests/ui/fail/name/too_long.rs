use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "a-function-name-that-goes-on-and-on-well-past-what-lambda-accepts-as-a-name")]
    async fn read(&self) -> Result<(), InvokeError>;
}

fn main() {}
