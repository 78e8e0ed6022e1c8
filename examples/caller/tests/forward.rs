//! The caller's logic tested twice, as a user's project would: against a
//! mockall mock of the contract (feature `mock`), and against the real
//! callee's handler hosted in the local Lambda, behind the real SDK.

use caller::forward;
use contract::{Echo, InvokedCallee, InvokedClient, MockInvoked, ReadError, Reader};
use lambda_client::InvokeError;
use lambda_client_local::LocalLambda;

fn reader(message: &str) -> Reader {
    Reader {
        message: message.to_owned(),
    }
}

#[tokio::test]
async fn with_a_mock_of_the_contract() {
    let mut invoked = MockInvoked::new();
    invoked
        .expect_read()
        .withf(|reader| reader.message == "hi")
        .returning(|_| {
            Box::pin(async {
                Ok(Echo {
                    echo: "hi".to_owned(),
                })
            })
        });
    assert_eq!(forward(&invoked, reader("hi")).await.unwrap().echo, "hi");

    let mut refusing = MockInvoked::new();
    refusing.expect_read().returning(|reader| {
        Box::pin(async move {
            Err(InvokeError::Function(ReadError::Refused {
                message: reader.message,
            }))
        })
    });
    let diagnostic = forward(&refusing, reader("fail")).await.unwrap_err();
    assert_eq!(diagnostic.error_type, "Refused");
}

#[tokio::test]
async fn with_the_callees_handler_in_the_local_lambda() {
    let lambda = LocalLambda::builder()
        .function("invoked", InvokedCallee::read(invoked::read))
        .start()
        .await
        .expect("the local Lambda starts");
    let client = InvokedClient::new(lambda.sdk_client());
    assert_eq!(forward(&client, reader("hi")).await.unwrap().echo, "hi");
    let diagnostic = forward(&client, reader("fail")).await.unwrap_err();
    assert_eq!(diagnostic.error_type, "Refused");
}
