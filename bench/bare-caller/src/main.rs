//! The function `caller` as it is written without `lambda-client`: a
//! `lambda_runtime` function that invokes `invoked` with the raw SDK,
//! checks the function-error header, decodes the answer and passes a
//! failure's error document on. `bench/binary-size.sh` compares its release
//! binary with `examples/caller`'s.

use aws_sdk_lambda::primitives::Blob;
use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Reader {
    message: String,
}

#[derive(Serialize, Deserialize)]
struct Echo {
    echo: String,
}

#[derive(Deserialize)]
struct ErrorDocument {
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    #[serde(rename = "errorMessage")]
    error_message: Option<String>,
}

async fn forward(sdk: &aws_sdk_lambda::Client, reader: Reader) -> Result<Echo, Diagnostic> {
    let failed = |error_type: &str, error_message: String| Diagnostic {
        error_type: error_type.to_owned(),
        error_message,
    };
    let payload =
        serde_json::to_vec(&reader).map_err(|error| failed("InvokeFailed", error.to_string()))?;
    let output = sdk
        .invoke()
        .function_name("invoked")
        .payload(Blob::new(payload))
        .send()
        .await
        .map_err(|error| failed("InvokeFailed", error.to_string()))?;
    let body = output.payload.map(Blob::into_inner).unwrap_or_default();
    if output.function_error.is_some() {
        let document: ErrorDocument = serde_json::from_slice(&body)
            .map_err(|error| failed("InvokeFailed", error.to_string()))?;
        return Err(failed(
            document.error_type.as_deref().unwrap_or("Unhandled"),
            document.error_message.unwrap_or_default(),
        ));
    }
    serde_json::from_slice(&body).map_err(|error| failed("InvokeFailed", error.to_string()))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let sdk = aws_sdk_lambda::Client::new(&config);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Reader>| {
        let sdk = sdk.clone();
        async move { forward(&sdk, event.payload).await }
    }))
    .await
}
