//! Expansion snapshots: a reviewer reads the generated code in `snapshots/`.

use expect_test::expect_file;
use quote::quote;

fn expand(item: proc_macro2::TokenStream) -> String {
    let tokens = crate::expand::lambda_client(proc_macro2::TokenStream::new(), item)
        .unwrap_or_else(syn::Error::into_compile_error);
    unparse(tokens)
}

/// Pretty-prints an expansion, with what `__if_client!`, `__if_callee!` and
/// `__if_schema!` wrap printed as the items they emit when their feature is on.
fn unparse(tokens: proc_macro2::TokenStream) -> String {
    let mut file = syn::parse2::<syn::File>(tokens).expect("the expansion is a file of items");
    file.items = file
        .items
        .into_iter()
        .flat_map(|item| match item {
            syn::Item::Macro(wrapped)
                if wrapped.mac.path.segments.last().is_some_and(|segment| {
                    segment.ident == "__if_client"
                        || segment.ident == "__if_callee"
                        || segment.ident == "__if_schema"
                }) =>
            {
                syn::parse2::<syn::File>(wrapped.mac.tokens)
                    .expect("__if_client!, __if_callee! and __if_schema! wrap items")
                    .items
            }
            other => vec![other],
        })
        .collect();
    prettyplease::unparse(&file)
}

#[test]
fn every_mode_and_argument_count() {
    let expansion = expand(quote! {
        /// The functions this service calls.
        pub trait Invoked {
            /// Wait for `invoked` to answer.
            #[lambda_client(name = "invoked", mode = "sync")]
            async fn read(&self, reader: Reader) -> Result<Echo, InvokeError>;

            /// Queue the call.
            #[lambda_client(name = "invoked", mode = "event")]
            async fn read_later(&self, reader: &Reader) -> Result<(), InvokeError>;

            /// Check that the call is allowed.
            #[lambda_client(name = "invoked", mode = "dry_run", qualifier = "live")]
            async fn can_read(&self) -> Result<(), InvokeError>;

            /// Several arguments travel as an object keyed by their names.
            #[lambda_client(name = "arn:aws:lambda:eu-west-1:123456789012:function:orders:7")]
            async fn place(&self, customer: &str, items: Vec<Item>, express: bool) -> Result<Order, InvokeError<OrderError>>;

            /// Records as the callee writes them, with its typed error.
            #[lambda_client(name = "lines", mode = "stream", log = "tail")]
            async fn lines(&self, file: &str) -> Result<ResponseStream<Line, ReadError>, InvokeError<ReadError>>;

            /// The tenant travels in its header, not in the payload.
            #[lambda_client(name = "invoked", tenant = "blue")]
            async fn read_as_blue(&self, reader: Reader) -> Result<Echo, InvokeError>;

            /// A named durable execution, started under a tenant.
            #[lambda_client(name = "fulfil", mode = "durable", qualifier = "live")]
            async fn fulfil(&self, execution: &ExecutionName, tenant: &TenantId, order: u64) -> Result<DurableCall<Receipt>, InvokeError>;

            /// A provided method stays as written.
            async fn read_twice(&self, reader: Reader) -> Result<Echo, InvokeError> {
                self.read(reader).await
            }
        }
    });
    expect_file!["snapshots/invoked.rs"].assert_eq(&expansion);
}

#[test]
fn errors_keep_the_trait() {
    let expansion = expand(quote! {
        trait Broken {
            #[lambda_client(name = "bad name")]
            async fn read(&self, (a, b): (u8, u8)) -> Result<(), InvokeError>;
        }
    });
    expect_file!["snapshots/errors_keep_the_trait.rs"].assert_eq(&expansion);
}

#[test]
fn lambda_error_every_variant_shape() {
    let input = syn::parse2::<syn::DeriveInput>(quote! {
        /// Why an order was refused.
        #[derive(Debug, thiserror::Error)]
        pub enum OrderError {
            /// A unit variant travels with its `Display` as the message.
            #[error("out of stock")]
            OutOfStock,
            /// A newtype variant: its field is the message's JSON.
            #[error("unknown item {0}")]
            UnknownItem(String),
            /// A tuple variant: an array.
            #[error("too many: {0} of {1}")]
            TooMany(u32, u32),
            /// A struct variant, under a name of its own: an object.
            #[error("refused: {reason}")]
            #[lambda_error(error_type = "Order.Refused")]
            Refused { reason: String, retry: bool },
            /// Everything else.
            #[error(transparent)]
            #[lambda_error(other)]
            Other(lambda_client::FunctionError),
        }
    })
    .expect("an enum");
    let tokens = crate::lambda_error::expand(&input);
    expect_file!["snapshots/lambda_error.rs"].assert_eq(&unparse(tokens));
}

#[test]
fn lambda_error_mistakes_keep_the_conversions() {
    let input = syn::parse2::<syn::DeriveInput>(quote! {
        pub enum OrderError {
            #[lambda_error(error_type = "")]
            OutOfStock,
        }
    })
    .expect("an enum");
    let tokens = crate::lambda_error::expand(&input);
    expect_file!["snapshots/lambda_error_mistakes.rs"].assert_eq(&unparse(tokens));
}

/// `crate = "..."` reaches the runtime through the path it gives, in the
/// client, the callee, the contract and a `LambdaError`: no generated path
/// names `::lambda_client` any more.
#[test]
fn a_renamed_runtime() {
    let expansion = crate::expand::lambda_client(
        quote!(crate = "::my_sdk::lc"),
        quote! {
            pub trait Invoked {
                #[lambda_client(name = "invoked")]
                async fn place(&self, customer: &str, express: bool) -> Result<Order, InvokeError<OrderError>>;

                #[lambda_client(name = "lines", mode = "stream")]
                async fn lines(&self, file: &str) -> Result<ResponseStream<Line, ReadError>, InvokeError<ReadError>>;
            }
        },
    )
    .unwrap_or_else(syn::Error::into_compile_error);
    let error = syn::parse2::<syn::DeriveInput>(quote! {
        #[lambda_error(crate = "::my_sdk::lc")]
        pub enum OrderError {
            #[error("refused: {reason}")]
            Refused { reason: String },
            #[error(transparent)]
            #[lambda_error(other)]
            Other(FunctionError),
        }
    })
    .expect("an enum");
    let error = crate::lambda_error::expand(&error);
    for tokens in [expansion, error] {
        let text = tokens.to_string().replace(' ', "");
        assert!(text.contains("::my_sdk::lc::__private::"), "{text}");
        assert!(
            !text.contains("::lambda_client::"),
            "an expansion under crate = \"::my_sdk::lc\" still names ::lambda_client: {text}"
        );
        let file = unparse(tokens);
        assert!(file.contains("my_sdk::lc::__private::serde"), "{file}");
    }
}

/// The keys the README's table documents are exactly the keys the macro
/// accepts: each documented key parses (no "unknown key"), and each key the
/// parser lists is documented. A key added without a row fails here.
#[test]
fn the_readme_documents_every_key() {
    use crate::keys::{METHOD_KEYS, TRAIT_KEYS};

    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let table = readme
        .split_once("| key | value | default |\n|---|---|---|\n")
        .expect("the README has the attribute's key table")
        .1;
    let documented: Vec<&str> = table
        .lines()
        .map_while(|row| row.strip_prefix("| `"))
        .map(|row| row.split_once('`').expect("a key in backticks").0)
        .collect();
    let mut accepted: Vec<&str> = METHOD_KEYS.iter().chain(&TRAIT_KEYS).copied().collect();
    accepted.sort_unstable();
    let mut sorted = documented.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted, accepted,
        "the README's key table and the keys #[lambda_client] accepts"
    );

    for key in documented {
        let key_ident = if key == "crate" {
            quote!(crate)
        } else {
            let ident = syn::Ident::new(key, proc_macro2::Span::call_site());
            quote!(#ident)
        };
        let error = if TRAIT_KEYS.contains(&key) {
            crate::args::parse_trait_args(quote!(#key_ident = "lc")).err()
        } else {
            let attribute: syn::Attribute = syn::parse_quote!(#[lambda_client(#key_ident = "x")]);
            crate::args::MethodArgs::parse(&attribute).err()
        };
        if let Some(error) = error {
            assert!(
                !error.to_string().starts_with("unknown key"),
                "the README documents `{key}`, which the parser refuses: {error}"
            );
        }
    }
}
