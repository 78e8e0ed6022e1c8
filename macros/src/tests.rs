//! Expansion snapshots: a reviewer reads the generated client in `snapshots/`.

use expect_test::expect_file;
use quote::quote;

fn expand(item: proc_macro2::TokenStream) -> String {
    let tokens = crate::expand::lambda_client(proc_macro2::TokenStream::new(), item)
        .unwrap_or_else(syn::Error::into_compile_error);
    let file = syn::parse2::<syn::File>(tokens).expect("the expansion is a file of items");
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
