//! `mode = "durable"`: a named durable execution, started or joined.

use crate::call::mode::{Call, Mode};
use crate::call::send::Invoke;
use crate::durable::handle::DurableCall;
use crate::error::{FromFunctionError, InvokeError, TransportError, TransportErrorKind};
use crate::transport::{InvokeRequest, Transport};

/// Start the execution under its name (an `Event` invoke, retried as
/// idempotent since the name makes it so), and return the handle of the
/// execution Lambda started or joined. Not public API.
#[derive(Debug)]
pub struct Durable;

impl<V, E: FromFunctionError> Mode<DurableCall<V, E>, E> for Durable {
    async fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> Result<DurableCall<V, E>, InvokeError<E>> {
        let (response, _slot) = call.send::<Invoke>(request).await?;
        crate::codec::check_status(&call.function, call.spec.invocation_type, None, &response)?;
        let Some(arn) = response.durable_execution_arn else {
            return Err(InvokeError::Transport(
                TransportError::new(call.function, TransportErrorKind::Response).with_source(
                    "Lambda's answer names no durable execution (X-Amz-Durable-Execution-Arn): check that the function is durable",
                ),
            ));
        };
        let executions = call.transport.durable_executions();
        Ok(
            DurableCall::new(call.function, arn, executions, call.config.polling())
                .retried_as(call.config),
        )
    }
}
