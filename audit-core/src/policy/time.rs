//! Rule on the signing time (issue 5 "Validation time"): say which time the certificate was
//! judged at, and why a time-stamp was not used.

use super::Judgement;
use crate::codes;
use crate::facts::{SignatureFacts, TimeBasis};
use crate::report::{Integrity, Trust};

pub(crate) fn rule_time_basis(f: &SignatureFacts, j: &mut Judgement) {
    if let Some(ts) = &f.timestamp {
        if ts.proven_time().is_none() {
            let untrusted_only = ts.cms.integrity == Integrity::Intact
                && ts
                    .trust
                    .as_ref()
                    .is_some_and(|t| t.trust() == Trust::Untrusted);
            let code = if untrusted_only {
                codes::TIMESTAMP_UNTRUSTED
            } else {
                codes::TIMESTAMP_INVALID
            };
            let detail: Vec<String> = ts.cms.problems.iter().map(ToString::to_string).collect();
            j.note(if detail.is_empty() {
                code.finding()
            } else {
                code.with(&detail.join("; "))
            });
        }
    }
    if f.document_timestamp {
        return;
    }
    match f.time {
        TimeBasis::Timestamp(_) => j.note(codes::TIME_FROM_TIMESTAMP.finding()),
        TimeBasis::Claimed(_) => j.note(codes::TIME_UNVERIFIED.finding()),
        TimeBasis::ValidationTime(_) => j.note(codes::TIME_UNKNOWN.finding()),
    }
}
