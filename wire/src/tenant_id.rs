//! Lambda's rule for a tenant id (`TenantId`, sent in
//! [`X-Amz-Tenant-Id`](crate::header::TENANT_ID) to a function in tenant
//! isolation mode): 1 to 256 characters of `[a-zA-Z0-9._:/=+\-@ ]`.

use crate::Problem;

/// The most characters a tenant id has.
pub const MAX_CHARS: usize = 256;

/// The rule's pattern as Lambda's validation error writes it (`Member must
/// satisfy regular expression pattern: …`).
pub const PATTERN: &str = r"[a-zA-Z0-9\._:\/=+\-@ ]+";

/// Whether a tenant id may hold `character`: an ASCII letter or digit, a
/// space, or one of `. _ : / = + - @`.
#[must_use]
pub fn allows(character: char) -> bool {
    character.is_ascii_alphanumeric()
        || matches!(
            character,
            ' ' | '.' | '_' | ':' | '/' | '=' | '+' | '-' | '@'
        )
}

/// Checks `id` against Lambda's rule.
///
/// # Errors
///
/// The part of the rule `id` broke: [`Problem::Empty`], [`Problem::TooLong`]
/// past [`MAX_CHARS`] characters, or the first [`Problem::Character`] that
/// [`allows`] refuses.
pub fn check(id: &str) -> Result<(), Problem> {
    crate::check(id, MAX_CHARS, allows)
}
