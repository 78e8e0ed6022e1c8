//! The function `caller`, as it is deployed with `cargo lambda`: a
//! `lambda_runtime` function that calls `invoked` through the generated
//! client and passes its typed result on.
//!
//! The SDK is configured from the environment as in production: the region
//! and credentials from the usual chain, the endpoint from the standard
//! `AWS_ENDPOINT_URL_LAMBDA` (a VPC function without a NAT points it at a
//! Lambda interface endpoint; the end-to-end suite points it at `cargo
//! lambda watch`).

use contract::{Echo, Invoked as _, InvokedClient, Reader};
use lambda_client::aws_sdk_lambda;
use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn};

/// Asks `invoked` to read the message. Its own failure is passed on as it
/// came (the same `errorType` and data), so this function's callers can
/// match it with the same `ReadError`; any other failure of the call is
/// `InvokeFailed` with its message.
async fn forward(client: &InvokedClient, reader: Reader) -> Result<Echo, Diagnostic> {
    Ok(client.read(reader).await?)
}

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
