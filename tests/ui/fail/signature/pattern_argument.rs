use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, (x, y): (u8, u8)) -> Result<(), InvokeError>;
}

fn main() {}
