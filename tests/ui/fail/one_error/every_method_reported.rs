use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked", mode = "event")]
    async fn read(&self) -> Result<String, InvokeError>;

    #[lambda_client(name = "in voked")]
    async fn write(&self, message: String) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked")]
    fn sync(&self) -> Result<(), InvokeError>;
}

fn main() {}
