//! The breaking-change check on contracts whose types nest the way real
//! ones do, made by schemars from Rust types: a change three levels down,
//! in a `Vec`'s items, in an enum used inside an argument, in a struct held
//! by one of several arguments, and a result that becomes nullable. And the
//! document is JSON Schema: what serde writes for the types validates
//! against it.

use lambda_client::schema::{Breaks, diff, document, fingerprint};
use lambda_client::{InvokeError, lambda_client};
use serde_json::{Value, json};

#[allow(dead_code)] // only its contract is looked at
mod before {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Address {
        pub street: String,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub enum Colour {
        Red,
        Green,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Line {
        pub sku: String,
        pub colour: Colour,
        pub count: u8,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Order {
        pub address: Address,
        pub lines: Vec<Line>,
        pub note: Option<String>,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Receipt {
        pub id: u64,
    }

    #[lambda_client]
    pub trait Shop {
        #[lambda_client(name = "shop")]
        async fn place(&self, order: Order) -> Result<Vec<Receipt>, InvokeError>;

        #[lambda_client(name = "shop")]
        async fn quote(&self, customer: &str, order: Order) -> Result<u32, InvokeError>;
    }
}

/// The same contract, its fields and arguments declared in another order
/// and its doc comments edited: nothing on the wire.
#[allow(dead_code)] // only its contract is looked at
mod reordered {
    use super::*;

    /// Where an order goes.
    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Address {
        /// The street, with its number.
        pub street: String,
    }

    /// A line's colour.
    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub enum Colour {
        /// Green.
        Green,
        Red,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Line {
        pub count: u8,
        pub colour: Colour,
        pub sku: String,
    }

    /// An order, documented now.
    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Order {
        pub note: Option<String>,
        pub lines: Vec<Line>,
        pub address: Address,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Receipt {
        pub id: u64,
    }

    #[lambda_client]
    pub trait Shop {
        #[lambda_client(name = "shop")]
        async fn place(&self, order: Order) -> Result<Vec<Receipt>, InvokeError>;

        #[lambda_client(name = "shop")]
        async fn quote(&self, order: Order, customer: &str) -> Result<u32, InvokeError>;
    }
}

#[allow(dead_code)] // only its contract is looked at
mod after {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Address {
        pub street: String,
        pub zip: String,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub enum Colour {
        Red,
        Green,
        Blue,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Line {
        pub sku: String,
        pub colour: Colour,
        pub count: u16,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Order {
        pub address: Address,
        pub lines: Vec<Line>,
        pub note: Option<String>,
    }

    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub struct Receipt {
        pub id: u64,
        pub total: u32,
    }

    #[lambda_client]
    pub trait Shop {
        #[lambda_client(name = "shop")]
        async fn place(&self, order: Order) -> Result<Option<Vec<Receipt>>, InvokeError>;

        #[lambda_client(name = "shop")]
        async fn quote(&self, customer: &str, order: Order) -> Result<u32, InvokeError>;
    }
}

#[test]
fn a_change_at_any_depth_is_found_and_named_by_its_path() {
    let changes = diff(
        &document::<before::ShopContract>(),
        &document::<after::ShopContract>(),
    );
    let mut found: Vec<(String, Breaks)> = changes
        .iter()
        .map(|change| (format!("{}: {}", change.method, change.what), change.breaks))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        (
            "place: required field payload.address.zip added".to_owned(),
            Breaks::OldCallers,
        ),
        (
            "quote: required field payload.order.address.zip added".to_owned(),
            Breaks::OldCallers,
        ),
        (
            "place: payload.lines[].colour may now be \"Blue\"".to_owned(),
            Breaks::OldCallees,
        ),
        (
            "quote: payload.order.lines[].colour may now be \"Blue\"".to_owned(),
            Breaks::OldCallees,
        ),
        (
            "place: payload.lines[].count ranges over 0..=65535, was 0..=255".to_owned(),
            Breaks::OldCallees,
        ),
        (
            "quote: payload.order.lines[].count ranges over 0..=65535, was 0..=255".to_owned(),
            Breaks::OldCallees,
        ),
        (
            "place: result may now be null".to_owned(),
            Breaks::OldCallers,
        ),
        (
            "place: required field result[].total added".to_owned(),
            Breaks::OldCallees,
        ),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found, expected, "{changes:#?}");
}

#[test]
fn reordering_and_comments_change_neither_the_verdict_nor_the_fingerprint() {
    let (old, new) = (
        document::<before::ShopContract>(),
        document::<reordered::ShopContract>(),
    );
    assert_eq!(diff(&old, &new), []);
    assert_eq!(
        fingerprint::<before::ShopContract>(),
        fingerprint::<reordered::ShopContract>()
    );
    // The document keeps the comments for its reader.
    assert_eq!(
        new["$defs"]["Order"]["description"],
        "An order, documented now."
    );
    assert_ne!(
        fingerprint::<before::ShopContract>(),
        fingerprint::<after::ShopContract>()
    );
}

/// The schema of one method's payload or result, with the document's
/// definitions beside it, as a validator takes it.
fn validator(document: &Value, method: &str, part: &str) -> jsonschema::Validator {
    let mut schema = document["methods"][method][part].clone();
    schema["$schema"] = document["$schema"].clone();
    schema["$defs"] = document["$defs"].clone();
    jsonschema::validator_for(&schema).expect("the document's schemas are valid JSON Schema")
}

#[test]
fn what_serde_sends_validates_against_the_document() {
    let order = |count: u8, note: Option<&str>| before::Order {
        address: before::Address {
            street: "1 Main St".to_owned(),
        },
        lines: vec![before::Line {
            sku: "A-1".to_owned(),
            colour: before::Colour::Green,
            count,
        }],
        note: note.map(str::to_owned),
    };
    let document = document::<before::ShopContract>();
    let place = validator(&document, "place", "payload");
    for sent in [order(0, None), order(255, Some("ring twice"))] {
        let sent = serde_json::to_value(sent).expect("JSON");
        assert!(
            place.is_valid(&sent),
            "{sent} against {}",
            document["methods"]["place"]["payload"]
        );
    }
    // What the client sends for the two arguments: an object of their names.
    let quote = validator(&document, "quote", "payload");
    let sent =
        json!({ "customer": "ada", "order": serde_json::to_value(order(1, None)).expect("JSON") });
    assert!(quote.is_valid(&sent), "{sent}");
    let receipts = serde_json::to_value(vec![before::Receipt { id: 7 }]).expect("JSON");
    assert!(validator(&document, "place", "result").is_valid(&receipts));

    // And what the types refuse, the schema refuses.
    for refused in [
        json!({ "address": { "street": "x" }, "lines": [{ "sku": "A", "colour": "Blue", "count": 1 }] }),
        json!({ "address": {}, "lines": [] }),
        json!({ "address": { "street": "x" }, "lines": [{ "sku": "A", "colour": "Red", "count": 256 }] }),
    ] {
        assert!(!place.is_valid(&refused), "{refused}");
        assert!(serde_json::from_value::<before::Order>(refused).is_err());
    }
}
