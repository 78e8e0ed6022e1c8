//! `mode = "stream"`: `InvokeWithResponseStream`, read as it comes.

use crate::call::mode::{Call, Mode};
use crate::call::send::InvokeStream;
use crate::error::{FromFunctionError, InvokeError};
use crate::stream::{Body, StreamValue};
use crate::transport::{InvokeRequest, Transport};

/// Retry under the client's policy until the stream starts, then return
/// it; it holds the call's slot under the client's limit until it ends.
/// Not public API.
#[derive(Debug)]
pub struct Stream;

impl<V: StreamValue, E: FromFunctionError> Mode<V, E> for Stream {
    async fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> Result<V, InvokeError<E>> {
        let (response, slot) = call.send::<InvokeStream>(request).await?;
        Ok(V::from_body(Body::new(call.function, response, slot)))
    }
}
