use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked", crate = "lc")]
    async fn read(&self) -> Result<(), InvokeError>;
}

fn main() {}
