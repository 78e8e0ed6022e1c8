//! Durable executions over HTTP: starting (or joining) one when a durable
//! function is invoked, the execution-name rules of that invocation, and
//! `GetDurableExecution` and `StopDurableExecution`.

use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt as _, Limited};
use hyper::body::Incoming;
use lambda_client::InvocationType;
use lambda_client_wire::execution_name;
use lambda_client_wire::header::{DURABLE_EXECUTION_ARN, DURABLE_EXECUTION_NAME};
use lambda_runtime::Diagnostic;
use serde_json::{Value, json};

use crate::durable::{Executions, Started, State as ExecutionState};
use crate::host::invocation::{Invocation, Outcome};
use crate::model::function::Hosted;
use crate::server::answer::{Answer, Refusal, accepted, completed, insert, json_ok, refusal};
use crate::server::request::{check_origin, header};
use crate::server::state::State;

/// Where `GetDurableExecution` and `StopDurableExecution` are.
pub(crate) const DURABLE_EXECUTIONS: &str = "/2025-12-01/durable-executions/";

/// `GetDurableExecution` and `StopDurableExecution`.
pub(crate) async fn execution(
    state: &State,
    request: Request<Incoming>,
) -> Result<Answer, Refusal> {
    let (parts, body) = request.into_parts();
    check_origin(&parts)?;
    let body = tokio::time::timeout(
        state.read_timeout,
        Limited::new(body, 1024 * 1024).collect(),
    )
    .await
    .ok()
    .and_then(Result::ok)
    .map(http_body_util::Collected::to_bytes)
    .unwrap_or_default();
    let rest = parts
        .uri
        .path()
        .strip_prefix(DURABLE_EXECUTIONS)
        .unwrap_or_default();
    get_or_stop(&state.executions, &parts.method, rest, &body).map(|document| json_ok(&document))
}

/// The body of a durable-execution request
/// (`/2025-12-01/durable-executions/{arn}` and `.../stop`).
fn get_or_stop(
    executions: &Executions,
    method: &Method,
    rest: &str,
    body: &[u8],
) -> Result<Value, Refusal> {
    let (encoded, stop) = match rest.strip_suffix("/stop") {
        Some(encoded) => (encoded, true),
        None => (rest, false),
    };
    let arn = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
    let Some(execution) = executions.get(&arn) else {
        return Err(refusal(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &format!("Durable execution not found: {arn}"),
        ));
    };
    match (method, stop) {
        (&Method::GET, false) => Ok(execution.describe()),
        (&Method::POST, true) => {
            let error = serde_json::from_slice::<Value>(body)
                .ok()
                .filter(|error| error.as_object().is_some_and(|error| !error.is_empty()))
                .unwrap_or_else(|| json!({ "ErrorType": "Stopped" }));
            match executions.stop(&execution, &error) {
                Some(at) => Ok(json!({ "StopTimestamp": at })),
                None => Err(refusal(
                    StatusCode::CONFLICT,
                    "ResourceConflictException",
                    &format!("The durable execution {arn} is not running"),
                )),
            }
        }
        _ => Err(refusal(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "Unknown operation",
        )),
    }
}

/// Whether an invocation starts a durable execution, and under which name.
pub(crate) enum Durability {
    /// The function is not durable.
    Plain,
    /// An execution named by the header, or by Lambda when it has none.
    Execution(Option<String>),
}

/// A durable function's execution name: the header's, or one to generate;
/// a durable function must be invoked qualified, and only a durable
/// function takes a name.
pub(crate) fn durable_name(
    headers: &HeaderMap,
    function: &Hosted,
    qualifier: Option<&str>,
) -> Result<Durability, Refusal> {
    let name = header(headers, DURABLE_EXECUTION_NAME).map(str::to_owned);
    if !function.durable {
        return match name {
            Some(_) => Err(refusal(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                "A durable execution name was given for a function that is not durable.",
            )),
            None => Ok(Durability::Plain),
        };
    }
    if qualifier.is_none() {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            "You cannot invoke a durable function using an unqualified ARN.",
        ));
    }
    if let Some(name) = &name
        && execution_name::check(name).is_err()
    {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            &format!(
                "1 validation error detected: Value at 'durableExecutionName' failed to satisfy constraint: Member must satisfy regular expression pattern: {}",
                execution_name::PATTERN
            ),
        ));
    }
    Ok(Durability::Execution(name))
}

/// Starts (or joins) a durable execution: an event answers 202 at once, a
/// synchronous call waits for the execution's end; both name its ARN.
pub(crate) async fn start(
    state: &State,
    function: &Hosted,
    invocation: Invocation,
    name: Option<String>,
    invocation_type: InvocationType,
    request_id: &str,
) -> Result<Answer, Refusal> {
    let version = invocation.version.clone();
    let execution = match state.executions.start(
        &function.name,
        &function.arn,
        &version,
        name,
        &invocation.payload,
    ) {
        Started::New(execution) => {
            state.executions.run(&execution, invocation);
            execution
        }
        Started::Existing(execution) => execution,
        Started::Conflict => {
            return Err(refusal(
                StatusCode::CONFLICT,
                "DurableExecutionAlreadyStartedException",
                "The durable execution with the specified name has already been started. Each durable execution name must be unique within the function. Use a different name or check the status of the existing execution.",
            ));
        }
    };
    let mut answer = if invocation_type == InvocationType::Event {
        accepted(StatusCode::ACCEPTED, request_id)
    } else {
        let result = match execution.finished().await {
            ExecutionState::Succeeded(value) => Ok(value),
            ExecutionState::Failed(diagnostic) => Err(diagnostic),
            ExecutionState::Stopped(..) | ExecutionState::Running => Err(Diagnostic {
                error_type: "Stopped".to_owned(),
                error_message: "The durable execution was stopped.".to_owned(),
            }),
        };
        completed(
            Outcome {
                result,
                log_tail: None,
            },
            request_id,
            &version,
        )
    };
    insert(answer.headers_mut(), DURABLE_EXECUTION_ARN, &execution.arn);
    Ok(answer)
}
