//! Payloads in and out: the arguments to JSON bytes within Lambda's limits,
//! and Lambda's answer to a value or a typed error.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::InvocationType;
use crate::error::{
    DecodeError, EncodeError, FromFunctionError, FunctionError, InvokeError, PayloadError,
    PayloadTooLarge, UnexpectedStatus,
};
use crate::transport::InvokeResponse;

/// Serializes the arguments straight to bytes and refuses a payload over the
/// limit of `invocation_type` before anything is sent.
pub(crate) fn encode<A: Serialize + ?Sized>(
    function: &'static str,
    invocation_type: InvocationType,
    arguments: &A,
) -> Result<Vec<u8>, PayloadError> {
    let payload = serde_json::to_vec(arguments)
        .map_err(|source| PayloadError::Encode(EncodeError { function, source }))?;
    check_size(function, invocation_type, payload)
}

pub(crate) fn check_size(
    function: &'static str,
    invocation_type: InvocationType,
    payload: Vec<u8>,
) -> Result<Vec<u8>, PayloadError> {
    let limit = invocation_type.payload_limit();
    if payload.len() > limit {
        return Err(PayloadError::TooLarge(PayloadTooLarge {
            function,
            size: payload.len(),
            limit,
            invocation_type,
        }));
    }
    Ok(payload)
}

/// Turns Lambda's answer to a synchronous call into the callee's value.
///
/// The function error header is looked at first: a callee's failure is an
/// `Err` whatever the status code and payload.
pub(crate) fn decode<T: DeserializeOwned, E: FromFunctionError>(
    function: &'static str,
    invocation_type: InvocationType,
    response: &InvokeResponse,
) -> Result<T, InvokeError<E>> {
    check_status(function, invocation_type, response)?;
    decode_value(function, &response.payload)
}

/// Checks the answer to any call: the function error header, then the status
/// code the invocation type calls for.
pub(crate) fn check_status<E: FromFunctionError>(
    function: &'static str,
    invocation_type: InvocationType,
    response: &InvokeResponse,
) -> Result<(), InvokeError<E>> {
    if let Some(kind) = &response.function_error {
        let error = FunctionError::from_document(kind, response.payload.clone());
        return Err(InvokeError::Function(E::from_function_error(error)));
    }
    if response.status_code != invocation_type.success_status() {
        return Err(InvokeError::UnexpectedStatus(UnexpectedStatus {
            function,
            status: response.status_code,
            invocation_type,
        }));
    }
    Ok(())
}

pub(crate) fn decode_value<T: DeserializeOwned, E>(
    function: &'static str,
    payload: &[u8],
) -> Result<T, InvokeError<E>> {
    // A handler that returns nothing (`()` in Rust, `None` in Python) may
    // answer with an empty body instead of `null`.
    let json: &[u8] = if payload.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        payload
    };
    serde_json::from_slice(json).map_err(|source| {
        InvokeError::Decode(DecodeError {
            function,
            expected: std::any::type_name::<T>(),
            payload_len: payload.len(),
            source,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, payload: &str) -> InvokeResponse {
        InvokeResponse::new(status, payload.as_bytes().to_vec())
    }

    #[test]
    fn unit_accepts_null_and_empty() {
        for payload in ["null", "", " \n"] {
            let value: Result<(), InvokeError> =
                decode("f", InvocationType::RequestResponse, &answer(200, payload));
            assert!(value.is_ok(), "payload {payload:?}");
        }
    }

    #[test]
    fn empty_payload_is_not_a_struct() {
        #[derive(Debug, serde::Deserialize)]
        struct Echo {
            #[allow(dead_code)] // only the decode failure matters
            echo: String,
        }
        let error =
            decode::<Echo, FunctionError>("f", InvocationType::RequestResponse, &answer(200, ""))
                .unwrap_err();
        let InvokeError::Decode(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!(error.payload_len(), 0);
        assert!(error.expected().ends_with("Echo"));
    }

    #[test]
    fn size_limit_is_inclusive() {
        let limit = InvocationType::Event.payload_limit();
        assert!(check_size("f", InvocationType::Event, vec![b' '; limit]).is_ok());
        let error = check_size("f", InvocationType::Event, vec![b' '; limit + 1]).unwrap_err();
        let PayloadError::TooLarge(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!((error.size(), error.limit()), (limit + 1, 1024 * 1024));
    }
}
