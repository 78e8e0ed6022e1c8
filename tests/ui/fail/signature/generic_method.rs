use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read<T: serde::Serialize + Send>(&self, value: T) -> Result<(), InvokeError>;
}

fn main() {}
