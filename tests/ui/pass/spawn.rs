//! A call's future is `Send`: it goes into `tokio::spawn`, through the
//! concrete client and through any implementation of the trait.
use lambda_client::{InvokeError, lambda_client};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Reader {
    pub message: String,
}

#[derive(Deserialize)]
pub struct Echo {
    pub echo: String,
}

#[lambda_client]
pub trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self, reader: &Reader) -> Result<Echo, InvokeError>;

    #[lambda_client(name = "invoked", mode = "event")]
    async fn read_later(&self, message: &str, times: u32) -> Result<(), InvokeError>;
}

fn spawn_concrete(client: InvokedClient) -> tokio::task::JoinHandle<Result<Echo, InvokeError>> {
    tokio::spawn(async move {
        client
            .read(&Reader {
                message: "hi".into(),
            })
            .await
    })
}

fn spawn_generic<T: Invoked + Send + Sync + 'static>(
    client: T,
) -> tokio::task::JoinHandle<Result<(), InvokeError>> {
    tokio::spawn(async move {
        let message = String::from("hi");
        client.read_later(&message, 2).await
    })
}

fn spawn_shared(client: std::sync::Arc<InvokedClient>) {
    for _ in 0..2 {
        let client = client.clone();
        drop(tokio::spawn(async move {
            client
                .read(&Reader {
                    message: "hi".into(),
                })
                .await
        }));
    }
}

fn main() {
    let _ = (spawn_concrete, spawn_generic::<InvokedClient>, spawn_shared);
}
