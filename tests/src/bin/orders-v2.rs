//! `Orders::place` as version 2 of the contract built it, for deploy skew
//! under `cargo lambda watch`.

use lambda_client_tests::versions::v2::{OrdersCallee, place};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(OrdersCallee::place(place)).await
}
