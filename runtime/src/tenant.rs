//! Tenants: the `X-Amz-Tenant-Id` of a call into a function in tenant
//! isolation mode, where each tenant gets execution environments of its own.
//!
//! A call into a tenant-isolated function must name its tenant, and a call
//! into any other function must not (Lambda refuses both with
//! `InvalidParameterValueException`). A method names the tenant with an
//! argument of type [`&TenantId`](TenantId), left out of the payload, or
//! with `tenant = "..."` in its attribute, checked at compile time; a client
//! can have a default ([`ClientConfig::tenant`](crate::ClientConfig::tenant)).
//!
//! Inside a `{Trait}Callee` handler, the invocation's tenant travels with
//! every call the handler makes, as its trace header does, so a chain of
//! calls stays in one tenant without code. A call that names its own tenant
//! wins; [`ClientConfig::forward_tenant`](crate::ClientConfig::forward_tenant)
//! turns the forwarding off for a client whose callees are not
//! tenant-isolated.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::str::FromStr;

use lambda_client_wire::{Problem, tenant_id};

tokio::task_local! {
    static TENANT: Option<TenantId>;
}

/// A tenant id, checked: 1 to 256 characters of letters, digits, spaces and
/// `. _ : / = + - @` (Lambda's rule for `TenantId`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(Cow<'static, str>);

impl TenantId {
    /// Checks `id` against Lambda's rule.
    ///
    /// # Errors
    ///
    /// [`InvalidTenantId`] when `id` is empty, longer than 256 characters,
    /// or holds a character Lambda refuses.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidTenantId> {
        let id = id.into();
        check(&id)?;
        Ok(TenantId(Cow::Owned(id)))
    }

    /// A tenant id the macro checked at compile time.
    #[doc(hidden)]
    #[must_use]
    pub const fn checked(id: &'static str) -> Self {
        TenantId(Cow::Borrowed(id))
    }

    /// The id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The tenant of the invocation being handled: inside a `{Trait}Callee`
    /// handler, or in [`scope`].
    #[must_use]
    pub fn current() -> Option<TenantId> {
        TENANT.try_with(Clone::clone).ok().flatten()
    }

    /// The tenant of an invocation, as Lambda passed it in the handler's
    /// `Context`; `None` for a function that is not tenant-isolated.
    #[cfg(feature = "callee")]
    #[must_use]
    pub fn from_context(context: &lambda_runtime::Context) -> Option<TenantId> {
        context
            .tenant_id
            .as_deref()
            .and_then(|id| TenantId::new(id).ok())
    }
}

/// Runs `future` with `tenant` as the tenant of every call it makes that
/// names none itself: what a `{Trait}Callee` handler runs in, and what a
/// hand-written handler can do with [`TenantId::from_context`].
pub fn scope<F: Future>(
    tenant: Option<TenantId>,
    future: F,
) -> tokio::task::futures::TaskLocalFuture<Option<TenantId>, F> {
    TENANT.scope(tenant, future)
}

/// Runs `poll` with `tenant` as the tenant, as [`scope`] does for a future.
#[cfg(feature = "callee")]
pub(crate) fn sync_scope<R>(tenant: Option<&TenantId>, poll: impl FnOnce() -> R) -> R {
    TENANT.sync_scope(tenant.cloned(), poll)
}

/// Whether `id` may be a tenant id: the rule the macro checks literals with
/// and the local Lambda answers with, in `lambda_client_wire`.
fn check(id: &str) -> Result<(), InvalidTenantId> {
    let reason = match tenant_id::check(id) {
        Ok(()) => return Ok(()),
        Err(Problem::Empty | Problem::TooLong { .. }) => "it must be 1 to 256 characters long",
        Err(Problem::Character { character, .. }) if character.is_whitespace() => {
            "the only whitespace allowed is a space"
        }
        Err(Problem::Character { .. }) => {
            "it may hold only letters, digits, spaces and . _ : / = + - @"
        }
    };
    Err(InvalidTenantId {
        id: crate::error::bounded(id, 64),
        reason,
    })
}

impl FromStr for TenantId {
    type Err = InvalidTenantId;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        TenantId::new(id)
    }
}

impl TryFrom<String> for TenantId {
    type Error = InvalidTenantId;

    fn try_from(id: String) -> Result<Self, Self::Error> {
        TenantId::new(id)
    }
}

impl TryFrom<&str> for TenantId {
    type Error = InvalidTenantId;

    fn try_from(id: &str) -> Result<Self, Self::Error> {
        TenantId::new(id)
    }
}

impl AsRef<str> for TenantId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TenantId").field(&&*self.0).finish()
    }
}

/// A string that Lambda would refuse as a tenant id; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{id:?} is not a tenant id: {reason} (Lambda's rule: 1 to {max} of letters, digits, spaces and . _ : / = + - @)",
    max = tenant_id::MAX_CHARS
)]
pub struct InvalidTenantId {
    /// The start of the id, at most 64 characters.
    id: String,
    reason: &'static str,
}

impl InvalidTenantId {
    /// The start of the refused id (at most 64 characters of it).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Why Lambda would refuse it.
    #[must_use]
    pub fn reason(&self) -> &str {
        self.reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambdas_rule_for_tenant_ids() {
        for good in [
            "blue",
            "a",
            "org:42/team=x+y-z@example.com",
            "with space",
            &"t".repeat(256),
        ] {
            assert_eq!(TenantId::new(good).expect(good).as_str(), good);
        }
        for (bad, reason) in [
            ("", "it must be 1 to 256 characters long"),
            (&*"t".repeat(257), "it must be 1 to 256 characters long"),
            ("tab\there", "the only whitespace allowed is a space"),
            ("new\nline", "the only whitespace allowed is a space"),
            (
                "semi;colon",
                "it may hold only letters, digits, spaces and . _ : / = + - @",
            ),
            (
                "ünïcode",
                "it may hold only letters, digits, spaces and . _ : / = + - @",
            ),
        ] {
            let error = TenantId::new(bad).expect_err(bad);
            assert_eq!(error.reason(), reason, "{bad:?}");
            assert!(error.id().len() <= 64 + 3, "{error}");
        }
    }

    #[tokio::test]
    async fn the_scope_is_the_current_tenant() {
        assert_eq!(TenantId::current(), None);
        let blue = TenantId::new("blue").expect("valid");
        let seen = scope(Some(blue.clone()), async { TenantId::current() }).await;
        assert_eq!(seen, Some(blue));
    }
}
