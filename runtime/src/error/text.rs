//! Text from the other side of a call, made safe to print: control
//! characters escaped (so a callee's message cannot forge log lines), and
//! serde's messages without the values they quote (so a payload's contents
//! never reach a log through an error).

use std::fmt;

/// The end of the message of an error that was not retried because the
/// client's retry quota was spent; nothing otherwise.
pub(crate) fn quota_note(spent: bool) -> &'static str {
    if spent {
        "; not retried: the client's retry quota is spent, as too many of its calls failed at once (it refills as calls succeed; `RetryQuota` sets its size)"
    } else {
        ""
    }
}

/// Writes a string with its control characters escaped: `\n`, `\r`, `\t`,
/// and `\u{1b}` for the rest (an ANSI escape, say).
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(char::is_control) {
            f.write_str(&rest[..at])?;
            let control = rest[at..].chars().next().unwrap_or_default();
            match control {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                other => write!(f, "\\u{{{:x}}}", u32::from(other))?,
            }
            rest = &rest[at + control.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// At most `limit` bytes of `text`, cut at a character boundary, with `…`
/// when something was cut.
pub(crate) fn bounded(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// serde's message about a value that did not deserialize, without the value.
///
/// serde quotes what it found (`invalid type: string "4111-…", expected
/// u64`), and the unknown variant or field name it met; this keeps the kind
/// of value and what was expected (`invalid type: string, expected u64`). A
/// message of another shape comes from a type's own `Deserialize` and may
/// say anything, so only its origin is kept. `serde_json`'s position suffix
/// (` at line 1 column 9`) is dropped: the caller reports it apart.
#[cfg(any(feature = "client", feature = "callee"))]
pub(crate) fn without_values(message: &str) -> String {
    let message = strip_position(message);
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return match unexpected_kind(rest) {
                Some((kind, expected)) => format!("{prefix}{kind}, expected {expected}"),
                None => OPAQUE.to_owned(),
            };
        }
    }
    for (prefix, what) in [
        ("unknown variant `", "unknown variant"),
        ("unknown field `", "unknown field"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // The name is the payload's; what was expected is the type's.
            return match rest.split_once("`, expected ") {
                Some((_, expected)) => format!("{what}, expected {expected}"),
                None => what.to_owned(),
            };
        }
    }
    // The type's own names or counts, and serde_json's syntax errors, quote
    // nothing of the payload.
    let known = [
        "missing field `",
        "duplicate field `",
        "invalid length ",
        "expected ",
        "EOF while parsing",
        "trailing ",
        "invalid escape",
        "invalid number",
        "number out of range",
        "invalid unicode code point",
        "control character ",
        "key must be ",
        "lone leading surrogate",
        "unexpected end of hex escape",
        "recursion limit exceeded",
    ];
    if known.iter().any(|start| message.starts_with(start)) {
        return message.to_owned();
    }
    OPAQUE.to_owned()
}

/// What replaces a message that may quote the payload.
#[cfg(any(feature = "client", feature = "callee"))]
const OPAQUE: &str =
    "the type's Deserialize refused the value (its message is not shown: it may quote the payload)";

#[cfg(any(feature = "client", feature = "callee"))]
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    }
}

/// The kind of value serde's `Unexpected` names at the start of `rest`, and
/// what follows `, expected `.
#[cfg(any(feature = "client", feature = "callee"))]
fn unexpected_kind(rest: &str) -> Option<(&'static str, &str)> {
    // serde's `Unexpected` writes these kinds with the value after them.
    let quoted: [(&str, &'static str); 5] = [
        ("boolean `", "boolean"),
        ("integer `", "integer"),
        ("floating point `", "floating point"),
        ("character `", "character"),
        ("string \"", "string"),
    ];
    for (start, kind) in quoted {
        let Some(value) = rest.strip_prefix(start) else {
            continue;
        };
        let after = if kind == "string" {
            after_debug_string(value)?
        } else {
            &value[value.find('`')? + 1..]
        };
        return Some((kind, after.strip_prefix(", expected ")?));
    }
    // The kinds without a value: `null`, `sequence`, `map`, `unit value`, ...
    let (kind, expected) = rest.split_once(", expected ")?;
    let known = [
        "null",
        "unit value",
        "Option value",
        "newtype struct",
        "sequence",
        "map",
        "enum",
        "unit variant",
        "newtype variant",
        "tuple variant",
        "struct variant",
        "byte array",
    ];
    known
        .into_iter()
        .find(|known| *known == kind)
        .map(|kind| (kind, expected))
}

/// What follows a string written with `{:?}`, whose opening quote is already
/// consumed.
#[cfg(any(feature = "client", feature = "callee"))]
fn after_debug_string(text: &str) -> Option<&str> {
    let mut escaped = false;
    for (at, character) in text.char_indices() {
        match character {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(&text[at + 1..]),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(any(feature = "client", feature = "callee"))]
    fn serdes_messages_keep_the_kind_and_drop_the_value() {
        let rows = [
            (
                "invalid type: string \"4111-1111-1111-1111\", expected u64 at line 1 column 25",
                "invalid type: string, expected u64",
            ),
            (
                r#"invalid type: string "a \"quoted\", expected x", expected u32"#,
                "invalid type: string, expected u32",
            ),
            (
                "invalid value: integer `-5`, expected u32",
                "invalid value: integer, expected u32",
            ),
            (
                "invalid type: floating point `1.5`, expected i64",
                "invalid type: floating point, expected i64",
            ),
            (
                "invalid type: boolean `true`, expected a string",
                "invalid type: boolean, expected a string",
            ),
            (
                "invalid type: null, expected struct Echo",
                "invalid type: null, expected struct Echo",
            ),
            (
                "invalid type: sequence, expected a map",
                "invalid type: sequence, expected a map",
            ),
            (
                "unknown variant `Secret`, expected `A` or `B`",
                "unknown variant, expected `A` or `B`",
            ),
            (
                "unknown field `card`, expected `echo`",
                "unknown field, expected `echo`",
            ),
            ("missing field `echo`", "missing field `echo`"),
            (
                "invalid length 3, expected a tuple of size 2",
                "invalid length 3, expected a tuple of size 2",
            ),
            ("expected value at line 1 column 1", "expected value"),
            ("EOF while parsing a string", "EOF while parsing a string"),
            ("card 4111 is expired", OPAQUE),
            ("invalid type: something else entirely", OPAQUE),
        ];
        for (message, expected) in rows {
            assert_eq!(without_values(message), expected, "{message}");
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            Escaped("a\nb\r\tc\u{1b}[31md").to_string(),
            "a\\nb\\r\\tc\\u{1b}[31md"
        );
        assert_eq!(Escaped("plain “text”").to_string(), "plain “text”");
    }

    #[test]
    fn bounded_cuts_at_a_character() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded("abcd", 3), "abc…");
        assert_eq!(bounded("aé", 2), "a…");
    }
}
