use lambda_client::{InvokeError, lambda_client};

pub struct Reader;

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, reader: Reader) -> Result<(), InvokeError>;
}

fn main() {}
