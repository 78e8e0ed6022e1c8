//! A key of a struct or an enum, noted when it is one of the type's names:
//! what tells a field from a map's key.

use std::cell::Cell;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use super::chain::Names;

/// The seed of a key: of a struct's or an enum's, it notes which of the
/// type's names the key is, if any.
pub(super) struct Key<'n, S> {
    pub(super) seed: S,
    pub(super) names: Names,
    pub(super) named: &'n Cell<Option<&'static str>>,
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
