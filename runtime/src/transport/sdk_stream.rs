//! The SDK's `InvokeWithResponseStream` answer as an [`InvokeStreamResponse`]:
//! its `EventReceiver` read as a stream of [`StreamEvent`]s, and each way it
//! can fail as the typed error it stands for.

use aws_sdk_lambda::error::{ProvideErrorMetadata as _, SdkError};
use aws_sdk_lambda::operation::RequestId as _;
use aws_sdk_lambda::operation::invoke_with_response_stream::InvokeWithResponseStreamOutput;
use aws_sdk_lambda::primitives::event_stream::EventReceiver;
use aws_sdk_lambda::types::InvokeWithResponseStreamResponseEvent as Event;
use aws_sdk_lambda::types::error::InvokeWithResponseStreamResponseEventError as EventError;
use aws_smithy_types::event_stream::RawMessage;

use super::{InvokeStreamResponse, StreamEvent};
use crate::error::{ApiError, ServiceError, TransportError, TransportErrorKind};

type Receiver = EventReceiver<Event, EventError>;

pub(super) fn response(
    function: &str,
    output: InvokeWithResponseStreamOutput,
) -> InvokeStreamResponse {
    let request_id = output.request_id().map(str::to_owned);
    let status_code = u16::try_from(output.status_code).unwrap_or(0);
    let executed_version = output.executed_version;
    let function = function.to_owned();
    let events =
        futures_util::stream::unfold(Some((output.event_stream, function)), |state| async move {
            let (mut receiver, function) = state?;
            let event = next(&mut receiver, &function).await?;
            // After an error the receiver has nothing more to say.
            let state = event.is_ok().then_some((receiver, function));
            Some((event, state))
        });
    InvokeStreamResponse {
        status_code,
        executed_version,
        request_id,
        events: Box::pin(events),
    }
}

/// The next event the callee's stream sends; `None` at the end of the body.
async fn next(receiver: &mut Receiver, function: &str) -> Option<Result<StreamEvent, ApiError>> {
    loop {
        return match receiver.recv().await {
            Ok(Some(Event::PayloadChunk(chunk))) => match chunk.payload {
                Some(payload) => Some(Ok(StreamEvent::Chunk(payload.into_bytes()))),
                None => continue,
            },
            Ok(Some(Event::InvokeComplete(complete))) => Some(Ok(StreamEvent::Complete {
                error_code: complete.error_code,
                error_details: complete.error_details,
                log_result: complete.log_result,
            })),
            // An event this SDK does not know: Lambda's, newer.
            Ok(Some(_)) => continue,
            Ok(None) => None,
            Err(error) => Some(Err(broken(function, error))),
        };
    }
}

/// How a stream that started can break: Lambda's exception event, a frame
/// that does not decode, or the connection lost.
fn broken(function: &str, error: SdkError<EventError, RawMessage>) -> ApiError {
    match error {
        SdkError::ServiceError(context) => {
            // Lambda names an exception frame's error in its
            // `:exception-type` header; the SDK reads only the payload.
            let exception_type = match context.raw() {
                RawMessage::Decoded(message) => message
                    .headers()
                    .iter()
                    .find(|header| header.name().as_str() == ":exception-type")
                    .and_then(|header| header.value().as_string().ok())
                    .map(|name| name.as_str().to_owned()),
                _ => None,
            };
            let error = context.into_err();
            let code = error
                .code()
                .map(str::to_owned)
                .or(exception_type)
                .unwrap_or_default();
            let mut service = ServiceError::new(function, code, 200);
            if let Some(message) = error.message() {
                service = service.with_message(message);
            }
            ApiError::Service(service.with_source(error))
        }
        // The response had begun, whatever the SDK calls the failure (a
        // chunked body cut short is a dispatch failure to it).
        _ => ApiError::Transport(
            TransportError::new(function, TransportErrorKind::Response).with_source(error),
        ),
    }
}
