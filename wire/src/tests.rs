use proptest::prelude::*;

use crate::{Problem, execution_name, header, limits, tenant_id};

/// Lambda's tenant-id rule written a second way, without `allows`: each
/// character class spelled out, the length in characters.
fn reference_tenant_id(id: &str) -> bool {
    let length = id.chars().count();
    (1..=256).contains(&length)
        && id.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_uppercase()
                || c.is_ascii_digit()
                || "._:/=+-@ ".contains(c)
        })
}

/// Lambda's execution-name rule written a second way.
fn reference_execution_name(name: &str) -> bool {
    let length = name.chars().count();
    (1..=64).contains(&length)
        && name
            .chars()
            .all(|c| matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_'))
}

#[test]
fn tenant_ids_by_character_class_and_bound() {
    let at_most = "t".repeat(256);
    let over = "t".repeat(257);
    let far_over = "ü".repeat(300);
    let rows: [(&str, Result<(), Problem>); 21] = [
        ("blue", Ok(())),
        ("a", Ok(())),
        ("Z", Ok(())),
        ("0", Ok(())),
        ("9", Ok(())),
        (" ", Ok(())),
        ("._:/=+-@", Ok(())),
        ("org:42/team=x+y-z@example.com", Ok(())),
        (&at_most, Ok(())),
        ("", Err(Problem::Empty)),
        (
            &over,
            Err(Problem::TooLong {
                chars: 257,
                max: 256,
            }),
        ),
        // The length is judged first, in characters, not bytes.
        (
            &far_over,
            Err(Problem::TooLong {
                chars: 300,
                max: 256,
            }),
        ),
        (
            "blue;green",
            Err(Problem::Character {
                character: ';',
                at: 4,
            }),
        ),
        (
            "tab\there",
            Err(Problem::Character {
                character: '\t',
                at: 3,
            }),
        ),
        (
            "new\nline",
            Err(Problem::Character {
                character: '\n',
                at: 3,
            }),
        ),
        (
            "ünïcode",
            Err(Problem::Character {
                character: 'ü',
                at: 0,
            }),
        ),
        (
            "aé#",
            Err(Problem::Character {
                character: 'é',
                at: 1,
            }),
        ),
        (
            "ok#",
            Err(Problem::Character {
                character: '#',
                at: 2,
            }),
        ),
        (
            "under_score,comma",
            Err(Problem::Character {
                character: ',',
                at: 11,
            }),
        ),
        (
            "back\\slash",
            Err(Problem::Character {
                character: '\\',
                at: 4,
            }),
        ),
        (
            "\u{a0}",
            Err(Problem::Character {
                character: '\u{a0}',
                at: 0,
            }),
        ),
    ];
    for (id, expected) in rows {
        assert_eq!(tenant_id::check(id), expected, "{id:?}");
        assert_eq!(reference_tenant_id(id), expected.is_ok(), "{id:?}");
    }
}

#[test]
fn execution_names_by_character_class_and_bound() {
    let at_most = "n".repeat(64);
    let over = "n".repeat(65);
    let rows: [(&str, Result<(), Problem>); 16] = [
        ("order-42", Ok(())),
        ("A_b-9", Ok(())),
        ("a", Ok(())),
        ("Z", Ok(())),
        ("0", Ok(())),
        ("-", Ok(())),
        ("_", Ok(())),
        (&at_most, Ok(())),
        ("", Err(Problem::Empty)),
        (&over, Err(Problem::TooLong { chars: 65, max: 64 })),
        (
            "with space",
            Err(Problem::Character {
                character: ' ',
                at: 4,
            }),
        ),
        (
            "dot.ted",
            Err(Problem::Character {
                character: '.',
                at: 3,
            }),
        ),
        (
            "ünï",
            Err(Problem::Character {
                character: 'ü',
                at: 0,
            }),
        ),
        (
            "aé",
            Err(Problem::Character {
                character: 'é',
                at: 1,
            }),
        ),
        // What a tenant id may hold and a name may not.
        (
            "a:b",
            Err(Problem::Character {
                character: ':',
                at: 1,
            }),
        ),
        (
            "x@y",
            Err(Problem::Character {
                character: '@',
                at: 1,
            }),
        ),
    ];
    for (name, expected) in rows {
        assert_eq!(execution_name::check(name), expected, "{name:?}");
        assert_eq!(reference_execution_name(name), expected.is_ok(), "{name:?}");
    }
}

#[test]
fn the_patterns_are_lambdas_words() {
    assert_eq!(tenant_id::PATTERN, "[a-zA-Z0-9\\._:\\/=+\\-@ ]+");
    assert_eq!(execution_name::PATTERN, "[a-zA-Z0-9-_]+");
}

#[test]
fn the_limits_in_bytes() {
    let rows = [
        (limits::CLIENT_CONTEXT, 3_583),
        (limits::SYNC_PAYLOAD, 6_291_456),
        (limits::EVENT_PAYLOAD, 1_048_576),
        (limits::SYNC_RESPONSE, 6_291_556),
        (limits::STREAM_RESPONSE, 209_715_200),
    ];
    for (limit, bytes) in rows {
        assert_eq!(limit, bytes);
    }
}

/// `http`'s `HeaderName::from_static` panics on anything but a lowercase
/// token.
#[test]
fn header_names_are_lowercase_tokens() {
    for name in [
        header::INVOCATION_TYPE,
        header::LOG_TYPE,
        header::CLIENT_CONTEXT,
        header::TENANT_ID,
        header::DURABLE_EXECUTION_NAME,
        header::TRACE_ID,
        header::FUNCTION_ERROR,
        header::EXECUTED_VERSION,
        header::LOG_RESULT,
        header::DURABLE_EXECUTION_ARN,
        header::REQUEST_ID,
        header::ERROR_TYPE,
    ] {
        assert!(
            name.starts_with("x-amz")
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{name}"
        );
    }
}

/// Characters near the rules' edges more often than chance would give them:
/// each allowed class, the ASCII around it, other whitespace, and any other.
fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(
            "azAZ09 ._:/=+-@_".chars().collect::<Vec<_>>()
        ),
        4 => prop::char::range('\0', '\x7f'),
        1 => prop::sample::select(vec!['\t', '\n', '\r', '\u{a0}', '\u{3000}', 'é', 'ü']),
        1 => any::<char>(),
    ]
}

/// Strings about as long as the rules' bounds, and past them.
fn string(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(character(), 0..=max + 2),
        prop::collection::vec(
            prop::sample::select(vec!['a', 'Z', '7', '-', '_']),
            max - 2..=max + 2
        ),
    ]
    .prop_map(|chars| chars.into_iter().collect())
}

/// A rejection's problem says what the reference rule would: the count past
/// the bound, or the first character it refuses and where.
fn consistent(
    value: &str,
    problem: Problem,
    max: usize,
    reference: fn(&str) -> bool,
) -> Result<(), TestCaseError> {
    let chars = value.chars().count();
    match problem {
        Problem::Empty => prop_assert_eq!(chars, 0),
        Problem::TooLong {
            chars: counted,
            max: bound,
        } => {
            prop_assert_eq!((counted, bound), (chars, max));
            prop_assert!(chars > max);
        }
        Problem::Character { character, at } => {
            prop_assert!((1..=max).contains(&chars));
            prop_assert!(value[at..].starts_with(character));
            prop_assert!(!reference(&character.to_string()));
            prop_assert!(value[..at].chars().all(|c| reference(&c.to_string())));
        }
    }
    Ok(())
}

proptest! {
    /// The tenant-id check accepts exactly what the reference rule accepts,
    /// and says truly why it refuses the rest.
    #[test]
    fn the_tenant_id_check_is_the_reference_rule(id in string(256)) {
        let checked = tenant_id::check(&id);
        prop_assert_eq!(checked.is_ok(), reference_tenant_id(&id), "{:?}", checked);
        if let Err(problem) = checked {
            consistent(&id, problem, 256, reference_tenant_id)?;
        }
    }

    /// The execution-name check accepts exactly what the reference rule
    /// accepts, and says truly why it refuses the rest.
    #[test]
    fn the_execution_name_check_is_the_reference_rule(name in string(64)) {
        let checked = execution_name::check(&name);
        prop_assert_eq!(checked.is_ok(), reference_execution_name(&name), "{:?}", checked);
        if let Err(problem) = checked {
            consistent(&name, problem, 64, reference_execution_name)?;
        }
    }
}
