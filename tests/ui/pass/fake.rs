//! The trait stays an ordinary trait: a test implements it by hand, with
//! `async fn`, and code written against the trait takes either.
use lambda_client::{FunctionError, InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Reader {
    pub message: String,
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Echo {
    pub echo: String,
}

#[lambda_client]
pub trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, reader: Reader) -> Result<(), InvokeError>;
}

struct Fake;

impl Invoked for Fake {
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError> {
        Ok(Echo {
            echo: reader.message,
        })
    }

    async fn read_later(&self, _reader: Reader) -> Result<(), InvokeError> {
        let document = br#"{"errorType":"Fake","errorMessage":"queued nowhere"}"#.to_vec();
        Err(InvokeError::Function(FunctionError::from_document(
            "Unhandled",
            document,
        )))
    }
}

async fn greet(invoked: &impl Invoked) -> Result<String, InvokeError> {
    Ok(invoked
        .read(Reader {
            message: "hi".into(),
        })
        .await?
        .echo)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    assert_eq!(greet(&Fake).await.unwrap(), "hi");
    let Err(InvokeError::Function(error)) = Fake
        .read_later(Reader {
            message: "hi".into(),
        })
        .await
    else {
        panic!("the fake fails")
    };
    assert_eq!(error.error_type(), Some("Fake"));
}
