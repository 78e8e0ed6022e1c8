//! The callee's data as records: one JSON value a line. A line is decoded
//! where it lies in the chunk that brought it; only a line split between
//! chunks is copied, and no line may grow past a synchronous response's
//! limit.

use std::task::{Context, Poll, ready};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::{Bytes, BytesMut};
use serde::de::DeserializeOwned;

use super::read::{Body, Failure};
use super::wire::{RUNTIME_ERROR_BODY, RUNTIME_ERROR_TYPE};
use crate::error::{FunctionError, InvokeError, RESPONSE_LIMIT, ResponseTooLarge};

/// Splits a stream's data into lines.
pub(super) struct Records {
    body: Body,
    /// What is left of the last chunk.
    rest: Bytes,
    /// The start of a line whose end has not come yet.
    partial: BytesMut,
    /// The index of the next record.
    next: u64,
    /// The error type of `lambda_runtime`'s in-band error, when its first
    /// line has been read.
    runtime_error: Option<String>,
}

impl Records {
    pub(super) fn new(body: Body) -> Self {
        Records {
            body,
            rest: Bytes::new(),
            partial: BytesMut::new(),
            next: 0,
            runtime_error: None,
        }
    }

    pub(super) fn body(&self) -> &Body {
        &self.body
    }

    /// The next record's index and line, or how the stream ended.
    pub(super) fn poll_record(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<(u64, Bytes), Failure>>> {
        loop {
            if let Some(end) = memchr::memchr(b'\n', &self.rest) {
                let mut line = self.rest.split_to(end + 1);
                line.truncate(end);
                if !self.partial.is_empty() {
                    self.partial.extend_from_slice(&line);
                    line = self.partial.split().freeze();
                }
                if let Some(record) = self.line(line) {
                    return Poll::Ready(Some(record));
                }
                continue;
            }
            if !self.rest.is_empty() {
                if self.partial.len() + self.rest.len() > RESPONSE_LIMIT {
                    let size = self.partial.len() + self.rest.len();
                    return Poll::Ready(Some(Err(self.too_long(size))));
                }
                self.partial.extend_from_slice(&self.rest);
                self.rest.clear();
            }
            match ready!(self.body.poll_data(cx)) {
                Some(Ok(data)) => self.rest = data,
                // A line the break cut short is not a record.
                Some(Err(failure)) => {
                    self.partial.clear();
                    let failure = match failure {
                        InvokeError::Transport(error) => {
                            InvokeError::Transport(error.with_records(self.next))
                        }
                        other => other,
                    };
                    return Poll::Ready(Some(Err(failure)));
                }
                // The last line needs no newline.
                None if !self.partial.is_empty() => {
                    let line = self.partial.split().freeze();
                    if let Some(record) = self.line(line) {
                        return Poll::Ready(Some(record));
                    }
                }
                None => return Poll::Ready(None),
            }
        }
    }

    /// A whole line: a record, `lambda_runtime`'s in-band error, or nothing.
    fn line(&mut self, line: Bytes) -> Option<Result<(u64, Bytes), Failure>> {
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        if line.first() == Some(&b'L') {
            if let Some(error_type) = line.strip_prefix(RUNTIME_ERROR_TYPE) {
                self.runtime_error = Some(String::from_utf8_lossy(error_type.trim_ascii()).into());
                return None;
            }
            if let Some(encoded) = line.strip_prefix(RUNTIME_ERROR_BODY)
                && let Some(error_type) = self.runtime_error.take()
            {
                let message = BASE64.decode(encoded.trim_ascii()).map_or_else(
                    |_| String::from_utf8_lossy(encoded).into_owned(),
                    |message| String::from_utf8_lossy(&message).into_owned(),
                );
                let document =
                    serde_json::json!({ "errorType": error_type, "errorMessage": message });
                self.end();
                let error = FunctionError::from_document("Unhandled", document.to_string().into());
                return Some(Err(InvokeError::Function(error)));
            }
        }
        let index = self.next;
        self.next += 1;
        Some(Ok((index, line)))
    }

    /// Decodes record `index`, naming it in the error.
    pub(super) fn decode<T: DeserializeOwned, E>(
        &self,
        index: u64,
        line: &[u8],
    ) -> Result<T, InvokeError<E>> {
        crate::codec::decode_value(self.body.function(), line).map_err(|error| match error {
            InvokeError::Decode(mut error) => {
                error.record = Some(index);
                InvokeError::Decode(error)
            }
            other => other,
        })
    }

    fn too_long(&mut self, size: usize) -> Failure {
        self.end();
        InvokeError::ResponseTooLarge(ResponseTooLarge {
            function: self.body.function().clone(),
            size,
            limit: RESPONSE_LIMIT,
            what: "a record of a stream (a synchronous response's limit)",
        })
    }

    /// Stops reading: the connection closes, and nothing more is returned.
    fn end(&mut self) {
        self.body.close();
        self.rest.clear();
        self.partial.clear();
    }
}
