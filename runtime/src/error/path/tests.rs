//! The path of every kind of failure, and never a key.

use std::collections::{BTreeMap, HashMap};

use super::*;

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // only the decode failure matters
struct Order {
    items: Vec<Item>,
    prices: HashMap<String, Price>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // only the decode failure matters
struct Item {
    quantity: u64,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // only the decode failure matters
struct Price {
    cents: u64,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // only the decode failure matters
#[serde(deny_unknown_fields)]
struct Strict {
    known: u64,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // only the decode failure matters
enum Shape {
    Square { side: u64 },
    Pair(u64, u64),
    Boxed(Box<Shape>),
}

#[test]
fn fields_and_indices_are_named_and_keys_are_not() {
    let rows = [
        (
            r#"{"items":[{"quantity":1},{"quantity":"x"}],"prices":{}}"#,
            "items[1].quantity",
        ),
        (
            r#"{"items":[],"prices":{"alice@example.com":{"cents":"x"}}}"#,
            "prices[key].cents",
        ),
        // A key that spells a field's name is still a key.
        (
            r#"{"items":[],"prices":{"cents":{"cents":"x"}}}"#,
            "prices[key].cents",
        ),
        // A key the struct ignores is data too: here the document ends
        // in its value.
        (r#"{"items":[],"4111-1111":[1,"#, "[key]"),
        (r#"{"items":[],"prices":{"a":"#, "prices[key]"),
        // The document ends where a second item or the end should be.
        (r#"{"items":[{"quantity":1}"#, "items[1]"),
        // serde_json reads a struct from an array too, field by index.
        ("[1]", "[0]"),
        ("null", "."),
    ];
    for (json, path) in rows {
        assert_eq!(path_of::<Order>(json.as_bytes()), path, "{json}");
    }
}

#[test]
fn an_unknown_field_is_a_key() {
    assert_eq!(path_of::<Strict>(br#"{"4111-1111":1}"#), "[key]");
    assert_eq!(path_of::<Strict>(br#"{"known":"x"}"#), "known");
}

#[test]
fn maps_of_any_key_type_and_enums_are_named_by_position() {
    assert_eq!(
        path_of::<BTreeMap<u64, Vec<u64>>>(br#"{"7":[1,"x"]}"#),
        "[key][1]"
    );
    assert_eq!(path_of::<BTreeMap<u64, u64>>(br#"{"x":1}"#), "[key]");
    assert_eq!(
        path_of::<Vec<Shape>>(br#"[{"Square":{"side":1}},{"Square":{"side":"x"}}]"#),
        "[1].Square.side"
    );
    assert_eq!(
        path_of::<Shape>(br#"{"Boxed":{"Pair":[1,"x"]}}"#),
        "Boxed.Pair[1]"
    );
    assert_eq!(path_of::<Shape>(br#"{"Secret":1}"#), ".");
}

#[test]
fn a_document_that_decodes_has_the_root_path() {
    assert_eq!(path_of::<Vec<u64>>(b"[1,2]"), ".");
}
