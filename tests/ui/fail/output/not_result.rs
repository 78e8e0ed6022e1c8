use lambda_client::lambda_client;

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self) -> Option<String>;
}

fn main() {}
