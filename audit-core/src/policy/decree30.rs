//! The Decree 30 profile (Decree 30/2020/NĐ-CP Art. 5, Art. 32.2.d, Appendix I; DESIGN.md
//! "Decree 30 profile"): a valid, trusted **person** signature followed, in revision order, by a
//! valid, trusted **organisation** signature, and nothing disallowed changed after. Extra
//! signatures are normal; document time-stamps are not signatures of anyone.

use crate::codes;
use crate::report::{
    AnchorKind, Decree30Report, Decree30Status, Finding, Modification, Role, SignatureReport,
    SignatureStatus, Trust,
};

/// Judges a document's signatures (in revision order) against the profile, from the reports
/// alone (a stored `DocumentReport` can be judged again the same way).
pub fn judge_decree30(signatures: &[SignatureReport]) -> Decree30Report {
    let mut findings: Vec<Finding> = Vec::new();
    let sigs: Vec<(usize, &SignatureReport)> = signatures
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_document_timestamp())
        .collect();
    if sigs.is_empty() {
        return Decree30Report {
            status: Decree30Status::NonCompliant,
            findings: vec![codes::D30_NOT_SIGNED.finding()],
        };
    }
    let good = |s: &SignatureReport| {
        s.status == SignatureStatus::Valid && s.certificate.trust == Trust::Trusted
    };
    let persons: Vec<usize> = sigs
        .iter()
        .filter(|(_, s)| s.role == Role::Person)
        .map(|(i, _)| *i)
        .collect();
    let orgs: Vec<usize> = sigs
        .iter()
        .filter(|(_, s)| s.role == Role::Organization)
        .map(|(i, _)| *i)
        .collect();
    let order_key = |i: usize| signatures.get(i).and_then(|s| s.revision).unwrap_or(i);
    let pair = persons.iter().any(|&p| {
        orgs.iter().any(|&o| {
            order_key(p) < order_key(o)
                && signatures.get(p).is_some_and(good)
                && signatures.get(o).is_some_and(good)
        })
    });

    match (persons.is_empty(), orgs.is_empty()) {
        (true, true) => findings.push(codes::D30_NO_PERSON_OR_AGENCY.finding()),
        (false, true) => findings.push(codes::D30_PERSON_ONLY.finding()),
        (true, false) => findings.push(codes::D30_AGENCY_ONLY.finding()),
        (false, false) => {
            let first_person = persons.iter().map(|&i| order_key(i)).min();
            let last_org = orgs.iter().map(|&i| order_key(i)).max();
            if let (Some(p), Some(o)) = (first_person, last_org) {
                if p > o {
                    findings.push(codes::D30_WRONG_ORDER.finding());
                }
            }
        }
    }
    let mut all_valid = true;
    for (_, s) in &sigs {
        if s.status != SignatureStatus::Valid {
            all_valid = false;
            findings.push(codes::D30_SIGNATURE_NOT_VALID.with(&s.field));
        }
        match s.modification {
            Some(Modification::Disallowed) => {
                findings.push(codes::D30_MODIFIED.with(&s.field));
            }
            None if s
                .findings
                .iter()
                .any(|f| f.code == codes::MODIFICATION_NOT_ANALYSED.code) =>
            {
                findings.push(codes::D30_MODIFICATION_NOT_ANALYSED.with(&s.field));
            }
            _ => {}
        }
        if s.role != Role::Unknown && s.certificate.anchor == Some(AnchorKind::Public) {
            findings.push(codes::D30_PUBLIC_CA.with(&s.field));
        }
    }
    let modified = sigs
        .iter()
        .any(|(_, s)| s.modification == Some(Modification::Disallowed));
    let status = if pair && all_valid && !modified {
        Decree30Status::Compliant
    } else {
        Decree30Status::NonCompliant
    };
    if status == Decree30Status::NonCompliant && findings.is_empty() {
        // A person and an agency signed in order but one of them is not valid and trusted.
        findings.push(codes::D30_SIGNATURE_NOT_VALID.finding());
    }
    Decree30Report { status, findings }
}
