//! `Orders::place` as version 1 of the contract built it, for deploy skew
//! under `cargo lambda watch`.

use lambda_client_tests::versions::v1::{OrdersCallee, place};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(OrdersCallee::place(place)).await
}
