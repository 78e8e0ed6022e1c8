//! The one-line test of a contract: the trait against its checked-in
//! document.

use std::fmt::Write as _;
use std::path::Path;

use super::describe::{self, Describe};
use super::diff::diff;

/// The environment variable that rewrites checked-in documents.
const UPDATE: &str = "UPDATE_CONTRACTS";

/// Checks contract `C` against the document at `path` (relative to the
/// crate's root, where `cargo test` runs), and panics, at the caller's
/// line, with a report of each change and whom it breaks when they differ.
///
/// `UPDATE_CONTRACTS=1` writes the document instead. A missing document is
/// written too, except under CI (the `CI` variable set), where it fails
/// with the command that creates it: a document that was never committed,
/// or was renamed, is then caught rather than written on a machine that
/// throws it away.
///
/// # Panics
///
/// When the contract differs from the document, when the document is
/// missing under CI, or when it cannot be read or written: this is a test.
#[track_caller]
pub fn check<C: Describe<()>>(path: impl AsRef<Path>) {
    let path = path.as_ref();
    let current = describe::document::<C>();
    let set =
        |name: &str| std::env::var_os(name).is_some_and(|value| value != "0" && !value.is_empty());
    let update = set(UPDATE);
    assert!(
        update || path.exists() || !set("CI"),
        "the contract `{}` has no document at {}: create it with `{UPDATE}=1 cargo test`, review it and commit it (under CI a missing document is an error, not written)",
        C::NAME,
        path.display()
    );
    if update || !path.exists() {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            panic!("cannot create {}: {error}", parent.display());
        }
        let pretty = format!(
            "{}\n",
            serde_json::to_string_pretty(&current).unwrap_or_default()
        );
        if let Err(error) = std::fs::write(path, pretty) {
            panic!("cannot write {}: {error}", path.display());
        }
        return;
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    };
    let checked_in: serde_json::Value = match serde_json::from_str(&text) {
        Ok(document) => document,
        Err(error) => panic!(
            "{} is not a contract document ({error}); rewrite it with {UPDATE}=1",
            path.display()
        ),
    };
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
        report.push_str(
            "  (nothing a caller or a callee sends or accepts changed: the documents differ in descriptions or titles only)\n",
        );
    }
    let _ = write!(
        report,
        "to accept: {UPDATE}=1 cargo test, then review and commit {}",
        path.display()
    );
    report
}
