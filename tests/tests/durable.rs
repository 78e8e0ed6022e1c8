//! Durable executions through the local Lambda and the real SDK: the typed
//! handle, its result and error, idempotent names, stopping, and the rules
//! Lambda enforces before an execution starts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lambda_client::durable::{DurableStatus, Polling};
use lambda_client::{
    ApiError, ClientConfig, DurableCall, ExecutionName, FunctionError, InvokeError, LambdaError,
    Reply, ServiceErrorKind, lambda_client,
};
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_client_tests::faults::{Fault, FaultProxy};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    id: u64,
    /// How long fulfilling it takes.
    millis: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    id: u64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("order {id} is out of stock")]
    OutOfStock { id: u64 },
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live")]
    async fn fulfil(
        &self,
        execution: &ExecutionName,
        order: &Order,
    ) -> Result<DurableCall<Receipt, OrderError>, InvokeError<OrderError>>;

    /// No qualifier here: the client's, or none.
    #[lambda_client(name = "fulfil", mode = "durable")]
    async fn fulfil_anywhere(
        &self,
        execution: &ExecutionName,
        order: &Order,
    ) -> Result<DurableCall<Receipt, OrderError>, InvokeError<OrderError>>;

    /// A synchronous call to the durable function.
    #[lambda_client(name = "fulfil", qualifier = "live")]
    async fn fulfil_now(&self, order: &Order) -> Result<Reply<Receipt>, InvokeError<OrderError>>;

    /// A function that is not durable.
    #[lambda_client(name = "plain", mode = "durable", qualifier = "$LATEST")]
    async fn plain(
        &self,
        execution: &ExecutionName,
        order: &Order,
    ) -> Result<DurableCall<Receipt, OrderError>, InvokeError<OrderError>>;
}

/// `fulfil`, durable, counting its runs: it takes `millis`, and fails for
/// odd ids.
fn fulfil(runs: Arc<AtomicUsize>) -> LocalFunction {
    let handler = move |order: Order| {
        let runs = Arc::clone(&runs);
        async move {
            runs.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(order.millis)).await;
            if order.id % 2 == 1 {
                return Err(OrderError::OutOfStock { id: order.id });
            }
            Ok(Receipt { id: order.id })
        }
    };
    LocalFunction::new("fulfil", OrdersCallee::fulfil(handler.clone()))
        .version("1", OrdersCallee::fulfil(handler))
        .alias("live", "1")
        .timeout(Duration::from_secs(30))
        .durable()
}

async fn local(runs: Arc<AtomicUsize>) -> LocalLambda {
    LocalLambda::builder()
        .host(fulfil(runs))
        .host(LocalFunction::new(
            "plain",
            OrdersCallee::plain(|order: Order| async move { Ok(Receipt { id: order.id }) }),
        ))
        .start()
        .await
        .expect("the local Lambda starts")
}

fn name(name: &str) -> ExecutionName {
    ExecutionName::new(name).expect("a valid name")
}

fn fast() -> ClientConfig {
    ClientConfig::new().durable_polling(
        Polling::default()
            .with_first(Duration::from_millis(10))
            .with_longest(Duration::from_millis(50)),
    )
}

#[tokio::test]
async fn a_durable_call_returns_a_handle_whose_result_is_typed() {
    let lambda = local(Arc::default()).await;
    let client = OrdersClient::with_config(lambda.sdk_client(), fast());
    let call = client
        .fulfil(&name("order-2"), &Order { id: 2, millis: 100 })
        .await
        .expect("started");
    assert!(
        call.arn().starts_with(
            "arn:aws:lambda:us-east-1:123456789012:function:fulfil:1/durable-execution/order-2/"
        ),
        "{}",
        call.arn()
    );
    assert_eq!(
        call.status().await.expect("a status"),
        DurableStatus::Running
    );
    assert_eq!(call.result().await.expect("its result"), Receipt { id: 2 });
    assert_eq!(
        call.status().await.expect("a status"),
        DurableStatus::Succeeded
    );

    let failing = client
        .fulfil(&name("order-3"), &Order { id: 3, millis: 0 })
        .await
        .expect("started");
    let Err(InvokeError::Function(OrderError::OutOfStock { id: 3 })) = failing.result().await
    else {
        panic!("expected the callee's typed error")
    };
}

#[tokio::test]
async fn the_same_name_and_payload_is_the_same_execution_and_another_payload_is_refused() {
    let runs = Arc::new(AtomicUsize::new(0));
    let lambda = local(Arc::clone(&runs)).await;
    let client = OrdersClient::with_config(lambda.sdk_client(), fast());
    let order = Order { id: 4, millis: 50 };
    let first = client
        .fulfil(&name("order-4"), &order)
        .await
        .expect("started");
    let again = client
        .fulfil(&name("order-4"), &order)
        .await
        .expect("joined");
    assert_eq!(first.arn(), again.arn());
    assert_eq!(again.result().await.expect("its result"), Receipt { id: 4 });
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the handler ran once");

    let other = Order { id: 4, millis: 0 };
    let Err(InvokeError::Service(refusal)) = client.fulfil(&name("order-4"), &other).await else {
        panic!("another payload under the same name is refused")
    };
    assert_eq!(
        refusal.kind(),
        ServiceErrorKind::DurableExecutionAlreadyStarted
    );
    assert_eq!(refusal.code(), "DurableExecutionAlreadyStartedException");
    assert_eq!(refusal.status(), 409);
}

#[tokio::test]
async fn a_start_whose_answer_was_lost_is_retried_and_joins_the_same_execution() {
    let runs = Arc::new(AtomicUsize::new(0));
    let lambda = local(Arc::clone(&runs)).await;
    let attempts = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&attempts);
    // The first start reaches Lambda, and its answer never comes back.
    let proxy = FaultProxy::start(lambda.endpoint_url(), move |_| {
        if counted.fetch_add(1, Ordering::SeqCst) == 0 {
            Fault::Reset
        } else {
            Fault::None
        }
    })
    .await;
    let sdk = lambda_client_tests::sdk_for(proxy.endpoint_url());
    let client = OrdersClient::with_config(sdk, fast());
    let call = client
        .fulfil(&name("order-6"), &Order { id: 6, millis: 0 })
        .await
        .expect("started on the second attempt");
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "retried once");
    assert_eq!(call.result().await.expect("its result"), Receipt { id: 6 });
    assert_eq!(runs.load(Ordering::SeqCst), 1, "one execution, one run");
}

#[tokio::test]
async fn stopping_an_execution_ends_it_stopped() {
    let lambda = local(Arc::default()).await;
    let client = OrdersClient::with_config(lambda.sdk_client(), fast());
    let call = client
        .fulfil(
            &name("order-8"),
            &Order {
                id: 8,
                millis: 60_000,
            },
        )
        .await
        .expect("started");
    call.stop().await.expect("stopped");
    assert_eq!(
        call.status().await.expect("a status"),
        DurableStatus::Stopped
    );
    let Err(InvokeError::Function(OrderError::Other(error))) = call.result().await else {
        panic!("a stopped execution has no result")
    };
    assert_eq!(error.error_type(), Some("Stopped"));
    let Err(InvokeError::DurableRequest(failed)) = call.stop().await else {
        panic!("an execution that ended cannot be stopped")
    };
    assert_eq!(failed.operation(), "StopDurableExecution");
    let ApiError::Service(refusal) = failed.api_error() else {
        panic!("a refusal: {failed}")
    };
    assert_eq!(refusal.code(), "ResourceConflictException");
}

#[tokio::test]
async fn result_gives_up_after_its_timeout_and_the_execution_runs_on() {
    let lambda = local(Arc::default()).await;
    let client = OrdersClient::with_config(
        lambda.sdk_client(),
        ClientConfig::new().durable_polling(
            Polling::default()
                .with_first(Duration::from_millis(10))
                .with_timeout(Duration::from_millis(100)),
        ),
    );
    let call = client
        .fulfil(
            &name("order-10"),
            &Order {
                id: 10,
                millis: 400,
            },
        )
        .await
        .expect("started");
    let Err(InvokeError::StillRunning(running)) = call.result().await else {
        panic!("expected StillRunning")
    };
    assert_eq!(running.arn(), call.arn());
    let patient = OrdersClient::with_config(lambda.sdk_client(), fast());
    let joined = patient
        .fulfil(
            &name("order-10"),
            &Order {
                id: 10,
                millis: 400,
            },
        )
        .await
        .expect("joined");
    assert_eq!(
        joined.result().await.expect("its result"),
        Receipt { id: 10 }
    );
}

#[tokio::test]
async fn a_durable_call_without_a_qualifier_is_refused_before_sending() {
    let runs = Arc::new(AtomicUsize::new(0));
    let lambda = local(Arc::clone(&runs)).await;
    let client = OrdersClient::new(lambda.sdk_client());
    let Err(InvokeError::Unqualified(error)) = client
        .fulfil_anywhere(&name("order-12"), &Order { id: 12, millis: 0 })
        .await
    else {
        panic!("expected Unqualified")
    };
    assert_eq!(error.function(), "fulfil");
    assert_eq!(runs.load(Ordering::SeqCst), 0, "nothing was sent");

    let qualified = OrdersClient::with_config(lambda.sdk_client(), fast().qualifier("live"));
    let call = qualified
        .fulfil_anywhere(&name("order-12"), &Order { id: 12, millis: 0 })
        .await
        .expect("the client's qualifier");
    assert_eq!(call.result().await.expect("its result"), Receipt { id: 12 });

    // The raw SDK, unqualified: Lambda's own refusal.
    let raw = lambda
        .sdk_client()
        .invoke()
        .function_name("fulfil")
        .payload(aws_sdk_lambda::primitives::Blob::new(
            r#"{"id":1,"millis":0}"#,
        ))
        .send()
        .await
        .expect_err("refused");
    let raw = raw.into_service_error();
    assert_eq!(
        aws_sdk_lambda::error::ProvideErrorMetadata::message(&raw),
        Some("You cannot invoke a durable function using an unqualified ARN.")
    );
}

#[tokio::test]
async fn a_synchronous_call_to_a_durable_function_names_its_execution() {
    let lambda = local(Arc::default()).await;
    let client = OrdersClient::new(lambda.sdk_client());
    let reply = client
        .fulfil_now(&Order { id: 14, millis: 0 })
        .await
        .expect("the value");
    assert_eq!(reply.value(), &Receipt { id: 14 });
    assert!(
        reply
            .durable_execution_arn()
            .is_some_and(|arn| arn.contains(":fulfil:1/durable-execution/")),
        "{reply:?}"
    );
}

#[tokio::test]
async fn a_function_that_is_not_durable_refuses_an_execution_name() {
    let lambda = local(Arc::default()).await;
    let client = OrdersClient::new(lambda.sdk_client());
    let Err(InvokeError::Service(refusal)) = client
        .plain(&name("order-16"), &Order { id: 16, millis: 0 })
        .await
    else {
        panic!("refused")
    };
    assert_eq!(refusal.code(), "InvalidParameterValueException");
}

#[test]
fn an_execution_name_is_checked_before_anything_is_sent() {
    let error = ExecutionName::new("not a name").expect_err("Lambda's rule");
    assert_eq!(
        error.to_string(),
        "\"not a name\" is not a durable execution name: Lambda takes 1 to 64 letters, digits, `-` and `_`"
    );
}
