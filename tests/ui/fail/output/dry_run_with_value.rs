use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn read(&self) -> Result<bool, InvokeError>;
}

fn main() {}
