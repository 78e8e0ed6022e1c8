::core::compile_error! {
    "an argument of a #[lambda_client] method is a plain name: it becomes the payload's key"
}
::core::compile_error! {
    "`bad name` is not a function name Lambda accepts: the name has ` `; use a name of 1 to 64 letters, digits, `-` and `_`, or a function ARN, optionally with `:qualifier`"
}
trait Broken {
    async fn read(&self, _: (u8, u8)) -> Result<(), InvokeError>;
}
