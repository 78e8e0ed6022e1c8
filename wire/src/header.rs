//! The Invoke API's headers. HTTP header names are case-insensitive; these
//! are lowercase, as HTTP/2 and the `http` crate write them (its
//! `HeaderName::from_static` takes only lowercase). Each one's doc gives
//! the spelling in Lambda's documentation.

/// `X-Amz-Invocation-Type`: `RequestResponse` (the default), `Event` or
/// `DryRun`.
pub const INVOCATION_TYPE: &str = "x-amz-invocation-type";

/// `X-Amz-Log-Type`: `Tail` asks a synchronous call for its log tail.
pub const LOG_TYPE: &str = "x-amz-log-type";

/// `X-Amz-Client-Context`: a synchronous call's `ClientContext`, base64 of a
/// JSON object.
pub const CLIENT_CONTEXT: &str = "x-amz-client-context";

/// `X-Amz-Tenant-Id`: the tenant of a call into a function in tenant
/// isolation mode.
pub const TENANT_ID: &str = "x-amz-tenant-id";

/// `X-Amz-Durable-Execution-Name`: the name of the durable execution a call
/// starts, its idempotency key.
pub const DURABLE_EXECUTION_NAME: &str = "x-amz-durable-execution-name";

/// `X-Amzn-Trace-Id`: the X-Ray trace header, and the recursion count of a
/// chain of calls (its `Lineage`).
pub const TRACE_ID: &str = "x-amzn-trace-id";

/// `X-Amz-Function-Error`, in an answer: `Unhandled` or `Handled` when the
/// callee failed (with status 200).
pub const FUNCTION_ERROR: &str = "x-amz-function-error";

/// `X-Amz-Executed-Version`, in an answer: the version that ran.
pub const EXECUTED_VERSION: &str = "x-amz-executed-version";

/// `X-Amz-Log-Result`, in an answer: the base64 log tail `Tail` asked for.
pub const LOG_RESULT: &str = "x-amz-log-result";

/// `X-Amz-Durable-Execution-Arn`, in an answer: the durable execution the
/// call started or joined.
pub const DURABLE_EXECUTION_ARN: &str = "x-amz-durable-execution-arn";

/// `X-Amzn-RequestId`, in an answer: the invocation's request id.
pub const REQUEST_ID: &str = "x-amzn-requestid";

/// `X-Amzn-ErrorType`, in an error answer of the API: the error's code
/// (`ResourceNotFoundException`, `TooManyRequestsException`, …).
pub const ERROR_TYPE: &str = "x-amzn-errortype";
