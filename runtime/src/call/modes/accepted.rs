//! `mode = "event"` and `mode = "dry_run"`: Lambda's acceptance, no value.

use crate::call::mode::{Call, Mode};
use crate::call::send::Invoke;
use crate::error::{FromFunctionError, InvokeError};
use crate::invocation_type::InvocationType;
use crate::transport::{InvokeRequest, Transport};

/// Check that Lambda accepted the call (202 for `Event`, 204 for `DryRun`).
///
/// `cargo lambda watch` runs an `Event` call synchronously and answers 200,
/// with the function's failure if it failed; Lambda itself never answers an
/// event with 200. An answer of 200 without Lambda's request id
/// (`x-amzn-RequestId`, on every answer Lambda sends) is that emulator's:
/// the event was delivered, and a failure it carries is the callee's. A
/// 200 that carries a request id is still the wrong status. Not public API.
#[derive(Debug)]
pub struct Accepted;

impl<E: FromFunctionError> Mode<(), E> for Accepted {
    async fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> Result<(), InvokeError<E>> {
        let (mut response, _slot) = call.send::<Invoke>(request).await?;
        let invocation_type = call.spec.invocation_type;
        let ran_synchronously = invocation_type == InvocationType::Event
            && response.status_code == 200
            && response.request_id.is_none();
        if ran_synchronously {
            response.status_code = invocation_type.success_status();
        }
        crate::codec::check_status(&call.function, invocation_type, None, &response)
    }
}
