//! `#[derive(LambdaError)]`: every variant shape travels from the callee's
//! `Diagnostic` to the caller's value and back, and anything else lands in
//! the catch-all.
use lambda_client::{FromFunctionError, FunctionError, LambdaError};
use lambda_runtime::Diagnostic;

#[derive(Debug, Clone, PartialEq, thiserror::Error, LambdaError)]
pub enum OrderError {
    #[error("out of stock")]
    OutOfStock,
    #[error("unknown item {0}")]
    UnknownItem(String),
    #[error("only {0} of {1}")]
    TooFew(u32, String),
    #[error("refused: {reason}")]
    #[lambda_error(error_type = "Order.Refused")]
    Refused { code: u16, reason: String },
    #[error(transparent)]
    #[lambda_error(other)]
    Other(FunctionError),
}

/// What the caller gets from what the callee reported.
fn round_trip(error: OrderError) -> (Diagnostic, OrderError) {
    let diagnostic = Diagnostic::from(error);
    let document = serde_json::to_vec(&diagnostic).unwrap();
    let back = OrderError::from_function_error(FunctionError::from_document("Unhandled", document));
    (diagnostic, back)
}

fn main() {
    for error in [
        OrderError::OutOfStock,
        OrderError::UnknownItem("A-1".to_owned()),
        OrderError::TooFew(2, "A-1".to_owned()),
        OrderError::Refused {
            code: 451,
            reason: "embargo".to_owned(),
        },
    ] {
        let (_, back) = round_trip(error.clone());
        assert_eq!(back, error);
    }

    let (diagnostic, _) = round_trip(OrderError::OutOfStock);
    assert_eq!(diagnostic.error_type, "OutOfStock");
    assert_eq!(diagnostic.error_message, "out of stock");
    let (diagnostic, _) = round_trip(OrderError::Refused {
        code: 451,
        reason: "embargo".to_owned(),
    });
    assert_eq!(diagnostic.error_type, "Order.Refused");
    assert_eq!(
        diagnostic.error_message,
        r#"{"code":451,"reason":"embargo"}"#
    );
    let (diagnostic, _) = round_trip(OrderError::TooFew(2, "A-1".to_owned()));
    assert_eq!(diagnostic.error_message, r#"[2,"A-1"]"#);
    let (diagnostic, _) = round_trip(OrderError::UnknownItem("A-1".to_owned()));
    assert_eq!(diagnostic.error_message, r#""A-1""#);

    for document in [
        &br#"{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out"}"#[..],
        br#"{"errorType":"Order.Refused","errorMessage":"not JSON"}"#,
        br#"{"errorType":"TooFew","errorMessage":"{\"wrong\":\"shape\"}"}"#,
        br#"{"errorMessage":"no type"}"#,
        b"not a document",
    ] {
        let error = FunctionError::from_document("Unhandled", document.to_vec());
        assert_eq!(
            OrderError::from_function_error(error.clone()),
            OrderError::Other(error)
        );
    }

    // The catch-all passes on what it holds, as it came.
    let timeout = FunctionError::from_document(
        "Unhandled",
        br#"{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out"}"#.to_vec(),
    );
    let (diagnostic, back) = round_trip(OrderError::Other(timeout));
    assert_eq!(diagnostic.error_type, "Sandbox.Timedout");
    assert_eq!(diagnostic.error_message, "Task timed out");
    assert!(
        matches!(back, OrderError::Other(error) if error.error_type() == Some("Sandbox.Timedout"))
    );
}
