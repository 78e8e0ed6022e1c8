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

/// A visitor method that hands its value on unchanged.
macro_rules! forwarded {
    ($($method:ident($type:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $type) -> Result<Self::Value, E> {
            self.visitor.$method(value)
        }
    )*};
}

mod chain;
mod key;
mod tracked;

use serde::de;

use chain::{Chain, Track};
use tracked::Tracked;

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

#[cfg(test)]
mod tests;
