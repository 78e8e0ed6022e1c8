//! What a call mode is: the trait each mode's type implements (`modes/`,
//! one file a mode), and the call it is handed.

use std::borrow::Cow;
use std::future::Future;

use super::send::{self, Answered, Operation, Unanswered};
use super::spec::CallSpec;
use crate::config::ClientConfig;
use crate::error::{FromFunctionError, InvokeError};
use crate::transport::{InvokeRequest, Transport};

/// One way of calling a function, as `mode = "..."` names it: the Invoke
/// API operation its attempts send, and the method's value `V` it makes of
/// the accepted answer, or the error `E` it stands for. Not public API.
#[diagnostic::on_unimplemented(
    message = "a method of this mode cannot return `Result<{V}, InvokeError<{E}>>`",
    label = "the return type of the method"
)]
pub trait Mode<V, E: FromFunctionError> {
    /// Sends `request` for `call` and reads the answer.
    fn call<T: Transport + ?Sized>(
        call: Call<'_, T>,
        request: InvokeRequest,
    ) -> impl Future<Output = Result<V, InvokeError<E>>> + Send;
}

/// One call on its way, as its mode sees it. Not public API.
pub struct Call<'a, T: ?Sized> {
    pub(super) transport: &'a T,
    pub(super) config: &'a ClientConfig,
    pub(super) spec: &'static CallSpec,
    /// The function as the client's configuration resolved the name.
    pub(super) function: Cow<'static, str>,
}

impl<T: ?Sized> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("function", &self.function)
            .finish_non_exhaustive()
    }
}

impl<T: Transport + ?Sized> Call<'_, T> {
    /// Sends `request` with operation `O` under the client's policy, and
    /// records what Lambda said on the call's span.
    pub(super) async fn send<O: Operation>(
        &self,
        request: InvokeRequest,
    ) -> Result<Answered<O::Answer>, Unanswered> {
        let answer = send::send::<O, T>(self.transport, self.config, self.spec, request).await;
        super::span::answered(answer.as_ref().map(|(answer, _)| O::said(answer)));
        answer
    }
}
