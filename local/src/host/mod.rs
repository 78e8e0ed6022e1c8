//! Hosting `lambda_runtime` handlers, above the model: what a hostable
//! service is and how its types are erased (`service`), running one
//! invocation as the Rust runtime does in AWS (`invocation`, with its log
//! tail in `log`), and writing a streamed response as Lambda's event
//! stream (`streaming`).

pub(crate) mod invocation;
pub(crate) mod log;
pub(crate) mod service;
pub(crate) mod streaming;
