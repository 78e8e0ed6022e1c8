//! How a durable call's handle polls for the result.

use std::time::Duration;

/// How [`DurableCall::result`](crate::DurableCall::result) polls: the first wait, the longest, and for
/// how long in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    pub(super) first: Duration,
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

    /// The wait after `wait`.
    #[cfg(feature = "client")]
    pub(super) fn next(&self, wait: Duration) -> Duration {
        (wait + wait / 2).min(self.longest)
    }
}
