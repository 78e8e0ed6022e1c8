//! Every mode, the default mode, and a qualifier.
use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Reader {
    pub message: String,
}

#[derive(Deserialize)]
pub struct Echo {
    pub echo: String,
}

#[lambda_client]
pub trait Invoked {
    #[lambda_client(name = "invoked", mode = "sync")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked")]
    async fn read_by_default(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, reader: Reader) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked", mode = "dry_run")]
    async fn may_read(&self, reader: Reader) -> Result<(), InvokeError>;

    #[lambda_client(name = "invoked", qualifier = "live")]
    async fn read_live(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked:7")]
    async fn read_version(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "arn:aws:lambda:eu-west-1:123456789012:function:invoked:$LATEST")]
    async fn read_arn(
        &self,
        reader: Reader,
    ) -> Result<Echo, InvokeError<lambda_client::FunctionError>>;

    #[lambda_client(name = "invoked")]
    async fn read_unit(&self, reader: Reader) -> Result<(), InvokeError>;
}

fn main() {
    let sdk = lambda_client::aws_sdk_lambda::Client::from_conf(
        lambda_client::aws_sdk_lambda::Config::builder()
            .behavior_version(lambda_client::aws_sdk_lambda::config::BehaviorVersion::latest())
            .build(),
    );
    let client: InvokedClient = InvokedClient::new(sdk);
    let copy = client.clone();
    let _ = format!("{copy:?}");
    let _ = client.transport();
}
