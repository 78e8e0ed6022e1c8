//! How a user tests code that makes calls, the three ways the README shows:
//! a hand-written fake of the trait, a `mockall` mock of it, and the local
//! Lambda serving the real callee. Each checks the same piece of business
//! logic.

use contract::{Echo, Invoked, InvokedCallee, InvokedClient, ReadError, Reader, Word};
use futures_util::TryStreamExt as _;
use lambda_client::{
    FunctionError, InvokeError, InvokeStreamResponse, ResponseStream, StreamEvent, lambda_client,
};
use lambda_client_local::LocalLambda;

/// The code under test: it depends on the trait, not on the client.
async fn shout(invoked: &impl Invoked, message: &str) -> Result<String, InvokeError<ReadError>> {
    let echo = invoked
        .read(Reader {
            message: message.to_owned(),
        })
        .await?;
    Ok(echo.echo.to_uppercase())
}

/// A fake: the trait implemented by hand, with `async fn`.
struct Fake;

impl Invoked for Fake {
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError<ReadError>> {
        match reader.message.as_str() {
            "fail" => Err(InvokeError::Function(ReadError::Refused {
                message: reader.message,
            })),
            _ => Ok(Echo {
                echo: reader.message,
            }),
        }
    }

    async fn read_later(&self, _: Reader) -> Result<(), InvokeError<ReadError>> {
        Ok(())
    }

    async fn may_read(&self, _: Reader) -> Result<(), InvokeError<ReadError>> {
        Ok(())
    }

    /// A fake stream: the lines a callee would write, read as a call reads them.
    async fn words(
        &self,
        reader: Reader,
    ) -> Result<ResponseStream<Word, ReadError>, InvokeError<ReadError>> {
        let mut lines = String::new();
        for (text, number) in reader.message.split_whitespace().zip(1..) {
            let word = serde_json::json!({ "number": number, "text": text });
            lines.push_str(&format!("{word}\n"));
        }
        let events = [
            StreamEvent::Chunk(lines.into()),
            StreamEvent::Complete {
                error_code: None,
                error_details: None,
                log_result: None,
            },
        ];
        let events = futures_util::stream::iter(events.map(Ok));
        Ok(ResponseStream::from_response(
            "invoked-stream",
            InvokeStreamResponse::new(Box::pin(events)),
        ))
    }
}

/// The code under test for a stream: the words, counted.
async fn count_words(
    invoked: &impl Invoked,
    message: &str,
) -> Result<usize, InvokeError<ReadError>> {
    let words = invoked
        .words(Reader {
            message: message.to_owned(),
        })
        .await?;
    let words: Vec<Word> = words.try_collect().await?;
    Ok(words.len())
}

#[tokio::test]
async fn a_hand_written_fake() {
    assert_eq!(count_words(&Fake, "one two three").await.unwrap(), 3);
    assert_eq!(shout(&Fake, "hi").await.unwrap(), "HI");
    let error = shout(&Fake, "fail").await.unwrap_err();
    assert!(matches!(
        error,
        InvokeError::Function(ReadError::Refused { message }) if message == "fail"
    ));
}

/// `#[lambda_client]` goes above `#[mockall::automock]`: it rewrites each
/// `async fn` into `fn .. -> impl Future + Send` first, which mockall mocks
/// with a boxed future. (The other order hands mockall our attributes and
/// an `async fn` it cannot mock, and fails with errors about neither.)
#[lambda_client]
#[mockall::automock]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, sku: String, quantity: u32) -> Result<u64, InvokeError>;
}

async fn order_twice(orders: &impl Orders, sku: &str) -> Result<Vec<u64>, InvokeError> {
    let first = orders.place(sku.to_owned(), 1).await?;
    let second = orders.place(sku.to_owned(), 1).await?;
    Ok(vec![first, second])
}

#[tokio::test]
async fn a_mockall_mock() {
    let mut orders = MockOrders::new();
    let mut next = 0;
    orders
        .expect_place()
        .withf(|sku, quantity| sku == "A-1" && *quantity == 1)
        .times(2)
        .returning(move |_, _| {
            next += 1;
            let id = next;
            Box::pin(async move { Ok(id) })
        });
    assert_eq!(order_twice(&orders, "A-1").await.unwrap(), vec![1, 2]);

    let mut failing = MockOrders::new();
    failing.expect_place().returning(|_, _| {
        Box::pin(async {
            Err(InvokeError::Function(FunctionError::from_document(
                "Unhandled",
                br#"{"errorType":"OutOfStock","errorMessage":"none left"}"#.to_vec(),
            )))
        })
    });
    let Err(InvokeError::Function(error)) = order_twice(&failing, "A-1").await else {
        panic!("the mock fails")
    };
    assert_eq!(error.error_type(), Some("OutOfStock"));
}

#[tokio::test]
async fn the_local_lambda_serving_the_real_callee() {
    let lambda = LocalLambda::builder()
        .function("invoked", InvokedCallee::read(invoked::read))
        .start()
        .await
        .expect("starts");
    let client = InvokedClient::new(lambda.sdk_client());

    assert_eq!(shout(&client, "hi").await.unwrap(), "HI");
    let error = shout(&client, "fail").await.unwrap_err();
    assert!(matches!(
        error,
        InvokeError::Function(ReadError::Refused { message }) if message == "fail"
    ));
}
