//! One row per rule, checked in both directions: the change from `before`
//! to `after`, and the change back.
#![allow(clippy::needless_pass_by_value)] // `json!` borrows what its helpers are given

use serde_json::{Value, json};

use super::{Breaks, diff};

fn document(method: Value) -> Value {
    json!({
        "contract": "Orders",
        "methods": { "place": method },
        "definitions": {},
    })
}

fn method(payload: Value, result: Value, errors: Value) -> Value {
    json!({
        "function": "orders",
        "mode": "sync",
        "qualifier": null,
        "tenant": null,
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

fn plain(payload: Value) -> Value {
    document(method(payload, string(), Value::Null))
}

fn returning(result: Value) -> Value {
    document(method(string(), result, Value::Null))
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
            alternatives.push(object(
                json!({ "Paid": object(json!({ "at": { "type": "integer" } }), required) }),
                &["Paid"],
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
            after: json!({ "contract": "Orders", "methods": {}, "definitions": {} }),
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
            "methods": { "place": method(json!({ "$ref": "#/$defs/Order" }), string(), Value::Null) },
            "definitions": {
                "Order": object(json!({ "sku": string(), "count": { "type": "integer" } }), required)
            },
        })
    };
    let changes = diff(&with(false), &with(true));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].what, "payload.count made required");
    assert_eq!(changes[0].breaks, Breaks::OldCallers);
}
