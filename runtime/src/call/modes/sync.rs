//! `mode = "sync"`: `RequestResponse`, the callee's value decoded.

use serde::de::DeserializeOwned;

use crate::call::mode::{Call, Mode};
use crate::call::send::Invoke;
use crate::error::{FromFunctionError, InvokeError};
use crate::transport::{InvokeRequest, Transport};

/// Wait for the callee's answer and decode it. Not public API.
#[derive(Debug)]
pub struct Sync;

impl<V: DeserializeOwned, E: FromFunctionError> Mode<V, E> for Sync {
    async fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> Result<V, InvokeError<E>> {
        let (response, _slot) = call.send::<Invoke>(request).await?;
        crate::codec::decode(
            &call.function,
            call.spec.invocation_type,
            call.spec.contract,
            &response,
        )
    }
}
