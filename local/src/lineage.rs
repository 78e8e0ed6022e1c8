//! Recursive loops, caught as Lambda catches them: each invocation raises
//! its function's count in the `Lineage` part of the X-Ray trace header it
//! is invoked with, and past the limit (about 16 in AWS) the invocation is
//! refused with `RecursiveInvocationException`. The handler sees the raised
//! header, so the calls it makes carry it on.
//!
//! AWS does not document the `Lineage` format; this follows the one the
//! AWS SDKs' tests use: `Lineage=<8 hex digits>:<count>[,...]`, one entry a
//! function.

/// The trace header an invocation of `function_arn` runs with: `header`
/// with the function's count raised by one (a new root when there was no
/// header). `Err` with the count when it would pass `limit`.
pub(crate) fn next(
    header: Option<&str>,
    function_arn: &str,
    limit: u32,
    root: &str,
) -> Result<String, u32> {
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
    let mut entries: Vec<(String, u32)> = lineage
        .map(|at| {
            parts[at][8..]
                .split(',')
                .filter_map(|entry| {
                    let (hash, count) = entry.split_once(':')?;
                    Some((hash.to_owned(), count.parse().ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    let count = if let Some((_, count)) = entries.iter_mut().find(|(hash, _)| *hash == id) {
        *count += 1;
        *count
    } else {
        entries.push((id, 1));
        1
    };
    if count > limit {
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

/// 32-bit FNV-1a: a short, stable id for a function.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash: u32, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
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
}
