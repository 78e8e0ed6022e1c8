//! Lambda's wire rules, written once: what a tenant id and a durable
//! execution's name may be, the sizes Lambda allows, and the names of the
//! Invoke API's headers.
//!
//! An implementation detail of `lambda-client`: its macro checks literals
//! with these rules at compile time (and cannot depend on the runtime, which
//! depends on it), the runtime checks values with them before sending, and
//! the local Lambda refuses what they refuse, as Lambda does. Each consumer
//! words its own message; a check here says only which part of the rule a
//! string broke, and where ([`Problem`]).

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod execution_name;
pub mod header;
pub mod limits;
pub mod tenant_id;

#[cfg(test)]
mod tests;

/// Which part of a rule a string broke, and where. The length is judged
/// before the characters: a string that is too long is [`Problem::TooLong`]
/// whatever it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The string is empty: the rule wants at least one character.
    Empty,
    /// The string has more characters than the rule allows.
    TooLong {
        /// How many characters (Unicode scalar values) it has.
        chars: usize,
        /// The most the rule allows.
        max: usize,
    },
    /// The string holds a character the rule does not allow.
    Character {
        /// The first such character.
        character: char,
        /// Its byte offset in the string: `&value[at..]` starts with it.
        /// Every rule here allows ASCII only, so it is also the character's
        /// index.
        at: usize,
    },
}

/// The shape every rule here has: 1 to `max` characters, each one `allows`
/// accepts.
fn check(value: &str, max: usize, allows: fn(char) -> bool) -> Result<(), Problem> {
    let chars = value.chars().count();
    if chars == 0 {
        return Err(Problem::Empty);
    }
    if chars > max {
        return Err(Problem::TooLong { chars, max });
    }
    match value
        .char_indices()
        .find(|&(_, character)| !allows(character))
    {
        Some((at, character)) => Err(Problem::Character { character, at }),
        None => Ok(()),
    }
}
