//! A caller as it runs in production: the SDK configured from the
//! environment, a generated client, and every way a call can end handled.
//!
//! ```text
//! cargo run -p examples --bin caller -- "hello"
//! ```
//!
//! The endpoint comes from the standard `AWS_ENDPOINT_URL_LAMBDA` (a VPC
//! function without a NAT points it at a Lambda interface endpoint), the
//! region and credentials from the usual chain.

use examples::{Invoked, InvokedClient, Reader};
use lambda_client::InvokeError;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let message = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "hello".to_owned());
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = InvokedClient::new(aws_sdk_lambda::Client::new(&config));

    match client.read(Reader { message }).await {
        Ok(echo) => {
            println!("invoked answered: {}", echo.echo);
            std::process::ExitCode::SUCCESS
        }
        Err(InvokeError::Function(error)) => {
            eprintln!("invoked ran and failed: {error}");
            std::process::ExitCode::FAILURE
        }
        Err(InvokeError::Throttled(throttled)) => {
            eprintln!("throttled ({}); try again later", throttled.reason());
            std::process::ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}
