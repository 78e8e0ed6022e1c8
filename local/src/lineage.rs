//! Recursive loops, caught as Lambda catches them: each invocation raises
//! its function's count in the `Lineage` part of the X-Ray trace header it
//! is invoked with, and past the limit (about 16 in AWS) the invocation is
//! refused with `RecursiveInvocationException`. The handler sees the raised
//! header, so the calls it makes carry it on.
//!
//! AWS does not document the `Lineage` format; this follows the one the
//! AWS SDKs' tests use: `Lineage=<8 hex digits>:<count>[,...]`, one entry a
//! function.

use std::num::IntErrorKind;

/// The trace header an invocation of `function_arn` runs with: `header`
/// with the function's count raised by one (a new root when there was no
/// header). `Err` with the count when it would pass `limit`.
///
/// The header comes from the caller, so its count may be any size: it is
/// read into a `u64` and raised saturating, which keeps any count past
/// `u32::MAX` (the highest limit) refused rather than wrapped to a small
/// one or, too long to parse, forgotten.
pub(crate) fn next(
    header: Option<&str>,
    function_arn: &str,
    limit: u32,
    root: &str,
) -> Result<String, u64> {
    let id = format!("{:08x}", fnv1a(function_arn.as_bytes()));
    let mut parts: Vec<String> = match header {
        Some(header) if !header.trim().is_empty() => header
            .split(';')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => vec![format!("Root={root}")],
    };
    let lineage = parts.iter().position(|part| {
        part.get(..8)
            .is_some_and(|key| key.eq_ignore_ascii_case("lineage="))
    });
    let mut entries: Vec<(String, u64)> = lineage
        .map(|at| {
            parts[at][8..]
                .split(',')
                .filter_map(|entry| {
                    let (hash, count) = entry.split_once(':')?;
                    Some((hash.to_owned(), parse_count(count)?))
                })
                .collect()
        })
        .unwrap_or_default();
    let count = if let Some((_, count)) = entries.iter_mut().find(|(hash, _)| *hash == id) {
        *count = count.saturating_add(1);
        *count
    } else {
        entries.push((id, 1));
        1
    };
    if count > u64::from(limit) {
        return Err(count);
    }
    let value = entries
        .iter()
        .map(|(hash, count)| format!("{hash}:{count}"))
        .collect::<Vec<_>>()
        .join(",");
    let part = format!("Lineage={value}");
    match lineage {
        Some(at) => parts[at] = part,
        None => parts.push(part),
    }
    Ok(parts.join(";"))
}

/// An entry's count: a number too large for a `u64` is the largest one,
/// past any limit; what is not a number is no count at all.
fn parse_count(count: &str) -> Option<u64> {
    match count.parse() {
        Ok(count) => Some(count),
        Err(error) if *error.kind() == IntErrorKind::PosOverflow => Some(u64::MAX),
        Err(_) => None,
    }
}

/// 32-bit FNV-1a: a short, stable id for a function.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash: u32, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const ROOT: &str = "1-5759e988-bd862e3fe1be46a994272793";

    #[test]
    fn each_hop_raises_its_functions_count_and_keeps_the_rest() {
        let first = next(None, "arn:f", 16, ROOT).expect("allowed");
        assert!(
            first.starts_with("Root=1-5759e988-bd862e3fe1be46a994272793;Lineage="),
            "{first}"
        );
        assert!(first.ends_with(":1"), "{first}");
        let second = next(Some(&first), "arn:f", 16, ROOT).expect("allowed");
        assert!(second.ends_with(":2"), "{second}");
        let other = next(Some(&second), "arn:g", 16, ROOT).expect("allowed");
        assert!(other.contains(":2,"), "{other}");
        assert!(other.ends_with(":1"), "{other}");
    }

    #[test]
    fn parts_it_does_not_know_are_kept_in_place() {
        let header = "Root=1-a-b;Parent=53995c3f42cd8ad8;Sampled=1;lineage=a87bd80c:5;Self=x";
        let raised = next(Some(header), "arn:f", 16, ROOT).expect("allowed");
        let parts: Vec<&str> = raised.split(';').collect();
        assert_eq!(
            parts[..3],
            ["Root=1-a-b", "Parent=53995c3f42cd8ad8", "Sampled=1"]
        );
        assert!(parts[3].starts_with("Lineage=a87bd80c:5,"), "{raised}");
        assert_eq!(parts[4], "Self=x");
    }

    #[test]
    fn past_the_limit_the_hop_is_refused() {
        let mut header = None;
        for hop in 1..=3 {
            header = Some(next(header.as_deref(), "arn:f", 3, ROOT).expect("within the limit"));
            assert!(
                header
                    .as_deref()
                    .is_some_and(|header| header.ends_with(&format!(":{hop}")))
            );
        }
        assert_eq!(next(header.as_deref(), "arn:f", 3, ROOT), Err(4));
    }

    /// The `Lineage` entry of `arn:f`.
    fn id() -> String {
        format!("{:08x}", fnv1a(b"arn:f"))
    }

    /// The count `header` carries for `arn:f`, as the next hop reads it.
    fn count_of(header: &str) -> Option<u64> {
        let id = id();
        let lineage = header.split(';').map(str::trim).find_map(|part| {
            part.get(..8)
                .filter(|key| key.eq_ignore_ascii_case("lineage="))
                .map(|_| &part[8..])
        })?;
        lineage.split(',').find_map(|entry| {
            let (hash, count) = entry.split_once(':')?;
            (hash == id).then(|| count.parse().ok())?
        })
    }

    #[test]
    fn a_count_at_the_top_of_u32_is_refused_not_wrapped() {
        let header = format!("Root={ROOT};Lineage={}:4294967295", id());
        assert_eq!(next(Some(&header), "arn:f", 16, ROOT), Err(4_294_967_296));
        // Even when the limit is as high as a limit goes.
        assert_eq!(
            next(Some(&header), "arn:f", u32::MAX, ROOT),
            Err(4_294_967_296)
        );
    }

    #[test]
    fn a_count_too_large_for_any_integer_is_refused_not_forgotten() {
        let header = format!("Root={ROOT};Lineage={}:99999999999999999999999999", id());
        assert_eq!(next(Some(&header), "arn:f", 16, ROOT), Err(u64::MAX));
    }

    /// A header's part: one of X-Ray's, noise, or a `Lineage` whose entries
    /// may be `arn:f`'s with any count.
    fn part() -> impl Strategy<Value = String> {
        let entry = (
            prop_oneof![Just(id()), "[0-9a-f]{8}", "[ -~&&[^;,]]{0,10}"],
            prop_oneof!["[0-9]{1,25}", "[ -~&&[^;,]]{0,5}"],
        )
            .prop_map(|(hash, count)| format!("{hash}:{count}"));
        let lineage = (
            prop_oneof![Just("Lineage="), Just("lineage="), Just("LINEAGE=")],
            proptest::collection::vec(entry, 0..4),
        )
            .prop_map(|(key, entries)| format!("{key}{}", entries.join(",")));
        prop_oneof![
            "Root=1-[0-9a-f]{8}-[0-9a-f]{24}",
            "Parent=[0-9a-f]{16}",
            "Sampled=[01?]",
            "[ -~&&[^;]]{0,20}",
            lineage,
        ]
    }

    fn header() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(part(), 0..5).prop_map(|parts| parts.join(";")),
            any::<String>(),
        ]
    }

    proptest! {
        /// Whatever count a header carries, the next hop is that count
        /// plus one, or refused when that passes the limit: never wrapped
        /// to a small count, never forgotten.
        #[test]
        fn the_next_count_is_the_last_plus_one_saturating(
            count in "[0-9]{1,25}",
            limit in prop_oneof![0..=20_u32, any::<u32>(), Just(u32::MAX)],
        ) {
            let header = format!("Root={ROOT};Lineage=00000000:3,{}:{count}", id());
            let raised = count.parse::<u64>().unwrap_or(u64::MAX).saturating_add(1);
            match next(Some(&header), "arn:f", limit, ROOT) {
                Ok(next) => {
                    prop_assert!(raised <= u64::from(limit), "{next}");
                    prop_assert_eq!(count_of(&next), Some(raised), "{}", next);
                    prop_assert!(next.contains("Lineage=00000000:3,"), "{}", next);
                }
                Err(refused) => {
                    prop_assert!(raised > u64::from(limit));
                    prop_assert_eq!(refused, raised);
                }
            }
        }

        /// From any header, a chain of calls to one function is refused
        /// within `limit` hops, its count rising at each.
        #[test]
        fn no_header_lets_a_chain_pass_the_limit(header in header(), limit in 0..=20_u32) {
            let mut header = Some(header);
            let mut last = None;
            let mut hops = 0;
            while let Ok(next) = next(header.as_deref(), "arn:f", limit, ROOT) {
                hops += 1;
                prop_assert!(hops <= limit, "hop {hops} past the limit {limit}: {next}");
                let count = count_of(&next);
                prop_assert!(count.is_some_and(|count| count >= 1 && count <= u64::from(limit)), "{}", next);
                prop_assert!(count > last, "{:?} after {:?}: {}", count, last, next);
                last = count;
                header = Some(next);
            }
        }
    }
}
