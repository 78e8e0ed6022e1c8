//! One row per rule, checked in both directions: the change from `before`
//! to `after`, and the change back.
#![allow(clippy::needless_pass_by_value)] // `json!` borrows what its helpers are given

use serde_json::{Value, json};

use super::{Breaks, diff};
use crate::schema::describe::{ANY_ERROR, NAMED_ARGUMENTS, ONE_ARGUMENT};

fn document(method: Value) -> Value {
    json!({
        "contract": "Orders",
        "methods": { "place": method },
        "$defs": {},
    })
}

fn method(payload: Value, result: Value, errors: Value) -> Value {
    json!({
        "function": "orders",
        "mode": "sync",
        "qualifier": null,
        "tenant": null,
        "arguments": ONE_ARGUMENT,
        "payload": payload,
        "result": result,
        "errors": errors,
    })
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "properties": properties, "required": required })
}

fn string() -> Value {
    json!({ "type": "string" })
}

/// A variant with data of serde's externally tagged enum, `{"Name": data}`,
/// as schemars writes it.
fn externally_tagged(name: &str, data: Value) -> Value {
    let mut variant = object(json!({ name: data }), &[name]);
    variant["additionalProperties"] = json!(false);
    variant
}

/// A variant of an internally tagged enum (`#[serde(tag = "kind")]`) with
/// one field.
fn tagged(name: &str) -> Value {
    object(
        json!({ "kind": { "type": "string", "const": name }, "id": { "type": "integer" } }),
        &["id", "kind"],
    )
}

fn plain(payload: Value) -> Value {
    document(method(payload, string(), json!(ANY_ERROR)))
}

fn returning(result: Value) -> Value {
    document(method(string(), result, json!(ANY_ERROR)))
}

fn failing(errors: Value) -> Value {
    document(method(string(), string(), errors))
}

struct Row {
    rule: &'static str,
    before: Value,
    after: Value,
    /// What the change says, in part.
    says: &'static str,
    breaks: Breaks,
    /// Whom the change back breaks.
    back: Breaks,
}

#[allow(clippy::too_many_lines)] // one row per rule: the table is the point
fn rows() -> Vec<Row> {
    let sku = || object(json!({ "sku": string() }), &["sku"]);
    let sku_and_count = |required: &[&str]| {
        object(
            json!({ "sku": string(), "count": { "type": "integer" } }),
            required,
        )
    };
    let colour = |values: &[&str]| json!({ "type": "string", "enum": values });
    // serde's externally tagged enum as schemars writes it: a unit variant
    // `Open`, and `Paid { at }` when `paid` is given its data's `required`.
    let state = |paid: Option<&[&str]>| {
        let mut alternatives = vec![json!({ "type": "string", "const": "Open" })];
        if let Some(required) = paid {
            alternatives.push(externally_tagged(
                "Paid",
                object(json!({ "at": { "type": "integer" } }), required),
            ));
        }
        json!({ "oneOf": alternatives })
    };
    vec![
        Row {
            rule: "a function renamed",
            before: plain(string()),
            after: {
                let mut renamed = plain(string());
                renamed["methods"]["place"]["function"] = json!("orders-v2");
                renamed
            },
            says: "the function it calls changed from \"orders\" to \"orders-v2\"",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "a mode changed",
            before: plain(string()),
            after: {
                let mut event = plain(string());
                event["methods"]["place"]["mode"] = json!("event");
                event
            },
            says: "the mode changed",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "a qualifier changed",
            before: plain(string()),
            after: {
                let mut live = plain(string());
                live["methods"]["place"]["qualifier"] = json!("live");
                live
            },
            says: "the qualifier changed from null to \"live\"",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "a tenant given in the attribute",
            before: plain(string()),
            after: {
                let mut tenant = plain(string());
                tenant["methods"]["place"]["tenant"] = json!("acme");
                tenant
            },
            says: "the tenant changed from null to \"acme\"",
            breaks: Breaks::Nobody,
            back: Breaks::Nobody,
        },
        Row {
            rule: "a method removed (back: added)",
            before: plain(string()),
            after: json!({ "contract": "Orders", "methods": {}, "$defs": {} }),
            says: "the method was removed",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "an argument added (back: removed)",
            before: plain(sku()),
            after: plain(sku_and_count(&["sku", "count"])),
            says: "required field payload.count added",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "an argument retyped",
            before: plain(sku()),
            after: plain(object(json!({ "sku": { "type": "integer" } }), &["sku"])),
            says: "payload.sku retyped from string to integer",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "a payload field made required (back: made optional)",
            before: plain(sku_and_count(&["sku"])),
            after: plain(sku_and_count(&["sku", "count"])),
            says: "payload.count made required",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "an optional payload field added (back: removed)",
            before: plain(sku()),
            after: plain(sku_and_count(&["sku"])),
            says: "optional field payload.count added",
            breaks: Breaks::Nobody,
            back: Breaks::Nobody,
        },
        Row {
            rule: "a result field made required (back: made optional)",
            before: returning(sku_and_count(&["sku"])),
            after: returning(sku_and_count(&["sku", "count"])),
            says: "result.count made required",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "a required result field removed (back: added)",
            before: returning(sku_and_count(&["sku", "count"])),
            after: returning(sku()),
            says: "required field result.count removed",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "a result field retyped",
            before: returning(sku()),
            after: returning(object(json!({ "sku": { "type": "array" } }), &["sku"])),
            says: "result.sku retyped from string to array",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "an optional result field added (back: removed)",
            before: returning(sku()),
            after: returning(sku_and_count(&["sku"])),
            says: "optional field result.count added",
            breaks: Breaks::Nobody,
            back: Breaks::Nobody,
        },
        Row {
            rule: "an enum value added in the payload (back: removed)",
            before: plain(colour(&["red"])),
            after: plain(colour(&["red", "blue"])),
            says: "payload may now be \"blue\"",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "an enum variant with data added in the payload (back: removed)",
            before: plain(state(None)),
            after: plain(state(Some(&[]))),
            says: "payload may now be variant \"Paid\"",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "a field of an enum variant's data made required in the payload (back: made optional)",
            before: plain(state(Some(&[]))),
            after: plain(state(Some(&["at"]))),
            says: "payload.Paid.at made required",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "an enum value added in the result (back: removed)",
            before: returning(colour(&["red"])),
            after: returning(colour(&["red", "blue"])),
            says: "result may now be \"blue\"",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "an error variant added (back: removed)",
            before: failing(json!({ "Other": { "errorType": "Other", "data": null } })),
            after: failing(json!({
                "Other": { "errorType": "Other", "data": null },
                "OutOfStock": { "errorType": "OutOfStock", "data": null },
            })),
            says: "error variant `OutOfStock` added",
            breaks: Breaks::Nobody,
            back: Breaks::Nobody,
        },
        Row {
            rule: "an errorType renamed",
            before: failing(json!({ "OutOfStock": { "errorType": "OutOfStock", "data": null } })),
            after: failing(json!({ "OutOfStock": { "errorType": "Sold", "data": null } })),
            says: "error variant `OutOfStock` renamed from errorType \"OutOfStock\" to \"Sold\"",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "an error's data field made required (back: made optional)",
            before: failing(
                json!({ "OutOfStock": { "errorType": "OutOfStock", "data": sku_and_count(&["sku"]) } }),
            ),
            after: failing(
                json!({ "OutOfStock": { "errorType": "OutOfStock", "data": sku_and_count(&["sku", "count"]) } }),
            ),
            says: "errors.OutOfStock.data.count made required",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "a result made nullable, Vec<T> to Option<Vec<T>> (back: made non-null)",
            before: returning(json!({ "type": "array", "items": string() })),
            after: returning(json!({ "type": ["array", "null"], "items": string() })),
            says: "result may now be null",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "a payload made nullable (back: made non-null)",
            before: plain(string()),
            after: plain(json!({ "type": ["null", "string"] })),
            says: "payload may now be null",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "a required field's type made nullable, as anyOf (back: made non-null)",
            before: plain(sku()),
            after: plain(object(
                json!({ "sku": { "anyOf": [string(), { "type": "null" }] } }),
                &["sku"],
            )),
            says: "payload.sku may now be null",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "an integer result widened to a number (back: narrowed)",
            before: returning(json!({ "type": "integer" })),
            after: returning(json!({ "type": "number" })),
            says: "result may now be number",
            breaks: Breaks::OldCallers,
            back: Breaks::OldCallees,
        },
        Row {
            rule: "an integer argument's format widened, u8 to u16 (back: narrowed)",
            before: plain(
                json!({ "type": "integer", "format": "uint8", "minimum": 0, "maximum": 255 }),
            ),
            after: plain(
                json!({ "type": "integer", "format": "uint16", "minimum": 0, "maximum": 65535 }),
            ),
            says: "payload ranges over 0..=65535, was 0..=255",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "an optional field added to a struct that denies unknown fields (back: removed)",
            before: plain(json!({
                "type": "object",
                "properties": { "sku": string() },
                "required": ["sku"],
                "additionalProperties": false,
            })),
            after: plain(json!({
                "type": "object",
                "properties": { "sku": string(), "note": string() },
                "required": ["sku"],
                "additionalProperties": false,
            })),
            says: "optional field payload.note added",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "a map's values retyped",
            before: plain(json!({ "type": "object", "additionalProperties": string() })),
            after: plain(
                json!({ "type": "object", "additionalProperties": { "type": "integer" } }),
            ),
            says: "payload[key] retyped from string to integer",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "a tuple result grown by an item",
            before: returning(
                json!({ "type": "array", "prefixItems": [string()], "minItems": 1, "maxItems": 1 }),
            ),
            after: returning(json!({
                "type": "array",
                "prefixItems": [string(), { "type": "integer" }],
                "minItems": 2,
                "maxItems": 2,
            })),
            says: "result holds a number of items of 2..=2, was 1..=1",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
        Row {
            rule: "an internally tagged variant added in the payload (back: removed)",
            before: plain(json!({ "oneOf": [tagged("A")] })),
            after: plain(json!({ "oneOf": [tagged("A"), tagged("B")] })),
            says: "payload may now be variant \"B\" (tag `kind`)",
            breaks: Breaks::OldCallees,
            back: Breaks::OldCallers,
        },
        Row {
            rule: "one argument became two",
            before: plain(sku()),
            after: {
                let mut two = plain(object(
                    json!({ "sku": string(), "count": { "type": "integer" } }),
                    &["count", "sku"],
                ));
                two["methods"]["place"]["arguments"] = json!(NAMED_ARGUMENTS);
                two
            },
            says: "the payload changed shape, from the one argument itself to an object keyed by the arguments' names (count, sku)",
            breaks: Breaks::Both,
            back: Breaks::Both,
        },
    ]
}

#[test]
fn every_rule_in_both_directions() {
    for row in rows() {
        let changes = diff(&row.before, &row.after);
        let change = changes
            .iter()
            .find(|change| change.what.contains(row.says))
            .unwrap_or_else(|| panic!("{}: no change says {:?}: {changes:?}", row.rule, row.says));
        assert_eq!(change.breaks, row.breaks, "{}: {change}", row.rule);
        assert_eq!(change.method, "place", "{}", row.rule);
        let back = diff(&row.after, &row.before);
        let breaking_back = back
            .iter()
            .map(|change| change.breaks)
            .fold(Breaks::Nobody, Breaks::and);
        assert_eq!(breaking_back, row.back, "{} (back): {back:?}", row.rule);
    }
}

#[test]
fn a_document_has_no_change_from_itself() {
    for row in rows() {
        assert_eq!(diff(&row.before, &row.before), [], "{}", row.rule);
        assert_eq!(diff(&row.after, &row.after), [], "{}", row.rule);
    }
}

#[test]
fn definitions_are_followed_by_reference() {
    let with = |count_required: bool| {
        let required: &[&str] = if count_required {
            &["sku", "count"]
        } else {
            &["sku"]
        };
        json!({
            "contract": "Orders",
            "methods": { "place": method(json!({ "$ref": "#/$defs/Order" }), string(), json!(ANY_ERROR)) },
            "$defs": {
                "Order": object(json!({ "sku": string(), "count": { "type": "integer" } }), required)
            },
        })
    };
    let changes = diff(&with(false), &with(true));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].what, "payload.count made required");
    assert_eq!(changes[0].breaks, Breaks::OldCallers);
}

/// What a value can sit in, as schemars writes each.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    /// A field of a struct, by reference: `{ inner: T }`.
    Struct,
    /// `Vec<T>`.
    Vec,
    /// `Option<T>`, as `anyOf: [T, null]`.
    Option,
    /// `HashMap<String, T>`.
    Map,
    /// The data of an externally tagged enum's variant: `Some(T)`.
    Variant,
    /// One of a method's several arguments (the payload only, outermost).
    Arguments,
}

const CONTAINERS: [Container; 6] = [
    Container::Struct,
    Container::Vec,
    Container::Option,
    Container::Map,
    Container::Variant,
    Container::Arguments,
];

impl Container {
    /// `schema` inside the container, and the path segment it adds.
    fn wrap(self, schema: Value, level: usize, definitions: &mut Value) -> (Value, &'static str) {
        match self {
            Container::Struct => {
                let name = format!("Wrap{level}");
                definitions[&name] =
                    object(json!({ "inner": schema, "note": string() }), &["inner"]);
                (json!({ "$ref": format!("#/$defs/{name}") }), ".inner")
            }
            Container::Vec => (json!({ "type": "array", "items": schema }), "[]"),
            Container::Option => (json!({ "anyOf": [schema, { "type": "null" }] }), ""),
            Container::Map => (
                json!({ "type": "object", "additionalProperties": schema }),
                "[key]",
            ),
            Container::Variant => (
                json!({ "oneOf": [
                    { "type": "string", "const": "Nothing" },
                    externally_tagged("Some", schema),
                ] }),
                ".Some",
            ),
            Container::Arguments => (
                object(
                    json!({ "order": schema, "express": { "type": "boolean" } }),
                    &["express", "order"],
                ),
                ".order",
            ),
        }
    }
}

/// Where a row's documents differ: the one schema its rule is about, as a
/// pointer into the method and the path its changes name; `None` for a
/// rule of the method itself.
fn root_of(row: &Row) -> Option<(&'static str, &'static str)> {
    [
        ("/payload", "payload"),
        ("/result", "result"),
        ("/errors/OutOfStock/data", "errors.OutOfStock.data"),
    ]
    .into_iter()
    .find(|(pointer, _)| {
        let (mut before, mut after) = (row.before.clone(), row.after.clone());
        let method = "/methods/place";
        let (Some(old), Some(new)) = (
            before.pointer_mut(&format!("{method}{pointer}")),
            after.pointer_mut(&format!("{method}{pointer}")),
        ) else {
            return false;
        };
        if old == new {
            return false;
        }
        *old = Value::Null;
        *new = Value::Null;
        before == after
    })
}

/// `document` with the schema at `pointer` put inside `containers`, the
/// first outermost.
fn nested(document: &Value, pointer: &str, containers: &[Container]) -> Value {
    let mut document = document.clone();
    let at = format!("/methods/place{pointer}");
    let mut schema = document.pointer(&at).cloned().expect("the row's schema");
    let mut definitions = json!({});
    for (level, container) in containers.iter().enumerate().rev() {
        schema = container.wrap(schema, level, &mut definitions).0;
    }
    *document.pointer_mut(&at).expect("the row's schema") = schema;
    document["$defs"] = definitions;
    if containers.first() == Some(&Container::Arguments) {
        document["methods"]["place"]["arguments"] = json!(NAMED_ARGUMENTS);
    }
    document
}

/// Every rule about a schema, at depths 0, 1 and 2 through each container:
/// the same verdict, both ways, at the full path.
#[test]
fn every_rule_at_every_depth() {
    let mut depths: Vec<Vec<Container>> = vec![Vec::new()];
    for outer in CONTAINERS {
        depths.push(vec![outer]);
        for inner in CONTAINERS
            .into_iter()
            .filter(|inner| *inner != Container::Arguments)
        {
            depths.push(vec![outer, inner]);
        }
    }
    let mut checked = [0_usize; 3];
    for row in rows() {
        let Some((pointer, path)) = root_of(&row) else {
            continue;
        };
        for containers in &depths {
            if containers.first() == Some(&Container::Arguments) && path != "payload" {
                continue;
            }
            // `Option<Option<T>>` is one null on the wire: a rule about
            // null holds only outside an Option.
            if row.says.contains("null") && containers.contains(&Container::Option) {
                continue;
            }
            let suffix: String = containers
                .iter()
                .map(|container| container.wrap(json!({}), 0, &mut json!({})).1)
                .collect();
            let says = row.says.replacen(path, &format!("{path}{suffix}"), 1);
            let (before, after) = (
                nested(&row.before, pointer, containers),
                nested(&row.after, pointer, containers),
            );
            let rule = format!("{} through {containers:?}", row.rule);
            let changes = diff(&before, &after);
            let change = changes
                .iter()
                .find(|change| change.what.contains(&says))
                .unwrap_or_else(|| panic!("{rule}: no change says {says:?}: {changes:?}"));
            let all = changes
                .iter()
                .map(|change| change.breaks)
                .fold(Breaks::Nobody, Breaks::and);
            assert_eq!(all, row.breaks, "{rule}: {changes:?}");
            assert_eq!(change.breaks, row.breaks, "{rule}: {change}");
            let back = diff(&after, &before)
                .iter()
                .map(|change| change.breaks)
                .fold(Breaks::Nobody, Breaks::and);
            assert_eq!(back, row.back, "{rule} (back)");
            assert_eq!(
                diff(&before, &before),
                [],
                "{rule}: a document against itself"
            );
            checked[containers.len()] += 1;
        }
    }
    assert!(
        checked.iter().all(|count| *count > 20),
        "rules checked at each depth: {checked:?}"
    );
    eprintln!("rules checked at depths 0, 1, 2: {checked:?}");
}

/// A recursive type (`Tree { label, children: Vec<Tree> }`) ends the walk,
/// and a change inside it is still found, once, at the first path that
/// reaches it.
#[test]
fn a_recursive_type_ends_the_walk() {
    let tree = |label: Value| {
        json!({
            "contract": "Orders",
            "methods": { "place": method(json!({ "$ref": "#/$defs/Tree" }), string(), json!(ANY_ERROR)) },
            "$defs": {
                "Tree": object(
                    json!({ "label": label, "children": { "type": "array", "items": { "$ref": "#/$defs/Tree" } } }),
                    &["children", "label"],
                )
            },
        })
    };
    let changes = diff(&tree(string()), &tree(json!({ "type": "integer" })));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].what,
        "payload.label retyped from string to integer"
    );
    assert_eq!(diff(&tree(string()), &tree(string())), []);
}
