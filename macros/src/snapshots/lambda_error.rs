#[automatically_derived]
impl ::lambda_client::FromFunctionError for OrderError {
    fn from_function_error(__error: ::lambda_client::FunctionError) -> Self {
        match ::lambda_client::FunctionError::error_type(&__error) {
            ::core::option::Option::Some("OutOfStock") => {
                return OrderError::OutOfStock;
            }
            ::core::option::Option::Some("UnknownItem") => {
                #[derive(::lambda_client::__private::serde::Deserialize)]
                #[serde(crate = "::lambda_client::__private::serde")]
                struct __LambdaErrorData(String);
                if let ::core::option::Option::Some(__LambdaErrorData(__field0)) = ::lambda_client::__private::variant_data::<
                    __LambdaErrorData,
                >(&__error) {
                    return OrderError::UnknownItem(__field0);
                }
            }
            ::core::option::Option::Some("TooMany") => {
                #[derive(::lambda_client::__private::serde::Deserialize)]
                #[serde(crate = "::lambda_client::__private::serde")]
                struct __LambdaErrorData(u32, u32);
                if let ::core::option::Option::Some(
                    __LambdaErrorData(__field0, __field1),
                ) = ::lambda_client::__private::variant_data::<
                    __LambdaErrorData,
                >(&__error) {
                    return OrderError::TooMany(__field0, __field1);
                }
            }
            ::core::option::Option::Some("Order.Refused") => {
                #[derive(::lambda_client::__private::serde::Deserialize)]
                #[serde(crate = "::lambda_client::__private::serde")]
                struct __LambdaErrorData {
                    reason: String,
                    retry: bool,
                }
                if let ::core::option::Option::Some(
                    __LambdaErrorData { reason, retry },
                ) = ::lambda_client::__private::variant_data::<
                    __LambdaErrorData,
                >(&__error) {
                    return OrderError::Refused {
                        reason,
                        retry,
                    };
                }
            }
            _ => {}
        }
        OrderError::Other(__error)
    }
}
#[automatically_derived]
impl ::core::convert::From<OrderError>
for ::lambda_client::__private::callee::Diagnostic {
    fn from(__error: OrderError) -> Self {
        match &__error {
            OrderError::OutOfStock => {
                ::lambda_client::__private::callee::error_without_data(
                    "OutOfStock",
                    ::std::string::ToString::to_string(&__error),
                )
            }
            OrderError::UnknownItem(__field0) => {
                #[derive(::lambda_client::__private::serde::Serialize)]
                #[serde(crate = "::lambda_client::__private::serde")]
                struct __LambdaErrorData<'__data>(&'__data String);
                ::lambda_client::__private::callee::error_with_data(
                    "UnknownItem",
                    &__LambdaErrorData(__field0),
                )
            }
            OrderError::TooMany(__field0, __field1) => {
                #[derive(::lambda_client::__private::serde::Serialize)]
                #[serde(crate = "::lambda_client::__private::serde")]
                struct __LambdaErrorData<'__data>(&'__data u32, &'__data u32);
                ::lambda_client::__private::callee::error_with_data(
                    "TooMany",
                    &__LambdaErrorData(__field0, __field1),
                )
            }
            OrderError::Refused { reason, retry } => {
                #[derive(::lambda_client::__private::serde::Serialize)]
                #[serde(crate = "::lambda_client::__private::serde")]
                struct __LambdaErrorData<'__data> {
                    reason: &'__data String,
                    retry: &'__data bool,
                }
                ::lambda_client::__private::callee::error_with_data(
                    "Order.Refused",
                    &__LambdaErrorData { reason, retry },
                )
            }
            OrderError::Other(__error) => {
                ::core::convert::From::from(::core::clone::Clone::clone(__error))
            }
        }
    }
}
#[automatically_derived]
impl<__G> ::lambda_client::__private::schema::ErrorSchema<__G> for OrderError
where
    String: ::lambda_client::__private::schema::HasSchema<__G>,
    u32: ::lambda_client::__private::schema::HasSchema<__G>,
    bool: ::lambda_client::__private::schema::HasSchema<__G>,
{
    #[allow(unused_variables)]
    fn variants(
        __generator: &mut ::lambda_client::__private::schema::SchemaGenerator,
    ) -> ::core::option::Option<
        ::std::vec::Vec<::lambda_client::__private::schema::ErrorVariant>,
    > {
        ::core::option::Option::Some(
            ::core::convert::From::from([
                ::lambda_client::__private::schema::ErrorVariant {
                    variant: "OutOfStock",
                    error_type: "OutOfStock",
                    data: ::core::option::Option::None,
                },
                ::lambda_client::__private::schema::ErrorVariant {
                    variant: "UnknownItem",
                    error_type: "UnknownItem",
                    data: ::core::option::Option::Some(
                        <String as ::lambda_client::__private::schema::HasSchema<
                            __G,
                        >>::schema(__generator),
                    ),
                },
                ::lambda_client::__private::schema::ErrorVariant {
                    variant: "TooMany",
                    error_type: "TooMany",
                    data: ::core::option::Option::Some(
                        ::lambda_client::__private::schema::tuple(
                            ::core::convert::From::from([
                                <u32 as ::lambda_client::__private::schema::HasSchema<
                                    __G,
                                >>::schema(__generator),
                                <u32 as ::lambda_client::__private::schema::HasSchema<
                                    __G,
                                >>::schema(__generator),
                            ]),
                        ),
                    ),
                },
                ::lambda_client::__private::schema::ErrorVariant {
                    variant: "Refused",
                    error_type: "Order.Refused",
                    data: ::core::option::Option::Some(
                        ::lambda_client::__private::schema::object(
                            ::core::convert::From::from([
                                (
                                    "reason",
                                    <String as ::lambda_client::__private::schema::HasSchema<
                                        __G,
                                    >>::schema(__generator),
                                ),
                                (
                                    "retry",
                                    <bool as ::lambda_client::__private::schema::HasSchema<
                                        __G,
                                    >>::schema(__generator),
                                ),
                            ]),
                        ),
                    ),
                },
            ]),
        )
    }
}
