use lambda_client::{InvokeError, TenantId, lambda_client};

#[lambda_client]
pub trait Orders {
    #[lambda_client(name = "orders", tenant = "blue")]
    async fn place(&self, tenant: &TenantId, sku: String) -> Result<u64, InvokeError>;
}

fn main() {}
