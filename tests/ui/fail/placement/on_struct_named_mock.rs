// A user's struct named like a mock is not mockall's: the attribute on it
// is misplaced, and says so.
use lambda_client::lambda_client;

#[lambda_client(name = "server")]
pub struct MockServer;

fn main() {}
