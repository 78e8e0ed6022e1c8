//! Where in a JSON document a value failed to decode, named by its
//! position and never by its data.
//!
//! A path such as `orders[2].lines[key].quantity` names what the type
//! names: its struct fields, its enum variants, and the indices of its
//! sequences. A map's keys are the document's data (an e-mail address, a
//! card number), so each of them is `[key]`. `serde_path_to_error` writes
//! the keys, and sees struct fields and map keys alike; this tracker tells
//! them apart by the field names serde hands `deserialize_struct`, so a key
//! that spells a field's name, or a struct's key that is none of its
//! fields (an unknown field), is still `[key]`. A struct that serde reads
//! as a map (one with a `#[serde(flatten)]` field) names no field either:
//! serde does not say which of its keys are fields.
//!
//! Only where a value failed is worth finding, so a document is decoded
//! without this first, and again through it once that failed.

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Where `json` fails to decode as `T`: `.` for the whole document, and
/// for a document that decodes.
pub(crate) fn path_of<'de, T: de::Deserialize<'de>>(json: &'de [u8]) -> String {
    let track = Track::default();
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let decoded = T::deserialize(Tracked {
        inner: &mut deserializer,
        chain: &Chain::Root,
        track: &track,
    });
    // Only where it failed matters, and the track holds that.
    drop(decoded);
    track.path.into_inner().unwrap_or_else(|| ".".to_owned())
}

/// One step down from the document's root.
#[derive(Debug, Clone, Copy)]
enum Segment {
    Index(usize),
    /// A struct field or an enum variant, as the type names it.
    Name(&'static str),
    /// A map's key, whatever it is.
    Key,
}

/// The steps to where decoding is, each on the stack of the call that took it.
enum Chain<'a> {
    Root,
    Step {
        parent: &'a Chain<'a>,
        segment: Segment,
    },
}

impl Chain<'_> {
    fn path(&self) -> String {
        let mut segments = Vec::new();
        let mut chain = self;
        while let Chain::Step { parent, segment } = chain {
            segments.push(*segment);
            chain = parent;
        }
        if segments.is_empty() {
            return ".".to_owned();
        }
        let mut path = String::new();
        for segment in segments.into_iter().rev() {
            match segment {
                Segment::Index(index) => {
                    let _ = write!(path, "[{index}]");
                }
                Segment::Key => path.push_str("[key]"),
                Segment::Name(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
            }
        }
        path
    }
}

/// The path of the first failure, the innermost: the calls it unwinds
/// through see that one is already found.
#[derive(Default)]
struct Track {
    path: RefCell<Option<String>>,
}

impl Track {
    fn trigger<E>(&self, chain: &Chain<'_>, error: E) -> E {
        let mut path = self.path.borrow_mut();
        if path.is_none() {
            *path = Some(chain.path());
        }
        error
    }
}

/// The names a container's keys may take: a struct's fields or an enum's
/// variants, as `deserialize_struct` and `deserialize_enum` are told them;
/// `None` for a map, whose keys are data.
type Names = Option<&'static [&'static str]>;

/// A deserializer at `chain`.
struct Tracked<'a, 'b, D> {
    inner: D,
    chain: &'a Chain<'a>,
    track: &'b Track,
}

impl<'a, 'b, D> Tracked<'a, 'b, D> {
    fn wrap<V>(&self, visitor: V, names: Names) -> Wrap<'a, 'b, V> {
        Wrap {
            visitor,
            chain: self.chain,
            track: self.track,
            names,
        }
    }
}

macro_rules! tracked {
    ($($method:ident($($argument:ident: $type:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($argument: $type,)* visitor: V) -> Result<V::Value, D::Error> {
            let (chain, track) = (self.chain, self.track);
            let visitor = self.wrap(visitor, None);
            self.inner
                .$method($($argument,)* visitor)
                .map_err(|error| track.trigger(chain, error))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tracked<'_, '_, D> {
    type Error = D::Error;

    tracked! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(length: usize);
        deserialize_tuple_struct(name: &'static str, length: usize);
        deserialize_map();
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let (chain, track) = (self.chain, self.track);
        let visitor = self.wrap(visitor, Some(fields));
        self.inner
            .deserialize_struct(name, fields, visitor)
            .map_err(|error| track.trigger(chain, error))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let (chain, track) = (self.chain, self.track);
        let visitor = self.wrap(visitor, Some(variants));
        self.inner
            .deserialize_enum(name, variants, visitor)
            .map_err(|error| track.trigger(chain, error))
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor at `chain`, which tracks what it is handed to go deeper.
struct Wrap<'a, 'b, V> {
    visitor: V,
    chain: &'a Chain<'a>,
    track: &'b Track,
    names: Names,
}

/// Visitor methods handed through unchanged.
macro_rules! forwarded {
    ($($method:ident($type:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $type) -> Result<Self::Value, E> {
            self.visitor.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    forwarded! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Tracked {
            inner,
            chain: self.chain,
            track: self.track,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Tracked {
            inner,
            chain: self.chain,
            track: self.track,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(Seq {
            inner,
            chain: self.chain,
            track: self.track,
            index: 0,
        })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Map {
            inner,
            chain: self.chain,
            track: self.track,
            names: self.names,
            key: Segment::Key,
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(Enum {
            inner,
            chain: self.chain,
            track: self.track,
            names: self.names,
        })
    }
}

/// A seed whose value is at `chain`.
struct Placed<'a, 'b, S> {
    seed: S,
    chain: &'a Chain<'a>,
    track: &'b Track,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Placed<'_, '_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Tracked {
            inner,
            chain: self.chain,
            track: self.track,
        })
    }
}

struct Seq<'a, 'b, A> {
    inner: A,
    chain: &'a Chain<'a>,
    track: &'b Track,
    index: usize,
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<'_, '_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let chain = Chain::Step {
            parent: self.chain,
            segment: Segment::Index(self.index),
        };
        self.index += 1;
        let track = self.track;
        self.inner
            .next_element_seed(Placed {
                seed,
                chain: &chain,
                track,
            })
            .map_err(|error| track.trigger(&chain, error))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Map<'a, 'b, A> {
    inner: A,
    chain: &'a Chain<'a>,
    track: &'b Track,
    names: Names,
    /// The segment of the key last read.
    key: Segment,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<'_, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let named = Cell::new(None);
        let key = self.inner.next_key_seed(Key {
            seed,
            names: self.names,
            named: &named,
        });
        self.key = named.get().map_or(Segment::Key, Segment::Name);
        key.map_err(|error| {
            let chain = Chain::Step {
                parent: self.chain,
                segment: self.key,
            };
            self.track.trigger(&chain, error)
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let chain = Chain::Step {
            parent: self.chain,
            segment: self.key,
        };
        let track = self.track;
        self.inner
            .next_value_seed(Placed {
                seed,
                chain: &chain,
                track,
            })
            .map_err(|error| track.trigger(&chain, error))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Enum<'a, 'b, A> {
    inner: A,
    chain: &'a Chain<'a>,
    track: &'b Track,
    names: Names,
}

impl<'a, 'b, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<'a, 'b, A> {
    type Error = A::Error;
    type Variant = Variant<'a, 'b, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let named = Cell::new(None);
        let (chain, track) = (self.chain, self.track);
        let (value, inner) = self
            .inner
            .variant_seed(Key {
                seed,
                names: self.names,
                named: &named,
            })
            .map_err(|error| track.trigger(chain, error))?;
        let variant = Variant {
            inner,
            chain,
            track,
            segment: named.get().map_or(Segment::Key, Segment::Name),
        };
        Ok((value, variant))
    }
}

struct Variant<'a, 'b, A> {
    inner: A,
    chain: &'a Chain<'a>,
    track: &'b Track,
    segment: Segment,
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<'_, '_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        let chain = Chain::Step {
            parent: self.chain,
            segment: self.segment,
        };
        self.inner
            .unit_variant()
            .map_err(|error| self.track.trigger(&chain, error))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let chain = Chain::Step {
            parent: self.chain,
            segment: self.segment,
        };
        let track = self.track;
        self.inner
            .newtype_variant_seed(Placed {
                seed,
                chain: &chain,
                track,
            })
            .map_err(|error| track.trigger(&chain, error))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        length: usize,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let chain = Chain::Step {
            parent: self.chain,
            segment: self.segment,
        };
        let track = self.track;
        let visitor = Wrap {
            visitor,
            chain: &chain,
            track,
            names: None,
        };
        self.inner
            .tuple_variant(length, visitor)
            .map_err(|error| track.trigger(&chain, error))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let chain = Chain::Step {
            parent: self.chain,
            segment: self.segment,
        };
        let track = self.track;
        let visitor = Wrap {
            visitor,
            chain: &chain,
            track,
            names: Some(fields),
        };
        self.inner
            .struct_variant(fields, visitor)
            .map_err(|error| track.trigger(&chain, error))
    }
}

/// The seed of a key: of a struct's or an enum's, it notes which of the
/// type's names the key is, if any.
struct Key<'n, S> {
    seed: S,
    names: Names,
    named: &'n Cell<Option<&'static str>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        match self.names {
            // A map's key is never named: nothing to note.
            None => self.seed.deserialize(inner),
            Some(names) => self.seed.deserialize(Naming {
                inner,
                names,
                named: self.named,
            }),
        }
    }
}

/// A key's deserializer that notes the name it reads, when it is one of `names`.
struct Naming<'n, D> {
    inner: D,
    names: &'static [&'static str],
    named: &'n Cell<Option<&'static str>>,
}

impl<'n, D> Naming<'n, D> {
    fn wrap<V>(&self, visitor: V) -> Noting<'n, V> {
        Noting {
            visitor,
            names: self.names,
            named: self.named,
        }
    }
}

macro_rules! naming {
    ($($method:ident($($argument:ident: $type:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($argument: $type,)* visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.wrap(visitor);
            self.inner.$method($($argument,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Naming<'_, D> {
    type Error = D::Error;

    naming! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(length: usize);
        deserialize_tuple_struct(name: &'static str, length: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A key's visitor that notes the name it is handed, when it is one of `names`.
struct Noting<'n, V> {
    visitor: V,
    names: &'static [&'static str],
    named: &'n Cell<Option<&'static str>>,
}

impl<V> Noting<'_, V> {
    fn note(&self, key: &[u8]) {
        let name = self.names.iter().find(|name| name.as_bytes() == key);
        self.named.set(name.copied());
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Noting<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    forwarded! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        self.note(key.as_bytes());
        self.visitor.visit_str(key)
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        self.note(key.as_bytes());
        self.visitor.visit_borrowed_str(key)
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        self.note(key.as_bytes());
        self.visitor.visit_string(key)
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        self.note(key);
        self.visitor.visit_bytes(key)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<Self::Value, E> {
        self.note(key);
        self.visitor.visit_borrowed_bytes(key)
    }

    fn visit_byte_buf<E: de::Error>(self, key: Vec<u8>) -> Result<Self::Value, E> {
        self.note(&key);
        self.visitor.visit_byte_buf(key)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(inner)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(inner)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(inner)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(inner)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(inner)
    }
}

#[cfg(test)]
mod tests {
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
}
