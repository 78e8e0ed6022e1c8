//! Lambda's three invocation types, and what each implies on the wire.

use std::fmt;

use lambda_client_wire::limits;

/// How Lambda runs a call: Lambda's `InvocationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvocationType {
    /// Wait for the callee and return its result (`mode = "sync"`, Lambda's default).
    RequestResponse,
    /// Queue the call and return once Lambda accepted it (`mode = "event"`).
    Event,
    /// Only check that the call would be allowed (`mode = "dry_run"`).
    DryRun,
}

impl InvocationType {
    /// The name Lambda gives this invocation type.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            InvocationType::RequestResponse => "RequestResponse",
            InvocationType::Event => "Event",
            InvocationType::DryRun => "DryRun",
        }
    }

    /// The HTTP status Lambda answers a successful call of this type with.
    #[must_use]
    pub fn success_status(self) -> u16 {
        match self {
            InvocationType::RequestResponse => 200,
            InvocationType::Event => 202,
            InvocationType::DryRun => 204,
        }
    }

    /// Lambda's limit on the request payload of this invocation type, in bytes:
    /// 6 MB for synchronous calls, 1 MB for events (raised from 256 KB in
    /// October 2025).
    #[must_use]
    pub fn payload_limit(self) -> usize {
        match self {
            InvocationType::RequestResponse | InvocationType::DryRun => limits::SYNC_PAYLOAD,
            InvocationType::Event => limits::EVENT_PAYLOAD,
        }
    }
}

impl fmt::Display for InvocationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
