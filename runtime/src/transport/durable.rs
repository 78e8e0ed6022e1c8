//! The durable-execution operations a transport may offer, beside Invoke.

use std::future::Future;
use std::pin::Pin;

use crate::durable::execution::DurableExecution;
use crate::error::ApiError;

/// The durable-execution operations a [`DurableCall`](crate::DurableCall) uses:
/// `GetDurableExecution` and `StopDurableExecution`. Implemented for
/// `aws_sdk_lambda::Client`; a test's transport can implement it too.
pub trait DurableExecutions: Send + Sync + 'static {
    /// `GetDurableExecution` of `arn`, with its result or error.
    fn get(
        &self,
        arn: &str,
    ) -> Pin<Box<dyn Future<Output = Result<DurableExecution, ApiError>> + Send + '_>>;

    /// `StopDurableExecution` of `arn`.
    fn stop(&self, arn: &str) -> Pin<Box<dyn Future<Output = Result<(), ApiError>> + Send + '_>>;
}
