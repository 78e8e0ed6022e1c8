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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value};

use super::{Breaks, Flow};

/// How deep a walk goes before it stops: far past any real contract, and
/// a guard for schemas whose recursion is not through a reference.
const DEPTH: usize = 64;

/// What the walk reads, or judges as a whole, on both sides: any other
/// keyword that differs is a change of constraints.
const COMPARED: [&str; 25] = [
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
];

/// The keywords that describe and do not constrain.
const ANNOTATIONS: [&str; 8] = [
    "title",
    "description",
    "examples",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
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
                            !COMPARED.contains(&key)
                                && !ANNOTATIONS.contains(&key)
                                && key != "pattern"
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
                None => {
                    let mut breaks = Breaks::Nobody;
                    if old_required.contains(name.as_str()) {
                        breaks = breaks.and(flow.old_consumer());
                    }
                    if new_closed {
                        breaks = breaks.and(flow.new_consumer());
                    }
                    let kind = if old_required.contains(name.as_str()) {
                        "required"
                    } else {
                        "optional"
                    };
                    self.change(format!("{kind} field {field} removed"), breaks);
                }
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
            let field = format!("{at}.{name}");
            let mut breaks = Breaks::Nobody;
            if new_required.contains(name.as_str()) {
                breaks = breaks.and(flow.new_consumer());
            }
            if old_closed {
                breaks = breaks.and(flow.old_consumer());
            }
            let kind = if new_required.contains(name.as_str()) {
                "required"
            } else {
                "optional"
            };
            self.change(format!("{kind} field {field} added"), breaks);
        }
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

/// A schema's `$ref`.
fn reference(schema: &Value) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str)
}

/// The definition `$ref` points at, in `definitions`.
fn definition<'a>(reference: &str, definitions: &'a Value) -> Option<&'a Value> {
    let name = reference
        .strip_prefix("#/$defs/")
        .or_else(|| reference.strip_prefix("#/definitions/"))?;
    definitions.get(name)
}

/// `schema` with its references followed and its `allOf` merged in: one
/// schema whose own keywords say what it allows.
fn resolved<'a>(schema: &'a Value, definitions: &'a Value) -> Cow<'a, Value> {
    let mut current = Cow::Borrowed(schema);
    for _ in 0..16 {
        let Some(target) = reference(&current).and_then(|r| definition(r, definitions)) else {
            break;
        };
        let mut merged = target.clone();
        if let (Some(merged), Some(siblings)) = (merged.as_object_mut(), current.as_object()) {
            for (key, value) in siblings {
                if key != "$ref" && !merged.contains_key(key) {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        current = Cow::Owned(merged);
    }
    let Some(all) = current.get("allOf").and_then(Value::as_array) else {
        return current;
    };
    let mut merged: Map<String, Value> = current
        .as_object()
        .map(|object| {
            object
                .iter()
                .filter(|(key, _)| *key != "allOf")
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default();
    for part in all.clone() {
        let part = resolved(&part, definitions).into_owned();
        let Value::Object(part) = part else { continue };
        for (key, value) in part {
            match (key.as_str(), merged.get_mut(&key)) {
                ("properties", Some(Value::Object(properties))) => {
                    if let Value::Object(more) = value {
                        properties.extend(more);
                    }
                }
                ("required", Some(Value::Array(names))) => {
                    if let Value::Array(more) = value {
                        names.extend(more);
                    }
                }
                (_, None) => {
                    merged.insert(key, value);
                }
                _ => {}
            }
        }
    }
    Cow::Owned(Value::Object(merged))
}

/// Whether `schema` allows `null`, and the schema of what else it allows:
/// `false` when nothing else.
fn without_null<'a>(schema: &Cow<'a, Value>, definitions: &'a Value) -> (bool, Cow<'a, Value>) {
    let Some(object) = schema.as_object() else {
        return (false, schema.clone());
    };
    let mut nullable = false;
    let mut rest = object.clone();
    match rest.get_mut("type") {
        Some(Value::String(name)) if name == "null" => {
            return (true, Cow::Owned(Value::Bool(false)));
        }
        Some(Value::Array(names)) if names.iter().any(|name| name == "null") => {
            nullable = true;
            names.retain(|name| name != "null");
            if let [only] = names.as_slice() {
                let only = only.clone();
                rest.insert("type".to_owned(), only);
            } else if names.is_empty() {
                return (true, Cow::Owned(Value::Bool(false)));
            }
        }
        _ => {}
    }
    if let Some(Value::Array(values)) = rest.get_mut("enum")
        && values.iter().any(Value::is_null)
    {
        nullable = true;
        values.retain(|value| !value.is_null());
        if values.is_empty() {
            return (true, Cow::Owned(Value::Bool(false)));
        }
    }
    if rest.get("const").is_some_and(Value::is_null) {
        return (true, Cow::Owned(Value::Bool(false)));
    }
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = rest.get_mut(key) else {
            continue;
        };
        let before = alternatives.len();
        alternatives.retain(|alternative| {
            let alternative = resolved(alternative, definitions);
            !matches!(without_null(&alternative, definitions), (true, ref other) if **other == Value::Bool(false))
        });
        if alternatives.len() == before {
            continue;
        }
        nullable = true;
        if let [only] = alternatives.as_slice() {
            // `Option<T>` as `anyOf: [T, null]`: T, with what else is said.
            let only = resolved(only, definitions).into_owned();
            rest.remove(key);
            let (inner_null, inner) = without_null(&Cow::Owned(only), definitions);
            let mut inner = inner.into_owned();
            if let Some(inner) = inner.as_object_mut() {
                for (key, value) in rest {
                    inner.entry(key).or_insert(value);
                }
            }
            return (nullable || inner_null, Cow::Owned(inner));
        }
    }
    if nullable {
        (true, Cow::Owned(Value::Object(rest)))
    } else {
        (false, schema.clone())
    }
}

/// Whether `schema` holds a reference anywhere: two equal schemas that do
/// may still point at definitions that differ.
fn holds_reference(schema: &Value) -> bool {
    match schema {
        Value::Object(object) => {
            object.contains_key("$ref") || object.values().any(holds_reference)
        }
        Value::Array(items) => items.iter().any(holds_reference),
        _ => false,
    }
}

fn has_alternatives(schema: &Value) -> bool {
    ["oneOf", "anyOf"].iter().any(|key| {
        schema
            .get(*key)
            .and_then(Value::as_array)
            .is_some_and(|list| !list.is_empty())
    })
}

/// What a variant of an enum is known by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// A unit variant, or any value an alternative is limited to.
    Value(String),
    /// A variant of serde's externally tagged enum: `{"Name": data}`.
    Variant(String),
    /// A variant of an internally or adjacently tagged enum: the tag's
    /// property and value.
    Tagged(String, String),
    /// An alternative known only by its place: an untagged enum's.
    Position(usize),
}

impl Key {
    fn path(&self, at: &str) -> String {
        match self {
            Key::Value(_) => at.to_owned(),
            Key::Variant(name) | Key::Tagged(_, name) => format!("{at}.{name}"),
            Key::Position(index) => format!("{at}.<alternative {index}>"),
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Value(value) => f.write_str(value),
            Key::Variant(name) => write!(f, "variant \"{name}\""),
            Key::Tagged(tag, name) => write!(f, "variant \"{name}\" (tag `{tag}`)"),
            Key::Position(index) => write!(f, "alternative {index}"),
        }
    }
}

/// The alternatives of `schema` (itself, when it has none) by what they
/// stand for, each with the schema of its data, if any.
fn keyed(schema: &Value, definitions: &Value) -> BTreeMap<Key, Option<Value>> {
    let listed: Vec<Value> = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect();
    let listed = if listed.is_empty() {
        vec![schema.clone()]
    } else {
        listed
    };
    let mut keyed = BTreeMap::new();
    for (index, alternative) in listed.iter().enumerate() {
        let alternative = resolved(alternative, definitions).into_owned();
        if let Some(values) = values(&alternative) {
            for value in values {
                keyed.insert(Key::Value(value), None);
            }
            continue;
        }
        let properties = properties(&alternative);
        let required = required(&alternative);
        let names: Vec<&str> = required.iter().copied().collect();
        let variant = match (names.as_slice(), properties.len()) {
            ([name], 1) => properties
                .get(*name)
                .map(|data| ((*name).to_owned(), data.clone())),
            _ => None,
        };
        // serde's externally tagged variant, `{"Name": data}`, as schemars
        // writes it: closed to other keys.
        if let Some((name, data)) = variant.clone()
            && matches!(additional(&alternative), Extra::None)
        {
            keyed.insert(Key::Variant(name), Some(data));
            continue;
        }
        let tag = properties.iter().find_map(|(property, schema)| {
            let schema = resolved(schema, definitions);
            let values = values(&schema)?;
            match (values.len(), required.contains(property.as_str())) {
                (1, true) => Some((property.clone(), values.into_iter().next()?)),
                _ => None,
            }
        });
        if let Some((property, value)) = tag {
            let name = serde_json::from_str::<String>(&value).unwrap_or(value);
            keyed.insert(Key::Tagged(property, name), Some(alternative));
            continue;
        }
        if let Some((name, data)) = variant {
            keyed.insert(Key::Variant(name), Some(data));
            continue;
        }
        keyed.insert(Key::Position(index), Some(alternative));
    }
    keyed
}

/// The JSON types a schema allows, `null` aside; empty for any.
fn types(schema: &Value) -> BTreeSet<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => std::iter::once(name.as_str()).collect(),
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
            std::iter::once("object").collect()
        }
        _ if schema.get("items").is_some() || schema.get("prefixItems").is_some() => {
            std::iter::once("array").collect()
        }
        _ => values_of(schema)
            .map(|values| values.iter().map(|value| json_type(value)).collect())
            .unwrap_or_default(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_object(schema: &Value) -> bool {
    types(schema).contains("object")
}

fn is_array(schema: &Value) -> bool {
    types(schema).contains("array")
}

/// The values `enum` and `const` limit a schema to, `null` aside.
fn values_of(schema: &Value) -> Option<Vec<&Value>> {
    if let Some(constant) = schema.get("const") {
        return Some(vec![constant]);
    }
    let listed = schema.get("enum")?.as_array()?;
    Some(listed.iter().filter(|value| !value.is_null()).collect())
}

/// The same values, as JSON text.
fn values(schema: &Value) -> Option<BTreeSet<String>> {
    values_of(schema).map(|values| values.into_iter().map(Value::to_string).collect())
}

fn properties(schema: &Value) -> BTreeMap<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, schema)| (name.clone(), schema.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// What an object says of the fields it does not name.
enum Extra<'a> {
    /// Any field, any value: `additionalProperties` absent or `true`.
    Any,
    /// None: `false` (serde's `deny_unknown_fields`).
    None,
    /// Any key, with values of this schema: a map.
    Schema(&'a Value),
}

fn additional(schema: &Value) -> Extra<'_> {
    match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => Extra::Any,
        Some(Value::Bool(false)) => Extra::None,
        Some(values) => Extra::Schema(values),
    }
}

/// Whether a field the schema does not name is refused or limited.
fn closed(schema: &Value) -> bool {
    !matches!(additional(schema), Extra::Any)
}

/// A closed range of numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    low: f64,
    high: f64,
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let end = |value: f64| {
            if value.is_infinite() {
                String::new()
            } else {
                format!("{value}")
            }
        };
        write!(f, "{}..={}", end(self.low), end(self.high))
    }
}

/// The numbers a schema allows: its format's range (as serde reads Rust's
/// integer and float types), narrowed by its bounds.
#[allow(clippy::cast_precision_loss)] // the ends of 64- and 128-bit ranges only order here
fn number_range(schema: &Value) -> Range {
    let format = match schema.get("format").and_then(Value::as_str) {
        Some("int8") => (f64::from(i8::MIN), f64::from(i8::MAX)),
        Some("uint8") => (0.0, f64::from(u8::MAX)),
        Some("int16") => (f64::from(i16::MIN), f64::from(i16::MAX)),
        Some("uint16") => (0.0, f64::from(u16::MAX)),
        Some("int32") => (f64::from(i32::MIN), f64::from(i32::MAX)),
        Some("uint32") => (0.0, f64::from(u32::MAX)),
        Some("int64" | "int") => (i64::MIN as f64, i64::MAX as f64),
        Some("uint64" | "uint") => (0.0, u64::MAX as f64),
        Some("int128") => (i128::MIN as f64, i128::MAX as f64),
        Some("uint128") => (0.0, u128::MAX as f64),
        Some("float") => (f64::from(f32::MIN), f64::from(f32::MAX)),
        _ => (f64::NEG_INFINITY, f64::INFINITY),
    };
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let low = [bound("minimum"), bound("exclusiveMinimum")]
        .into_iter()
        .flatten()
        .fold(format.0, f64::max);
    let high = [bound("maximum"), bound("exclusiveMaximum")]
        .into_iter()
        .flatten()
        .fold(format.1, f64::min);
    Range { low, high }
}

fn join<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(" or ")
}
