use lambda_client::{InvokeError, lambda_client};

#[lambda_client(crate = "lc::<u8>")]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self) -> Result<(), InvokeError>;
}

#[lambda_client(crate = "lc", crate = "lc")]
trait Twice {
    #[lambda_client(name = "invoked")]
    async fn read(&self) -> Result<(), InvokeError>;
}

fn main() {}
