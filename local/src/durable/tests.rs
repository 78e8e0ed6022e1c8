//! The store of durable executions: its bounds, and stops that race a start.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use lambda_runtime::{LambdaEvent, service_fn};
use tokio::sync::mpsc;

use super::*;

const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";
const BOUND: usize = KEPT_EXECUTIONS;

fn invocation<F, R>(handler: F) -> Invocation
where
    F: Fn(LambdaEvent<Value>) -> R + Clone + Send + Sync + 'static,
    R: Future<Output = Result<Value, lambda_runtime::Error>> + Send + 'static,
{
    Invocation {
        service: crate::host::service::erase(service_fn(handler)),
        environment: Arc::default(),
        payload: Bytes::from_static(b"{}"),
        context: lambda_runtime::Context::default(),
        version: "1".to_owned(),
        timeout: Duration::from_mins(15),
        memory_mb: 128,
        keep_log: false,
    }
}

fn start(executions: &Executions, name: &str) -> Arc<Execution> {
    let payload = Bytes::from_static(b"{}");
    match executions.start("f", FUNCTION_ARN, "1", Some(name.to_owned()), &payload) {
        Started::New(execution) => execution,
        Started::Existing(_) | Started::Conflict => panic!("`{name}` was started before"),
    }
}

fn kept(executions: &Executions) -> (usize, usize) {
    let store = executions
        .inner
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    (store.by_arn.len(), store.by_name.len())
}

fn status(execution: &Execution) -> Value {
    execution.describe()["Status"].clone()
}

#[tokio::test]
async fn finished_executions_past_the_bound_make_room_oldest_first() {
    let executions = Executions::default();
    let running = start(&executions, "running");
    executions.run(&running, invocation(|_| std::future::pending()));
    let mut finished = Vec::new();
    for n in 0..BOUND + 10 {
        let execution = start(&executions, &format!("done-{n}"));
        executions.run(
            &execution,
            invocation(|event| async move { Ok(event.payload) }),
        );
        assert!(matches!(execution.finished().await, State::Succeeded(_)));
        finished.push(execution.arn.clone());
    }

    // The finished ones within the bound, and the one still running.
    assert_eq!(kept(&executions), (BOUND + 1, BOUND + 1));
    assert!(executions.get(&finished[9]).is_none());
    assert!(executions.get(&finished[10]).is_some());
    assert!(executions.get(&finished[BOUND + 9]).is_some());
    let still = executions
        .get(&running.arn)
        .expect("a running execution is kept");
    assert_eq!(status(&still), "RUNNING");

    // An evicted execution's name is free again, as in AWS past retention.
    let again = start(&executions, "done-0");
    assert_ne!(again.arn, finished[0]);
}

#[tokio::test]
async fn a_stopped_execution_counts_as_finished() {
    let executions = Executions::default();
    let first = start(&executions, "first");
    executions.run(&first, invocation(|_| std::future::pending()));
    assert!(
        executions
            .stop(&first, &json!({ "ErrorType": "Enough" }))
            .is_some()
    );
    for n in 0..BOUND {
        let execution = start(&executions, &format!("done-{n}"));
        executions.run(
            &execution,
            invocation(|event| async move { Ok(event.payload) }),
        );
        execution.finished().await;
    }
    assert_eq!(kept(&executions), (BOUND, BOUND));
    assert!(executions.get(&first.arn).is_none());
}

#[tokio::test]
async fn a_stop_before_the_handler_is_started_keeps_it_from_running() {
    let executions = Executions::default();
    let execution = start(&executions, "early");
    assert!(
        executions
            .stop(&execution, &json!({ "ErrorType": "Early" }))
            .is_some()
    );

    let (ran_tx, mut ran) = mpsc::unbounded_channel();
    executions.run(
        &execution,
        invocation(move |_| {
            let ran = ran_tx.clone();
            async move {
                let _ = ran.send(());
                std::future::pending().await
            }
        }),
    );
    // `None`: every sender is gone with the handler, which never ran.
    let handler = tokio::time::timeout(Duration::from_secs(5), ran.recv()).await;
    assert_eq!(handler, Ok(None));
    let described = execution.describe();
    assert_eq!(described["Status"], "STOPPED");
    assert_eq!(described["Error"], json!({ "ErrorType": "Early" }));
}
