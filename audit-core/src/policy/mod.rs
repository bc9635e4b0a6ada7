//! The one place that turns facts into verdicts (DESIGN.md "Facts first, judgement last").
//!
//! Every other module reports facts: the parser its anomalies, `signature` the coverage, `cms` the
//! integrity, `pki` the trust, `modification` the changes. Here each rule is one function in its
//! own file and says what its facts mean under the default policy, with a stable finding code
//! ([`crate::codes`]). Indications and sub-indications are those of ETSI EN 319 102-1 §5.1.3.
//!
//! | facts (first match in this order decides the bottom line) | status | sub-indication |
//! |---|---|---|
//! | /V unreadable, /ByteRange or /Contents malformed, gap ≠ /Contents | invalid | FORMAT_FAILURE |
//! | unknown /SubFilter or /Filter (format unknown, so not a failure) | indeterminate | GENERIC |
//! | messageDigest / encapsulated digest mismatch | invalid | HASH_FAILURE |
//! | signature value does not verify | invalid | SIG_CRYPTO_FAILURE |
//! | SHA-1/MD5 message digest, RSA key < 2048 bits | invalid | CRYPTO_CONSTRAINTS_FAILURE |
//! | no signer certificate in the CMS | invalid | NO_SIGNING_CERTIFICATE_FOUND |
//! | other malformed CMS | invalid | FORMAT_FAILURE |
//! | coverage partial (not a format failure) | invalid | FORMAT_FAILURE |
//! | revoked at or before the (claimed or proven) signing time | invalid | REVOKED |
//! | revoked after a claimed, unproven signing time | indeterminate | REVOKED_NO_POE |
//! | revoked after a time-stamped signing time | valid + finding | — |
//! | expired / not yet valid at a time-stamped signing time | invalid | EXPIRED / NOT_YET_VALID |
//! | expired / not yet valid at an unproven time | indeterminate | OUT_OF_BOUNDS_NO_POE |
//! | no path to a trust anchor | indeterminate | NO_CERTIFICATE_CHAIN_FOUND |
//! | path violates a constraint | indeterminate | CHAIN_CONSTRAINTS_FAILURE |
//! | revocation unknown, `RevocationPolicy::Require` | indeterminate | TRY_LATER |
//! | revocation unknown, best effort | valid + finding | — |
//! | later revisions, modification not analysed | indeterminate | GENERIC |
//! | modification disallowed | invalid | SIG_CONSTRAINTS_FAILURE |
//! | otherwise | valid | TOTAL_PASSED |
//!
//! Document: `unreadable` (parse error) | `unsigned` (no signature value at all) | `invalid` (any
//! signature invalid, or bytes after a signed revision that no revision accounts for) |
//! `indeterminate` | `valid` (every signature valid).

pub mod compliance;
mod crypto;
mod decree30;
mod document;
mod format;
mod integrity;
mod modification;
pub mod role;
mod time;
mod trust;

use crate::cms::CmsFacts;
use crate::context::{CryptoPolicy, RevocationPolicy};
use crate::pki::TrustFacts;
use crate::report::SubFilter;
use crate::report::{
    ChangeReport, Finding, Indication, Modification, SignatureStatus, SubIndication,
};
use crate::signature::CoverageReport;

pub use decree30::judge_decree30;
pub use document::{
    encryption_report, judge_document, judge_encryption, judge_locked, DocumentFacts,
};
pub use role::{classify_certificate, RoleDecision};

/// The policy settings that bear on verdicts (a view of [`crate::VerifyContext`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    pub revocation: RevocationPolicy,
    pub crypto: CryptoPolicy,
}

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
        (self.cms.integrity == crate::report::Integrity::Intact
            && trust.path.is_valid()
            && trust.revocation_summary() != crate::report::Revocation::Revoked)
            .then_some(gen)
    }
}

/// What is known about the changes after a signature (issue 6 supplies `Analysed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModificationFacts {
    /// The signature covers the entire file: nothing was changed after it.
    NothingAfter,
    /// Later revisions exist but nobody analysed them (never optimistic: at best indeterminate).
    NotAnalysed,
    /// The modification module's judgement and the list of changes.
    Analysed {
        verdict: Modification,
        changes: Vec<ChangeReport>,
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

/// Every fact gathered about one signature, the input of [`judge_signature`].
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

/// The judgement on one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureVerdict {
    pub status: SignatureStatus,
    pub indication: Indication,
    pub sub_indication: Option<SubIndication>,
    pub findings: Vec<Finding>,
}

/// Collects the outcome of the rules: the first failure wins over any indeterminate outcome, and
/// among equals the first found (rules run in the order of the table above).
#[derive(Debug, Default)]
pub(crate) struct Judgement {
    failed: Option<SubIndication>,
    undecided: Option<SubIndication>,
    findings: Vec<Finding>,
}

impl Judgement {
    pub(crate) fn fail(&mut self, sub: SubIndication, finding: Finding) {
        self.failed.get_or_insert(sub);
        self.note(finding);
    }

    pub(crate) fn undecided(&mut self, sub: SubIndication, finding: Finding) {
        self.undecided.get_or_insert(sub);
        self.note(finding);
    }

    pub(crate) fn note(&mut self, finding: Finding) {
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    fn finish(self) -> SignatureVerdict {
        let (status, indication, sub_indication) = match (self.failed, self.undecided) {
            (Some(sub), _) => (SignatureStatus::Invalid, Indication::TotalFailed, Some(sub)),
            (None, Some(sub)) => (
                SignatureStatus::Indeterminate,
                Indication::Indeterminate,
                Some(sub),
            ),
            (None, None) => (SignatureStatus::Valid, Indication::TotalPassed, None),
        };
        SignatureVerdict {
            status,
            indication,
            sub_indication,
            findings: self.findings,
        }
    }
}

/// Judges one signature: every rule in table order.
pub fn judge_signature(facts: &SignatureFacts, policy: &Policy) -> SignatureVerdict {
    let mut j = Judgement::default();
    format::rule_signature_format(facts, &mut j);
    integrity::rule_integrity(facts, &mut j);
    crypto::rule_crypto_constraints(facts, &policy.crypto, &mut j);
    format::rule_cms_format(facts, &mut j);
    format::rule_partial_coverage(facts, &mut j);
    time::rule_time_basis(facts, &mut j);
    trust::rule_revocation(facts, policy.revocation, &mut j);
    trust::rule_validity(facts, &mut j);
    trust::rule_chain(facts, &mut j);
    modification::rule_modification(facts, &mut j);
    j.finish()
}

/// Seconds since the Unix epoch as RFC 3339 UTC (`2021-03-15T02:10:00Z`), without a clock or a
/// date library (H. Hinnant's civil-from-days algorithm).
pub fn rfc3339(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod table_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_known_values() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_615_774_200), "2021-03-15T02:10:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }
}
