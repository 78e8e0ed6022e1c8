//! A deserializer, and everything it hands a visitor, that carries the
//! chain of steps it is at and records the first failure's path.

use std::cell::Cell;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use super::chain::{Chain, Names, Segment, Track};
use super::key::Key;

/// A deserializer at `chain`.
pub(super) struct Tracked<'a, 'b, D> {
    pub(super) inner: D,
    pub(super) chain: &'a Chain<'a>,
    pub(super) track: &'b Track,
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
