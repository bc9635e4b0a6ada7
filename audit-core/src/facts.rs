//! The facts gathered about a document and its signatures before anything is judged: what the
//! stages found (coverage, CMS integrity, trust, time-stamps, changes after signing, parser
//! anomalies), put together by `verify` and handed to [`crate::policy`], the one place that
//! turns them into verdicts (DESIGN.md "Facts first, judgement last").
//!
//! Nothing here decides; nothing here writes a sentence for users.

use crate::cms::CmsFacts;
use crate::modification::Change;
use crate::pdf::Anomaly;
use crate::pki::TrustFacts;
use crate::report::{Integrity, Modification, Revocation, SubFilter};
use crate::signature::{CoverageReport, LocateProblem};

/// Where the time at which the signer's certificate was judged comes from (issue 5, "Validation
/// time"), strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBasis {
    /// genTime of a valid RFC 3161 signature time-stamp from a trusted TSA (or of the document
    /// time-stamp itself): a proof of existence.
    Timestamp(i64),
    /// The CMS signingTime: claimed by the signer's software, unverified.
    Claimed(i64),
    /// Neither: the caller's validation time.
    ValidationTime(i64),
}

impl TimeBasis {
    pub fn at(self) -> i64 {
        match self {
            TimeBasis::Timestamp(t) | TimeBasis::Claimed(t) | TimeBasis::ValidationTime(t) => t,
        }
    }

    pub fn is_proven(self) -> bool {
        matches!(self, TimeBasis::Timestamp(_))
    }
}

/// What was found about a signature time-stamp token (RFC 3161 Appendix A).
#[derive(Debug, Clone)]
pub struct TimestampFacts {
    pub cms: CmsFacts,
    /// Trust of the TSA certificate at genTime, with usage id-kp-timeStamping.
    pub trust: Option<TrustFacts>,
}

impl TimestampFacts {
    /// genTime when the token is intact and its TSA trusted and valid at genTime.
    pub fn proven_time(&self) -> Option<i64> {
        let gen = self.cms.tst_info.as_ref()?.gen_time;
        let trust = self.trust.as_ref()?;
        (self.cms.integrity == Integrity::Intact
            && trust.path.is_valid()
            && trust.revocation_summary() != Revocation::Revoked)
            .then_some(gen)
    }
}

/// What is known about the changes after a signature (issue 6 supplies `Analysed`).
#[derive(Debug, Clone, PartialEq)]
pub enum ModificationFacts {
    /// The signature covers the entire file: nothing was changed after it.
    NothingAfter,
    /// Later revisions exist but nobody analysed them (never optimistic: at best indeterminate).
    NotAnalysed,
    /// The modification module's judgement and the list of changes.
    Analysed {
        verdict: Modification,
        changes: Vec<Change>,
    },
    /// The coverage is partial or unknown: there is no signed revision to compare with.
    NotApplicable,
}

impl ModificationFacts {
    /// The report's `modification` field.
    pub fn summary(&self) -> Option<Modification> {
        match self {
            ModificationFacts::NothingAfter => Some(Modification::None),
            ModificationFacts::Analysed { verdict, .. } => Some(*verdict),
            ModificationFacts::NotAnalysed | ModificationFacts::NotApplicable => None,
        }
    }
}

/// Every fact gathered about one signature, the input of [`crate::policy::judge_signature`].
#[derive(Debug, Clone)]
pub struct SignatureFacts {
    pub field: String,
    /// A document time-stamp (/Type /DocTimeStamp or ETSI.RFC3161): not a person or agency.
    pub document_timestamp: bool,
    pub filter: Option<String>,
    pub sub_filter: Option<SubFilter>,
    /// /V present but unreadable.
    pub value_problem: Option<String>,
    pub coverage: Option<CoverageReport>,
    /// `None` when the CMS could not even be handed over (no signed bytes).
    pub cms: Option<CmsFacts>,
    pub timestamp: Option<TimestampFacts>,
    pub time: TimeBasis,
    /// Trust of the signer certificate at `time`.
    pub trust: Option<TrustFacts>,
    pub modification: ModificationFacts,
}

/// Facts about a readable document beyond its signatures.
#[derive(Debug, Clone, Copy)]
pub struct DocumentFacts<'a> {
    pub anomalies: &'a [Anomaly],
    pub locate_problems: &'a [LocateProblem],
    /// Signature fields without a value.
    pub empty_fields: usize,
    pub shared_signatures: usize,
}
