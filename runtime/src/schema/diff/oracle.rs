//! The verdicts against a JSON Schema validator: pairs of payload schemas,
//! one a change of the other at a random depth (through structs, `Vec`,
//! `Option`, maps, enums and several arguments), and values each side may
//! send. Whenever `diff` says a pairing of old and new is safe, every value
//! valid under the writer's schema must be valid under the reader's.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{Breaks, diff};
use crate::schema::describe::{ANY_ERROR, DRAFT, NAMED_ARGUMENTS, ONE_ARGUMENT};

/// A Rust type, as far as its JSON Schema goes.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    String,
    Boolean,
    /// An integer of a format: `uint8`, `int32`, ...
    Integer(&'static str),
    Number,
    /// A unit-only enum: its values.
    Values(Vec<&'static str>),
    /// A struct: each field with whether it is required; and whether it
    /// denies unknown fields.
    Struct(Vec<(&'static str, Shape, bool)>, bool),
    Vec(Box<Shape>),
    Option(Box<Shape>),
    Map(Box<Shape>),
    /// An externally tagged enum: each variant with its data, if any.
    Enum(Vec<(&'static str, Option<Shape>)>),
}

const FIELDS: [&str; 4] = ["alpha", "beta", "gamma", "delta"];
const VALUES: [&str; 3] = ["red", "green", "blue"];
const VARIANTS: [&str; 3] = ["Open", "Paid", "Shipped"];
const FORMATS: [(&str, i64, i64); 4] = [
    ("uint8", 0, 255),
    ("uint16", 0, 65_535),
    ("int32", -2_147_483_648, 2_147_483_647),
    ("uint32", 0, 4_294_967_295),
];

fn range(format: &str) -> (i64, i64) {
    FORMATS
        .iter()
        .find(|(name, ..)| *name == format)
        .map_or((i64::MIN, i64::MAX), |(_, low, high)| (*low, *high))
}

fn leaf() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::String),
        Just(Shape::Boolean),
        prop::sample::select(FORMATS.map(|(name, ..)| name).to_vec()).prop_map(Shape::Integer),
        Just(Shape::Number),
        prop::sample::subsequence(VALUES.to_vec(), 1..=3).prop_map(Shape::Values),
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    leaf().prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            (
                prop::sample::subsequence(FIELDS.to_vec(), 1..=3),
                prop::collection::vec((inner.clone(), any::<bool>()), 3),
                any::<bool>()
            )
                .prop_map(|(names, fields, closed)| Shape::Struct(
                    names
                        .into_iter()
                        .zip(fields)
                        .map(|(name, (shape, required))| (name, shape, required))
                        .collect(),
                    closed,
                )),
            inner.clone().prop_map(|shape| Shape::Vec(Box::new(shape))),
            inner
                .clone()
                .prop_map(|shape| Shape::Option(Box::new(shape))),
            inner.clone().prop_map(|shape| Shape::Map(Box::new(shape))),
            (
                prop::sample::subsequence(VARIANTS.to_vec(), 1..=3),
                prop::collection::vec(prop::option::of(inner), 3)
            )
                .prop_map(|(names, data)| Shape::Enum(names.into_iter().zip(data).collect())),
        ]
    })
}

/// One change, applied at the node a walk of `choice` steps reaches.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    Retype,
    WidenToNumber,
    Reformat,
    MakeOptional,
    Unwrap,
    AddValue,
    RemoveValue,
    AddField(bool),
    RemoveField,
    ToggleRequired,
    ToggleClosed,
    AddVariant,
    RemoveVariant,
    ToggleVariantData,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop::sample::select(vec![
        Mutation::Retype,
        Mutation::WidenToNumber,
        Mutation::Reformat,
        Mutation::MakeOptional,
        Mutation::Unwrap,
        Mutation::AddValue,
        Mutation::RemoveValue,
        Mutation::AddField(true),
        Mutation::AddField(false),
        Mutation::RemoveField,
        Mutation::ToggleRequired,
        Mutation::ToggleClosed,
        Mutation::AddVariant,
        Mutation::RemoveVariant,
        Mutation::ToggleVariantData,
    ])
}

impl Shape {
    /// The shapes it holds.
    fn children(&mut self) -> Vec<&mut Shape> {
        match self {
            Shape::Struct(fields, _) => fields.iter_mut().map(|(_, shape, _)| shape).collect(),
            Shape::Vec(inner) | Shape::Option(inner) | Shape::Map(inner) => vec![&mut **inner],
            Shape::Enum(variants) => variants
                .iter_mut()
                .filter_map(|(_, data)| data.as_mut())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Its number of nodes.
    fn size(&mut self) -> usize {
        1 + self.children().into_iter().map(Shape::size).sum::<usize>()
    }

    /// Applies `mutation` at node `target` of a walk outermost first;
    /// `None` when the walk ends before it.
    fn apply_at(&mut self, target: &mut usize, mutation: Mutation) -> Option<bool> {
        if *target == 0 {
            return Some(self.apply(mutation));
        }
        *target -= 1;
        self.children()
            .into_iter()
            .find_map(|child| child.apply_at(target, mutation))
    }

    /// `self` with `mutation` applied at node `choice`, or `None` when it
    /// does not apply there.
    fn mutated(&self, choice: usize, mutation: Mutation) -> Option<Shape> {
        let mut changed = self.clone();
        let mut target = choice % changed.size();
        changed.apply_at(&mut target, mutation)?.then_some(changed)
    }

    fn apply(&mut self, mutation: Mutation) -> bool {
        match (mutation, &mut *self) {
            (Mutation::Retype, Shape::String) => *self = Shape::Boolean,
            (Mutation::Retype, Shape::Boolean | Shape::Number | Shape::Integer(_)) => {
                *self = Shape::String;
            }
            (Mutation::WidenToNumber, Shape::Integer(_)) => *self = Shape::Number,
            (Mutation::Reformat, Shape::Integer(format)) => {
                let next = FORMATS
                    .iter()
                    .position(|(name, ..)| name == format)
                    .map_or(0, |index| (index + 1) % FORMATS.len());
                *format = FORMATS[next].0;
            }
            (Mutation::MakeOptional, shape) if !matches!(shape, Shape::Option(_)) => {
                *self = Shape::Option(Box::new(self.clone()));
            }
            (Mutation::Unwrap, Shape::Option(inner)) => *self = (**inner).clone(),
            (Mutation::AddValue, Shape::Values(values)) if values.len() < VALUES.len() => {
                let missing = VALUES.iter().find(|value| !values.contains(value));
                values.extend(missing);
            }
            (Mutation::RemoveValue, Shape::Values(values)) if values.len() > 1 => {
                values.pop();
            }
            (Mutation::AddField(required), Shape::Struct(fields, _)) => {
                let Some(name) = FIELDS
                    .iter()
                    .find(|name| fields.iter().all(|(field, ..)| field != *name))
                else {
                    return false;
                };
                fields.push((name, Shape::String, required));
            }
            (Mutation::RemoveField, Shape::Struct(fields, _)) if fields.len() > 1 => {
                fields.pop();
            }
            (Mutation::ToggleRequired, Shape::Struct(fields, _)) => {
                let field = &mut fields[0];
                field.2 = !field.2;
            }
            (Mutation::ToggleClosed, Shape::Struct(_, closed)) => *closed = !*closed,
            (Mutation::AddVariant, Shape::Enum(variants)) => {
                let Some(name) = VARIANTS
                    .iter()
                    .find(|name| variants.iter().all(|(variant, _)| variant != *name))
                else {
                    return false;
                };
                variants.push((name, Some(Shape::String)));
            }
            (Mutation::RemoveVariant, Shape::Enum(variants)) if variants.len() > 1 => {
                variants.pop();
            }
            (Mutation::ToggleVariantData, Shape::Enum(variants)) => {
                let data = &mut variants[0].1;
                *data = match data {
                    Some(_) => None,
                    None => Some(Shape::Boolean),
                };
            }
            _ => return false,
        }
        true
    }

    /// Its schema as schemars writes it: structs by reference into
    /// `definitions`.
    fn schema(&self, definitions: &mut Map<String, Value>) -> Value {
        match self {
            Shape::String => json!({ "type": "string" }),
            Shape::Boolean => json!({ "type": "boolean" }),
            Shape::Number => json!({ "type": "number", "format": "double" }),
            Shape::Integer(format) => {
                let (low, high) = range(format);
                json!({ "type": "integer", "format": format, "minimum": low, "maximum": high })
            }
            Shape::Values(values) => json!({ "type": "string", "enum": values }),
            Shape::Struct(fields, closed) => {
                let properties: Map<String, Value> = fields
                    .iter()
                    .map(|(name, shape, _)| ((*name).to_owned(), shape.schema(definitions)))
                    .collect();
                let mut required: Vec<&str> = fields
                    .iter()
                    .filter(|(.., required)| *required)
                    .map(|(name, ..)| *name)
                    .collect();
                required.sort_unstable();
                let mut schema =
                    json!({ "type": "object", "properties": properties, "required": required });
                if *closed {
                    schema["additionalProperties"] = json!(false);
                }
                let name = format!("Struct{}", definitions.len());
                definitions.insert(name.clone(), schema);
                json!({ "$ref": format!("#/$defs/{name}") })
            }
            Shape::Vec(inner) => json!({ "type": "array", "items": inner.schema(definitions) }),
            Shape::Option(inner) => {
                json!({ "anyOf": [inner.schema(definitions), { "type": "null" }] })
            }
            Shape::Map(inner) => {
                json!({ "type": "object", "additionalProperties": inner.schema(definitions) })
            }
            Shape::Enum(variants) => {
                let units: Vec<&str> = variants
                    .iter()
                    .filter(|(_, data)| data.is_none())
                    .map(|(name, _)| *name)
                    .collect();
                let mut alternatives = Vec::new();
                if !units.is_empty() {
                    alternatives.push(json!({ "type": "string", "enum": units }));
                }
                for (name, data) in variants {
                    if let Some(data) = data {
                        alternatives.push(json!({
                            "type": "object",
                            "properties": { *name: data.schema(definitions) },
                            "required": [name],
                            "additionalProperties": false,
                        }));
                    }
                }
                json!({ "oneOf": alternatives })
            }
        }
    }

    /// Values this shape's type serializes to.
    fn values(&self) -> BoxedStrategy<Value> {
        match self {
            Shape::String => "[a-z]{0,3}".prop_map(Value::from).boxed(),
            Shape::Boolean => any::<bool>().prop_map(Value::from).boxed(),
            Shape::Number => prop_oneof![
                (-1000.0..1000.0_f64).prop_map(Value::from),
                (-1000..1000_i64).prop_map(Value::from)
            ]
            .boxed(),
            Shape::Integer(format) => {
                let (low, high) = range(format);
                prop_oneof![Just(low), Just(high), low..=high]
                    .prop_map(Value::from)
                    .boxed()
            }
            Shape::Values(values) => prop::sample::select(values.clone())
                .prop_map(Value::from)
                .boxed(),
            Shape::Struct(fields, closed) => {
                let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                    .iter()
                    .map(|(name, shape, required)| {
                        let name = (*name).to_owned();
                        let value = shape.values();
                        if *required {
                            value
                                .prop_map(move |value| Some((name.clone(), value)))
                                .boxed()
                        } else {
                            prop::option::of(value)
                                .prop_map(move |value| value.map(|value| (name.clone(), value)))
                                .boxed()
                        }
                    })
                    .collect();
                let closed = *closed;
                (fields, any::<bool>())
                    .prop_map(move |(fields, extra)| {
                        let mut object: Map<String, Value> = fields.into_iter().flatten().collect();
                        // serde ignores a field it does not know, unless denied.
                        if extra && !closed {
                            object.insert("unknown".to_owned(), json!(1));
                        }
                        Value::Object(object)
                    })
                    .boxed()
            }
            Shape::Vec(inner) => prop::collection::vec(inner.values(), 0..3)
                .prop_map(Value::from)
                .boxed(),
            Shape::Option(inner) => prop_oneof![Just(Value::Null), inner.values()].boxed(),
            Shape::Map(inner) => prop::collection::btree_map("[a-z]{1,2}", inner.values(), 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect()))
                .boxed(),
            Shape::Enum(variants) => {
                let variants: Vec<BoxedStrategy<Value>> = variants
                    .iter()
                    .map(|(name, data)| {
                        let name = (*name).to_owned();
                        match data {
                            None => Just(Value::from(name)).boxed(),
                            Some(data) => data
                                .values()
                                .prop_map(move |value| json!({ name.clone(): value }))
                                .boxed(),
                        }
                    })
                    .collect();
                prop::strategy::Union::new(variants).boxed()
            }
        }
    }
}

/// A method whose payload is `shape`, as one argument or as one of two.
fn document(shape: &Shape, several: bool) -> Value {
    let mut definitions = Map::new();
    let schema = shape.schema(&mut definitions);
    let (arguments, payload) = if several {
        (
            NAMED_ARGUMENTS,
            json!({
                "type": "object",
                "properties": { "order": schema, "express": { "type": "boolean" } },
                "required": ["express", "order"],
            }),
        )
    } else {
        (ONE_ARGUMENT, schema)
    };
    json!({
        "$schema": DRAFT,
        "contract": "Orders",
        "methods": { "place": {
            "function": "orders",
            "mode": "sync",
            "qualifier": null,
            "tenant": null,
            "arguments": arguments,
            "payload": payload,
            "result": { "type": "string" },
            "errors": ANY_ERROR,
        } },
        "$defs": definitions,
    })
}

/// The payload's schema of `document`, with its definitions, for a validator.
fn payload_schema(document: &Value) -> Value {
    let mut schema = document["methods"]["place"]["payload"].clone();
    if let Value::Object(schema) = &mut schema {
        schema.insert("$schema".to_owned(), json!(DRAFT));
        schema.insert("$defs".to_owned(), document["$defs"].clone());
    }
    schema
}

/// A sent payload: the value, alone or beside the other argument.
fn payload(value: Value, several: bool) -> Value {
    if several {
        json!({ "order": value, "express": true })
    } else {
        value
    }
}

/// A pair, and values each side may send.
fn case() -> impl Strategy<Value = (Shape, Shape, bool, Vec<Value>, Vec<Value>)> {
    (shape(), any::<usize>(), mutation(), any::<bool>())
        .prop_filter_map(
            "the mutation applies",
            |(old, choice, mutation, several)| {
                let new = old.mutated(choice, mutation)?;
                (new != old).then_some((old, new, several))
            },
        )
        .prop_flat_map(|(old, new, several)| {
            let old_values = prop::collection::vec(old.values(), 16);
            let new_values = prop::collection::vec(new.values(), 16);
            (Just(old), Just(new), Just(several), old_values, new_values)
        })
}

/// The verdict on one pair, and whether the validator refutes it: a value
/// one side sends that the other refuses where `diff` said it would not.
fn refuted(
    old: &Shape,
    new: &Shape,
    several: bool,
    old_values: &[Value],
    new_values: &[Value],
) -> Result<(Breaks, bool), String> {
    let (old_document, new_document) = (document(old, several), document(new, several));
    let verdict = diff(&old_document, &new_document)
        .iter()
        .map(|change| change.breaks)
        .fold(Breaks::Nobody, Breaks::and);
    let old_schema = jsonschema::validator_for(&payload_schema(&old_document))
        .map_err(|error| error.to_string())?;
    let new_schema = jsonschema::validator_for(&payload_schema(&new_document))
        .map_err(|error| error.to_string())?;
    let (old_values, new_values): (Vec<Value>, Vec<Value>) = (
        old_values
            .iter()
            .map(|value| payload(value.clone(), several))
            .collect(),
        new_values
            .iter()
            .map(|value| payload(value.clone(), several))
            .collect(),
    );
    // The values are their own schema's: the renderer and the generator agree.
    for value in &old_values {
        if !old_schema.is_valid(value) {
            return Err(format!("{value} is not valid under its own schema"));
        }
    }
    // Old callers send to a new callee: safe unless it breaks old callers.
    let old_to_new = !matches!(verdict, Breaks::OldCallers | Breaks::Both);
    // New callers send to an old callee.
    let new_to_old = !matches!(verdict, Breaks::OldCallees | Breaks::Both);
    let refused = |values: &[Value], reader: &jsonschema::Validator| {
        values.iter().any(|value| !reader.is_valid(value))
    };
    Ok((
        verdict,
        (old_to_new && refused(&old_values, &new_schema))
            || (new_to_old && refused(&new_values, &old_schema)),
    ))
}

/// How many pairs the oracle judges.
const CASES: u32 = 1024;

#[test]
fn no_change_called_safe_is_refused_by_a_validator() {
    use std::cell::Cell;

    let (cases, safe, refutations) = (Cell::new(0_u32), Cell::new(0_u32), Cell::new(0_u32));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: CASES,
        ..ProptestConfig::default()
    });
    let outcome = runner.run(&case(), |(old, new, several, old_values, new_values)| {
        let (judged, refuted) = refuted(&old, &new, several, &old_values, &new_values)
            .map_err(TestCaseError::fail)?;
        cases.set(cases.get() + 1);
        if judged != Breaks::Both {
            safe.set(safe.get() + 1);
        }
        if refuted {
            refutations.set(refutations.get() + 1);
        }
        prop_assert!(
            !refuted,
            "diff called the change from {old:?} to {new:?} safe one way ({judged:?}), and a value was refused: {:?}",
            diff(&document(&old, several), &document(&new, several))
        );
        Ok(())
    });
    eprintln!(
        "the oracle judged {} pairs: {} called safe at least one way, {} refuted by the validator",
        cases.get(),
        safe.get(),
        refutations.get()
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    assert!(
        safe.get() > CASES / 4,
        "too few safe verdicts to test: {}",
        safe.get()
    );
}
