use lambda_client::{InvokeError, lambda_client};

pub struct Echo;

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self) -> Result<Echo, InvokeError>;
}

fn main() {}
