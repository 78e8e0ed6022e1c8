//! Payloads in and out: the arguments to JSON bytes within Lambda's limits,
//! and Lambda's answer to a value or a typed error.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{
    ContractOf, ContractSkew, DecodeError, EncodeError, FromFunctionError, FunctionError,
    InvokeError, PayloadError, PayloadTooLarge, RESPONSE_LIMIT, ResponseTooLarge, UnexpectedStatus,
    named_in, path_of, without_values,
};
use crate::invocation_type::InvocationType;
use crate::transport::InvokeResponse;

/// Serializes the arguments straight to bytes and refuses a payload over the
/// limit of `invocation_type` before anything is sent.
pub(crate) fn encode<A: Serialize + ?Sized>(
    function: &'static str,
    invocation_type: InvocationType,
    arguments: &A,
) -> Result<Vec<u8>, PayloadError> {
    let payload = serde_json::to_vec(arguments).map_err(|source| {
        PayloadError::Encode(EncodeError {
            function: Cow::Borrowed(function),
            source,
        })
    })?;
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
            function: Cow::Borrowed(function),
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
#[allow(clippy::ptr_arg)] // cloned into errors only: a borrowed name stays unallocated
pub(crate) fn decode<T: DeserializeOwned, E: FromFunctionError>(
    function: &Cow<'static, str>,
    invocation_type: InvocationType,
    contract: ContractOf,
    response: &InvokeResponse,
) -> Result<T, InvokeError<E>> {
    check_status(function, invocation_type, contract, response)?;
    decode_value(function, &response.payload)
}

/// Checks the answer to any call: its size, the function error header, then
/// the status code the invocation type calls for.
#[allow(clippy::ptr_arg)] // cloned into errors only: a borrowed name stays unallocated
pub(crate) fn check_status<E: FromFunctionError>(
    function: &Cow<'static, str>,
    invocation_type: InvocationType,
    contract: ContractOf,
    response: &InvokeResponse,
) -> Result<(), InvokeError<E>> {
    if response.payload.len() > RESPONSE_LIMIT {
        return Err(InvokeError::ResponseTooLarge(ResponseTooLarge {
            function: function.clone(),
            size: response.payload.len(),
            limit: RESPONSE_LIMIT,
            what: "a synchronous response",
        }));
    }
    if let Some(kind) = &response.function_error {
        let error = FunctionError::from_document(kind, response.payload.clone());
        if let Some(skew) = skew(function, contract, &error) {
            return Err(InvokeError::ContractSkew(skew));
        }
        return Err(InvokeError::Function(E::from_function_error(error)));
    }
    if response.status_code != invocation_type.success_status() {
        return Err(InvokeError::UnexpectedStatus(UnexpectedStatus {
            function: function.clone(),
            status: response.status_code,
            invocation_type,
        }));
    }
    Ok(())
}

/// The callee's payload decode error, when it names a contract other than
/// the caller's: the two were built from different versions of it.
#[allow(clippy::ptr_arg)] // cloned into the error only
fn skew(
    function: &Cow<'static, str>,
    contract: ContractOf,
    error: &FunctionError,
) -> Option<ContractSkew> {
    // Looked up only here: a call that succeeds never waits for the
    // contract's document.
    let ours = contract?(true)?;
    if error.error_type() != Some("&lambda_runtime::deserializer::DeserializeError") {
        return None;
    }
    let theirs = named_in(error.message()?)?;
    (theirs != ours.fingerprint).then(|| ContractSkew {
        function: function.clone(),
        ours: ours.fingerprint.clone(),
        theirs: theirs.to_owned(),
        error: Box::new(error.clone()),
    })
}

#[allow(clippy::ptr_arg)] // cloned into errors only: a borrowed name stays unallocated
pub(crate) fn decode_value<T: DeserializeOwned, E>(
    function: &Cow<'static, str>,
    payload: &[u8],
) -> Result<T, InvokeError<E>> {
    // A handler that returns nothing (`()` in Rust, `None` in Python) may
    // answer with an empty body instead of `null`.
    let json: &[u8] = if payload.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        payload
    };
    serde_json::from_slice(json).map_err(|error| {
        // Only now, on a failure, is the path worth tracking: decode again
        // to find it.
        let path = path_of::<T>(json);
        InvokeError::Decode(DecodeError {
            function: function.clone(),
            record: None,
            expected: std::any::type_name::<T>(),
            payload_len: payload.len(),
            path,
            line: u32::try_from(error.line()).unwrap_or(u32::MAX),
            column: u32::try_from(error.column()).unwrap_or(u32::MAX),
            reason: without_values(&error.to_string()),
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
            let value: Result<(), InvokeError> = decode(
                &"f".into(),
                InvocationType::RequestResponse,
                None,
                &answer(200, payload),
            );
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
        let error = decode::<Echo, FunctionError>(
            &"f".into(),
            InvocationType::RequestResponse,
            None,
            &answer(200, ""),
        )
        .unwrap_err();
        let InvokeError::Decode(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!(error.payload_len(), 0);
        assert!(error.expected().ends_with("Echo"));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Order {
        #[allow(dead_code)] // only the decode failure matters
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Item {
        #[allow(dead_code)] // only the decode failure matters
        quantity: u64,
    }

    #[test]
    fn a_decode_error_says_where_and_what_but_not_the_value() {
        let payload = r#"{"items":[{"quantity":1},{"quantity":"4111-1111-1111-1111"}]}"#;
        let error = decode::<Order, FunctionError>(
            &"orders".into(),
            InvocationType::RequestResponse,
            None,
            &answer(200, payload),
        )
        .unwrap_err();
        let InvokeError::Decode(decode) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(decode.function(), "orders");
        assert_eq!(decode.path(), "items[1].quantity");
        assert_eq!(decode.reason(), "invalid type: string, expected u64");
        assert_eq!((decode.line(), decode.column()), (1, 58));
        let mut printed = format!("{error:?}\n{error}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            use std::fmt::Write as _;
            write!(printed, "\n{cause}\n{cause:?}").unwrap();
            source = cause.source();
        }
        assert!(!printed.contains("4111"), "{printed}");
        assert!(printed.contains("items[1].quantity"), "{printed}");
    }

    #[test]
    fn an_answer_larger_than_lambda_sends_is_refused() {
        for (function_error, size) in [(None, RESPONSE_LIMIT + 1), (Some("Unhandled"), 64 << 20)] {
            let mut response = InvokeResponse::new(200, vec![b' '; size]);
            response.function_error = function_error.map(str::to_owned);
            let error = decode::<(), FunctionError>(
                &"f".into(),
                InvocationType::RequestResponse,
                None,
                &response,
            )
            .unwrap_err();
            let InvokeError::ResponseTooLarge(error) = error else {
                panic!("{error:?}")
            };
            assert_eq!((error.size(), error.limit()), (size, 6 * 1024 * 1024 + 100));
        }
        let at_the_limit = InvokeResponse::new(200, vec![b' '; RESPONSE_LIMIT]);
        let value: Result<(), InvokeError> = decode(
            &"f".into(),
            InvocationType::RequestResponse,
            None,
            &at_the_limit,
        );
        assert!(value.is_ok());
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

/// What reads the network never panics, and a decode error never prints the
/// payload's values, whatever arrives.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // only the decode failure matters
    struct Order {
        items: Vec<Item>,
        note: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // only the decode failure matters
    struct Item {
        sku: String,
        quantity: u64,
    }

    /// JSON shaped a little like an `Order`, every string a secret.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("JSON numbers are finite", |float| float.is_finite())
                .prop_map(Value::from),
            "[a-z0-9]{6,12}".prop_map(|text| Value::String(format!("secret-{text}"))),
        ];
        let key = prop_oneof![
            Just("items".to_owned()),
            Just("sku".to_owned()),
            Just("quantity".to_owned()),
            Just("note".to_owned()),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    fn secrets(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::String(text) => found.push(text.clone()),
            Value::Number(number) if number.to_string().len() >= 6 => {
                found.push(number.to_string());
            }
            Value::Array(values) => values.iter().for_each(|value| secrets(value, found)),
            Value::Object(map) => map.values().for_each(|value| secrets(value, found)),
            _ => {}
        }
    }

    fn printed(error: &(dyn std::error::Error + 'static)) -> String {
        use std::fmt::Write as _;

        let mut printed = format!("{error}\n{error:?}");
        let mut source = error.source();
        while let Some(cause) = source {
            write!(printed, "\n{cause}\n{cause:?}").unwrap();
            source = cause.source();
        }
        printed
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn a_decode_error_prints_no_value_of_the_payload(value in json()) {
            let payload = serde_json::to_vec(&value).unwrap();
            let result = decode::<Order, FunctionError>(
                &"orders".into(),
                InvocationType::RequestResponse,
                None,
                &InvokeResponse::new(200, payload),
            );
            if let Err(error) = result {
                let printed = printed(&error);
                let mut found = Vec::new();
                secrets(&value, &mut found);
                for secret in found {
                    prop_assert!(!printed.contains(&secret), "{secret} in {printed}");
                }
            }
        }

        #[test]
        fn any_answer_is_read_without_a_panic(
            status in 0_u16..1000,
            function_error in proptest::option::of(".{0,12}"),
            payload in proptest::collection::vec(any::<u8>(), 0..256),
        ) {
            let mut response = InvokeResponse::new(status, payload);
            response.function_error = function_error;
            for invocation_type in [InvocationType::RequestResponse, InvocationType::Event, InvocationType::DryRun] {
                let _ = decode::<Order, FunctionError>(&"f".into(), invocation_type, None, &response);
                let _ = check_status::<FunctionError>(&"f".into(), invocation_type, None, &response);
            }
        }

        #[test]
        fn an_error_document_is_read_without_a_panic_and_printed_without_control_characters(
            document in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..512),
                (".{0,40}", ".{0,80}", proptest::collection::vec(".{0,20}", 0..4)).prop_map(
                    |(error_type, message, trace)| serde_json::to_vec(&serde_json::json!({
                        "errorType": error_type, "errorMessage": message, "stackTrace": trace,
                    })).unwrap()
                ),
            ],
            handled in any::<bool>(),
        ) {
            let error = FunctionError::from_document(if handled { "Handled" } else { "Unhandled" }, document.clone());
            let display = error.to_string();
            prop_assert!(!display.chars().any(char::is_control), "{display:?}");
            prop_assert_eq!(error.document(), &document[..]);
            prop_assert!(error.message().is_none_or(|message| message.len() <= 1024 + 3)
                || serde_json::from_slice::<Value>(&document).is_ok());
        }
    }
}
