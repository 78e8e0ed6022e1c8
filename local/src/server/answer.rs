//! Lambda-shaped answers: a synchronous call's result, an accepted event or
//! dry run, the start of a streamed answer, and the refusals of the Invoke
//! API (the code in `x-amzn-ErrorType`, the JSON body beside it).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Response, StatusCode};
use http_body_util::{Either, Full};
use lambda_client_wire::header::{
    ERROR_TYPE, EXECUTED_VERSION, FUNCTION_ERROR, LOG_RESULT, REQUEST_ID,
};
use lambda_runtime::Diagnostic;
use tokio::sync::OwnedSemaphorePermit;

use crate::host::invocation::{Invocation, Outcome};
use crate::host::streaming::StreamedBody;

pub(crate) type Answer = Response<Either<Full<Bytes>, StreamedBody>>;

/// An error answer of the Invoke API: the code goes in `x-amzn-ErrorType`,
/// the JSON body beside it.
pub(crate) struct Refusal {
    status: StatusCode,
    code: &'static str,
    body: serde_json::Value,
}

impl Refusal {
    /// The refusal as the client gets it.
    pub(crate) fn into_answer(self) -> Answer {
        let mut answer = full(Bytes::from(self.body.to_string()));
        *answer.status_mut() = self.status;
        let headers = answer.headers_mut();
        insert(headers, "content-type", "application/json");
        insert(headers, ERROR_TYPE, self.code);
        answer
    }
}

/// A refusal from the user's side: `Type` `User` and a `message`.
pub(crate) fn refusal(status: StatusCode, code: &'static str, message: &str) -> Refusal {
    Refusal {
        status,
        code,
        body: serde_json::json!({ "Type": "User", "message": message }),
    }
}

/// The 429 Lambda sends when a function's reserved concurrency is in use.
pub(crate) fn throttled() -> Refusal {
    Refusal {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "TooManyRequestsException",
        body: serde_json::json!({
            "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded",
            "Type": "User",
            "message": "Rate Exceeded.",
        }),
    }
}

/// A JSON document answered with 200.
pub(crate) fn json_ok(document: &serde_json::Value) -> Answer {
    let mut answer = full(Bytes::from(document.to_string()));
    insert(answer.headers_mut(), "content-type", "application/json");
    answer
}

/// The start of a streamed answer: 200 and the event stream, whose body
/// runs the invocation.
pub(crate) fn streamed(
    invocation: Invocation,
    slot: Option<OwnedSemaphorePermit>,
    request_id: &str,
) -> Answer {
    let version = invocation.version.clone();
    let mut answer = Response::new(Either::Right(StreamedBody::new(invocation, slot)));
    let headers = answer.headers_mut();
    insert(
        headers,
        "content-type",
        "application/vnd.amazon.eventstream",
    );
    insert(headers, REQUEST_ID, request_id);
    insert(headers, EXECUTED_VERSION, &version);
    answer
}

fn full(body: Bytes) -> Answer {
    Response::new(Either::Left(Full::new(body)))
}

/// A handler's error as Lambda returns it: `{"errorType", "errorMessage"}`.
pub(crate) fn document(diagnostic: &Diagnostic) -> Vec<u8> {
    serde_json::to_vec(diagnostic).unwrap_or_default()
}

/// A synchronous call's answer: 200, and `X-Amz-Function-Error` when the
/// function failed.
pub(crate) fn completed(outcome: Outcome, request_id: &str, version: &str) -> Answer {
    let (payload, failed) = match outcome.result {
        Ok(payload) => (payload, false),
        Err(diagnostic) => (document(&diagnostic), true),
    };
    let mut answer = full(Bytes::from(payload));
    let headers = answer.headers_mut();
    insert(headers, "content-type", "application/json");
    insert(headers, REQUEST_ID, request_id);
    insert(headers, EXECUTED_VERSION, version);
    if failed {
        insert(headers, FUNCTION_ERROR, "Unhandled");
    }
    if let Some(tail) = outcome.log_tail {
        insert(headers, LOG_RESULT, &BASE64.encode(tail));
    }
    answer
}

/// An event or dry run Lambda accepted.
pub(crate) fn accepted(status: StatusCode, request_id: &str) -> Answer {
    let mut answer = full(Bytes::new());
    *answer.status_mut() = status;
    insert(answer.headers_mut(), REQUEST_ID, request_id);
    answer
}

pub(crate) fn insert(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}
