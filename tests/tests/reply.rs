//! `Reply<T>`: the value with the version that ran, the request id, the
//! status and the log tail, observed through the local Lambda.

use contract::{Echo, InvokedCallee, ReadError, Reader};
use invoked::read;
use lambda_client::{InvokeError, Reply, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_runtime::service_fn;

#[lambda_client]
trait Observed {
    #[lambda_client(name = "invoked", log = "tail")]
    async fn read_with_log(&self, reader: Reader) -> Result<Reply<Echo>, InvokeError<ReadError>>;

    #[lambda_client(name = "invoked", qualifier = "live")]
    async fn read_live(&self, reader: Reader) -> Result<Reply<Echo>, InvokeError<ReadError>>;
}

#[tokio::test]
async fn the_value_comes_with_the_version_the_request_id_and_the_log() {
    let version_one = service_fn(|_: lambda_runtime::LambdaEvent<Reader>| async {
        Ok::<_, lambda_runtime::Error>(Echo {
            echo: "version 1".to_owned(),
        })
    });
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new("invoked", InvokedCallee::read(read))
                .version("1", version_one)
                .alias("live", "1"),
        )
        .start()
        .await
        .expect("starts");
    let client = ObservedClient::new(lambda.sdk_client());

    let invoked = client
        .read_with_log(Reader {
            message: "hi".to_owned(),
        })
        .await
        .expect("answers");
    assert_eq!(
        invoked.value(),
        &Echo {
            echo: "hi".to_owned()
        }
    );
    assert_eq!(invoked.status_code(), 200);
    assert_eq!(invoked.executed_version(), Some("$LATEST"));
    let request_id = invoked.request_id().expect("a request id");
    let log = invoked.log_tail().expect("a log tail");
    assert!(
        log.starts_with(&format!("START RequestId: {request_id} Version: $LATEST")),
        "{log}"
    );
    assert!(log.contains("reading a message received=hi"), "{log}");

    let live = client
        .read_live(Reader {
            message: "hi".to_owned(),
        })
        .await
        .expect("answers");
    assert_eq!(live.executed_version(), Some("1"));
    assert_eq!(live.log_tail(), None, "no log unless the method asks");
    assert_ne!(live.request_id(), Some(request_id));
    assert_eq!(live.into_value().echo, "version 1");

    // A failure is still an error, typed as the trait says.
    match client
        .read_with_log(Reader {
            message: "fail".to_owned(),
        })
        .await
    {
        Err(InvokeError::Function(ReadError::Refused { message })) => assert_eq!(message, "fail"),
        other => panic!("expected the callee's ReadError, got {other:?}"),
    }
}

/// The value and the log may hold the callee's data: `Debug` shows their
/// type and size, and what Lambda said.
#[tokio::test]
async fn debug_shows_what_lambda_said_not_the_value_or_the_log() {
    let lambda = LocalLambda::builder()
        .function("invoked", InvokedCallee::read(read))
        .start()
        .await
        .expect("starts");
    let client = ObservedClient::new(lambda.sdk_client());
    let reply = client
        .read_with_log(Reader {
            message: "s3cr3t-message".to_owned(),
        })
        .await
        .expect("answers");
    assert!(reply.log_tail().is_some_and(|log| log.contains("s3cr3t")));
    let printed = format!("{reply:?}");
    assert!(!printed.contains("s3cr3t"), "{printed}");
    for shown in [
        "Echo",
        "status_code: 200",
        "executed_version: Some(\"$LATEST\")",
        "log_tail_len: Some(",
    ] {
        assert!(printed.contains(shown), "{printed} lacks {shown}");
    }
}
