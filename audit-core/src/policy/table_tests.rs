//! The policy table on synthetic facts: each row of the table in `mod.rs` that the end-to-end
//! tests cannot reach cheaply (revocation timing, time bases, revocation policy, modification).

use super::*;
use crate::cms::{CmsFacts, SubFilter};
use crate::codes;
use crate::context::RevocationPolicy;
use crate::facts::{ModificationFacts, SignatureFacts, TimeBasis};
use crate::pki::{CertRevocation, PathFacts, RevocationFacts, RevocationStatus, TrustFacts};
use crate::report::{Coverage, Integrity, Trust, ValidityAtSigning};
use crate::signature::CoverageReport;

fn intact_cms() -> CmsFacts {
    CmsFacts {
        sub_filter: SubFilter::AdbePkcs7Detached,
        integrity: Integrity::Intact,
        problems: Vec::new(),
        signer_certificate: None,
        certificates: Vec::new(),
        signer: None,
        digest_algorithm: None,
        signature_algorithm: None,
        public_key_bits: Some(2048),
        content_type: None,
        has_signed_attributes: true,
        signing_time: None,
        ess: None,
        signature_value: Vec::new(),
        timestamp_token: None,
        tst_info: None,
        crls: Vec::new(),
        ocsp_responses: Vec::new(),
        weak_crypto: Vec::new(),
    }
}

fn trust(status: RevocationStatus, validity: ValidityAtSigning) -> TrustFacts {
    TrustFacts {
        path: PathFacts {
            trust: Trust::Trusted,
            validity_at_signing: validity,
            chain: Vec::new(),
            problems: Vec::new(),
            findings: Vec::new(),
            policies: Vec::new(),
            anchor: None,
            anchor_label: None,
            signature_checks: 0,
            certs: Vec::new(),
        },
        revocation: RevocationFacts {
            certificates: vec![CertRevocation {
                depth: 0,
                subject: "CN=x".into(),
                status,
                source: None,
                problems: Vec::new(),
            }],
        },
    }
}

fn facts(time: TimeBasis, trust: TrustFacts) -> SignatureFacts {
    SignatureFacts {
        field: "Sig1".into(),
        document_timestamp: false,
        filter: Some("Adobe.PPKLite".into()),
        sub_filter: Some(SubFilter::AdbePkcs7Detached),
        value_problem: None,
        coverage: Some(CoverageReport {
            coverage: Coverage::EntireFile,
            byte_range: None,
            signed_revision: Some(1),
            problems: Vec::new(),
        }),
        cms: Some(intact_cms()),
        timestamp: None,
        time,
        trust: Some(trust),
        modification: ModificationFacts::NothingAfter,
    }
}

const SIGNED: i64 = 1_615_774_200; // 2021-03-15
const LATER: i64 = SIGNED + 86_400 * 30;
const EARLIER: i64 = SIGNED - 86_400 * 30;

fn judge(f: &SignatureFacts, revocation: RevocationPolicy) -> SignatureVerdict {
    judge_signature(
        f,
        &Policy {
            revocation,
            crypto: Default::default(),
        },
    )
}

fn has(v: &SignatureVerdict, code: &str) -> bool {
    v.findings.iter().any(|f| f.code == code)
}

#[test]
fn revoked_after_a_timestamped_signing_time_stays_valid_with_a_finding() {
    let revoked = RevocationStatus::Revoked {
        at: LATER,
        reason: None,
    };
    let f = facts(
        TimeBasis::Timestamp(SIGNED),
        trust(revoked, ValidityAtSigning::Valid),
    );
    let v = judge(&f, RevocationPolicy::BestEffort);
    assert_eq!(v.status, SignatureStatus::Valid);
    assert!(has(&v, codes::REVOKED_AFTER_SIGNING.code));
}

#[test]
fn revoked_after_an_unproven_signing_time_is_indeterminate() {
    let revoked = RevocationStatus::Revoked {
        at: LATER,
        reason: None,
    };
    let f = facts(
        TimeBasis::Claimed(SIGNED),
        trust(revoked, ValidityAtSigning::Valid),
    );
    let v = judge(&f, RevocationPolicy::BestEffort);
    assert_eq!(v.status, SignatureStatus::Indeterminate);
    assert_eq!(v.sub_indication, Some(SubIndication::RevokedNoPoe));
}

#[test]
fn revoked_before_signing_is_invalid() {
    let revoked = RevocationStatus::Revoked {
        at: EARLIER,
        reason: None,
    };
    for time in [TimeBasis::Timestamp(SIGNED), TimeBasis::Claimed(SIGNED)] {
        let v = judge(
            &facts(time, trust(revoked, ValidityAtSigning::Valid)),
            RevocationPolicy::BestEffort,
        );
        assert_eq!(v.status, SignatureStatus::Invalid);
        assert_eq!(v.sub_indication, Some(SubIndication::Revoked));
    }
}

#[test]
fn unknown_revocation_is_a_finding_or_try_later() {
    let f = facts(
        TimeBasis::Claimed(SIGNED),
        trust(RevocationStatus::Unknown, ValidityAtSigning::Valid),
    );
    let v = judge(&f, RevocationPolicy::BestEffort);
    assert_eq!(v.status, SignatureStatus::Valid);
    assert!(has(&v, codes::REVOCATION_UNKNOWN.code));
    assert!(has(&v, codes::TIME_UNVERIFIED.code));
    let v = judge(&f, RevocationPolicy::Require);
    assert_eq!(v.status, SignatureStatus::Indeterminate);
    assert_eq!(v.sub_indication, Some(SubIndication::TryLater));
}

#[test]
fn expired_at_a_proven_time_is_invalid_at_a_claimed_time_indeterminate() {
    let t = trust(RevocationStatus::Good, ValidityAtSigning::Expired);
    let v = judge(
        &facts(TimeBasis::Timestamp(SIGNED), t.clone()),
        RevocationPolicy::BestEffort,
    );
    assert_eq!(
        (v.status, v.sub_indication),
        (SignatureStatus::Invalid, Some(SubIndication::Expired))
    );
    let v = judge(
        &facts(TimeBasis::Claimed(SIGNED), t),
        RevocationPolicy::BestEffort,
    );
    assert_eq!(
        (v.status, v.sub_indication),
        (
            SignatureStatus::Indeterminate,
            Some(SubIndication::OutOfBoundsNoPoe)
        )
    );
}

#[test]
fn later_revisions_never_optimistically_valid() {
    let mut f = facts(
        TimeBasis::Claimed(SIGNED),
        trust(RevocationStatus::Good, ValidityAtSigning::Valid),
    );
    f.modification = ModificationFacts::NotAnalysed;
    let v = judge(&f, RevocationPolicy::BestEffort);
    assert_eq!(v.status, SignatureStatus::Indeterminate);
    assert!(has(&v, codes::MODIFICATION_NOT_ANALYSED.code));
    f.modification = ModificationFacts::Analysed {
        verdict: crate::report::Modification::Disallowed,
        changes: Vec::new(),
    };
    let v = judge(&f, RevocationPolicy::BestEffort);
    assert_eq!(
        (v.status, v.sub_indication),
        (
            SignatureStatus::Invalid,
            Some(SubIndication::SigConstraintsFailure)
        )
    );
}
