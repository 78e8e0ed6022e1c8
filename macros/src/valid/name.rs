//! Function names and qualifiers, checked against what Lambda accepts, so
//! that a name Lambda would refuse at run time is a compile error.

use syn::LitStr;

use crate::errors::Errors;

/// The longest function name Lambda accepts.
const MAX_NAME: usize = 64;
/// The longest qualifier (version or alias) Lambda accepts.
const MAX_QUALIFIER: usize = 128;

/// A function as a method names it, split once: the name (or ARN) that a
/// client's prefix, suffix or resolver applies to, and the qualifier.
pub(super) struct Target {
    pub(super) function: String,
    /// The `qualifier` key's, or else the one the name ends with.
    pub(super) qualifier: Option<String>,
}

/// Checks `name` against Lambda's `FunctionName`: a name of 1 to 64 of
/// `[A-Za-z0-9_-]`, or a partial (`123456789012:function:name`) or full
/// (`arn:aws:lambda:us-east-1:123456789012:function:name`) ARN, each
/// optionally followed by `:qualifier`; and `qualifier` against what Lambda
/// accepts. `None` when either is wrong.
pub(super) fn check_function_name(
    name: &LitStr,
    qualifier: Option<&LitStr>,
    errors: &mut Errors,
) -> Option<Target> {
    let value = name.value();
    let in_name = match parse_function_name(&value) {
        Ok(in_name) => in_name,
        Err(problem) => {
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "`{value}` is not a function name Lambda accepts: {problem}; use a name of 1 to 64 letters, digits, `-` and `_`, or a function ARN, optionally with `:qualifier`"
                ),
            ));
            return None;
        }
    };
    let function = match in_name {
        Some(in_name) => value[..value.len() - in_name.len() - 1].to_owned(),
        None => value.clone(),
    };
    let Some(qualifier) = qualifier else {
        return Some(Target {
            function,
            qualifier: in_name.map(str::to_owned),
        });
    };
    let text = qualifier.value();
    if let Err(problem) = check_qualifier(&text) {
        errors.push(syn::Error::new(
            qualifier.span(),
            format!("`{text}` is not a qualifier Lambda accepts: {problem}"),
        ));
        return None;
    }
    if let Some(in_name) = in_name {
        errors.push(syn::Error::new(
            qualifier.span(),
            format!(
                "the name already picks the qualifier `{in_name}`; give it once, in `name` or in `qualifier`"
            ),
        ));
        return None;
    }
    Some(Target {
        function,
        qualifier: Some(text),
    })
}

/// Returns the qualifier the name carries, if any.
fn parse_function_name(value: &str) -> Result<Option<&str>, String> {
    let parts: Vec<&str> = value.split(':').collect();
    let (name, qualifier) = match parts.as_slice() {
        [name] => (*name, None),
        [name, qualifier] => (*name, Some(*qualifier)),
        [account, "function", name] => {
            check_account(account)?;
            (*name, None)
        }
        [account, "function", name, qualifier] => {
            check_account(account)?;
            (*name, Some(*qualifier))
        }
        [
            "arn",
            partition,
            "lambda",
            region,
            account,
            "function",
            name,
            rest @ ..,
        ] if rest.len() <= 1 => {
            if !partition.starts_with("aws") {
                return Err(format!(
                    "the ARN's partition `{partition}` is not an AWS partition"
                ));
            }
            if region.is_empty()
                || !region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(format!("the ARN's region `{region}` is not a region"));
            }
            check_account(account)?;
            (*name, rest.first().copied())
        }
        _ => return Err("it has `:` where neither an ARN nor `name:qualifier` does".to_owned()),
    };
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    if name.len() > MAX_NAME {
        return Err(format!(
            "the name is {} characters, over {MAX_NAME}",
            name.len()
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(format!("the name has `{bad}`"));
    }
    if let Some(qualifier) = qualifier {
        check_qualifier(qualifier)?;
    }
    Ok(qualifier)
}

fn check_account(account: &str) -> Result<(), String> {
    if account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("the account `{account}` is not 12 digits"))
    }
}

/// A version (`$LATEST`, `7`) or an alias (`prod`).
fn check_qualifier(qualifier: &str) -> Result<(), String> {
    if qualifier.is_empty() {
        return Err("the qualifier is empty".to_owned());
    }
    if qualifier.len() > MAX_QUALIFIER {
        return Err(format!(
            "the qualifier is {} characters, over {MAX_QUALIFIER}",
            qualifier.len()
        ));
    }
    if qualifier == "$LATEST" {
        return Ok(());
    }
    match qualifier
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        Some(bad) => Err(format!("the qualifier has `{bad}`")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::Span;

    use super::*;

    #[test]
    fn a_name_is_split_from_its_qualifier_once() {
        let rows = [
            ("echo", None, "echo", None),
            ("echo:7", None, "echo", Some("7")),
            ("echo", Some("live"), "echo", Some("live")),
            (
                "arn:aws:lambda:eu-west-1:123456789012:function:orders:live",
                None,
                "arn:aws:lambda:eu-west-1:123456789012:function:orders",
                Some("live"),
            ),
            (
                "123456789012:function:orders",
                Some("$LATEST"),
                "123456789012:function:orders",
                Some("$LATEST"),
            ),
        ];
        for (name, qualifier, function, split) in rows {
            let mut errors = Errors::default();
            let qualifier = qualifier.map(|qualifier| LitStr::new(qualifier, Span::call_site()));
            let target = check_function_name(
                &LitStr::new(name, Span::call_site()),
                qualifier.as_ref(),
                &mut errors,
            )
            .unwrap_or_else(|| panic!("{name} was refused"));
            assert_eq!(target.function, function, "{name}");
            assert_eq!(target.qualifier.as_deref(), split, "{name}");
            assert!(errors.finish().is_none());
        }
    }

    #[test]
    fn function_names() {
        let accepted = [
            ("invoked", None),
            ("my-function_2", None),
            ("invoked:prod", Some("prod")),
            ("invoked:$LATEST", Some("$LATEST")),
            ("123456789012:function:invoked", None),
            ("123456789012:function:invoked:7", Some("7")),
            (
                "arn:aws:lambda:us-east-1:123456789012:function:invoked",
                None,
            ),
            (
                "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:invoked:live",
                Some("live"),
            ),
        ];
        for (name, qualifier) in accepted {
            assert_eq!(parse_function_name(name), Ok(qualifier), "{name}");
        }
        let long = "a".repeat(65);
        let refused = [
            "",
            "has space",
            "dots.are.out",
            long.as_str(),
            "invoked:",
            "invoked:a.b",
            "12345:function:invoked",
            "arn:aws:lambda:us-east-1:123456789012:function:",
            "arn:azure:lambda:us-east-1:123456789012:function:f",
            "arn:aws:s3:us-east-1:123456789012:function:f",
            "a:b:c",
        ];
        for name in refused {
            assert!(parse_function_name(name).is_err(), "{name:?} was accepted");
        }
    }
}
