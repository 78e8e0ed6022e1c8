use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked", timeout = "3s")]
    async fn read(&self) -> Result<(), InvokeError>;
}

fn main() {}
