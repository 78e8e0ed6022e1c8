//! `RoundTrip::record` as its own function, for the end-to-end suite under
//! `cargo lambda watch`.

use lambda_client_tests::round_trip::{RoundTripCallee, callee};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(RoundTripCallee::record(callee::record)).await
}
