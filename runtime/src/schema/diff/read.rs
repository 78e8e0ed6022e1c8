//! What one schema says, read the way the walk compares it: its
//! references followed, its `allOf` merged, whether it allows `null`, its
//! types, values, fields, alternatives and ranges.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// A schema's `$ref`.
pub(super) fn reference(schema: &Value) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str)
}

/// The definition `$ref` points at, in `definitions`.
pub(super) fn definition<'a>(reference: &str, definitions: &'a Value) -> Option<&'a Value> {
    let name = reference
        .strip_prefix("#/$defs/")
        .or_else(|| reference.strip_prefix("#/definitions/"))?;
    definitions.get(name)
}

/// `schema` with its references followed and its `allOf` merged in: one
/// schema whose own keywords say what it allows.
pub(super) fn resolved<'a>(schema: &'a Value, definitions: &'a Value) -> Cow<'a, Value> {
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
pub(super) fn without_null<'a>(
    schema: &Cow<'a, Value>,
    definitions: &'a Value,
) -> (bool, Cow<'a, Value>) {
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
pub(super) fn holds_reference(schema: &Value) -> bool {
    match schema {
        Value::Object(object) => {
            object.contains_key("$ref") || object.values().any(holds_reference)
        }
        Value::Array(items) => items.iter().any(holds_reference),
        _ => false,
    }
}

pub(super) fn has_alternatives(schema: &Value) -> bool {
    ["oneOf", "anyOf"].iter().any(|key| {
        schema
            .get(*key)
            .and_then(Value::as_array)
            .is_some_and(|list| !list.is_empty())
    })
}

/// What a variant of an enum is known by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key {
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
    pub(super) fn path(&self, at: &str) -> String {
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
pub(super) fn keyed(schema: &Value, definitions: &Value) -> BTreeMap<Key, Option<Value>> {
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
pub(super) fn types(schema: &Value) -> BTreeSet<&str> {
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

pub(super) fn json_type(value: &Value) -> &'static str {
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

pub(super) fn is_object(schema: &Value) -> bool {
    types(schema).contains("object")
}

pub(super) fn is_array(schema: &Value) -> bool {
    types(schema).contains("array")
}

/// The values `enum` and `const` limit a schema to, `null` aside.
pub(super) fn values_of(schema: &Value) -> Option<Vec<&Value>> {
    if let Some(constant) = schema.get("const") {
        return Some(vec![constant]);
    }
    let listed = schema.get("enum")?.as_array()?;
    Some(listed.iter().filter(|value| !value.is_null()).collect())
}

/// The same values, as JSON text.
pub(super) fn values(schema: &Value) -> Option<BTreeSet<String>> {
    values_of(schema).map(|values| values.into_iter().map(Value::to_string).collect())
}

pub(super) fn properties(schema: &Value) -> BTreeMap<String, Value> {
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

pub(super) fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// What an object says of the fields it does not name.
pub(super) enum Extra<'a> {
    /// Any field, any value: `additionalProperties` absent or `true`.
    Any,
    /// None: `false` (serde's `deny_unknown_fields`).
    None,
    /// Any key, with values of this schema: a map.
    Schema(&'a Value),
}

pub(super) fn additional(schema: &Value) -> Extra<'_> {
    match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => Extra::Any,
        Some(Value::Bool(false)) => Extra::None,
        Some(values) => Extra::Schema(values),
    }
}

/// Whether a field the schema does not name is refused or limited.
pub(super) fn closed(schema: &Value) -> bool {
    !matches!(additional(schema), Extra::Any)
}

/// A closed range of numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Range {
    pub(super) low: f64,
    pub(super) high: f64,
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
pub(super) fn number_range(schema: &Value) -> Range {
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

pub(super) fn join<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(" or ")
}
