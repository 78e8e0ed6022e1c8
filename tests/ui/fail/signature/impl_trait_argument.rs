use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, value: impl serde::Serialize) -> Result<(), InvokeError>;
}

fn main() {}
