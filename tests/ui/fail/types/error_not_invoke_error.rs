use lambda_client::lambda_client;

#[lambda_client]
trait Invoked {
    #[lambda_client(name = "invoked")]
    async fn read(&self) -> Result<String, std::io::Error>;
}

fn main() {}
