//! Contracts that evolve: the document, the checked-in copy, and deploy
//! skew between two builds of one contract, through the local Lambda.

use std::sync::{Arc, Mutex};

use lambda_client::schema::{Breaks, check, diff, document, fingerprint};
use lambda_client::{ClientContext, InvokeError, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};
use v1::Orders as _;
use v2::Orders as _;

use lambda_client_tests::versions::{v1, v2};

/// A contract whose types do not describe themselves: it compiles, and has
/// no document.
#[allow(dead_code)] // only its contract is looked at
mod opaque {
    use super::*;

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    pub struct Plain {
        pub text: String,
    }

    #[lambda_client]
    pub trait Opaque {
        #[lambda_client(name = "opaque")]
        async fn echo(&self, plain: Plain) -> Result<Plain, InvokeError>;
    }
}

#[test]
fn the_document_is_stable_and_says_what_the_client_sends() {
    let first = document::<v2::OrdersContract>();
    assert_eq!(first, document::<v2::OrdersContract>());
    let method = &first["methods"]["place"];
    assert_eq!(method["function"], "orders");
    assert_eq!(method["mode"], "sync");
    assert_eq!(method["payload"]["$ref"], "#/$defs/Order");
    // A set, sorted: the order the fields are declared in is not the wire's.
    assert_eq!(
        first["$defs"]["Order"]["required"],
        serde_json::json!(["count", "sku"])
    );
    assert_eq!(
        first["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(method["errors"]["OutOfStock"]["errorType"], "OutOfStock");
    // Sorted keys: the text is the same whatever serde_json's map keeps.
    let text = serde_json::to_string(&first).expect("JSON");
    assert!(text.find("\"$defs\"") < text.find("\"contract\""));
    assert!(text.find("\"contract\"") < text.find("\"methods\""));

    let (old, new) = (
        fingerprint::<v1::OrdersContract>(),
        fingerprint::<v2::OrdersContract>(),
    );
    assert_eq!(new.len(), 16);
    assert_ne!(old, new);
}

#[test]
fn the_change_between_the_versions_names_whom_it_breaks() {
    let changes = diff(
        &document::<v1::OrdersContract>(),
        &document::<v2::OrdersContract>(),
    );
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].to_string(),
        "place: required field payload.count added: breaks callers still on the old contract once the new callee is live: deploy the callers first, then the callee"
    );
    assert_eq!(changes[0].breaks, Breaks::OldCallers);
}

#[test]
#[allow(clippy::needless_borrow)] // the probe's autoref picks the impl
fn a_contract_without_schemas_compiles_and_has_no_fingerprint() {
    use lambda_client::__private::schema::{Described as _, Probe, Undescribed as _};
    assert!(
        (&&Probe::<opaque::OpaqueContract>::new())
            .contract()
            .is_none()
    );
    assert!((&&Probe::<v2::OrdersContract>::new()).contract().is_some());
}

#[test]
fn the_checked_in_document_is_written_then_checked() {
    let folder =
        std::env::temp_dir().join(format!("lambda-client-contracts-{}", std::process::id()));
    let path = folder.join("orders.json");
    let _ = std::fs::remove_dir_all(&folder);
    // Outside CI a missing document is written.
    let (passed, printed) = check_in_a_child(&path, false);
    assert!(passed, "{printed}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
    assert_eq!(written, document::<v1::OrdersContract>());
    check::<v1::OrdersContract>(&path);

    let report = std::panic::catch_unwind(|| check::<v2::OrdersContract>(&path))
        .expect_err("the new contract differs");
    let report = report
        .downcast_ref::<String>()
        .expect("a report")
        .replace(&path.display().to_string(), "contracts/orders.json");
    assert_eq!(
        report,
        "the contract `Orders` differs from contracts/orders.json: 1 change, 1 breaking\n  \
         - place: required field payload.count added: breaks callers still on the old contract once the new callee is live: deploy the callers first, then the callee\n\
         to accept: UPDATE_CONTRACTS=1 cargo test, then review and commit contracts/orders.json"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

/// `orders`, served from version 1 of the contract.
async fn orders_served_by_v1() -> LocalLambda {
    LocalLambda::builder()
        .host(LocalFunction::new(
            "orders",
            v1::OrdersCallee::place(v1::place),
        ))
        .start()
        .await
        .expect("starts")
}

async fn orders_served_by_v2() -> LocalLambda {
    LocalLambda::builder()
        .host(LocalFunction::new(
            "orders",
            v2::OrdersCallee::place(v2::place),
        ))
        .start()
        .await
        .expect("starts")
}

#[tokio::test]
async fn an_old_caller_whose_payload_the_new_callee_cannot_decode_gets_contract_skew() {
    let lambda = orders_served_by_v2().await;
    let old_caller = v1::OrdersClient::new(lambda.sdk_client());
    let result = old_caller
        .place(v1::Order {
            sku: "A-1".to_owned(),
        })
        .await;
    let Err(InvokeError::ContractSkew(skew)) = result else {
        panic!("expected ContractSkew, got {result:?}")
    };
    assert_eq!(skew.ours(), fingerprint::<v1::OrdersContract>());
    assert_eq!(skew.theirs(), fingerprint::<v2::OrdersContract>());
    assert_eq!(skew.function(), "orders");
    assert!(
        skew.error()
            .message()
            .is_some_and(|message| message.contains("missing field `count`")),
        "{skew}"
    );
    assert!(
        skew.to_string().contains("could not decode the payload"),
        "{skew}"
    );
}

/// Captures what the callees log.
#[derive(Clone, Default)]
struct Logged(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logged {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_new_caller_served_by_an_old_callee_succeeds_and_the_callee_logs_it_once() {
    let logged = Logged::default();
    let writer = logged.clone();
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    );
    let lambda = orders_served_by_v1().await;
    let new_caller = v2::OrdersClient::new(lambda.sdk_client());
    let skew_logged = || {
        String::from_utf8_lossy(&logged.0.lock().unwrap())
            .contains("a caller built from another version of the contract")
    };
    // The fingerprint travels from the first call made after it is (it is
    // made off the first call's path), then with one call in 64: calls
    // until the callee has seen it, then as many again.
    let mut calls = 0;
    while calls < 300 && (!skew_logged() || calls < 3) {
        let placed = new_caller
            .place(v2::Order {
                sku: "A-1".to_owned(),
                count: 2,
            })
            .await
            .expect("the old callee ignores the new field");
        assert_eq!(placed, 3);
        calls += 1;
        if !skew_logged() {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }
    for _ in 0..calls {
        new_caller
            .place(v2::Order {
                sku: "A-1".to_owned(),
                count: 2,
            })
            .await
            .expect("the old callee ignores the new field");
    }
    let log = String::from_utf8(logged.0.lock().unwrap().clone()).expect("text");
    assert_eq!(
        log.matches("a caller built from another version of the contract")
            .count(),
        1,
        "{log}"
    );
    assert!(log.contains(&fingerprint::<v1::OrdersContract>()), "{log}");
    assert!(log.contains(&fingerprint::<v2::OrdersContract>()), "{log}");
}

#[tokio::test]
async fn the_fingerprint_joins_the_callers_client_context_without_displacing_it() {
    let (sdk, sent) = lambda_client_tests::answering(lambda_client_tests::Answer::new(200, "1"));
    #[lambda_client]
    trait WithContext {
        #[lambda_client(name = "orders")]
        async fn place(
            &self,
            context: &ClientContext,
            order: v2::Order,
        ) -> Result<u64, InvokeError>;
    }
    let client = WithContextClient::new(sdk);
    let context = ClientContext::new().custom("tenant", "blue");
    let order = || v2::Order {
        sku: "A".to_owned(),
        count: 1,
    };
    let decoded = |header: &str| -> serde_json::Value {
        let json = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, header)
            .expect("base64");
        serde_json::from_slice(&json).expect("JSON")
    };
    // The first call does not wait for the document: it starts making the
    // fingerprint and goes without it. The first call after it is made
    // carries it, beside the caller's own values.
    client.place(&context, order()).await.expect("answered");
    let carried = loop {
        client.place(&context, order()).await.expect("answered");
        let found = {
            let sent = sent.lock().unwrap();
            let last = decoded(
                sent.last()
                    .and_then(|request| request.header("x-amz-client-context"))
                    .expect("a context"),
            );
            (last["custom"].get("lambda-client-contract").is_some() || sent.len() > 200).then(
                || {
                    let first = decoded(sent[0].header("x-amz-client-context").expect("a context"));
                    (first, last, sent.len())
                },
            )
        };
        if let Some(found) = found {
            break found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    };
    let (first, last, calls) = carried;
    assert_eq!(first["custom"]["tenant"], "blue");
    assert!(
        first["custom"].get("lambda-client-contract").is_none(),
        "{first}"
    );
    assert_eq!(last["custom"]["tenant"], "blue");
    assert_eq!(
        last["custom"]["lambda-client-contract"],
        fingerprint::<WithContextContract>(),
        "after {calls} calls"
    );
}

/// Run only by the tests below, in a process of their own: checks the
/// document the parent names, so that the parent chooses `CI`.
#[test]
fn a_child_that_checks_a_document() {
    let Ok(path) = std::env::var("LAMBDA_CLIENT_CHECK") else {
        return;
    };
    check::<v1::OrdersContract>(path);
}

/// Runs the child on `path`, with `CI` set or not; what it printed, and
/// whether it passed.
fn check_in_a_child(path: &std::path::Path, ci: bool) -> (bool, String) {
    let mut child = std::process::Command::new(std::env::current_exe().expect("this test binary"));
    child
        .args(["--exact", "a_child_that_checks_a_document", "--nocapture"])
        .env("LAMBDA_CLIENT_CHECK", path)
        .env_remove("UPDATE_CONTRACTS");
    if ci {
        child.env("CI", "true");
    } else {
        child.env_remove("CI");
    }
    let output = child.output().expect("the child runs");
    let printed = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    (output.status.success(), printed)
}

#[test]
fn under_ci_a_missing_document_fails_at_the_callers_line_and_is_not_written() {
    let folder = std::env::temp_dir().join(format!("lambda-client-missing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let path = folder.join("orders.json");
    let (passed, printed) = check_in_a_child(&path, true);
    assert!(!passed, "{printed}");
    let expected = format!(
        "the contract `Orders` has no document at {}: create it with `UPDATE_CONTRACTS=1 cargo test`, review it and commit it (under CI a missing document is an error, not written)",
        path.display()
    );
    assert!(printed.contains(&expected), "{printed}");
    // `#[track_caller]`: the panic points at the test's line, not the library's.
    assert!(printed.contains("tests/tests/contracts.rs:"), "{printed}");
    assert!(!folder.exists(), "nothing is written under CI");
}
