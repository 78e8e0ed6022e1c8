//! The function `invoked`, deployed as its own binary: `cargo lambda build
//! -p invoked` packages it for AWS, and `cargo lambda watch` serves it
//! locally. It serves `Invoked::read` of the contract (`examples/contract`).

use contract::InvokedCallee;
use lambda_runtime::Error;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(InvokedCallee::read(invoked::read)).await
}
