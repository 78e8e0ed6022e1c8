//! The retry quota: a token bucket every clone of a client draws on, so that
//! when most calls fail at once (an account-wide throttle, a run of 5xx)
//! the client stops multiplying the load with retries, as the AWS SDKs'
//! standard retry mode does with its own bucket.
//!
//! A retry takes [`RetryQuota::retry_cost`] tokens, a retry after a timeout
//! [`RetryQuota::timeout_cost`]; a retry that then succeeds gives its
//! tokens back, and a first attempt that succeeds adds
//! [`RetryQuota::success_reward`], up to the capacity. An empty bucket ends
//! a call with its last error, which says so.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::config::{RetryPolicy, RetryQuota};
use crate::error::{ApiError, TransportErrorKind};

/// The tokens left of a client's [`RetryQuota`].
#[derive(Debug)]
pub(crate) struct Bucket {
    quota: RetryQuota,
    tokens: AtomicU32,
}

impl Bucket {
    /// A full bucket of `quota`.
    pub(crate) fn new(quota: RetryQuota) -> Self {
        Bucket {
            quota,
            tokens: AtomicU32::new(quota.capacity()),
        }
    }

    /// A full bucket of `policy`'s quota, to share, if it has one.
    pub(crate) fn of(policy: &RetryPolicy) -> Option<Arc<Bucket>> {
        policy.quota().map(|quota| Arc::new(Bucket::new(quota)))
    }

    /// Takes what a retry after `failure` costs: `None`, taking nothing,
    /// when the bucket holds less.
    pub(crate) fn take(&self, failure: &ApiError) -> Option<u32> {
        let cost = match failure {
            ApiError::Transport(failure) if failure.kind() == TransportErrorKind::Timeout => {
                self.quota.timeout_cost()
            }
            _ => self.quota.retry_cost(),
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// A call succeeded: a retry gives back the `taken` tokens it took, a
    /// first attempt (`taken` 0) adds the reward. A full bucket is only read.
    pub(crate) fn succeeded(&self, taken: u32) {
        let add = if taken == 0 {
            self.quota.success_reward()
        } else {
            taken
        };
        let capacity = self.quota.capacity();
        if add == 0 || self.tokens.load(Ordering::Relaxed) >= capacity {
            return;
        }
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                (tokens < capacity).then(|| tokens.saturating_add(add).min(capacity))
            });
    }

    /// The tokens left.
    #[cfg(test)]
    pub(crate) fn tokens(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ServiceError, TransportError};

    fn refused() -> ApiError {
        ApiError::Service(ServiceError::new("f", "ServiceException", 500))
    }

    fn timed_out() -> ApiError {
        ApiError::Transport(TransportError::new("f", TransportErrorKind::Timeout))
    }

    #[test]
    fn the_sdk_defaults_allow_a_hundred_retries_from_full() {
        let bucket = Bucket::new(RetryQuota::default());
        let retries = std::iter::from_fn(|| bucket.take(&refused())).count();
        assert_eq!(retries, 100);
        assert_eq!(bucket.tokens(), 0);
        let bucket = Bucket::new(RetryQuota::default());
        let retries = std::iter::from_fn(|| bucket.take(&timed_out())).count();
        assert_eq!(retries, 50);
    }

    #[test]
    fn a_retry_that_succeeds_gives_its_tokens_back_and_a_first_attempt_adds_one() {
        let bucket = Bucket::new(RetryQuota::default().with_capacity(20));
        let taken = bucket.take(&timed_out()).unwrap();
        assert_eq!((taken, bucket.tokens()), (10, 10));
        bucket.succeeded(taken);
        assert_eq!(bucket.tokens(), 20);
        let taken = bucket.take(&refused()).unwrap();
        assert_eq!(bucket.tokens(), 15);
        bucket.succeeded(0);
        assert_eq!(bucket.tokens(), 16);
        bucket.succeeded(taken);
        assert_eq!(bucket.tokens(), 20, "never past the capacity");
        bucket.succeeded(0);
        assert_eq!(bucket.tokens(), 20);
    }

    #[test]
    fn an_empty_bucket_takes_nothing() {
        let bucket = Bucket::new(RetryQuota::default().with_capacity(12));
        assert_eq!(bucket.take(&timed_out()), Some(10));
        assert_eq!(bucket.take(&timed_out()), None);
        assert_eq!(bucket.tokens(), 2, "a refused take leaves the tokens");
        assert_eq!(bucket.take(&refused()), None);
    }

    #[test]
    fn clients_on_many_threads_never_take_more_than_the_capacity() {
        let bucket = std::sync::Arc::new(Bucket::new(RetryQuota::default()));
        let taken: u32 = (0..4)
            .map(|_| {
                let bucket = std::sync::Arc::clone(&bucket);
                std::thread::spawn(move || {
                    std::iter::from_fn(|| bucket.take(&refused())).sum::<u32>()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|thread| thread.join().unwrap())
            .sum();
        assert_eq!(taken, 500);
    }
}
