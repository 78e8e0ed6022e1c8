use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked<T> {
    #[lambda_client(name = "invoked")]
    async fn read(&self, value: T) -> Result<(), InvokeError>;
}

fn main() {}
