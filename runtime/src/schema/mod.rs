//! Contracts that evolve safely (feature `schema`): the contract's document,
//! a breaking-change check, and deploy skew reported as such.
//!
//! With the feature on, `#[lambda_client]` also generates `{Trait}Contract`,
//! whose document (a JSON value with sorted keys) names each method's
//! function, mode and qualifier, the payload's JSON Schema exactly as the
//! client encodes it, the result's, and the error enum's variants with their
//! `errorType` and data. Types opt in by deriving `schemars::JsonSchema`; a
//! contract whose types do not still compiles (its document and fingerprint
//! are simply not available), so turning the feature on in one crate breaks
//! no other crate's contract.
//!
//! ```ignore
//! // tests/contract.rs of the crate that holds the trait: one line.
//! #[test]
//! fn the_contract_is_the_checked_in_one() {
//!     lambda_client::schema::check::<InvokedContract>("contracts/invoked.json");
//! }
//! ```
//!
//! The document is JSON Schema 2020-12: its references point into its
//! `$defs`, and every list that is a set on the wire is sorted.
//!
//! [`check`] writes the document when `UPDATE_CONTRACTS=1`, or when the
//! file is missing outside CI, and otherwise fails with a report of every
//! change, at its full path at any depth, and whom it breaks: callers still
//! deployed with the old contract, callees still deployed with it, or
//! nobody ([`diff`]).
//!
//! Each contract also has a short [`fingerprint`] of its document's wire
//! form (without titles and descriptions). A callee
//! names its own in the decode error it returns, so a payload that does not
//! decode across two fingerprints reaches the caller as
//! [`InvokeError::ContractSkew`](crate::InvokeError::ContractSkew). A client
//! sends its fingerprint in the `ClientContext` (key
//! `lambda-client-contract`) with the first synchronous call made after it
//! is (it is made on a thread of its own, off the first call's path) and
//! one in 64 after that, and a callee that succeeds across two
//! fingerprints logs it once.

mod check;
mod describe;
mod diff;
mod normal;

use crate::error::ContractId;
use std::marker::PhantomData;

pub use check::check;
pub use diff::{Breaks, Change, diff};

pub use describe::{
    Describe, ErrorSchema, ErrorVariant, HasSchema, Method, Payload, Returns, object, tuple,
};

/// The `ClientContext` key a contract's fingerprint travels under.
pub const CONTEXT_KEY: &str = crate::error::CONTEXT_KEY;

/// The document of contract `C`: stable (sorted keys, no addresses or
/// timestamps), so that it can be checked in and diffed in review.
#[must_use]
pub fn document<C: Describe<()>>() -> serde_json::Value {
    describe::document::<C>()
}

/// The fingerprint of contract `C`: 16 hexadecimal digits of a 64-bit
/// FNV-1a hash of its document.
#[must_use]
pub fn fingerprint<C: Describe<()>>() -> String {
    fingerprint_of(&document::<C>())
}

/// The fingerprint of a contract document: of what in it is the wire, so
/// that titles, descriptions and the order of fields and arguments do not
/// count.
#[must_use]
pub fn fingerprint_of(document: &serde_json::Value) -> String {
    let text = normal::wire_form(document).to_string();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn contract_id(fingerprint: String) -> ContractId {
    let context = crate::context::ClientContext::new().custom(CONTEXT_KEY, fingerprint.clone());
    ContractId {
        client_context: context.encode(),
        fingerprint,
        calls: std::sync::atomic::AtomicU64::new(0),
    }
}

/// Tells, for a concrete contract type, whether its document can be made:
/// `(&&Probe::<C>::new()).contract()` is the contract's id when every type
/// of `C` describes itself, and `None` otherwise, without a bound that
/// would stop the contract from compiling.
#[doc(hidden)]
pub struct Probe<C>(PhantomData<C>);

impl<C> std::fmt::Debug for Probe<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Probe")
    }
}

impl<C> Probe<C> {
    #[must_use]
    pub fn new() -> Self {
        Probe(PhantomData)
    }
}

impl<C> Default for Probe<C> {
    fn default() -> Self {
        Probe::new()
    }
}

/// Where generated code keeps its contract's id: made once per process,
/// on a thread of its own when a call asks without waiting, so that the
/// first call does not pay for the document.
#[doc(hidden)]
pub struct ContractCell {
    id: std::sync::OnceLock<Option<ContractId>>,
    started: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for ContractCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContractCell")
    }
}

impl ContractCell {
    #[must_use]
    pub const fn new() -> Self {
        ContractCell {
            id: std::sync::OnceLock::new(),
            started: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The id `made` makes: waited for when `wait`, and otherwise only if it
    /// is made already, the first such ask starting a thread that makes it.
    /// (A thread that cannot be started leaves it to the next wait.)
    pub fn get(
        &'static self,
        made: fn() -> Option<ContractId>,
        wait: bool,
    ) -> Option<&'static ContractId> {
        if wait {
            return self.id.get_or_init(made).as_ref();
        }
        if let Some(id) = self.id.get() {
            return id.as_ref();
        }
        if !self
            .started
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            let _ = std::thread::Builder::new()
                .name("lambda-client contract".to_owned())
                .spawn(move || {
                    self.id.get_or_init(made);
                });
        }
        None
    }
}

impl Default for ContractCell {
    fn default() -> Self {
        ContractCell::new()
    }
}

#[doc(hidden)]
pub trait Described {
    fn contract(&self) -> Option<ContractId>;
}

impl<C: Describe<()>> Described for &Probe<C> {
    fn contract(&self) -> Option<ContractId> {
        Some(contract_id(fingerprint::<C>()))
    }
}

#[doc(hidden)]
pub trait Undescribed {
    fn contract(&self) -> Option<ContractId>;
}

impl<C> Undescribed for Probe<C> {
    fn contract(&self) -> Option<ContractId> {
        None
    }
}
