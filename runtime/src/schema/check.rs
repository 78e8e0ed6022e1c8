//! The one-line test of a contract: the trait against its checked-in
//! document.

use std::fmt::Write as _;
use std::path::Path;

use super::describe::{self, Describe};
use super::diff::diff;

/// The environment variable that rewrites checked-in documents.
const UPDATE: &str = "UPDATE_CONTRACTS";

/// Checks contract `C` against the document at `path` (relative to the
/// crate's root, where `cargo test` runs): writes it when it is missing or
/// when `UPDATE_CONTRACTS=1`, and otherwise panics, if they differ, with a
/// report of each change and whom it breaks.
///
/// # Panics
///
/// When the contract differs from the document, or the document cannot be
/// read or written: this is a test.
pub fn check<C: Describe<()>>(path: impl AsRef<Path>) {
    let path = path.as_ref();
    let current = describe::document::<C>();
    let update = std::env::var_os(UPDATE).is_some_and(|value| value != "0" && !value.is_empty());
    if update || !path.exists() {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|error| panic!("cannot create {}: {error}", parent.display()));
        }
        let pretty = format!(
            "{}\n",
            serde_json::to_string_pretty(&current).unwrap_or_default()
        );
        std::fs::write(path, pretty)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        return;
    }
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let checked_in: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|error| {
        panic!(
            "{} is not a contract document ({error}); rewrite it with {UPDATE}=1",
            path.display()
        )
    });
    if checked_in == current {
        return;
    }
    panic!("{}", report(C::NAME, path, &checked_in, &current));
}

/// What changed from the checked-in document to the trait, and how to accept it.
pub(super) fn report(
    contract: &str,
    path: &Path,
    checked_in: &serde_json::Value,
    current: &serde_json::Value,
) -> String {
    let changes = diff(checked_in, current);
    let breaking = changes
        .iter()
        .filter(|change| change.breaks.is_breaking())
        .count();
    let mut report = format!(
        "the contract `{contract}` differs from {}: {} change{}, {breaking} breaking\n",
        path.display(),
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
    );
    for change in &changes {
        let _ = writeln!(report, "  - {change}");
    }
    if changes.is_empty() {
        report.push_str("  (the documents differ in what the check does not compare: titles, descriptions, formats)\n");
    }
    let _ = write!(
        report,
        "to accept: {UPDATE}=1 cargo test, then review and commit {}",
        path.display()
    );
    report
}
