//! The Lambda Invoke API over HTTP/1.1, answered as AWS answers it: the
//! statuses, headers and error documents of CONFORMANCE.md's wire table.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Either, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use lambda_runtime::{Context, Diagnostic};
use serde::de::IgnoredAny;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::EventRun;
use super::host::{Environment, HostedService, Invocation, Outcome};
use crate::durable::{Executions, Started};
use crate::events::Events;
use crate::function::Init;
use crate::streaming::StreamedBody;
use lambda_client::{FunctionError, InvocationType};

/// Lambda's limit on the base64 `ClientContext` header.
const CLIENT_CONTEXT_LIMIT: usize = 3583;

/// A function as the server hosts it.
pub(crate) struct Hosted {
    pub(crate) name: String,
    pub(crate) arn: String,
    /// `$LATEST` and every published version.
    pub(crate) versions: HashMap<String, Version>,
    /// Alias name to version.
    pub(crate) aliases: HashMap<String, String>,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u32,
    pub(crate) concurrency: Option<Arc<Semaphore>>,
    /// Tenant isolation mode: each tenant's own `$LATEST`.
    pub(crate) tenancy: Option<Tenancy>,
    /// A durable function: invoked only qualified, each invocation a named
    /// execution.
    pub(crate) durable: bool,
}

/// A tenant-isolated function's execution environments, one a tenant.
pub(crate) struct Tenancy {
    init: Init,
    environments: std::sync::Mutex<HashMap<String, HostedService>>,
}

impl Tenancy {
    pub(crate) fn new(init: Init) -> Self {
        Tenancy {
            init,
            environments: std::sync::Mutex::default(),
        }
    }

    /// Tenant `tenant`'s `$LATEST`, made on its first call.
    fn service(&self, tenant: &str) -> HostedService {
        let mut environments = self
            .environments
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            environments
                .entry(tenant.to_owned())
                .or_insert_with(|| (self.init)()),
        )
    }
}

/// One version of a hosted function.
pub(crate) struct Version {
    pub(crate) service: HostedService,
    pub(crate) environment: Environment,
    pub(crate) config: Arc<lambda_runtime::Config>,
}

/// What every connection shares.
pub(crate) struct State {
    pub(crate) functions: HashMap<String, Arc<Hosted>>,
    pub(crate) events: Events,
    pub(crate) executions: Executions,
    /// How many times one chain of calls may invoke a function.
    recursion_limit: u32,
    /// How long a client may take to send a request's headers, or its body.
    read_timeout: Duration,
    next_request: AtomicU64,
    nonce: u64,
}

impl State {
    pub(crate) fn new(
        functions: HashMap<String, Arc<Hosted>>,
        read_timeout: Duration,
        recursion_limit: u32,
    ) -> Self {
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| u64::from(since.subsec_nanos()));
        State {
            functions,
            events: Events::default(),
            executions: Executions::default(),
            recursion_limit,
            read_timeout,
            next_request: AtomicU64::new(1),
            nonce,
        }
    }

    /// A request id shaped like Lambda's (a UUID), unique in this process.
    fn request_id(&self) -> String {
        let sequence = self.next_request.fetch_add(1, Ordering::Relaxed);
        format!(
            "{:08x}-{:04x}-4000-8000-{:012x}",
            self.nonce & 0xffff_ffff,
            (self.nonce >> 32) & 0xffff,
            sequence
        )
    }
}

/// Accepts connections until the task is aborted; aborting it drops every
/// connection with it.
pub(crate) async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: wait for some to close
                    // rather than spin on the same error.
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                };
                // Small JSON answers: without this, Nagle's algorithm delays each by
                // the peer's delayed ACK.
                let _ = stream.set_nodelay(true);
                let read_timeout = state.read_timeout;
                let state = Arc::clone(&state);
                let service = hyper::service::service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(answer(&state, request).await) }
                });
                connections.spawn(
                    hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(read_timeout)
                        .serve_connection(TokioIo::new(stream), service),
                );
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// How long to wait after a failed accept before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

type Answer = Response<Either<Full<Bytes>, StreamedBody>>;

/// An error answer of the Invoke API: the code goes in `x-amzn-ErrorType`,
/// the JSON body beside it.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    body: serde_json::Value,
}

async fn answer(state: &State, request: Request<Incoming>) -> Answer {
    let answered = if request.uri().path().starts_with(DURABLE_EXECUTIONS) {
        durable_execution(state, request).await
    } else {
        invoke(state, request).await
    };
    match answered {
        Ok(answer) => answer,
        Err(refusal) => {
            let mut answer = full(Bytes::from(refusal.body.to_string()));
            *answer.status_mut() = refusal.status;
            let headers = answer.headers_mut();
            insert(headers, "content-type", "application/json");
            insert(headers, "x-amzn-errortype", refusal.code);
            answer
        }
    }
}

/// Where `GetDurableExecution` and `StopDurableExecution` are.
const DURABLE_EXECUTIONS: &str = "/2025-12-01/durable-executions/";

/// `GetDurableExecution` and `StopDurableExecution`.
async fn durable_execution(state: &State, request: Request<Incoming>) -> Result<Answer, Refusal> {
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
    match crate::durable::answer(&state.executions, &parts.method, rest, &body) {
        Ok(document) => {
            let mut answer = full(Bytes::from(document.to_string()));
            insert(answer.headers_mut(), "content-type", "application/json");
            Ok(answer)
        }
        Err((status, code, message)) => Err(refusal(status, code, &message)),
    }
}

/// The two operations answered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operation {
    /// `POST /2015-03-31/functions/{FunctionName}/invocations`.
    Invoke,
    /// `POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations`.
    InvokeWithResponseStream,
}

/// `Invoke` and `InvokeWithResponseStream`.
async fn invoke(state: &State, request: Request<Incoming>) -> Result<Answer, Refusal> {
    let (parts, body) = request.into_parts();
    check_origin(&parts)?;
    let (operation, raw_name) = operation(&parts)?;
    let raw_name = percent_encoding::percent_decode_str(raw_name).decode_utf8_lossy();
    let query_qualifier = parts.uri.query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "Qualifier")
            .map(|(_, value)| value.into_owned())
    });
    let invocation_type = invocation_type(&parts.headers, operation)?;
    let (function, version, qualifier) = resolve(state, &raw_name, query_qualifier)?;
    let tenant = tenant(&parts.headers, &function)?;
    let durable_name = durable_name(&parts.headers, &function, qualifier.as_deref())?;
    let request_id = state.request_id();
    // Lambda counts the hops of a chain in the trace header's `Lineage`.
    let trace_header = crate::lineage::next(
        header(&parts.headers, "x-amzn-trace-id"),
        &function.arn,
        state.recursion_limit,
        &trace_root(&request_id),
    )
    .map_err(|_| {
        refusal(
            StatusCode::BAD_REQUEST,
            "RecursiveInvocationException",
            "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation.",
        )
    })?;

    let payload = read_payload(body, invocation_type, state.read_timeout).await?;
    let keep_log = invocation_type == InvocationType::RequestResponse
        && header(&parts.headers, "x-amz-log-type") == Some("Tail");

    let mut context = Context::default();
    // Lambda passes ClientContext to synchronous calls only.
    if invocation_type == InvocationType::RequestResponse {
        client_context(&parts.headers, &mut context)?;
    }
    context.request_id.clone_from(&request_id);
    context.deadline = deadline(function.timeout);
    context.invoked_function_arn = match &qualifier {
        Some(qualifier) => format!("{}:{qualifier}", function.arn),
        None => function.arn.clone(),
    };
    context.xray_trace_id = Some(trace_header);
    context.tenant_id.clone_from(&tenant);
    context.env_config = Arc::clone(&version.config);
    // A tenant-isolated function's `$LATEST` runs in the tenant's own environment.
    let service = match (&function.tenancy, &tenant) {
        (Some(tenancy), Some(tenant)) if version.config.version == "$LATEST" => {
            tenancy.service(tenant)
        }
        _ => Arc::clone(&version.service),
    };
    let invocation = Invocation {
        service,
        environment: Arc::clone(&version.environment),
        payload,
        context,
        version: version.config.version.clone(),
        timeout: function.timeout,
        memory_mb: function.memory_mb,
        keep_log,
    };

    if let Durability::Execution(name) = durable_name
        && invocation_type != InvocationType::DryRun
    {
        return durable(
            state,
            &function,
            invocation,
            name,
            invocation_type,
            &request_id,
        )
        .await;
    }
    match invocation_type {
        InvocationType::DryRun => Ok(accepted(StatusCode::NO_CONTENT, &request_id)),
        InvocationType::RequestResponse if operation == Operation::InvokeWithResponseStream => {
            let slot = reserve(&function)?;
            Ok(streamed(invocation, slot, &request_id))
        }
        InvocationType::Event => {
            queue(state, Arc::clone(&function), invocation);
            Ok(accepted(StatusCode::ACCEPTED, &request_id))
        }
        InvocationType::RequestResponse => {
            let _slot = reserve(&function)?;
            let executed = invocation.version.clone();
            let outcome = invocation.run().await;
            Ok(completed(outcome, &request_id, &executed))
        }
    }
}

/// The tenant of the call (`X-Amz-Tenant-Id`): required by a function in
/// tenant isolation mode, refused by any other, with the error Lambda
/// documents for both.
fn tenant(headers: &HeaderMap, function: &Hosted) -> Result<Option<String>, Refusal> {
    let tenant = header(headers, "x-amz-tenant-id");
    let mismatch = || {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            "Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled.",
        )
    };
    match (tenant, function.tenancy.is_some()) {
        (Some(tenant), true) => {
            let allowed = |c: char| c.is_ascii_alphanumeric() || " ._:/=+-@".contains(c);
            let length = tenant.chars().count();
            if length == 0 || length > 256 || !tenant.chars().all(allowed) {
                return Err(refusal(
                    StatusCode::BAD_REQUEST,
                    "InvalidParameterValueException",
                    "1 validation error detected: Value at 'tenantId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9\\._:\\/=+\\-@ ]+",
                ));
            }
            Ok(Some(tenant.to_owned()))
        }
        (None, false) => Ok(None),
        _ => Err(mismatch()),
    }
}

/// Whether an invocation starts a durable execution, and under which name.
enum Durability {
    /// The function is not durable.
    Plain,
    /// An execution named by the header, or by Lambda when it has none.
    Execution(Option<String>),
}

/// A durable function's execution name: the header's, or one to generate;
/// a durable function must be invoked qualified, and only a durable
/// function takes a name.
fn durable_name(
    headers: &HeaderMap,
    function: &Hosted,
    qualifier: Option<&str>,
) -> Result<Durability, Refusal> {
    let name = header(headers, "x-amz-durable-execution-name").map(str::to_owned);
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
    if let Some(name) = &name {
        let valid = (1..=64).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                "1 validation error detected: Value at 'durableExecutionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+",
            ));
        }
    }
    Ok(Durability::Execution(name))
}

/// Starts (or joins) a durable execution: an event answers 202 at once, a
/// synchronous call waits for the execution's end; both name its ARN.
async fn durable(
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
            crate::durable::State::Succeeded(value) => Ok(value),
            crate::durable::State::Failed(diagnostic) => Err(diagnostic),
            crate::durable::State::Stopped(..) | crate::durable::State::Running => {
                Err(Diagnostic {
                    error_type: "Stopped".to_owned(),
                    error_message: "The durable execution was stopped.".to_owned(),
                })
            }
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
    insert(
        answer.headers_mut(),
        "x-amz-durable-execution-arn",
        &execution.arn,
    );
    Ok(answer)
}

/// A trace root of Lambda's shape for an invocation that came without one.
fn trace_root(request_id: &str) -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let unique: String = request_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(24)
        .collect();
    format!("1-{seconds:08x}-{unique:0>24}")
}

/// The operation a request's method and path name, and the function's name
/// as the path has it.
fn operation(parts: &http::request::Parts) -> Result<(Operation, &str), Refusal> {
    let path = parts.uri.path();
    [
        ("/2015-03-31/functions/", "/invocations", Operation::Invoke),
        (
            "/2021-11-15/functions/",
            "/response-streaming-invocations",
            Operation::InvokeWithResponseStream,
        ),
    ]
    .into_iter()
    .find_map(|(prefix, suffix, operation)| {
        let name = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
        Some((operation, name))
    })
    .filter(|_| parts.method == Method::POST)
    .ok_or_else(|| {
        refusal(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "Unknown operation; this server answers only Invoke, InvokeWithResponseStream, GetDurableExecution and StopDurableExecution",
        )
    })
}

/// A server on loopback is reachable from a web page on the same machine:
/// through DNS rebinding (a name of the page's that resolves to 127.0.0.1,
/// sent as `Host`), or by a cross-site request a browser sends without
/// asking (a `text/plain` POST). Only requests addressed to a loopback host,
/// and not from a browser, are answered.
fn check_origin(parts: &http::request::Parts) -> Result<(), Refusal> {
    let forbidden = |why: String| {
        refusal(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            &format!("the local Lambda answers only local clients: {why}"),
        )
    };
    let host = header(&parts.headers, "host").unwrap_or_default();
    if !is_loopback_host(host) {
        return Err(forbidden(format!(
            "the request is addressed to `{}`, not to 127.0.0.1, [::1] or localhost",
            host.escape_debug()
        )));
    }
    if parts.headers.contains_key("origin") || parts.headers.contains_key("sec-fetch-mode") {
        return Err(forbidden("the request comes from a browser".to_owned()));
    }
    // What a browser may send cross-site without a preflight; the SDK sends
    // `application/octet-stream`.
    let content_type = header(&parts.headers, "content-type").unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ]
    .iter()
    .any(|browser| media_type.eq_ignore_ascii_case(browser))
    {
        return Err(forbidden(format!(
            "a `{media_type}` body is what a web page sends"
        )));
    }
    Ok(())
}

/// `127.0.0.1`, `[::1]` or `localhost`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|byte| byte.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn invocation_type(headers: &HeaderMap, operation: Operation) -> Result<InvocationType, Refusal> {
    let (allowed, values) = match operation {
        Operation::Invoke => (
            &[
                InvocationType::RequestResponse,
                InvocationType::Event,
                InvocationType::DryRun,
            ][..],
            "[Event, RequestResponse, DryRun]",
        ),
        Operation::InvokeWithResponseStream => (
            &[InvocationType::RequestResponse, InvocationType::DryRun][..],
            "[RequestResponse, DryRun]",
        ),
    };
    let value = header(headers, "x-amz-invocation-type").unwrap_or("RequestResponse");
    allowed
        .iter()
        .copied()
        .find(|allowed| allowed.as_str() == value)
        .ok_or_else(|| {
            refusal(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                &format!(
                    "1 validation error detected: Value '{value}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: {values}"
                ),
            )
        })
}

/// A slot of the function's reserved concurrency: a synchronous call is
/// refused at once when there is none; it is not queued.
fn reserve(function: &Hosted) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, Refusal> {
    match &function.concurrency {
        Some(slots) => Arc::clone(slots)
            .try_acquire_owned()
            .map(Some)
            .map_err(|_| throttled()),
        None => Ok(None),
    }
}

/// The start of a streamed answer: 200 and the event stream, whose body
/// runs the invocation.
fn streamed(
    invocation: Invocation,
    slot: Option<tokio::sync::OwnedSemaphorePermit>,
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
    insert(headers, "x-amzn-requestid", request_id);
    insert(headers, "x-amz-executed-version", &version);
    answer
}

fn full(body: Bytes) -> Answer {
    Response::new(Either::Left(Full::new(body)))
}

/// Finds the function and version a name (plain, partial or full ARN, with
/// an optional `:qualifier`) and the `Qualifier` parameter point at.
fn resolve<'s>(
    state: &'s State,
    raw_name: &str,
    query_qualifier: Option<String>,
) -> Result<(Arc<Hosted>, &'s Version, Option<String>), Refusal> {
    let parts: Vec<&str> = raw_name.split(':').collect();
    let (name, name_qualifier) = match parts.as_slice() {
        ["arn", _, "lambda", _, _, "function", name, rest @ ..]
        | [_, "function", name, rest @ ..]
        | [name, rest @ ..] => (*name, rest.first().copied()),
        [] => ("", None),
    };
    let qualifier = match (name_qualifier, query_qualifier) {
        (Some(from_name), Some(from_query)) if from_name != from_query => {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                "The derived qualifier from the function name does not match the specified qualifier.",
            ));
        }
        (Some(from_name), _) => Some(from_name.to_owned()),
        (None, from_query) => from_query,
    };
    let not_found = |arn: &str| {
        let arn = match &qualifier {
            Some(qualifier) => format!("{arn}:{qualifier}"),
            None => arn.to_owned(),
        };
        refusal(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &format!("Function not found: {arn}"),
        )
    };
    let Some(function) = state.functions.get(name) else {
        return Err(not_found(&format!(
            "arn:aws:lambda:{}:{}:function:{name}",
            super::REGION,
            super::ACCOUNT
        )));
    };
    let version_name = match qualifier.as_deref() {
        None => "$LATEST",
        Some(qualifier) => function
            .aliases
            .get(qualifier)
            .map_or(qualifier, String::as_str),
    };
    let version = function
        .versions
        .get(version_name)
        .ok_or_else(|| not_found(&function.arn))?;
    Ok((Arc::clone(function), version, qualifier))
}

async fn read_payload(
    body: Incoming,
    invocation_type: InvocationType,
    read_timeout: Duration,
) -> Result<Bytes, Refusal> {
    let limit = invocation_type.payload_limit();
    let too_large = || {
        refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestTooLargeException",
            &format!(
                "Request must be smaller than {limit} bytes for the {} invocation type.",
                invocation_type.as_str()
            ),
        )
    };
    let read = tokio::time::timeout(read_timeout, Limited::new(body, limit).collect()).await;
    let Ok(read) = read else {
        return Err(refusal(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeoutException",
            &format!("the request body did not arrive within {read_timeout:?}"),
        ));
    };
    let payload = match read {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<LengthLimitError>() => return Err(too_large()),
        Err(error) => {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "InvalidRequestContentException",
                &format!("Could not read the request body: {error}"),
            ));
        }
    };
    // The SDK sends no body when no payload is set, and Lambda then hands the
    // function `{}`.
    if payload.is_empty() {
        return Ok(Bytes::from_static(b"{}"));
    }
    serde_json::from_slice::<IgnoredAny>(&payload).map_err(|error| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContentException",
            &format!("Could not parse request body into json: {error}"),
        )
    })?;
    Ok(payload)
}

/// The `X-Amz-Client-Context` header, base64 of a JSON object, decoded into
/// the handler's context.
fn client_context(headers: &HeaderMap, context: &mut Context) -> Result<(), Refusal> {
    let Some(encoded) = headers.get("x-amz-client-context") else {
        return Ok(());
    };
    let invalid = |why: &str| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContentException",
            &format!("Client context must be a valid Base64-encoded JSON object: {why}"),
        )
    };
    if encoded.len() > CLIENT_CONTEXT_LIMIT {
        return Err(invalid(&format!(
            "it is {} bytes, over the limit of {CLIENT_CONTEXT_LIMIT}",
            encoded.len()
        )));
    }
    let json = BASE64
        .decode(encoded.as_bytes())
        .map_err(|error| invalid(&error.to_string()))?;
    // `lambda_runtime` does not export the type's name; the field gives it.
    context.client_context =
        Some(serde_json::from_slice(&json).map_err(|error| invalid(&error.to_string()))?);
    Ok(())
}

/// The context's deadline: milliseconds since the epoch.
fn deadline(timeout: Duration) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from((now + timeout).as_millis()).unwrap_or(u64::MAX)
}

/// Runs an event in the background, after waiting for a concurrency slot:
/// Lambda queues events instead of refusing them.
fn queue(state: &State, function: Arc<Hosted>, invocation: Invocation) {
    let run = async move {
        let _permit = match &function.concurrency {
            Some(slots) => Arc::clone(slots).acquire_owned().await.ok(),
            None => None,
        };
        let request_id = invocation.context.request_id.clone();
        let version = invocation.version.clone();
        let outcome = invocation.run().await;
        EventRun {
            function_name: function.name.clone(),
            version,
            request_id,
            result: outcome.result.map_err(|diagnostic| {
                FunctionError::from_document("Unhandled", document(&diagnostic))
            }),
        }
    };
    state.events.spawn(run);
}

fn document(diagnostic: &Diagnostic) -> Vec<u8> {
    serde_json::to_vec(diagnostic).unwrap_or_default()
}

/// A synchronous call's answer: 200, and `X-Amz-Function-Error` when the
/// function failed.
fn completed(outcome: Outcome, request_id: &str, version: &str) -> Answer {
    let (payload, failed) = match outcome.result {
        Ok(payload) => (payload, false),
        Err(diagnostic) => (document(&diagnostic), true),
    };
    let mut answer = full(Bytes::from(payload));
    let headers = answer.headers_mut();
    insert(headers, "content-type", "application/json");
    insert(headers, "x-amzn-requestid", request_id);
    insert(headers, "x-amz-executed-version", version);
    if failed {
        insert(headers, "x-amz-function-error", "Unhandled");
    }
    if let Some(tail) = outcome.log_tail {
        insert(headers, "x-amz-log-result", &BASE64.encode(tail));
    }
    answer
}

/// An event or dry run Lambda accepted.
fn accepted(status: StatusCode, request_id: &str) -> Answer {
    let mut answer = full(Bytes::new());
    *answer.status_mut() = status;
    insert(answer.headers_mut(), "x-amzn-requestid", request_id);
    answer
}

/// A refusal from the user's side: `Type` `User` and a `message`.
fn refusal(status: StatusCode, code: &'static str, message: &str) -> Refusal {
    Refusal {
        status,
        code,
        body: serde_json::json!({ "Type": "User", "message": message }),
    }
}

/// The 429 Lambda sends when a function's reserved concurrency is in use.
fn throttled() -> Refusal {
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

fn insert(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}
