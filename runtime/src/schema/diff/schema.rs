//! Two schemas of one value walked together, at every depth: through
//! references (each side's own `$defs`, once per pair, so that a recursive
//! type ends), objects, arrays and tuples, maps, serde's enums
//! (`oneOf`/`anyOf`), nullability in each form schemars writes, and the
//! ranges of numbers.
//!
//! A schema says which values a producer may send and a consumer accepts.
//! What a new producer may now send and an old consumer refuses breaks the
//! old consumer; what an old producer still sends and a new consumer
//! refuses breaks the new one. Each rule below is one of the two.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::read::{
    Extra, Range, additional, closed, has_alternatives, holds_reference, is_array, is_object, join,
    keyed, number_range, properties, reference, required, resolved, types, values, without_null,
};
use super::verdict::{Breaks, Flow};
use crate::schema::normal::ANNOTATIONS;

/// How deep a walk goes before it stops: far past any real contract, and
/// a guard for schemas whose recursion is not through a reference.
const DEPTH: usize = 64;

/// What the walk reads, or judges as a whole, on both sides: any other
/// keyword that differs is a change of constraints.
const COMPARED: [&str; 26] = [
    "$ref",
    "$schema",
    "$id",
    "$defs",
    "definitions",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "oneOf",
    "anyOf",
    "allOf",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
];

/// The definitions of two documents, and the reference pairs already
/// walked.
pub(super) struct Schemas<'a> {
    old: &'a Value,
    new: &'a Value,
    seen: HashSet<(String, String, Flow)>,
    changes: Vec<(String, Breaks)>,
}

impl<'a> Schemas<'a> {
    pub(super) fn new(old: &'a Value, new: &'a Value) -> Self {
        Schemas {
            old,
            new,
            seen: HashSet::new(),
            changes: Vec::new(),
        }
    }

    /// Every change from `old` to `new`, the schemas of the value at `at`.
    pub(super) fn compare(
        &mut self,
        flow: Flow,
        at: &str,
        old: &Value,
        new: &Value,
    ) -> Vec<(String, Breaks)> {
        // Each value's walk reports what it reaches, even where another
        // method's reached it first.
        self.seen.clear();
        self.walk(flow, at, old, new, 0);
        std::mem::take(&mut self.changes)
    }

    fn change(&mut self, what: String, breaks: Breaks) {
        self.changes.push((what, breaks));
    }

    fn walk(&mut self, flow: Flow, at: &str, old: &Value, new: &Value, depth: usize) {
        if depth > DEPTH {
            return;
        }
        if let (Some(old_ref), Some(new_ref)) = (reference(old), reference(new))
            && !self
                .seen
                .insert((old_ref.to_owned(), new_ref.to_owned(), flow))
        {
            return;
        }
        let old = resolved(old, self.old);
        let new = resolved(new, self.new);
        let (old_null, old) = without_null(&old, self.old);
        let (new_null, new) = without_null(&new, self.new);
        match (old_null, new_null) {
            (false, true) => self.change(format!("{at} may now be null"), flow.old_consumer()),
            (true, false) => {
                self.change(format!("{at} may no longer be null"), flow.new_consumer());
            }
            _ => {}
        }
        if old == new && !holds_reference(&old) {
            return;
        }
        match (old.as_ref(), new.as_ref()) {
            (Value::Bool(false), Value::Bool(false)) => return,
            (Value::Bool(false), _) => {
                self.change(
                    format!("{at} may now be more than null"),
                    flow.old_consumer(),
                );
                return;
            }
            (_, Value::Bool(false)) => {
                self.change(
                    format!("{at} may no longer be anything but null"),
                    flow.new_consumer(),
                );
                return;
            }
            _ => {}
        }
        if has_alternatives(&old) || has_alternatives(&new) {
            self.alternatives(flow, at, &old, &new, depth);
            return;
        }
        if !self.types(flow, at, &old, &new) {
            return;
        }
        self.values(flow, at, &old, &new);
        self.ranges(flow, at, &old, &new);
        if is_object(&old) || is_object(&new) {
            self.properties(flow, at, &old, &new, depth);
            self.additional(flow, at, &old, &new, depth);
        }
        if is_array(&old) || is_array(&new) {
            self.items(flow, at, &old, &new, depth);
        }
        if old.get("pattern") != new.get("pattern") {
            self.change(format!("{at} changed its pattern"), Breaks::Both);
        }
        let rest = |schema: &Value| -> BTreeMap<String, Value> {
            schema
                .as_object()
                .map(|object| {
                    object
                        .iter()
                        .filter(|(key, _)| {
                            let key = key.as_str();
                            !COMPARED.contains(&key) && !ANNOTATIONS.contains(&key)
                        })
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_rest, new_rest) = (rest(&old), rest(&new));
        if old_rest != new_rest {
            let keys: BTreeSet<&String> = old_rest.keys().chain(new_rest.keys()).collect();
            let keys: Vec<&str> = keys.into_iter().map(String::as_str).collect();
            self.change(
                format!("{at} changed its constraints ({})", keys.join(", ")),
                Breaks::Both,
            );
        }
    }

    /// The JSON types each side allows. Returns whether the walk goes on:
    /// not after a value was retyped.
    fn types(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) -> bool {
        let (old_types, new_types) = (types(old), types(new));
        let covered = |name: &str, by: &BTreeSet<&str>| {
            by.is_empty() || by.contains(name) || (name == "integer" && by.contains("number"))
        };
        let added: Vec<&str> = new_types
            .iter()
            .copied()
            .filter(|name| !covered(name, &old_types))
            .collect();
        let removed: Vec<&str> = old_types
            .iter()
            .copied()
            .filter(|name| !covered(name, &new_types))
            .collect();
        let (added, removed) = match (old_types.is_empty(), new_types.is_empty()) {
            (false, true) => (vec!["anything"], Vec::new()),
            (true, false) => (Vec::new(), vec!["anything but a value of its type"]),
            _ => (added, removed),
        };
        match (added.is_empty(), removed.is_empty()) {
            (true, true) => true,
            (false, false) => {
                self.change(
                    format!(
                        "{at} retyped from {} to {}",
                        join(old_types.iter().copied()),
                        join(new_types.iter().copied())
                    ),
                    Breaks::Both,
                );
                false
            }
            (false, true) => {
                self.change(
                    format!("{at} may now be {}", join(added.into_iter())),
                    flow.old_consumer(),
                );
                true
            }
            (true, false) => {
                self.change(
                    format!("{at} may no longer be {}", join(removed.into_iter())),
                    flow.new_consumer(),
                );
                true
            }
        }
    }

    /// `enum` and `const`: the values a plain schema is limited to.
    fn values(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) {
        match (values(old), values(new)) {
            (Some(old_values), Some(new_values)) => {
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
            (None, Some(new_values)) => self.change(
                format!(
                    "{at} may now only be {}",
                    join(new_values.iter().map(String::as_str))
                ),
                flow.new_consumer(),
            ),
            (Some(_), None) => self.change(
                format!("{at} may now be any value of its type"),
                flow.old_consumer(),
            ),
            (None, None) => {}
        }
    }

    /// The ranges of numbers (their formats and bounds), of strings'
    /// lengths and of arrays' lengths.
    fn ranges(&mut self, flow: Flow, at: &str, old: &Value, new: &Value) {
        let numeric = |schema: &Value| {
            let types = types(schema);
            types.contains("integer") || types.contains("number")
        };
        if numeric(old) && numeric(new) {
            self.range(
                flow,
                at,
                "ranges over",
                number_range(old),
                number_range(new),
            );
        }
        let length = |schema: &Value, min: &str, max: &str| Range {
            low: schema.get(min).and_then(Value::as_f64).unwrap_or(0.0),
            high: schema
                .get(max)
                .and_then(Value::as_f64)
                .unwrap_or(f64::INFINITY),
        };
        self.range(
            flow,
            at,
            "has a length of",
            length(old, "minLength", "maxLength"),
            length(new, "minLength", "maxLength"),
        );
        self.range(
            flow,
            at,
            "holds a number of items of",
            length(old, "minItems", "maxItems"),
            length(new, "minItems", "maxItems"),
        );
    }

    fn range(&mut self, flow: Flow, at: &str, what: &str, old: Range, new: Range) {
        if old == new {
            return;
        }
        let wider = new.low < old.low || new.high > old.high;
        let narrower = new.low > old.low || new.high < old.high;
        let breaks = match (wider, narrower) {
            (true, true) => Breaks::Both,
            (true, false) => flow.old_consumer(),
            (false, true) => flow.new_consumer(),
            (false, false) => return,
        };
        self.change(format!("{at} {what} {new}, was {old}"), breaks);
    }

    fn properties(&mut self, flow: Flow, at: &str, old: &Value, new: &Value, depth: usize) {
        let (old_properties, new_properties) = (properties(old), properties(new));
        let (old_required, new_required) = (required(old), required(new));
        // A field the other side does not name is judged by its
        // `additionalProperties`: refused when that is anything but absent.
        let (old_closed, new_closed) = (closed(old), closed(new));
        for (name, old_schema) in &old_properties {
            let field = format!("{at}.{name}");
            match new_properties.get(name) {
                None => self.one_sided(
                    &field,
                    "removed",
                    old_required
                        .contains(name.as_str())
                        .then(|| flow.old_consumer()),
                    new_closed.then(|| flow.new_consumer()),
                ),
                Some(new_schema) => {
                    match (
                        old_required.contains(name.as_str()),
                        new_required.contains(name.as_str()),
                    ) {
                        (true, false) => {
                            self.change(format!("{field} made optional"), flow.old_consumer());
                        }
                        (false, true) => {
                            self.change(format!("{field} made required"), flow.new_consumer());
                        }
                        _ => {}
                    }
                    self.walk(flow, &field, old_schema, new_schema, depth + 1);
                }
            }
        }
        for name in new_properties
            .keys()
            .filter(|name| !old_properties.contains_key(*name))
        {
            self.one_sided(
                &format!("{at}.{name}"),
                "added",
                new_required
                    .contains(name.as_str())
                    .then(|| flow.new_consumer()),
                old_closed.then(|| flow.old_consumer()),
            );
        }
    }

    /// A field only one side names (`removed` from the old, or `added` by
    /// the new): `required` is whom it breaks when that side requires it
    /// (its consumer there), `refused` whom it breaks when the other side
    /// refuses fields it does not name.
    fn one_sided(
        &mut self,
        field: &str,
        verb: &str,
        required: Option<Breaks>,
        refused: Option<Breaks>,
    ) {
        let kind = if required.is_some() {
            "required"
        } else {
            "optional"
        };
        let breaks = [required, refused]
            .into_iter()
            .flatten()
            .fold(Breaks::Nobody, Breaks::and);
        self.change(format!("{kind} field {field} {verb}"), breaks);
    }

    /// `additionalProperties`: a map's values, or whether a struct takes
    /// fields it does not name.
    fn additional(&mut self, flow: Flow, at: &str, old: &Value, new: &Value, depth: usize) {
        let (old_extra, new_extra) = (additional(old), additional(new));
        match (old_extra, new_extra) {
            (Extra::Any, Extra::Any) | (Extra::None, Extra::None) => {}
            (Extra::Schema(old_values), Extra::Schema(new_values)) => {
                self.walk(
                    flow,
                    &format!("{at}[key]"),
                    old_values,
                    new_values,
                    depth + 1,
                );
            }
            (Extra::Any, _) | (Extra::Schema(_), Extra::None) => self.change(
                format!("{at} now limits the fields it does not name"),
                flow.new_consumer(),
            ),
            (_, Extra::Any) | (Extra::None, Extra::Schema(_)) => self.change(
                format!("{at} may now have fields it did not name"),
                flow.old_consumer(),
            ),
        }
    }

    fn items(&mut self, flow: Flow, at: &str, old: &Value, new: &Value, depth: usize) {
        let listed = |schema: &Value| -> Vec<Value> {
            schema
                .get("prefixItems")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (old_listed, new_listed) = (listed(old), listed(new));
        let any = Value::Bool(true);
        let rest = |schema: &Value| schema.get("items").cloned().unwrap_or(Value::Bool(true));
        let (old_rest, new_rest) = (rest(old), rest(new));
        for index in 0..old_listed.len().max(new_listed.len()) {
            let old_item = old_listed.get(index).unwrap_or(&old_rest);
            let new_item = new_listed.get(index).unwrap_or(&new_rest);
            self.walk(
                flow,
                &format!("{at}[{index}]"),
                old_item,
                new_item,
                depth + 1,
            );
        }
        match (&old_rest, &new_rest) {
            (Value::Bool(true), Value::Bool(true)) => {}
            (old_items, new_items) if *old_items == any || *new_items == any => {
                if *old_items == any {
                    self.change(format!("{at} now limits its items"), flow.new_consumer());
                } else {
                    self.change(format!("{at} may now hold any item"), flow.old_consumer());
                }
            }
            (old_items, new_items) => {
                self.walk(flow, &format!("{at}[]"), old_items, new_items, depth + 1);
            }
        }
    }

    /// serde's enums: each side's alternatives keyed by the variant they
    /// stand for, and the variants of both compared.
    fn alternatives(&mut self, flow: Flow, at: &str, old: &Value, new: &Value, depth: usize) {
        let old_keyed = keyed(old, self.old);
        let new_keyed = keyed(new, self.new);
        for (key, old_data) in &old_keyed {
            match new_keyed.get(key) {
                None => self.change(format!("{at} may no longer be {key}"), flow.new_consumer()),
                Some(new_data) => {
                    if let (Some(old_data), Some(new_data)) = (old_data, new_data) {
                        self.walk(flow, &key.path(at), old_data, new_data, depth + 1);
                    }
                }
            }
        }
        for key in new_keyed.keys().filter(|key| !old_keyed.contains_key(*key)) {
            self.change(format!("{at} may now be {key}"), flow.old_consumer());
        }
    }
}
