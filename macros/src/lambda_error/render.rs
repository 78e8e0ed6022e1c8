//! Render: the caller's side of a `LambdaError` enum (the error document
//! back into the enum) and, behind `__if_callee!`, the callee's side (the
//! enum into `lambda_runtime`'s `Diagnostic`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, Ident};

use super::model::{ErrorEnum, ErrorVariant};
use crate::paths::Root;

/// Both conversions of a checked enum.
pub(crate) fn lambda_error(model: &ErrorEnum) -> TokenStream {
    [
        from_function_error(model),
        into_diagnostic(model),
        error_schema(model),
    ]
    .into_iter()
    .collect()
}

/// The variants for a contract's document, behind `__if_schema!`: each
/// `errorType` and the schema of the data its fields travel as. The bounds
/// on the fields' types go through `__G`, so an enum whose fields do not
/// derive `JsonSchema` still compiles.
fn error_schema(model: &ErrorEnum) -> TokenStream {
    let root = &model.root;
    let ident = &model.ident;
    let generic = Ident::new("__G", Span::mixed_site());
    let generator = Ident::new("__generator", Span::mixed_site());
    let schema = |path: TokenStream| root.private(quote!(schema::#path));
    let (error_schema, has_schema, error_variant, generator_type, object, tuple) = (
        schema(quote!(ErrorSchema)),
        schema(quote!(HasSchema)),
        schema(quote!(ErrorVariant)),
        schema(quote!(SchemaGenerator)),
        schema(quote!(object)),
        schema(quote!(tuple)),
    );
    let mut bounds = Vec::new();
    let variants = model.variants.iter().map(|variant| {
        let name = variant.ident.to_string();
        let error_type = &variant.error_type;
        let mut schema_of = |ty: &syn::Type| {
            bounds.push(quote!(#ty: #has_schema<#generic>));
            quote!(<#ty as #has_schema<#generic>>::schema(#generator))
        };
        let data = match &variant.fields {
            Fields::Unit => quote!(::core::option::Option::None),
            Fields::Named(fields) => {
                let entries: Vec<TokenStream> = fields
                    .named
                    .iter()
                    .map(|field| {
                        let field_name = field
                            .ident
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        let schema = schema_of(&field.ty);
                        quote!((#field_name, #schema))
                    })
                    .collect();
                quote!(::core::option::Option::Some(#object(::core::convert::From::from([#(#entries),*]))))
            }
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                let schema = schema_of(&fields.unnamed[0].ty);
                quote!(::core::option::Option::Some(#schema))
            }
            Fields::Unnamed(fields) => {
                let items: Vec<TokenStream> = fields
                    .unnamed
                    .iter()
                    .map(|field| schema_of(&field.ty))
                    .collect();
                quote!(::core::option::Option::Some(#tuple(::core::convert::From::from([#(#items),*]))))
            }
        };
        quote! {
            #error_variant {
                variant: #name,
                error_type: #error_type,
                data: #data,
            }
        }
    });
    let variants: Vec<TokenStream> = variants.collect();
    let mut seen = std::collections::HashSet::new();
    bounds.retain(|bound| seen.insert(bound.to_string()));
    let if_schema = root.runtime(quote!(__if_schema!));
    quote! {
        #if_schema {
            #[automatically_derived]
            impl<#generic> #error_schema<#generic> for #ident
            where
                #(#bounds,)*
            {
                #[allow(unused_variables)]
                fn variants(
                    #generator: &mut #generator_type,
                ) -> ::core::option::Option<::std::vec::Vec<#error_variant>> {
                    ::core::option::Option::Some(::core::convert::From::from([#(#variants),*]))
                }
            }
        }
    }
}

/// The errors, and both conversions with bodies that never run (the crate
/// does not compile): a method returning `InvokeError<ThisEnum>`, or a
/// callee failing with it, then reports nothing more than the mistake.
pub(crate) fn fallback(input: &DeriveInput, error: syn::Error, root: &Root) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let error = error.into_compile_error();
    let from_function_error = root.runtime(quote!(FromFunctionError));
    let function_error = root.runtime(quote!(FunctionError));
    let diagnostic = root.private(quote!(callee::Diagnostic));
    let if_callee = root.runtime(quote!(__if_callee!));
    quote! {
        #error

        #[automatically_derived]
        impl #impl_generics #from_function_error for #ident #type_generics #where_clause {
            fn from_function_error(_: #function_error) -> Self {
                ::core::unreachable!()
            }
        }

        #if_callee {
            #[automatically_derived]
            impl #impl_generics ::core::convert::From<#ident #type_generics> for #diagnostic #where_clause {
                fn from(_: #ident #type_generics) -> Self {
                    ::core::unreachable!()
                }
            }
        }
    }
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
    let root = &model.root;
    let ident = &model.ident;
    let error = error_local();
    let catch_all = &model.catch_all;
    let arms = model
        .variants
        .iter()
        .map(|variant| decode_arm(ident, variant, root));
    let from_function_error = root.runtime(quote!(FromFunctionError));
    let function_error = root.runtime(quote!(FunctionError));
    quote! {
        #[automatically_derived]
        impl #from_function_error for #ident {
            fn from_function_error(#error: #function_error) -> Self {
                match #function_error::error_type(&#error) {
                    #(#arms)*
                    _ => {}
                }
                #ident::#catch_all(#error)
            }
        }
    }
}

fn decode_arm(ident: &Ident, variant: &ErrorVariant, root: &Root) -> TokenStream {
    let error = error_local();
    let data = data_ident();
    let name = &variant.ident;
    let error_type = &variant.error_type;
    let serde = serde_attributes(root);
    let variant_data = root.private(quote!(variant_data));
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
                    #variant_data::<#data>(&#error)
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
                    #variant_data::<#data>(&#error)
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

fn serde_attributes(root: &Root) -> TokenStream {
    let deserialize = root.private(quote!(serde::Deserialize));
    let serde = root.serde_crate();
    quote! {
        #[derive(#deserialize)]
        #[serde(crate = #serde)]
    }
}

/// The callee's side: the variant's name (or `error_type`) as `errorType`;
/// the fields as JSON in `errorMessage`, or the `Display` of a unit variant.
fn into_diagnostic(model: &ErrorEnum) -> TokenStream {
    let root = &model.root;
    let ident = &model.ident;
    let error = error_local();
    let catch_all = &model.catch_all;
    let arms = model
        .variants
        .iter()
        .map(|variant| encode_arm(ident, variant, root));
    let if_callee = root.runtime(quote!(__if_callee!));
    let diagnostic = root.private(quote!(callee::Diagnostic));
    quote! {
        #if_callee {
            #[automatically_derived]
            impl ::core::convert::From<#ident> for #diagnostic {
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

fn encode_arm(ident: &Ident, variant: &ErrorVariant, root: &Root) -> TokenStream {
    let error = error_local();
    let data = data_ident();
    let name = &variant.ident;
    let error_type = &variant.error_type;
    let lifetime = syn::Lifetime::new("'__data", Span::mixed_site());
    let serialize = root.private(quote!(serde::Serialize));
    let serde = root.serde_crate();
    let serialize = quote! {
        #[derive(#serialize)]
        #[serde(crate = #serde)]
    };
    let error_without_data = root.private(quote!(callee::error_without_data));
    let error_with_data = root.private(quote!(callee::error_with_data));
    match &variant.fields {
        Fields::Unit => {
            let display = quote_spanned! {name.span()=>
                ::std::string::ToString::to_string(&#error)
            };
            quote! {
                #ident::#name => #error_without_data(#error_type, #display),
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
                    #error_with_data(#error_type, &#data { #(#idents),* })
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
                    #error_with_data(#error_type, &#data(#(#bindings),*))
                }
            }
        }
    }
}
