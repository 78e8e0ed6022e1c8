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
        let began = tokio::time::Instant::now();
        let (response, slot) = call.send::<InvokeStream>(request).await?;
        let (total, idle) = call.config.stream_timeouts();
        let body = Body::new(call.function, response, slot).bounded(began, total, idle);
        Ok(V::from_body(body))
    }
}
