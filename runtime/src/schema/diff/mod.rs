//! The breaking-change check: two documents of one contract compared, each
//! change named with whom it breaks.
//!
//! Caller and callee are deployed apart, so each change is judged twice:
//! with the new callee deployed and callers still on the old contract, and
//! with new callers and callees still on the old one. A value flows from a
//! producer (the caller for a payload, the callee for a result or an error)
//! to a consumer; a change breaks the pairing where the consumer expects
//! what the producer may not send.

mod read;
mod schema;
mod verdict;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use super::describe::{ANY_ERROR, NAMED_ARGUMENTS, NO_ARGUMENTS, ONE_ARGUMENT};
use schema::Schemas;
pub use verdict::Breaks;
use verdict::Flow;

/// One change between two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The method it is in.
    pub method: String,
    /// What changed, and where: `payload.message retyped from string to integer`.
    pub what: String,
    /// Whom it breaks.
    pub breaks: Breaks,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.method, self.what, self.breaks)
    }
}

/// Every change from `old` to `new`, two documents of one contract, each
/// change at the full path of what changed (`payload.address.zip`), at any
/// depth of the schemas and through their references.
#[must_use]
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let methods = |document: &Value| -> BTreeMap<String, Value> {
        document["methods"]
            .as_object()
            .map(|methods| {
                methods
                    .iter()
                    .map(|(name, method)| (name.clone(), method.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut differ = Differ {
        schemas: Schemas::new(&old["$defs"], &new["$defs"]),
        changes: Vec::new(),
        method: String::new(),
    };
    let (old_methods, new_methods) = (methods(old), methods(new));
    for (name, old_method) in &old_methods {
        differ.method.clone_from(name);
        match new_methods.get(name) {
            None => differ.change("the method was removed".to_owned(), Breaks::OldCallers),
            Some(new_method) => differ.method_changes(old_method, new_method),
        }
    }
    for name in new_methods
        .keys()
        .filter(|name| !old_methods.contains_key(*name))
    {
        differ.method.clone_from(name);
        differ.change(
            "the method was added: callees still deployed with the old contract do not serve it"
                .to_owned(),
            Breaks::OldCallees,
        );
    }
    differ.changes
}

struct Differ<'a> {
    schemas: Schemas<'a>,
    changes: Vec<Change>,
    method: String,
}

impl Differ<'_> {
    fn change(&mut self, what: String, breaks: Breaks) {
        self.changes.push(Change {
            method: self.method.clone(),
            what,
            breaks,
        });
    }

    fn schema(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) {
        for (what, breaks) in self.schemas.compare(flow, at, old, new) {
            self.change(what, breaks);
        }
    }

    fn method_changes(&mut self, old: &Value, new: &Value) {
        // A tenant given in the attribute only picks whose environment runs.
        for (key, what, breaks) in [
            ("function", "the function it calls", Breaks::Both),
            ("mode", "the mode", Breaks::Both),
            ("qualifier", "the qualifier", Breaks::Both),
            ("tenant", "the tenant", Breaks::Nobody),
        ] {
            if old[key] != new[key] {
                self.change(
                    format!("{what} changed from {} to {}", old[key], new[key]),
                    breaks,
                );
            }
        }
        if old["arguments"] == new["arguments"] {
            self.schema(Flow::Payload, "payload", &old["payload"], &new["payload"]);
        } else {
            self.change(
                format!(
                    "the payload changed shape, from {} to {}",
                    shape(&old["arguments"], &old["payload"]),
                    shape(&new["arguments"], &new["payload"]),
                ),
                Breaks::Both,
            );
        }
        match (&old["result"], &new["result"]) {
            (Value::Null, Value::Null) => {}
            (Value::Null, _) | (_, Value::Null) => self.change(
                "the result changed between nothing and a value".to_owned(),
                Breaks::Both,
            ),
            (old_result, new_result) => self.schema(Flow::Back, "result", old_result, new_result),
        }
        self.errors(&old["errors"], &new["errors"]);
    }

    fn errors(&mut self, old: &Value, new: &Value) {
        let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
            if old != new {
                let typed = |errors: &Value| {
                    if errors.as_str() == Some(ANY_ERROR) {
                        "any error document"
                    } else {
                        "typed variants"
                    }
                };
                self.change(
                    format!(
                        "the error type changed from {} to {}: each side sees what it does not know as its catch-all",
                        typed(old),
                        typed(new)
                    ),
                    Breaks::Nobody,
                );
            }
            return;
        };
        for (variant, old_variant) in old {
            let Some(new_variant) = new.get(variant) else {
                self.change(
                    format!(
                        "error variant `{variant}` removed: callees still deployed with the old contract may fail with it, which new callers see as their catch-all"
                    ),
                    Breaks::Nobody,
                );
                continue;
            };
            if old_variant["errorType"] != new_variant["errorType"] {
                self.change(
                    format!(
                        "error variant `{variant}` renamed from errorType {} to {}: each side sees the other's as its catch-all",
                        old_variant["errorType"], new_variant["errorType"]
                    ),
                    Breaks::Both,
                );
            }
            let at = format!("errors.{variant}.data");
            match (&old_variant["data"], &new_variant["data"]) {
                (Value::Null, Value::Null) => {}
                (Value::Null, _) | (_, Value::Null) => self.change(
                    format!("{at} changed between a message and data"),
                    Breaks::Both,
                ),
                (old_data, new_data) => self.schema(Flow::Back, &at, old_data, new_data),
            }
        }
        for variant in new.keys().filter(|variant| !old.contains_key(*variant)) {
            self.change(
                format!(
                    "error variant `{variant}` added: callers still deployed with the old contract see it as their catch-all"
                ),
                Breaks::Nobody,
            );
        }
    }
}

/// A payload's shape in words: `the argument itself`, or `an object keyed
/// by customer, items`.
fn shape(arguments: &Value, payload: &Value) -> String {
    match arguments.as_str() {
        Some(NO_ARGUMENTS) => "no arguments ({})".to_owned(),
        Some(ONE_ARGUMENT) => "the one argument itself".to_owned(),
        Some(NAMED_ARGUMENTS) => {
            let mut names: Vec<&str> = payload["properties"]
                .as_object()
                .map(|properties| properties.keys().map(String::as_str).collect())
                .unwrap_or_default();
            names.sort_unstable();
            format!(
                "an object keyed by the arguments' names ({})",
                names.join(", ")
            )
        }
        _ => arguments.to_string(),
    }
}

#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;
