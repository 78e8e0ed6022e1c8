//! What of a document is the wire: its schemas walked keyword by keyword,
//! so that a property called `description` is a property and a
//! `description` keyword an annotation.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The keywords whose value is one schema.
const ONE_SCHEMA: [&str; 11] = [
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
];
/// The keywords whose value names schemas.
const NAMED_SCHEMAS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// The keywords whose value lists schemas.
const LISTED_SCHEMAS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// The keywords that describe a value for a reader and change nothing of
/// what is valid: left out of the fingerprint.
pub(super) const ANNOTATIONS: [&str; 8] = [
    "title",
    "description",
    "examples",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
];

/// The keywords whose value is a set, written as a list.
const SETS: [&str; 3] = ["required", "type", "enum"];

/// Calls `visit` on every schema of a contract document: each method's
/// payload, result and error data, each definition, and every schema they
/// hold, outermost first.
pub(super) fn each_schema(document: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    if let Some(methods) = document.get_mut("methods").and_then(Value::as_object_mut) {
        for method in methods.values_mut() {
            for key in ["payload", "result"] {
                if let Some(schema) = method.get_mut(key) {
                    walk(schema, visit);
                }
            }
            if let Some(errors) = method.get_mut("errors").and_then(Value::as_object_mut) {
                for variant in errors.values_mut() {
                    if let Some(data) = variant.get_mut("data") {
                        walk(data, visit);
                    }
                }
            }
        }
    }
    if let Some(definitions) = document.get_mut("$defs").and_then(Value::as_object_mut) {
        for definition in definitions.values_mut() {
            walk(definition, visit);
        }
    }
}

/// `visit` on `schema` and on every schema it holds.
fn walk(schema: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    visit(object);
    for (key, value) in object.iter_mut() {
        let key = key.as_str();
        if ONE_SCHEMA.contains(&key) {
            walk(value, visit);
        } else if NAMED_SCHEMAS.contains(&key) {
            if let Some(named) = value.as_object_mut() {
                for schema in named.values_mut() {
                    walk(schema, visit);
                }
            }
        } else if LISTED_SCHEMAS.contains(&key)
            && let Some(listed) = value.as_array_mut()
        {
            for schema in listed.iter_mut() {
                walk(schema, visit);
            }
        }
    }
}

/// Sorts what is a set on the wire (`required`, a list of `type`s, `enum`,
/// and `oneOf`, whose alternatives exclude each other), so that declaring
/// fields, arguments or variants in another order changes nothing.
pub(super) fn sort_sets(schema: &mut Map<String, Value>) {
    for key in SETS {
        if let Some(Value::Array(items)) = schema.get_mut(key) {
            items.sort_by_cached_key(Value::to_string);
        }
    }
    if let Some(Value::Array(alternatives)) = schema.get_mut("oneOf") {
        alternatives.sort_by_cached_key(|alternative| {
            let mut wire = alternative.clone();
            walk(&mut wire, &mut strip);
            wire.to_string()
        });
    }
}

/// Leaves out a schema's annotations.
fn strip(schema: &mut Map<String, Value>) {
    schema.retain(|key, _| !ANNOTATIONS.contains(&key.as_str()));
}

/// A `oneOf` of string values only, as schemars writes a unit-only enum
/// when one of its variants has a doc comment, as the one `enum` it is.
fn merge_values(schema: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = schema.get("oneOf") else {
        return;
    };
    let mut values = Vec::new();
    for alternative in alternatives {
        let Some(alternative) = alternative.as_object() else {
            return;
        };
        let string = alternative.get("type").and_then(Value::as_str) == Some("string");
        let only_values = alternative
            .keys()
            .all(|key| matches!(key.as_str(), "type" | "enum" | "const"));
        match (alternative.get("const"), alternative.get("enum")) {
            (Some(value), None) if string && only_values => values.push(value.clone()),
            (None, Some(Value::Array(listed))) if string && only_values => {
                values.extend(listed.iter().cloned());
            }
            _ => return,
        }
    }
    if schema.contains_key("type") || schema.contains_key("enum") {
        return;
    }
    values.sort_by_cached_key(Value::to_string);
    schema.remove("oneOf");
    schema.insert("type".to_owned(), "string".into());
    schema.insert("enum".to_owned(), Value::Array(values));
}

/// `document` without its annotations: what its fingerprint is made of,
/// so that editing a doc comment is no skew.
pub(crate) fn wire_form(document: &Value) -> Value {
    let mut wire = document.clone();
    each_schema(&mut wire, &mut strip);
    each_schema(&mut wire, &mut |schema| {
        merge_values(schema);
        sort_sets(schema);
    });
    sorted(wire)
}

/// A value with every object's keys in order, whether or not `serde_json`
/// keeps insertion order in this build.
pub(super) fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(object) => {
            let sorted: BTreeMap<String, serde_json::Value> = object
                .into_iter()
                .map(|(key, value)| (key, sorted(value)))
                .collect();
            serde_json::Value::Object(sorted.into_iter().collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}
