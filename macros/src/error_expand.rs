//! Code generation for `#[derive(LambdaError)]`: the caller's side (the
//! error document back into the enum) and, behind `__if_callee!`, the
//! callee's side (the enum into `lambda_runtime`'s `Diagnostic`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, Ident};

use crate::error_ast::{ErrorEnum, ErrorVariant};

pub(crate) fn lambda_error(input: &DeriveInput) -> syn::Result<TokenStream> {
    let model = ErrorEnum::from_input(input)?;
    Ok([from_function_error(&model), into_diagnostic(&model)]
        .into_iter()
        .collect())
}

/// The local that holds the error, out of reach of the user's field names.
fn error_local() -> Ident {
    Ident::new("__error", Span::mixed_site())
}

/// The helper struct that carries a variant's fields through serde.
fn data_ident() -> Ident {
    Ident::new("__LambdaErrorData", Span::mixed_site())
}

/// The binding of field `index` of a tuple variant.
fn field_binding(index: usize) -> Ident {
    format_ident!("__field{}", index, span = Span::mixed_site())
}

/// The caller's side: `errorType` picks the variant, the JSON in
/// `errorMessage` fills its fields; anything else goes to the catch-all.
fn from_function_error(model: &ErrorEnum) -> TokenStream {
    let ident = &model.ident;
    let error = error_local();
    let catch_all = &model.catch_all;
    let arms = model
        .variants
        .iter()
        .map(|variant| decode_arm(ident, variant));
    quote! {
        #[automatically_derived]
        impl ::lambda_client::FromFunctionError for #ident {
            fn from_function_error(#error: ::lambda_client::FunctionError) -> Self {
                match ::lambda_client::FunctionError::error_type(&#error) {
                    #(#arms)*
                    _ => {}
                }
                #ident::#catch_all(#error)
            }
        }
    }
}

fn decode_arm(ident: &Ident, variant: &ErrorVariant) -> TokenStream {
    let error = error_local();
    let data = data_ident();
    let name = &variant.ident;
    let error_type = &variant.error_type;
    let serde = serde_attributes();
    let body = match &variant.fields {
        Fields::Unit => quote!(return #ident::#name;),
        Fields::Named(fields) => {
            let idents: Vec<_> = fields.named.iter().map(|field| &field.ident).collect();
            let types = fields.named.iter().map(|field| {
                let ty = &field.ty;
                quote_spanned!(ty.span()=> #ty)
            });
            quote! {
                #serde
                struct #data { #(#idents: #types,)* }
                if let ::core::option::Option::Some(#data { #(#idents),* }) =
                    ::lambda_client::__private::error_data::<#data>(&#error)
                {
                    return #ident::#name { #(#idents),* };
                }
            }
        }
        Fields::Unnamed(fields) => {
            let bindings: Vec<_> = (0..fields.unnamed.len()).map(field_binding).collect();
            let types = fields.unnamed.iter().map(|field| {
                let ty = &field.ty;
                quote_spanned!(ty.span()=> #ty)
            });
            quote! {
                #serde
                struct #data(#(#types),*);
                if let ::core::option::Option::Some(#data(#(#bindings),*)) =
                    ::lambda_client::__private::error_data::<#data>(&#error)
                {
                    return #ident::#name(#(#bindings),*);
                }
            }
        }
    };
    quote! {
        ::core::option::Option::Some(#error_type) => { #body }
    }
}

fn serde_attributes() -> TokenStream {
    quote! {
        #[derive(::lambda_client::__private::serde::Deserialize)]
        #[serde(crate = "::lambda_client::__private::serde")]
    }
}

/// The callee's side: the variant's name (or `error_type`) as `errorType`;
/// the fields as JSON in `errorMessage`, or the `Display` of a unit variant.
fn into_diagnostic(model: &ErrorEnum) -> TokenStream {
    let ident = &model.ident;
    let error = error_local();
    let catch_all = &model.catch_all;
    let arms = model
        .variants
        .iter()
        .map(|variant| encode_arm(ident, variant));
    quote! {
        ::lambda_client::__if_callee! {
            #[automatically_derived]
            impl ::core::convert::From<#ident> for ::lambda_client::__private::callee::Diagnostic {
                fn from(#error: #ident) -> Self {
                    match &#error {
                        #(#arms)*
                        #ident::#catch_all(#error) => ::core::convert::From::from(
                            ::core::clone::Clone::clone(#error),
                        ),
                    }
                }
            }
        }
    }
}

fn encode_arm(ident: &Ident, variant: &ErrorVariant) -> TokenStream {
    let error = error_local();
    let data = data_ident();
    let name = &variant.ident;
    let error_type = &variant.error_type;
    let lifetime = syn::Lifetime::new("'__data", Span::mixed_site());
    let serialize = quote! {
        #[derive(::lambda_client::__private::serde::Serialize)]
        #[serde(crate = "::lambda_client::__private::serde")]
    };
    match &variant.fields {
        Fields::Unit => {
            let display = quote_spanned! {name.span()=>
                ::std::string::ToString::to_string(&#error)
            };
            quote! {
                #ident::#name => ::lambda_client::__private::callee::error_without_data(#error_type, #display),
            }
        }
        Fields::Named(fields) => {
            let idents: Vec<_> = fields.named.iter().map(|field| &field.ident).collect();
            let types = fields.named.iter().map(|field| {
                let ty = &field.ty;
                quote_spanned!(ty.span()=> &#lifetime #ty)
            });
            quote! {
                #ident::#name { #(#idents),* } => {
                    #serialize
                    struct #data<#lifetime> { #(#idents: #types,)* }
                    ::lambda_client::__private::callee::error_with_data(#error_type, &#data { #(#idents),* })
                }
            }
        }
        Fields::Unnamed(fields) => {
            let bindings: Vec<_> = (0..fields.unnamed.len()).map(field_binding).collect();
            let types = fields.unnamed.iter().map(|field| {
                let ty = &field.ty;
                quote_spanned!(ty.span()=> &#lifetime #ty)
            });
            quote! {
                #ident::#name(#(#bindings),*) => {
                    #serialize
                    struct #data<#lifetime>(#(#types),*);
                    ::lambda_client::__private::callee::error_with_data(#error_type, &#data(#(#bindings),*))
                }
            }
        }
    }
}
