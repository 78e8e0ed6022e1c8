//! The function `invoked`, deployed as its own binary: `cargo lambda build`
//! packages it for AWS, and `cargo lambda watch` serves it locally.

use lambda_runtime::{Error, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(examples::callee::invoked)).await
}
