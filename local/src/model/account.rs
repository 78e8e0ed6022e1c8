//! Where the local Lambda claims to be: its region, its account, and the
//! ARNs they make.

/// The region the local Lambda claims to be in.
pub(crate) const REGION: &str = "us-east-1";
/// The account in the ARNs it reports.
pub(crate) const ACCOUNT: &str = "123456789012";

/// The unqualified ARN of function `name`.
pub(crate) fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}
