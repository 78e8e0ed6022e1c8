//! `mode = "sync"` returning `Reply<T>`: the value, and what Lambda said.

use serde::de::DeserializeOwned;

use crate::call::mode::{Call, Mode};
use crate::call::send::Invoke;
use crate::error::{FromFunctionError, InvokeError};
use crate::reply::Reply;
use crate::transport::{InvokeRequest, Transport};

/// Wait for the callee's answer, and keep Lambda's headers beside the
/// value. Not public API.
#[derive(Debug)]
pub struct WithReply;

impl<V: DeserializeOwned, E: FromFunctionError> Mode<Reply<V>, E> for WithReply {
    async fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> Result<Reply<V>, InvokeError<E>> {
        let (response, _slot) = call.send::<Invoke>(request).await?;
        crate::codec::decode(
            &call.function,
            call.spec.invocation_type,
            call.spec.contract,
            &response,
        )
        .map(|value| Reply::new(value, &response))
    }
}
