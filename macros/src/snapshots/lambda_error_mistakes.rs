::core::compile_error! {
    "an `errorType` cannot be empty"
}
::core::compile_error! {
    "`OrderError` needs a catch-all variant, `#[lambda_error(other)] Other(lambda_client::FunctionError)`: an unknown errorType, a platform error such as `Sandbox.Timedout` or a malformed error document arrives there"
}
#[automatically_derived]
impl ::lambda_client::FromFunctionError for OrderError {
    fn from_function_error(_: ::lambda_client::FunctionError) -> Self {
        ::core::unreachable!()
    }
}
#[automatically_derived]
impl ::core::convert::From<OrderError>
for ::lambda_client::__private::callee::Diagnostic {
    fn from(_: OrderError) -> Self {
        ::core::unreachable!()
    }
}
