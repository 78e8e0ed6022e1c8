//! [`Transport`] for `aws_sdk_lambda::Client`: the request as the SDK
//! builds it, and every SDK error as the typed error it stands for.

use std::future::Future;
use std::pin::Pin;

use aws_sdk_lambda::config::interceptors::{
    BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
};
use aws_sdk_lambda::config::retry::{RetryConfig, RetryPartition};
use aws_sdk_lambda::config::{
    ConfigBag, HttpClient, Intercept, RuntimeComponents, RuntimeComponentsBuilder,
    SharedHttpClient, SharedInterceptor,
};
use aws_sdk_lambda::error::BoxError;
use aws_sdk_lambda::error::SdkError;
use aws_sdk_lambda::operation::RequestId as _;
use aws_sdk_lambda::operation::invoke::InvokeError as SdkInvokeError;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::ResponseStreamingInvocationType;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use lambda_client_wire::header;

use std::sync::Arc;

use super::durable::DurableExecutions;
use super::sdk_error::{OperationError, api_error};
use super::{InvokeRequest, InvokeResponse, InvokeStreamResponse, Transport};
use crate::durable::execution::{DurableError, DurableExecution, DurableStatus};
use crate::error::{ApiError, RESPONSE_LIMIT, TransportError, TransportErrorKind};
use crate::invocation_type::InvocationType;

tokio::task_local! {
    /// The trace header of the call being sent, for a prepared client's
    /// HTTP client ([`TraceForwarding`]) or interceptor ([`TraceHeader`]).
    static SENT_TRACE_HEADER: Arc<str>;
}

/// The retry partition that marks a client [`prepare`] made: its retries
/// are off, so the partition's token bucket is never drawn on, and it is
/// what a call reads back to know the trace header is added for it. A
/// custom partition, with its own bucket: the SDK looks a named one up in
/// a process-wide map on every call.
fn prepared_partition() -> &'static RetryPartition {
    static PREPARED: std::sync::OnceLock<RetryPartition> = std::sync::OnceLock::new();
    PREPARED.get_or_init(|| {
        RetryPartition::custom("lambda-client: one attempt a call, the trace header added").build()
    })
}

/// Adds the call's trace header to `request`, when one is being sent.
fn add_trace_header(request: &mut HttpRequest) {
    let _ = SENT_TRACE_HEADER.try_with(|trace_header| {
        request
            .headers_mut()
            .insert(header::TRACE_ID, trace_header.to_string());
    });
}

/// The user's HTTP client, adding the call's trace header as it transmits
/// the request. (`X-Amzn-Trace-Id` is not signed, so it may be added after
/// signing.) An interceptor would do the same at a cost of about 5,000
/// instructions a call, every call, as the SDK checks each of its hooks.
#[derive(Debug)]
struct TraceForwarding(SharedHttpClient);

impl HttpClient for TraceForwarding {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(TraceForwardingConnector(
            self.0.http_connector(settings, components),
        ))
    }

    fn validate_base_client_config(
        &self,
        components: &RuntimeComponentsBuilder,
        config: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.validate_base_client_config(components, config)
    }

    fn validate_final_config(
        &self,
        components: &RuntimeComponents,
        config: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.validate_final_config(components, config)
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.0.connector_metadata()
    }
}

#[derive(Debug)]
struct TraceForwardingConnector(SharedHttpConnector);

impl HttpConnector for TraceForwardingConnector {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        add_trace_header(&mut request);
        let invoke = is_invoke(&request);
        let answer = self.0.call(request);
        if !invoke {
            return answer;
        }
        HttpConnectorFuture::new(async move {
            let response = answer.await?;
            match Oversized::declared_by(&response) {
                Some(oversized) => Err(ConnectorError::other(oversized.into(), None)),
                None => Ok(response),
            }
        })
    }
}

/// Whether `request` is an `Invoke` (`POST .../functions/{name}/invocations`),
/// whose answer is at most a synchronous response's size.
fn is_invoke(request: &HttpRequest) -> bool {
    let uri = request.uri();
    let path = uri.split_once('?').map_or(uri, |(path, _)| path);
    path.ends_with("/invocations")
}

/// An `Invoke` answer whose `Content-Length` is over what Lambda can send:
/// refused before its body is read, where reading it would take the memory
/// it claims.
#[derive(Debug)]
struct Oversized {
    size: usize,
}

impl Oversized {
    fn declared_by(response: &aws_smithy_runtime_api::http::Response) -> Option<Oversized> {
        // The body knows its length when the answer declares one (hyper's
        // does), which spares parsing the header's name and value.
        let size = match response.body().content_length() {
            Some(size) => size,
            None => response
                .headers()
                .get("content-length")?
                .trim()
                .parse::<u64>()
                .ok()?,
        };
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        (size > RESPONSE_LIMIT).then_some(Oversized { size })
    }

    /// The oversized answer beneath an SDK error, if that is what it is.
    fn beneath(error: &(dyn std::error::Error + 'static)) -> Option<usize> {
        let mut current = Some(error);
        while let Some(error) = current {
            if let Some(oversized) = error.downcast_ref::<Oversized>() {
                return Some(oversized.size);
            }
            current = error.source();
        }
        None
    }
}

impl std::fmt::Display for Oversized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the answer's Content-Length declares {} bytes, over the {RESPONSE_LIMIT} Lambda can send",
            self.size
        )
    }
}

impl std::error::Error for Oversized {}

/// The same as an interceptor, for a client whose configuration names no
/// HTTP client of its own (the SDK then picks its default per call).
#[derive(Debug)]
struct TraceHeader;

impl Intercept for TraceHeader {
    fn name(&self) -> &'static str {
        "lambda_client::TraceHeader"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        add_trace_header(context.request_mut());
        Ok(())
    }

    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let invoke = config
            .load::<aws_smithy_runtime_api::client::orchestrator::Metadata>()
            .is_some_and(|operation| operation.name() == "Invoke");
        match Oversized::declared_by(context.response()) {
            Some(oversized) if invoke => Err(oversized.into()),
            _ => Ok(()),
        }
    }
}

/// The override of one request's retries.
fn retrying(retry: RetryConfig) -> aws_sdk_lambda::config::Builder {
    aws_sdk_lambda::config::Builder::default().retry_config(retry)
}

fn retries_off(config: &aws_sdk_lambda::Config) -> bool {
    config
        .retry_config()
        .is_some_and(|retry| retry.max_attempts() <= 1)
}

fn is_prepared(config: &aws_sdk_lambda::Config) -> bool {
    config.retry_partition() == Some(prepared_partition())
}

/// `client` with the SDK's retries off and the call's trace header added
/// as it is sent, built once; everything else of its configuration (its
/// HTTP client and connection pool, credentials and their cache,
/// endpoint, region, timeouts, interceptors) is the same.
fn prepare(client: aws_sdk_lambda::Client) -> aws_sdk_lambda::Client {
    let config = client.config();
    if is_prepared(config) && retries_off(config) {
        return client;
    }
    let mut prepared = config.to_builder();
    prepared.set_retry_config(Some(RetryConfig::disabled()));
    prepared.set_retry_partition(Some(prepared_partition().clone()));
    match config.http_client() {
        Some(http_client) => {
            prepared.set_http_client(Some(SharedHttpClient::new(TraceForwarding(http_client))));
        }
        None => {
            prepared.push_interceptor(SharedInterceptor::new(TraceHeader));
        }
    }
    aws_sdk_lambda::Client::from_conf(prepared.build())
}

/// The future `make` returns, on the heap: the SDK's `Invoke` future is
/// 5.5 KB, and there it is not copied each time a caller's future that
/// holds it is moved. The space is allocated first, so that the future is
/// made in it; `Box::pin(call.send())` makes it on the stack and copies
/// it over, 86 cache lines a call.
fn on_heap<'a, F: Future + Send + 'a>(
    make: impl FnOnce() -> F,
) -> Pin<Box<dyn Future<Output = F::Output> + Send + 'a>> {
    let future: Box<F> = Box::write(Box::new_uninit(), make());
    Box::into_pin(future)
}

/// Sends a fluent builder's request as one attempt: the SDK's own retries
/// off (its standard mode retries a 5xx or a timeout, which runs a
/// synchronous callee again), and the call's trace header added. A
/// prepared client does both in its configuration; any other overrides
/// its configuration for the call, which costs a few microseconds.
macro_rules! send_once {
    ($client:expr, $call:expr, $trace_header:expr) => {{
        let config = $client.config();
        let retries_off = retries_off(config);
        let call = $call;
        let send: Pin<Box<dyn Future<Output = _> + Send>> = match $trace_header {
            None if retries_off => on_heap(|| call.send()),
            Some(trace_header) if retries_off && is_prepared(config) => {
                on_heap(|| SENT_TRACE_HEADER.scope(trace_header, call.send()))
            }
            trace_header => {
                let mut call = call.customize();
                if !retries_off {
                    call = call.config_override(retrying(RetryConfig::disabled()));
                }
                if let Some(trace_header) = trace_header {
                    call = call.mutate_request(move |request| {
                        request
                            .headers_mut()
                            .insert(header::TRACE_ID, trace_header.to_string());
                    });
                }
                on_heap(|| call.send())
            }
        };
        send
    }};
}

/// An `Invoke` or `InvokeWithResponseStream` fluent builder given the
/// request's qualifier, log type, client context and tenant, each only
/// when the request has it: every setter moves the whole builder (the
/// configuration override it carries included), and most calls set none.
macro_rules! with_options {
    ($call:expr, $request:expr) => {{
        let mut call = $call;
        let request = &$request;
        if let Some(qualifier) = &request.qualifier {
            call = call.qualifier(&**qualifier);
        }
        if request.log_tail {
            call = call.log_type(aws_sdk_lambda::types::LogType::Tail);
        }
        if let Some(client_context) = &request.client_context {
            call = call.client_context(client_context);
        }
        if let Some(tenant) = &request.tenant_id {
            call = call.tenant_id(tenant.as_str());
        }
        call
    }};
}

impl Transport for aws_sdk_lambda::Client {
    async fn invoke(&self, request: InvokeRequest) -> Result<InvokeResponse, ApiError> {
        let function: &str = &request.function_name;
        let sdk_invocation_type = match request.invocation_type {
            InvocationType::RequestResponse => {
                aws_sdk_lambda::types::InvocationType::RequestResponse
            }
            InvocationType::Event => aws_sdk_lambda::types::InvocationType::Event,
            InvocationType::DryRun => aws_sdk_lambda::types::InvocationType::DryRun,
        };
        let mut call = with_options!(
            self.invoke()
                .function_name(function)
                .invocation_type(sdk_invocation_type),
            request
        );
        if let Some(name) = &request.durable_execution_name {
            call = call.durable_execution_name(name.as_str());
        }
        let call = call.payload(Blob::new(request.payload));
        let output = match send_once!(self, call, request.trace_header).await {
            Ok(output) => output,
            Err(error) => {
                return function_error_document(&error).ok_or_else(|| {
                    self.refused(&request.function_name, request.qualifier.as_deref(), error)
                });
            }
        };
        Ok(InvokeResponse {
            request_id: output.request_id().map(str::to_owned),
            // Lambda's status codes all fit; a nonsense value fails the status
            // check instead of being truncated into a valid one.
            status_code: u16::try_from(output.status_code).unwrap_or(0),
            function_error: output.function_error,
            payload: output.payload.map(Blob::into_inner).unwrap_or_default(),
            executed_version: output.executed_version,
            log_result: output.log_result,
            durable_execution_arn: output.durable_execution_arn,
        })
    }

    async fn invoke_stream(
        &self,
        request: InvokeRequest,
    ) -> Result<InvokeStreamResponse, ApiError> {
        let call = with_options!(
            self.invoke_with_response_stream()
                .function_name(&*request.function_name)
                .invocation_type(ResponseStreamingInvocationType::RequestResponse),
            request
        );
        let call = call.payload(Blob::new(request.payload));
        match send_once!(self, call, request.trace_header).await {
            Ok(output) => Ok(super::sdk_stream::response(&request.function_name, output)),
            Err(error) => {
                Err(self.refused(&request.function_name, request.qualifier.as_deref(), error))
            }
        }
    }

    fn region(&self) -> Option<&str> {
        self.config().region().map(AsRef::as_ref)
    }

    fn durable_executions(&self) -> Option<Arc<dyn DurableExecutions>> {
        Some(Arc::new(self.clone()))
    }

    fn prepared(self) -> Self {
        prepare(self)
    }
}

impl DurableExecutions for aws_sdk_lambda::Client {
    fn get(
        &self,
        arn: &str,
    ) -> Pin<Box<dyn Future<Output = Result<DurableExecution, ApiError>> + Send + '_>> {
        let arn = arn.to_owned();
        Box::pin(async move {
            // One request: `DurableCall::result` retries a failed poll under
            // the client's policy and quota, as it does a call.
            let output = send_once!(
                self,
                self.get_durable_execution().durable_execution_arn(&arn),
                None::<Arc<str>>
            )
            .await
            .map_err(|error| self.refused(&arn, None, error))?;
            // The SDK fills a missing `Status` with this text rather than
            // failing: an answer without one is not Lambda's.
            if output.status.as_str() == "no value was set" {
                return Err(ApiError::Transport(
                    TransportError::new(arn, TransportErrorKind::Response).with_source(
                        "GetDurableExecution's answer has no Status, which Lambda always sends: check the endpoint the client is configured for",
                    ),
                ));
            }
            let mut execution = DurableExecution::new(DurableStatus::from(output.status.as_str()));
            execution.result = output.result;
            execution.error = output.error.map(|error| DurableError {
                error_type: error.error_type,
                error_message: error.error_message,
                stack_trace: error.stack_trace.unwrap_or_default(),
            });
            Ok(execution)
        })
    }

    fn stop(&self, arn: &str) -> Pin<Box<dyn Future<Output = Result<(), ApiError>> + Send + '_>> {
        let arn = arn.to_owned();
        Box::pin(async move {
            self.stop_durable_execution()
                .durable_execution_arn(&arn)
                .send()
                .await
                .map(|_| ())
                .map_err(|error| self.refused(&arn, None, error))
        })
    }
}

trait Refusals {
    /// An SDK error as the typed error it stands for, with what the call
    /// asked for and where: the qualifier, the region, Lambda's request id.
    fn refused<E: OperationError>(
        &self,
        function: &str,
        qualifier: Option<&str>,
        error: SdkError<E>,
    ) -> ApiError;
}

impl Refusals for aws_sdk_lambda::Client {
    fn refused<E: OperationError>(
        &self,
        function: &str,
        qualifier: Option<&str>,
        error: SdkError<E>,
    ) -> ApiError {
        let request_id = error.request_id().map(str::to_owned);
        if let Some(size) = Oversized::beneath(&error) {
            return ApiError::Transport(
                TransportError::new(function, TransportErrorKind::Response).declaring(size),
            );
        }
        let mut error = api_error(function, error);
        match &mut error {
            ApiError::Service(refusal) => {
                if let Some(qualifier) = qualifier {
                    refusal.set_qualifier(qualifier);
                }
                if let Some(region) = self.region() {
                    refusal.set_region(region);
                }
                refusal.set_request_id(request_id);
            }
            ApiError::Throttled(throttled) => throttled.set_request_id(request_id),
            ApiError::Transport(_) => {}
        }
        error
    }
}

/// `cargo lambda watch` answers a failing function with HTTP 500 and the
/// function's error document, where Lambda sends 200 and
/// `X-Amz-Function-Error`. Lambda's own 500 (`ServiceException`) always names
/// its code in `x-amzn-ErrorType` and has no `errorType` or `errorMessage`,
/// so this shape can only be a function's failure.
fn function_error_document(error: &SdkError<SdkInvokeError>) -> Option<InvokeResponse> {
    let SdkError::ServiceError(context) = error else {
        return None;
    };
    let raw = context.raw();
    if raw.status().as_u16() != 500 || raw.headers().contains_key(header::ERROR_TYPE) {
        return None;
    }
    let body = raw.body().bytes()?;
    let document =
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body).ok()?;
    if !document.contains_key("errorType") && !document.contains_key("errorMessage") {
        return None;
    }
    Some(InvokeResponse::new(500, body.to_vec()).with_function_error("Unhandled"))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_sdk_lambda::config::timeout::TimeoutConfig;
    use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};

    use super::*;
    use crate::error::TransportErrorKind;

    /// An SDK client with the SDK's own default HTTP client, for `address`.
    fn sdk(address: std::net::SocketAddr) -> aws_sdk_lambda::Client {
        aws_sdk_lambda::Client::from_conf(
            aws_sdk_lambda::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("test", "test", None, None, "test"))
                .endpoint_url(format!("http://{address}"))
                .retry_config(RetryConfig::disabled())
                .timeout_config(
                    TimeoutConfig::builder()
                        .connect_timeout(Duration::from_millis(300))
                        .build(),
                )
                .build(),
        )
    }

    fn request() -> InvokeRequest {
        InvokeRequest {
            function_name: "invoked".into(),
            qualifier: None,
            invocation_type: InvocationType::RequestResponse,
            log_tail: false,
            client_context: None,
            trace_header: None,
            tenant_id: None,
            durable_execution_name: None,
            payload: b"{}".to_vec(),
        }
    }

    /// An answer with `body` and, if given, a `Content-Length` header.
    fn answer(
        body: aws_smithy_types::body::SdkBody,
        declared: Option<&str>,
    ) -> aws_smithy_runtime_api::http::Response {
        let mut answer = http::Response::builder().status(200);
        if let Some(declared) = declared {
            answer = answer.header("content-length", declared);
        }
        aws_smithy_runtime_api::http::Response::try_from(answer.body(body).unwrap()).unwrap()
    }

    /// A body that does not know its length, as an HTTP client's stream of
    /// chunks may be.
    fn unsized_body() -> aws_smithy_types::body::SdkBody {
        use http_body_util::BodyExt as _;
        // Mapping the frames forgets the length `Full` knows.
        let body =
            http_body_util::Full::new(bytes::Bytes::from_static(b"{}")).map_frame(|frame| frame);
        aws_smithy_types::body::SdkBody::from_body_1_x(body)
    }

    #[test]
    fn an_answer_is_oversized_by_its_bodys_length_or_else_by_its_header() {
        let over = RESPONSE_LIMIT + 1;
        // The body's own length: what hyper reports from the header.
        let long = aws_smithy_types::body::SdkBody::from(vec![b' '; over]);
        assert_eq!(
            Oversized::declared_by(&answer(long, None)).map(|oversized| oversized.size),
            Some(over)
        );
        let at_the_limit = aws_smithy_types::body::SdkBody::from(vec![b' '; RESPONSE_LIMIT]);
        assert!(Oversized::declared_by(&answer(at_the_limit, None)).is_none());
        // A body that cannot say: the header is read.
        assert_eq!(
            Oversized::declared_by(&answer(unsized_body(), Some(" 268435456 ")))
                .map(|oversized| oversized.size),
            Some(268_435_456)
        );
        assert!(Oversized::declared_by(&answer(unsized_body(), Some("6291556"))).is_none());
        assert!(Oversized::declared_by(&answer(unsized_body(), Some("lots"))).is_none());
        assert!(Oversized::declared_by(&answer(unsized_body(), None)).is_none());
        // A body that knows its length is what will be read, whatever the
        // header says.
        let short = aws_smithy_types::body::SdkBody::from("{}");
        assert!(Oversized::declared_by(&answer(short, Some("268435456"))).is_none());
    }

    /// Retries of a sync call rest on this: the SDK's default HTTP client
    /// must still say, in its error's source chain, that the connection was
    /// never made. A dependency update that breaks it fails here instead of
    /// silently making refused connections non-retryable.
    #[tokio::test]
    async fn the_sdks_http_client_reports_a_refused_connection_as_never_connected() {
        // Bind and drop: nothing listens on the port.
        let address = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let error = Transport::invoke(&sdk(address), request())
            .await
            .expect_err("nothing listens");
        let ApiError::Transport(failure) = error else {
            panic!("expected a transport failure, got {error:?}")
        };
        assert_eq!(failure.kind(), TransportErrorKind::Connect, "{failure:?}");
        assert!(failure.is_retry_safe());
    }

    /// The same after a request was sent: a connection closed before any
    /// answer is not a connect failure, since the callee may have started.
    #[tokio::test]
    async fn a_connection_lost_after_sending_is_not_never_connected() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let address = listener.local_addr().expect("an address");
        let server = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.expect("a connection");
            let mut buffer = [0_u8; 1024];
            // Read the start of the request, then hang up without answering.
            let _ = stream.readable().await;
            let _ = stream.try_read(&mut buffer);
            drop(stream);
        });
        let error = Transport::invoke(&sdk(address), request())
            .await
            .expect_err("nobody answers");
        server.await.expect("the server ran");
        let ApiError::Transport(failure) = error else {
            panic!("expected a transport failure, got {error:?}")
        };
        assert_ne!(failure.kind(), TransportErrorKind::Connect, "{failure:?}");
        assert!(!failure.is_retry_safe());
    }
}
