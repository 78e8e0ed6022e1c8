use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Invoked {
    #[lambda_client(name = "invoked", mode = "sometimes")]
    async fn read(&self) -> Result<(), InvokeError>;
}

struct Fake;

impl Invoked for Fake {
    async fn read(&self) -> Result<(), InvokeError> {
        Ok(())
    }
}

async fn use_it(invoked: &impl Invoked) -> Result<(), InvokeError> {
    invoked.read().await
}

fn main() {
    let _ = use_it(&Fake);
}
