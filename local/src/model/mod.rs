//! The local Lambda's model: where it claims to be, Lambda's rules for a
//! function's settings, the shape of a handler once its types are erased,
//! and what a function is once registered (its versions, aliases and
//! tenancy). It imports nothing from the hosting or the server above it.

pub(crate) mod account;
pub(crate) mod function;
pub(crate) mod handler;
pub(crate) mod settings;
