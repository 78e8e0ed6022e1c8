//! `mode = "event"` and `mode = "dry_run"`: Lambda's acceptance, no value.

use crate::call::mode::{Call, Mode};
use crate::call::send::Invoke;
use crate::error::{FromFunctionError, InvokeError};
use crate::transport::{InvokeRequest, Transport};

/// Check that Lambda accepted the call (202 for `Event`, 204 for `DryRun`).
/// Not public API.
#[derive(Debug)]
pub struct Accepted;

impl<E: FromFunctionError> Mode<(), E> for Accepted {
    async fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> Result<(), InvokeError<E>> {
        let (response, _slot) = call.send::<Invoke>(request).await?;
        crate::codec::check_status(&call.function, call.spec.invocation_type, None, &response)
    }
}
