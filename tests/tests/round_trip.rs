//! Every shape that crosses a call, through the local Lambda. The same
//! check runs under `cargo lambda watch` in `cargo_lambda.rs`.

use lambda_client::InvokeError;
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_client_tests::round_trip::{
    self, Refusal, RoundTrip, RoundTripCallee, RoundTripClient, callee,
};
use std::time::Duration;

#[tokio::test]
async fn every_shape_round_trips_through_the_local_lambda() {
    let lambda = LocalLambda::builder()
        .function("round-trip-ping", RoundTripCallee::ping(callee::ping))
        .function("round-trip-order", RoundTripCallee::order(callee::order))
        .function("round-trip-record", RoundTripCallee::record(callee::record))
        .start()
        .await
        .expect("starts");

    round_trip::check(&lambda.sdk_client()).await;
}

#[tokio::test]
async fn a_platform_error_arrives_in_the_catch_all() {
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new(
                "round-trip-ping",
                RoundTripCallee::ping(|| async {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    Ok(round_trip::Pong {
                        function: String::new(),
                    })
                }),
            )
            .timeout(Duration::from_millis(20)),
        )
        .start()
        .await
        .expect("starts");

    match RoundTripClient::new(lambda.sdk_client()).ping().await {
        Err(InvokeError::Function(Refusal::Other(error))) => {
            assert_eq!(error.error_type(), Some("Sandbox.Timedout"));
        }
        other => panic!("expected the catch-all, got {other:?}"),
    }
}

#[tokio::test]
async fn the_handler_may_take_the_context() {
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new(
                "round-trip-ping",
                RoundTripCallee::ping_with_context(
                    |context: lambda_client::callee::Context| async move {
                        Ok(round_trip::Pong {
                            function: context.env_config.function_name.clone(),
                        })
                    },
                ),
            )
            .reserved_concurrency(1),
        )
        .start()
        .await
        .expect("starts");

    let pong = RoundTripClient::new(lambda.sdk_client())
        .ping()
        .await
        .expect("answers");
    assert_eq!(pong.function, "round-trip-ping");
}
