use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked:live", qualifier = "live")]
    async fn read(&self) -> Result<(), InvokeError>;
}

fn main() {}
