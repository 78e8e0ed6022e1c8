//! The call modes, one type a file: what each sends, and what Lambda's
//! accepted answer becomes. Generated code names a method's mode as the
//! first parameter of [`invoke`](super::invoke); adding a mode is a file
//! here and a row in the macro's table of modes.

mod accepted;
mod durable;
mod reply;
mod stream;
mod sync;

pub use accepted::Accepted;
pub use durable::Durable;
pub use reply::WithReply;
pub use stream::Stream;
pub use sync::Sync;
