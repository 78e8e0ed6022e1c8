//! The call the overhead benchmarks make both ways: a generated sync call,
//! and the same call written by hand against `aws-sdk-lambda`, both through
//! the SDK with an in-memory HTTP client (no network), 1 KB each way.

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvocationType;
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;
use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Reader {
    message: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Echo {
    #[allow(dead_code)] // decoded, and that is the point
    echo: String,
}

#[lambda_client]
pub(crate) trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, reader: &Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked", tenant = "blue")]
    async fn read_as_blue(&self, reader: &Reader) -> Result<Echo, InvokeError>;
}

/// The 1 KB argument.
pub(crate) fn reader() -> Reader {
    Reader {
        message: "m".repeat(1000),
    }
}

/// An SDK client answering every call with a 1 KB `Echo`, its retries off.
pub(crate) fn sdk() -> aws_sdk_lambda::Client {
    sdk_with(RetryConfig::disabled())
}

/// The same, with `retry`: `RetryConfig::standard()` is what
/// `aws_config::load_defaults` gives.
pub(crate) fn sdk_with(retry: RetryConfig) -> aws_sdk_lambda::Client {
    let body = serde_json::to_vec(&serde_json::json!({ "echo": "e".repeat(1000) })).unwrap();
    let http_client = infallible_client_fn(move |_request| {
        http::Response::builder()
            .status(200)
            .header("X-Amz-Executed-Version", "$LATEST")
            .body(SdkBody::from(body.clone()))
            .unwrap()
    });
    let config = aws_sdk_lambda::Config::builder()
        .with_test_defaults_v2()
        .retry_config(retry)
        .http_client(http_client)
        .build();
    aws_sdk_lambda::Client::from_conf(config)
}

/// What a careful user writes without the crate: serialize, invoke, check
/// the function error header, deserialize.
pub(crate) async fn by_hand(sdk: &aws_sdk_lambda::Client, reader: &Reader) -> Result<Echo, String> {
    by_hand_with(sdk, reader, &ByHand::default()).await
}

/// What a hand-written call adds to the request.
#[derive(Default)]
pub(crate) struct ByHand {
    /// The `X-Amzn-Trace-Id` to forward, added as a careful user would:
    /// `customize().mutate_request(..)`.
    pub(crate) trace_header: Option<String>,
    /// The base64 `ClientContext`.
    pub(crate) client_context: Option<String>,
    pub(crate) tenant: Option<String>,
}

/// [`by_hand`], with what `extra` adds.
pub(crate) async fn by_hand_with(
    sdk: &aws_sdk_lambda::Client,
    reader: &Reader,
    extra: &ByHand,
) -> Result<Echo, String> {
    let payload = serde_json::to_vec(reader).map_err(|e| e.to_string())?;
    let call = sdk
        .invoke()
        .function_name("invoked")
        .invocation_type(InvocationType::RequestResponse)
        .set_client_context(extra.client_context.clone())
        .set_tenant_id(extra.tenant.clone())
        .payload(Blob::new(payload));
    let sent = match &extra.trace_header {
        None => call.send().await,
        Some(trace_header) => {
            let trace_header = trace_header.clone();
            call.customize()
                .mutate_request(move |request| {
                    request
                        .headers_mut()
                        .insert("X-Amzn-Trace-Id", trace_header.clone());
                })
                .send()
                .await
        }
    };
    let output = sent.map_err(|e| e.to_string())?;
    if let Some(kind) = output.function_error() {
        return Err(kind.to_owned());
    }
    let payload = output.payload().map(Blob::as_ref).unwrap_or_default();
    serde_json::from_slice(payload).map_err(|e| e.to_string())
}
