//! The contract against its checked-in document: a change to the trait or
//! its types fails here, with whom it breaks, until the document is
//! rewritten (`UPDATE_CONTRACTS=1 cargo test`) and the diff reviewed.
#![cfg(feature = "schema")]

#[test]
fn the_contract_is_the_checked_in_one() {
    lambda_client::schema::check::<contract::InvokedContract>("contracts/invoked.json");
}
