//! Parse: the annotated trait as a model. [`Contract::parse`] reads the trait
//! and its attributes without judging them; `valid.rs` checks the model and
//! turns each method into a [`Call`], which the renderers read.

use syn::{Attribute, Ident, ItemTrait, LitInt, TraitItem, TraitItemFn, Type};

use crate::args::{self, MethodArgs, Mode};
use crate::paths::Root;

/// A trait whose methods call Lambda functions.
pub(crate) struct Contract {
    /// The trait as the user wrote it, less our attributes on its methods.
    pub(crate) item: ItemTrait,
    /// Its methods, in order.
    pub(crate) methods: Vec<Declared>,
    /// The path generated code reaches the runtime through.
    pub(crate) root: Root,
}

/// One method of the trait, as declared.
pub(crate) struct Declared {
    /// Where the method sits in `Contract::item.items`.
    pub(crate) position: usize,
    /// The method, less our attributes.
    pub(crate) method: TraitItemFn,
    /// The keys of its `#[lambda_client(...)]`, or why they do not parse;
    /// `None` when it has no such attribute.
    pub(crate) args: Option<syn::Result<MethodArgs>>,
    /// Our attributes after the first, which are a mistake.
    pub(crate) duplicates: Vec<Attribute>,
}

impl Contract {
    /// Reads `item`, whose generated code reaches the runtime through
    /// `root` (`crate = "..."`, or the default). The attributes' syntax
    /// errors are kept in the model, to be reported with the method's other
    /// mistakes.
    pub(crate) fn parse(mut item: ItemTrait, root: Option<syn::Path>) -> Contract {
        let mut methods = Vec::new();
        for (position, trait_item) in item.items.iter_mut().enumerate() {
            let TraitItem::Fn(method) = trait_item else {
                continue;
            };
            let mut ours = method
                .attrs
                .iter()
                .filter(|attribute| args::is_ours(attribute))
                .cloned();
            let first = ours.next();
            let duplicates = ours.collect();
            method.attrs.retain(|attribute| !args::is_ours(attribute));
            methods.push(Declared {
                position,
                method: method.clone(),
                args: first.map(|attribute| MethodArgs::parse(&attribute)),
                duplicates,
            });
        }
        Contract {
            item,
            methods,
            root: Root::new(root),
        }
    }
}

/// A method that calls a function, checked: everything the renderers need.
pub(crate) struct Call {
    /// Where the method sits in `Contract::item.items`.
    pub(crate) position: usize,
    /// The method's signature as declared.
    pub(crate) sig: syn::Signature,
    /// The arguments that make the payload.
    pub(crate) arguments: Vec<Argument>,
    /// The argument of type `&ClientContext` (or `ClientContext`), which
    /// travels in Lambda's `ClientContext` instead of the payload.
    pub(crate) context: Option<Ident>,
    /// The argument of type `&TenantId` (or `TenantId`), which travels in
    /// `X-Amz-Tenant-Id`.
    pub(crate) tenant: Option<Ident>,
    /// `tenant = "..."`, checked.
    pub(crate) tenant_literal: Option<String>,
    /// A durable method's argument of type `&ExecutionName`.
    pub(crate) execution: Option<Ident>,
    /// The whole return type, `Result<T, InvokeError<E>>`.
    pub(crate) output: Type,
    /// `T` of `Result<T, _>` (or of `Result<Reply<T>, _>`): what the callee returns.
    pub(crate) value: Type,
    /// The method returns `Reply<T>`: the value with what Lambda said.
    pub(crate) reply: bool,
    /// A stream of records' `T`, in `ResponseStream<T>`.
    pub(crate) record: Option<Type>,
    /// `E` of `Result<_, InvokeError<E>>`, when the return type names it:
    /// then the callee must fail with that `E`.
    pub(crate) callee_error: Option<Type>,
    pub(crate) mode: Mode,
    /// The function's name or ARN, without a qualifier.
    pub(crate) function: String,
    /// The version or alias: the `qualifier` key's, or the one the name
    /// ends with.
    pub(crate) qualifier: Option<String>,
    /// Whether the callee may run twice for one call.
    pub(crate) idempotent: bool,
    /// `log = "tail"`: ask for the callee's log tail.
    pub(crate) log_tail: bool,
    pub(crate) max_attempts: Option<LitInt>,
    pub(crate) timeout_ms: Option<LitInt>,
}

/// One argument of the payload: a plain identifier and its type.
pub(crate) struct Argument {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// What the callee receives: the type without its reference (`String`
    /// for `&str`, `Vec<T>` for `&[T]`).
    pub(crate) owned: Type,
}
