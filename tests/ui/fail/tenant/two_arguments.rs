use lambda_client::{InvokeError, TenantId, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders")]
    async fn place(&self, tenant: &TenantId, other: TenantId) -> Result<u64, InvokeError>;
}

fn main() {}
