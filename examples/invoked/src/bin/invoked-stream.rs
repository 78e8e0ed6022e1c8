//! The function `invoked-stream`: `Invoked::words` of the contract, served
//! as a response stream with `lambda_runtime`.

use contract::InvokedCallee;
use lambda_runtime::Error;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(InvokedCallee::words(invoked::words)).await
}
