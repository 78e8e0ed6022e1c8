//! A method without the attribute but with a body is an ordinary provided
//! method: the client inherits it.
use lambda_client::{InvokeError, lambda_client};

#[lambda_client]
pub trait Counter {
    #[lambda_client(name = "counter")]
    async fn add(&self, amount: u64) -> Result<u64, InvokeError>;

    /// Adds one. A provided method is kept as written; spelled like this
    /// its future is `Send` too.
    fn increment(&self) -> impl Future<Output = Result<u64, InvokeError>> + Send
    where
        Self: Sync,
    {
        async move { self.add(1).await }
    }

    /// Not a call at all.
    fn function(&self) -> &'static str {
        "counter"
    }
}

fn main() {
    fn assert_client<T: Counter>() {}
    assert_client::<CounterClient>();
}
