//! The arguments of `#[lambda_client(...)]`, parsed and nothing more.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

/// The attribute's path: `#[lambda_client]` on the trait and its methods.
pub(crate) const ATTRIBUTE: &str = "lambda_client";

const NAME: &str = "name";
const MODE: &str = "mode";
const QUALIFIER: &str = "qualifier";
const METHOD_KEYS: &str = "`name`, `mode` and `qualifier`";

/// How Lambda is to run the call: Lambda's `InvocationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Sync,
    Event,
    DryRun,
}

impl Mode {
    const VALUES: [(&'static str, Mode); 3] = [
        ("sync", Mode::Sync),
        ("event", Mode::Event),
        ("dry_run", Mode::DryRun),
    ];

    fn parse(literal: &LitStr) -> syn::Result<Mode> {
        let value = literal.value();
        Mode::VALUES
            .iter()
            .find(|(name, _)| *name == value)
            .map(|&(_, mode)| mode)
            .ok_or_else(|| {
                syn::Error::new(
                    literal.span(),
                    format!(
                        "unknown mode `{value}`; expected \"sync\" (RequestResponse), \"event\" or \"dry_run\""
                    ),
                )
            })
    }
}

/// `#[lambda_client(name = "...", mode = "...", qualifier = "...")]` on a method.
pub(crate) struct MethodArgs {
    /// The whole attribute, for errors about what it lacks.
    pub(crate) attribute: Attribute,
    pub(crate) name: Option<LitStr>,
    pub(crate) mode: Option<Mode>,
    pub(crate) qualifier: Option<LitStr>,
}

impl MethodArgs {
    pub(crate) fn parse(attribute: &Attribute) -> syn::Result<MethodArgs> {
        let mut args = MethodArgs {
            attribute: attribute.clone(),
            name: None,
            mode: None,
            qualifier: None,
        };
        if matches!(attribute.meta, syn::Meta::Path(_)) {
            return Ok(args);
        }
        attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident(NAME) {
                let literal = unique_string(&meta, args.name.is_some())?;
                args.name = Some(literal);
            } else if meta.path.is_ident(MODE) {
                let literal = unique_string(&meta, args.mode.is_some())?;
                args.mode = Some(Mode::parse(&literal)?);
            } else if meta.path.is_ident(QUALIFIER) {
                let literal = unique_string(&meta, args.qualifier.is_some())?;
                args.qualifier = Some(literal);
            } else {
                return Err(meta.error(format!(
                    "unknown key `{}`; a method's #[lambda_client] takes {METHOD_KEYS}",
                    path_text(&meta.path)
                )));
            }
            Ok(())
        })?;
        Ok(args)
    }
}

fn unique_string(meta: &ParseNestedMeta<'_>, seen: bool) -> syn::Result<LitStr> {
    let key = path_text(&meta.path);
    if seen {
        return Err(meta.error(format!("duplicate key `{key}`")));
    }
    let value = meta.value()?;
    value.parse::<LitStr>().map_err(|error| {
        syn::Error::new(
            error.span(),
            format!("`{key}` takes a string literal, for example {key} = \"...\""),
        )
    })
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// `#[lambda_client]` on the trait takes nothing: the calls are described on
/// the methods.
pub(crate) fn parse_trait_args(args: TokenStream) -> syn::Result<()> {
    if args.is_empty() {
        return Ok(());
    }
    Err(syn::Error::new_spanned(
        args,
        format!("#[lambda_client] on a trait takes no arguments; {METHOD_KEYS} go on each method"),
    ))
}

/// Whether `attribute` is one of ours.
pub(crate) fn is_ours(attribute: &Attribute) -> bool {
    attribute
        .path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == ATTRIBUTE)
}
