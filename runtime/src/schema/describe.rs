//! A contract's description, as the generated `{Trait}Contract` gives it,
//! and the document made from it.

use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use crate::error::FunctionError;

/// A contract that describes itself: implemented by `{Trait}Contract`.
///
/// `G` is never used: the implementation is generic over it so that the
/// bounds on the contract's types (`T: JsonSchema`) are checked where a
/// document is made, with `G = ()`, and not where the contract is declared.
#[diagnostic::on_unimplemented(
    message = "the contract `{Self}` has no document: not all of its types describe themselves",
    note = "derive `schemars::JsonSchema` for each argument and result type of the trait and for the fields of its error variants, and use `LambdaError` or `FunctionError` for the errors"
)]
pub trait Describe<G> {
    /// The trait's name.
    const NAME: &'static str;

    /// Its methods, in the trait's order, their types' schemas made with
    /// `generator`.
    fn methods(generator: &mut SchemaGenerator) -> Vec<Method>;
}

/// A type's JSON Schema, through `schemars`.
pub trait HasSchema<G> {
    /// The schema, or a reference to it in `generator`'s definitions.
    fn schema(generator: &mut SchemaGenerator) -> Value;
}

impl<T: JsonSchema + ?Sized, G> HasSchema<G> for T {
    fn schema(generator: &mut SchemaGenerator) -> Value {
        generator.subschema_for::<T>().to_value()
    }
}

/// The variants of a method's error type, each with its `errorType` and
/// the schema of its data. Implemented by `#[derive(LambdaError)]`, and by
/// [`FunctionError`], which is any error document.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not describe its variants for the contract's document",
    note = "derive `LambdaError` for it (its variants are described when the feature `schema` is on), or use `FunctionError`"
)]
pub trait ErrorSchema<G> {
    /// The variants; `None` for any error document.
    fn variants(generator: &mut SchemaGenerator) -> Option<Vec<ErrorVariant>>;
}

impl<G> ErrorSchema<G> for FunctionError {
    fn variants(_: &mut SchemaGenerator) -> Option<Vec<ErrorVariant>> {
        None
    }
}

/// One variant of an error enum.
#[derive(Debug)]
pub struct ErrorVariant {
    /// The Rust variant's name.
    pub variant: &'static str,
    /// The `errorType` it travels as.
    pub error_type: &'static str,
    /// The schema of the JSON its fields travel as in `errorMessage`;
    /// `None` for a unit variant, whose message is its `Display`.
    pub data: Option<Value>,
}

/// One method of a contract.
#[derive(Debug)]
pub struct Method {
    /// The method's name.
    pub name: &'static str,
    /// The function it calls, as the attribute names it.
    pub function: &'static str,
    /// `sync`, `event`, `dry_run`, `stream` or `durable`.
    pub mode: &'static str,
    /// The attribute's qualifier.
    pub qualifier: Option<&'static str>,
    /// The attribute's tenant.
    pub tenant: Option<&'static str>,
    /// The payload, as the client encodes it.
    pub payload: Payload,
    /// What the callee returns.
    pub returns: Returns,
    /// The callee's error variants; `None` for any error document.
    pub errors: Option<Vec<ErrorVariant>>,
}

/// The payload of a method, as the client encodes its arguments.
#[derive(Debug)]
pub enum Payload {
    /// No argument: `{}`.
    Nothing,
    /// One argument, sent as itself.
    One(Value),
    /// Several, sent as an object keyed by their names, each always present.
    Named(Vec<(&'static str, Value)>),
}

/// What a method's callee returns.
#[derive(Debug)]
pub enum Returns {
    /// Nothing: an event or a dry run.
    Nothing,
    /// A value: a synchronous call's, a durable execution's result, or each
    /// record of a stream.
    Value(Value),
    /// Bytes: a `ByteStream`.
    Bytes,
}

/// The schema of an object whose fields are all present: a struct
/// variant's data, as its fields travel.
#[must_use]
pub fn object(fields: Vec<(&'static str, Value)>) -> Value {
    let required: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    let properties: Map<String, Value> = fields
        .into_iter()
        .map(|(name, schema)| (name.to_owned(), schema))
        .collect();
    json!({ "type": "object", "properties": properties, "required": required })
}

/// The schema of a fixed-length array: a tuple variant's data.
#[must_use]
pub fn tuple(items: Vec<Value>) -> Value {
    let length = items.len();
    let mut schema = Map::new();
    schema.insert("type".to_owned(), "array".into());
    schema.insert("prefixItems".to_owned(), Value::Array(items));
    schema.insert("minItems".to_owned(), length.into());
    schema.insert("maxItems".to_owned(), length.into());
    Value::Object(schema)
}

/// How a method's arguments travel, in its document's `arguments`: none
/// (`{}`), the one argument as itself, or an object keyed by their names.
pub(super) const NO_ARGUMENTS: &str = "none";
pub(super) const ONE_ARGUMENT: &str = "one, as itself";
pub(super) const NAMED_ARGUMENTS: &str = "several, keyed by name";

/// A method's `errors` when its error type is `FunctionError`: any error
/// document, as opposed to a list of typed variants.
pub(super) const ANY_ERROR: &str = "any error document";

/// The JSON Schema draft the document's schemas are written in.
pub(super) const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The document of `C`: its keys sorted, its set-like lists (`required`,
/// `type`, `enum`) sorted, and its definitions under `$defs`, where its
/// references point, so that it is a JSON Schema a validator or a code
/// generator can be handed.
pub(super) fn document<C: Describe<()>>() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let methods: Map<String, Value> = C::methods(&mut generator)
        .into_iter()
        .map(|method| (method.name.to_owned(), method_document(method)))
        .collect();
    let definitions = generator.take_definitions(true);
    let mut document = json!({
        "$schema": DRAFT,
        "contract": C::NAME,
        "methods": methods,
        "$defs": definitions,
    });
    super::normal::each_schema(&mut document, &mut super::normal::sort_sets);
    super::normal::sorted(document)
}

fn method_document(method: Method) -> Value {
    let (shape, payload) = match method.payload {
        Payload::Nothing => (NO_ARGUMENTS, json!({ "type": "object" })),
        Payload::One(schema) => (ONE_ARGUMENT, schema),
        Payload::Named(arguments) => (NAMED_ARGUMENTS, object(arguments)),
    };
    let result = match method.returns {
        Returns::Nothing => Value::Null,
        Returns::Value(schema) => schema,
        Returns::Bytes => Value::String("bytes".to_owned()),
    };
    let errors = method.errors.map_or(Value::from(ANY_ERROR), |variants| {
        variants
            .into_iter()
            .map(|variant| {
                (
                    variant.variant.to_owned(),
                    json!({ "errorType": variant.error_type, "data": variant.data }),
                )
            })
            .collect::<Map<String, Value>>()
            .into()
    });
    json!({
        "function": method.function,
        "mode": method.mode,
        "qualifier": method.qualifier,
        "tenant": method.tenant,
        "arguments": shape,
        "payload": payload,
        "result": result,
        "errors": errors,
    })
}
