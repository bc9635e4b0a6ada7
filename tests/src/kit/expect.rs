//! Expected results of kit products, in DESIGN.md's verdict vocabulary.

use serde::Serialize;

/// What the verifier must conclude about a kit product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// Document verdict: `valid` | `invalid` | `indeterminate` | `unsigned` | `unreadable`.
    pub verdict: &'static str,
    /// `compliant` | `non_compliant` (Decree 30 profile, DESIGN.md).
    pub decree30: &'static str,
    /// Short machine-readable reason (the fault or attack built in).
    pub reason: &'static str,
}

impl Expected {
    pub const fn new(verdict: &'static str, decree30: &'static str, reason: &'static str) -> Self {
        Self {
            verdict,
            decree30,
            reason,
        }
    }
}
