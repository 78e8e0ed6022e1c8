//! The function `caller`, as it is deployed with `cargo lambda`: a
//! `lambda_runtime` function that calls `invoked` through the generated
//! client and passes its typed result on.
//!
//! The SDK is configured from the environment as in production: the region
//! and credentials from the usual chain, the endpoint from the standard
//! `AWS_ENDPOINT_URL_LAMBDA` (a VPC function without a NAT points it at a
//! Lambda interface endpoint; the end-to-end suite points it at `cargo
//! lambda watch`).

use caller::forward;
use contract::{InvokedClient, Reader};
use lambda_client::aws_sdk_lambda;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = InvokedClient::new(aws_sdk_lambda::Client::new(&config));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Reader>| {
        let client = client.clone();
        async move { forward(&client, event.payload).await }
    }))
    .await
}
