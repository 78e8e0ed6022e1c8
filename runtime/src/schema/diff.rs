//! The breaking-change check: two documents of one contract compared, each
//! change named with whom it breaks.
//!
//! Caller and callee are deployed apart, so each change is judged twice:
//! with the new callee deployed and callers still on the old contract, and
//! with new callers and callees still on the old one. A value flows from a
//! producer (the caller for a payload, the callee for a result or an error)
//! to a consumer; a change breaks the pairing where the consumer expects
//! what the producer may not send.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

/// Whom a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// Nobody: either side may be deployed first.
    Nobody,
    /// Callers still deployed with the old contract, once the new callee is
    /// deployed: deploy the callers first.
    OldCallers,
    /// Callees still deployed with the old contract, once new callers are:
    /// deploy the callee first.
    OldCallees,
    /// Both: no order of deployment is safe.
    Both,
}

impl Breaks {
    #[cfg(test)]
    fn and(self, other: Breaks) -> Breaks {
        match (self, other) {
            (Breaks::Nobody, other) | (other, Breaks::Nobody) => other,
            (a, b) if a == b => a,
            _ => Breaks::Both,
        }
    }

    /// Whether the change breaks anyone.
    #[must_use]
    pub fn is_breaking(self) -> bool {
        self != Breaks::Nobody
    }
}

impl fmt::Display for Breaks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Breaks::Nobody => "compatible",
            Breaks::OldCallers => {
                "breaks callers still deployed with the old contract (deploy them first)"
            }
            Breaks::OldCallees => {
                "breaks callees still deployed with the old contract (deploy the callee first)"
            }
            Breaks::Both => "breaks callers and callees still deployed with the old contract",
        })
    }
}

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

/// Which way a value flows.
#[derive(Clone, Copy)]
enum Flow {
    /// From the caller to the callee.
    Payload,
    /// From the callee to the caller: a result, or an error's data.
    Back,
}

impl Flow {
    /// Whom it breaks when a new consumer expects what an old producer may
    /// not send.
    fn new_consumer(self) -> Breaks {
        match self {
            Flow::Payload => Breaks::OldCallers,
            Flow::Back => Breaks::OldCallees,
        }
    }

    /// Whom it breaks when an old consumer expects what a new producer may
    /// not send.
    fn old_consumer(self) -> Breaks {
        match self {
            Flow::Payload => Breaks::OldCallees,
            Flow::Back => Breaks::OldCallers,
        }
    }
}

/// Every change from `old` to `new`, two documents of one contract.
#[must_use]
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut differ = Differ {
        old_definitions: &old["definitions"],
        new_definitions: &new["definitions"],
        changes: Vec::new(),
        method: String::new(),
        depth: 0,
    };
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
    old_definitions: &'a Value,
    new_definitions: &'a Value,
    changes: Vec<Change>,
    method: String,
    /// How deep the walk is in the schemas: a recursive type stops it.
    depth: usize,
}

impl Differ<'_> {
    fn change(&mut self, what: String, breaks: Breaks) {
        self.changes.push(Change {
            method: self.method.clone(),
            what,
            breaks,
        });
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
        self.schema(Flow::Payload, "payload", &old["payload"], &new["payload"]);
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
                self.change(
                    "the error type changed between any error document and typed variants"
                        .to_owned(),
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

    /// The schemas of one value, old and new, walked together.
    fn schema(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) {
        let old = resolve(old, self.old_definitions);
        let new = resolve(new, self.new_definitions);
        if old == new || self.depth > 32 {
            return;
        }
        self.depth += 1;
        self.compare(flow, at, old, new);
        self.depth -= 1;
    }

    fn compare(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) {
        let (old_types, new_types) = (types(old), types(new));
        if !old_types.is_empty() && !new_types.is_empty() && old_types != new_types {
            self.change(
                format!(
                    "{at} retyped from {} to {}",
                    join(&old_types),
                    join(&new_types)
                ),
                Breaks::Both,
            );
            return;
        }
        let (old_values, new_values) = (values(old), values(new));
        if !old_values.is_empty() || !new_values.is_empty() {
            for added in new_values.difference(&old_values) {
                self.change(format!("{at} may now be {added}"), flow.old_consumer());
            }
            for removed in old_values.difference(&new_values) {
                self.change(
                    format!("{at} may no longer be {removed}"),
                    flow.new_consumer(),
                );
            }
        }
        if old.get("properties").is_some() || new.get("properties").is_some() {
            self.properties(flow, at, old, new);
        }
        if let (Some(old_items), Some(new_items)) = (old.get("items"), new.get("items")) {
            self.schema(flow, &format!("{at}[]"), old_items, new_items);
        }
        // The data of serde's enum variants present in both.
        let (old_variants, new_variants) = (variants(old), variants(new));
        for (name, old_data) in &old_variants {
            if let Some(new_data) = new_variants.get(name) {
                self.schema(flow, &format!("{at}.{name}"), old_data, new_data);
            }
        }
        let handled = [
            "type",
            "enum",
            "const",
            "properties",
            "required",
            "items",
            "oneOf",
            "anyOf",
            "description",
            "title",
            "format",
            "default",
        ];
        let rest = |value: &Value| -> BTreeMap<String, Value> {
            value
                .as_object()
                .map(|object| {
                    object
                        .iter()
                        .filter(|(key, _)| !handled.contains(&key.as_str()))
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        if rest(old) != rest(new) {
            self.change(format!("{at} changed its constraints"), Breaks::Both);
        }
    }

    fn properties(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) {
        let properties = |value: &Value| -> BTreeMap<String, Value> {
            value["properties"]
                .as_object()
                .map(|properties| {
                    properties
                        .iter()
                        .map(|(name, schema)| (name.clone(), schema.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let required = |value: &Value| -> BTreeSet<String> {
            value["required"]
                .as_array()
                .map(|names| {
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_properties, new_properties) = (properties(old), properties(new));
        let (old_required, new_required) = (required(old), required(new));
        for (name, old_schema) in &old_properties {
            let field = format!("{at}.{name}");
            match new_properties.get(name) {
                None if old_required.contains(name) => self.change(
                    format!("required field {field} removed"),
                    flow.old_consumer(),
                ),
                None => self.change(format!("optional field {field} removed"), Breaks::Nobody),
                Some(new_schema) => {
                    match (old_required.contains(name), new_required.contains(name)) {
                        (true, false) => {
                            self.change(format!("{field} made optional"), flow.old_consumer());
                        }
                        (false, true) => {
                            self.change(format!("{field} made required"), flow.new_consumer());
                        }
                        _ => {}
                    }
                    self.schema(flow, &field, old_schema, new_schema);
                }
            }
        }
        for name in new_properties
            .keys()
            .filter(|name| !old_properties.contains_key(*name))
        {
            let field = format!("{at}.{name}");
            if new_required.contains(name) {
                self.change(format!("required field {field} added"), flow.new_consumer());
            } else {
                self.change(format!("optional field {field} added"), Breaks::Nobody);
            }
        }
    }
}

/// `schema`, or the definition its `$ref` points at.
fn resolve<'a>(schema: &'a Value, definitions: &'a Value) -> &'a Value {
    let mut schema = schema;
    for _ in 0..8 {
        let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.rsplit('/').next())
        else {
            break;
        };
        match definitions.get(name) {
            Some(definition) => schema = definition,
            None => break,
        }
    }
    schema
}

/// The JSON types a schema allows, `null` aside (optionality is judged by
/// `required`).
fn types(schema: &Value) -> BTreeSet<String> {
    let named = match schema.get("type") {
        Some(Value::String(name)) => vec![name.clone()],
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    named.into_iter().filter(|name| name != "null").collect()
}

/// The values an enumeration allows: its `enum` and `const` values, and the
/// variants of serde's enums (`oneOf`/`anyOf` of those and of objects with
/// one required key).
fn values(schema: &Value) -> BTreeSet<String> {
    let mut values = BTreeSet::new();
    if let Some(listed) = schema.get("enum").and_then(Value::as_array) {
        values.extend(
            listed
                .iter()
                .filter(|value| !value.is_null())
                .map(Value::to_string),
        );
    }
    if let Some(constant) = schema.get("const") {
        values.insert(constant.to_string());
    }
    for alternative in alternatives(schema) {
        values.extend(self::values(alternative));
        if let Some(single) = only_required(alternative) {
            values.insert(format!("variant {single}"));
        }
    }
    values
}

/// The data schema of each variant of serde's externally tagged enum: the
/// alternatives that are objects with one required key.
fn variants(schema: &Value) -> BTreeMap<String, Value> {
    let mut variants = BTreeMap::new();
    for alternative in alternatives(schema) {
        if let Some(Value::String(name)) = only_required(alternative)
            && let Some(data) = alternative
                .get("properties")
                .and_then(|properties| properties.get(name))
        {
            variants.insert(name.clone(), data.clone());
        }
    }
    variants
}

/// The alternatives of a `oneOf` or `anyOf` schema, as serde's enums have.
fn alternatives(schema: &Value) -> impl Iterator<Item = &Value> {
    ["oneOf", "anyOf"]
        .into_iter()
        .filter_map(|key| schema.get(key).and_then(Value::as_array))
        .flatten()
}

/// The one key a schema requires, when it requires exactly one: the name
/// of a variant of serde's externally tagged enum.
fn only_required(schema: &Value) -> Option<&Value> {
    match schema.get("required").and_then(Value::as_array)?.as_slice() {
        [single] => Some(single),
        _ => None,
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests;
