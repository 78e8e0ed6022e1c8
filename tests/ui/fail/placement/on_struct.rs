use lambda_client::lambda_client;

#[lambda_client]
struct Invoked;

fn main() {}
