//! Whom a change breaks, and which way the value it is in flows.

use std::fmt;

/// Whom a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// Nobody: either side may be deployed first.
    Nobody,
    /// Callers still deployed with the old contract, once the new callee is
    /// deployed: deploy the callers first.
    OldCallers,
    /// Callees still deployed with the old contract, once new callers are:
    /// deploy the callee first.
    OldCallees,
    /// Both: no order of deployment is safe.
    Both,
}

impl Breaks {
    /// Whom two changes break together.
    #[must_use]
    pub fn and(self, other: Breaks) -> Breaks {
        match (self, other) {
            (Breaks::Nobody, other) | (other, Breaks::Nobody) => other,
            (a, b) if a == b => a,
            _ => Breaks::Both,
        }
    }

    /// Whether the change breaks anyone.
    #[must_use]
    pub fn is_breaking(self) -> bool {
        self != Breaks::Nobody
    }
}

impl fmt::Display for Breaks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Breaks::Nobody => "compatible",
            Breaks::OldCallers => {
                "breaks callers still on the old contract once the new callee is live: deploy the callers first, then the callee"
            }
            Breaks::OldCallees => {
                "breaks callees still on the old contract once new callers are live: deploy the callee first, then the callers"
            }
            Breaks::Both => {
                "breaks old callers and old callees alike: no order of deployment is safe"
            }
        })
    }
}

/// Which way a value flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Flow {
    /// From the caller to the callee.
    Payload,
    /// From the callee to the caller: a result, or an error's data.
    Back,
}

impl Flow {
    /// Whom it breaks when a new consumer expects what an old producer may
    /// not send.
    pub(super) fn new_consumer(self) -> Breaks {
        match self {
            Flow::Payload => Breaks::OldCallers,
            Flow::Back => Breaks::OldCallees,
        }
    }

    /// Whom it breaks when an old consumer expects what a new producer may
    /// not send.
    pub(super) fn old_consumer(self) -> Breaks {
        match self {
            Flow::Payload => Breaks::OldCallees,
            Flow::Back => Breaks::OldCallers,
        }
    }
}
