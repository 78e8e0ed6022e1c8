//! Parse: the arguments of `#[lambda_client(...)]`, each key into its typed
//! value, and nothing more.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitInt, LitStr};

use crate::keys::{
    CRATE, DRY_RUN, DURABLE, EVENT, IDEMPOTENT, LAMBDA_CLIENT, LOG, LOG_TAIL, MAX_ATTEMPTS,
    METHOD_KEYS, MODE, NAME, QUALIFIER, STREAM, SYNC, TENANT, TIMEOUT_MS, TRAIT_KEYS, listed,
};

/// How Lambda is to run the call: Lambda's `InvocationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Sync,
    Event,
    DryRun,
    /// `RequestResponse` through `InvokeWithResponseStream`.
    Stream,
    /// An `Event` that starts a named durable execution.
    Durable,
}

/// What a mode is, one row each: the name the attribute writes, Lambda's
/// `InvocationType`, and the runtime's type (under `__private::mode`) whose
/// implementation makes the call.
struct Row {
    name: &'static str,
    mode: Mode,
    invocation_type: &'static str,
    runtime: &'static str,
}

impl Mode {
    const ROWS: [Row; 5] = [
        Row {
            name: SYNC,
            mode: Mode::Sync,
            invocation_type: "RequestResponse",
            runtime: "Sync",
        },
        Row {
            name: EVENT,
            mode: Mode::Event,
            invocation_type: "Event",
            runtime: "Accepted",
        },
        Row {
            name: DRY_RUN,
            mode: Mode::DryRun,
            invocation_type: "DryRun",
            runtime: "Accepted",
        },
        Row {
            name: STREAM,
            mode: Mode::Stream,
            invocation_type: "RequestResponse",
            runtime: "Stream",
        },
        Row {
            name: DURABLE,
            mode: Mode::Durable,
            invocation_type: "Event",
            runtime: "Durable",
        },
    ];

    fn row(self) -> &'static Row {
        // Every mode has its row; the first is the default's.
        Mode::ROWS
            .iter()
            .find(|row| row.mode == self)
            .unwrap_or(&Mode::ROWS[0])
    }

    /// The mode as the attribute writes it.
    pub(crate) fn name(self) -> &'static str {
        self.row().name
    }

    /// Lambda's `InvocationType` for the mode, as the runtime's enum names it.
    pub(crate) fn invocation_type(self) -> &'static str {
        self.row().invocation_type
    }

    /// The runtime's type that makes a call of this mode.
    pub(crate) fn runtime(self) -> &'static str {
        self.row().runtime
    }

    fn parse(literal: &LitStr) -> syn::Result<Mode> {
        let value = literal.value();
        Mode::ROWS
            .iter()
            .find(|row| row.name == value)
            .map(|row| row.mode)
            .ok_or_else(|| {
                syn::Error::new(
                    literal.span(),
                    format!(
                        "unknown mode `{value}`; expected \"sync\" (RequestResponse), \"event\", \"dry_run\", \"stream\" (InvokeWithResponseStream) or \"durable\" (a named durable execution)"
                    ),
                )
            })
    }
}

/// `#[lambda_client(name = "...", mode = "...", qualifier = "...", idempotent,
/// max_attempts = 3, timeout_ms = 500)]` on a method.
pub(crate) struct MethodArgs {
    /// The whole attribute, for errors about what it lacks.
    pub(crate) attribute: Attribute,
    pub(crate) name: Option<LitStr>,
    pub(crate) mode: Option<Mode>,
    pub(crate) qualifier: Option<LitStr>,
    /// Running the callee twice is harmless: retry even when it may have started.
    pub(crate) idempotent: bool,
    /// Overrides the client's retry policy's attempts.
    pub(crate) max_attempts: Option<LitInt>,
    /// Overrides the client's timeout of each attempt.
    pub(crate) timeout_ms: Option<LitInt>,
    /// `log = "tail"`: ask for the last 4 KB of the callee's log.
    pub(crate) log_tail: Option<LitStr>,
    /// `tenant = "..."`: the tenant of every call.
    pub(crate) tenant: Option<LitStr>,
}

impl MethodArgs {
    pub(crate) fn parse(attribute: &Attribute) -> syn::Result<MethodArgs> {
        let mut args = MethodArgs {
            attribute: attribute.clone(),
            name: None,
            mode: None,
            qualifier: None,
            idempotent: false,
            max_attempts: None,
            timeout_ms: None,
            log_tail: None,
            tenant: None,
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
            } else if meta.path.is_ident(IDEMPOTENT) {
                if args.idempotent {
                    return Err(meta.error("duplicate key `idempotent`"));
                }
                if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                    return Err(meta.error("`idempotent` takes no value: write #[lambda_client(name = \"...\", idempotent)]"));
                }
                args.idempotent = true;
            } else if meta.path.is_ident(MAX_ATTEMPTS) {
                args.max_attempts = Some(positive_integer(&meta, args.max_attempts.is_some(), 3)?);
            } else if meta.path.is_ident(LOG) {
                let literal = unique_string(&meta, args.log_tail.is_some())?;
                if literal.value() != LOG_TAIL {
                    return Err(syn::Error::new(
                        literal.span(),
                        "`log` takes \"tail\": Lambda returns the last 4 KB of the callee's log",
                    ));
                }
                args.log_tail = Some(literal);
            } else if meta.path.is_ident(TENANT) {
                let literal = unique_string(&meta, args.tenant.is_some())?;
                args.tenant = Some(literal);
            } else if meta.path.is_ident(TIMEOUT_MS) {
                args.timeout_ms = Some(positive_integer(&meta, args.timeout_ms.is_some(), 2000)?);
            } else if meta.path.is_ident(CRATE) {
                return Err(meta.error(
                    "`crate` goes on the trait, #[lambda_client(crate = \"...\")], and holds for all its methods",
                ));
            } else {
                return Err(meta.error(format!(
                    "unknown key `{}`; a method's #[lambda_client] takes {}",
                    path_text(&meta.path),
                    listed(&METHOD_KEYS),
                )));
            }
            Ok(())
        })?;
        Ok(args)
    }
}

pub(crate) fn unique_string(meta: &ParseNestedMeta<'_>, seen: bool) -> syn::Result<LitStr> {
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

fn positive_integer(meta: &ParseNestedMeta<'_>, seen: bool, example: u32) -> syn::Result<LitInt> {
    let key = path_text(&meta.path);
    if seen {
        return Err(meta.error(format!("duplicate key `{key}`")));
    }
    let value = meta.value()?;
    let literal = value.parse::<LitInt>().map_err(|error| {
        syn::Error::new(
            error.span(),
            format!("`{key}` takes a whole number, for example {key} = {example}"),
        )
    })?;
    match literal.base10_parse::<u32>() {
        Ok(number) if number >= 1 => Ok(literal),
        _ => Err(syn::Error::new(
            literal.span(),
            format!("`{key}` is a whole number from 1 to {}", u32::MAX),
        )),
    }
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// `#[lambda_client(crate = "...")]` on the trait: the calls are described
/// on the methods.
#[derive(Default)]
pub(crate) struct TraitArgs {
    /// `crate = "..."`: the path to the runtime, when the dependency is
    /// renamed or re-exported.
    pub(crate) root: Option<syn::Path>,
}

pub(crate) fn parse_trait_args(args: TokenStream) -> syn::Result<TraitArgs> {
    let mut trait_args = TraitArgs::default();
    if args.is_empty() {
        return Ok(trait_args);
    }
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident(CRATE) {
            trait_args.root = Some(crate_path(&meta, trait_args.root.is_some())?);
            Ok(())
        } else {
            Err(meta.error(format!(
                "unknown key `{}`; #[lambda_client] on a trait takes {}, and {} go on each method",
                path_text(&meta.path),
                listed(&TRAIT_KEYS),
                listed(&METHOD_KEYS),
            )))
        }
    });
    syn::parse::Parser::parse2(parser, args)?;
    Ok(trait_args)
}

/// The value of `crate = "..."`: a path such as `lc` or
/// `::my_sdk::lambda_client`, or an error on the literal.
pub(crate) fn crate_path(meta: &ParseNestedMeta<'_>, seen: bool) -> syn::Result<syn::Path> {
    let literal = unique_string(meta, seen)?;
    literal
        .parse_with(syn::Path::parse_mod_style)
        .map_err(|_| {
            syn::Error::new(
                literal.span(),
                "`crate` takes the path of lambda-client as this crate names it, for example crate = \"lc\" or crate = \"::my_sdk::lambda_client\"",
            )
        })
}

/// Whether `attribute` is one of ours.
pub(crate) fn is_ours(attribute: &Attribute) -> bool {
    attribute
        .path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == LAMBDA_CLIENT)
}
