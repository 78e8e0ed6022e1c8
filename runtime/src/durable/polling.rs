//! How a durable call's handle polls for the result.

use std::time::Duration;

/// How [`DurableCall::result`](crate::DurableCall::result) polls: the first wait, the longest, and for
/// how long in all.
///
/// Each wait is half as long again as the one before, up to the longest;
/// the last poll is made at the timeout itself, so an execution that ends
/// just before it is not reported still running. A wait under
/// [`SHORTEST`](Self::SHORTEST) counts as that (a tighter loop only spends
/// `GetDurableExecution`'s request rate), a longest wait under the first
/// counts as the first, and a timeout too far off to reckon with waits
/// indefinitely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    first: Duration,
    longest: Duration,
    pub(super) timeout: Duration,
}

impl Default for Polling {
    /// From 100 ms, growing by half each time, up to 2 s apart, for 15
    /// minutes (a synchronous invoke's limit).
    fn default() -> Self {
        Polling {
            first: Duration::from_millis(100),
            longest: Duration::from_secs(2),
            timeout: Duration::from_mins(15),
        }
    }
}

impl Polling {
    /// The shortest wait between two polls.
    pub const SHORTEST: Duration = Duration::from_millis(10);

    /// The first wait.
    #[must_use]
    pub fn with_first(mut self, first: Duration) -> Self {
        self.first = first;
        self
    }

    /// The longest wait between two polls.
    #[must_use]
    pub fn with_longest(mut self, longest: Duration) -> Self {
        self.longest = longest;
        self
    }

    /// How long `result` waits in all.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first wait, as it is used.
    #[cfg(feature = "client")]
    pub(super) fn first(&self) -> Duration {
        self.first.max(Polling::SHORTEST)
    }

    /// The wait after `wait`, as it is used.
    #[cfg(feature = "client")]
    pub(super) fn next(&self, wait: Duration) -> Duration {
        let longest = self.longest.max(self.first());
        wait.saturating_add(wait / 2).min(longest)
    }
}
