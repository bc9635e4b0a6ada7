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
mod pades;
pub mod role;
mod time;
mod trust;

use crate::context::{CryptoPolicy, RevocationPolicy};
use crate::facts::SignatureFacts;
use crate::report::{Finding, Indication, SignatureStatus, SubIndication};

pub use decree30::judge_decree30;
pub use document::{encryption_report, judge_document, judge_encryption, judge_locked};
pub use modification::{change_report, change_reports};
pub use pades::pades_report;
pub use role::{classify_certificate, RoleDecision};

/// The policy settings that bear on verdicts (a view of [`crate::VerifyContext`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    pub revocation: RevocationPolicy,
    pub crypto: CryptoPolicy,
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

#[cfg(test)]
mod table_tests;
