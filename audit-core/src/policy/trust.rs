//! Rules on the signer certificate (issue 5): revocation, validity at the signing time, and the
//! path to a trust anchor (RFC 5280 §6; ETSI EN 319 102-1 §5.2.6 X.509 certificate validation).

use super::Judgement;
use crate::codes;
use crate::context::RevocationPolicy;
use crate::facts::SignatureFacts;
use crate::pki::{PathError, PathFinding};
use crate::report::{Finding, Revocation, SubIndication, Trust, ValidityAtSigning};

/// Revoked before the signing time → invalid; after a *proven* signing time → valid with a
/// finding (the signature existed before the key was compromised); after a merely claimed time →
/// indeterminate (REVOKED_NO_POE). Unknown → a finding, or TRY_LATER when revocation is required.
pub(crate) fn rule_revocation(f: &SignatureFacts, policy: RevocationPolicy, j: &mut Judgement) {
    let Some(trust) = &f.trust else { return };
    match trust.revocation_summary() {
        Revocation::Good => {}
        Revocation::Revoked => {
            let at = f.time.at();
            let when = trust.revocation.earliest_revocation().map(|(_, t, _)| t);
            let detail = when.map_or_else(
                || "time unknown".to_owned(),
                |t| format!("revoked {}", crate::time::rfc3339(t)),
            );
            if trust.revoked_at_or_before(at) || when.is_none() {
                j.fail(SubIndication::Revoked, codes::REVOKED.with(&detail));
            } else if f.time.is_proven() {
                j.note(codes::REVOKED_AFTER_SIGNING.with(&detail));
            } else {
                j.undecided(
                    SubIndication::RevokedNoPoe,
                    codes::REVOKED_UNPROVEN.with(&detail),
                );
            }
        }
        Revocation::Unknown => {
            if trust.trust() != Trust::Trusted {
                return;
            }
            match policy {
                RevocationPolicy::BestEffort => j.note(codes::REVOCATION_UNKNOWN.finding()),
                RevocationPolicy::Require => j.undecided(
                    SubIndication::TryLater,
                    codes::REVOCATION_REQUIRED.finding(),
                ),
            }
        }
    }
}

/// Outside the validity period at a proven time → invalid (EXPIRED, NOT_YET_VALID); at an
/// unproven time → indeterminate (OUT_OF_BOUNDS_NO_POE).
pub(crate) fn rule_validity(f: &SignatureFacts, j: &mut Judgement) {
    let Some(trust) = &f.trust else { return };
    let (sub, code, what) = match trust.validity_at_signing() {
        ValidityAtSigning::Valid => return,
        ValidityAtSigning::Expired => (SubIndication::Expired, codes::EXPIRED, "expired"),
        ValidityAtSigning::NotYetValid => (
            SubIndication::NotYetValid,
            codes::NOT_YET_VALID,
            "not yet valid",
        ),
    };
    let at = crate::time::rfc3339(f.time.at());
    if f.time.is_proven() {
        j.fail(sub, code.with(&at));
    } else {
        j.undecided(
            SubIndication::OutOfBoundsNoPoe,
            codes::OUT_OF_BOUNDS_UNPROVEN.with(&format!("{what} at {at}")),
        );
    }
}

/// No path to a configured anchor → indeterminate (NO_CERTIFICATE_CHAIN_FOUND); a path that
/// violates a constraint → indeterminate (CHAIN_CONSTRAINTS_FAILURE). Path findings (SHA-1 CA,
/// weak CA keys) are reported either way.
pub(crate) fn rule_chain(f: &SignatureFacts, j: &mut Judgement) {
    let Some(trust) = &f.trust else { return };
    for finding in &trust.path.findings {
        j.note(path_finding(finding));
    }
    if trust.trust() == Trust::Trusted {
        return;
    }
    let primary = trust
        .path
        .problems
        .iter()
        .filter(|p| !p.is_time_problem())
        .max_by_key(|p| p.rank());
    match primary {
        None
        | Some(PathError::NoIssuer { .. })
        | Some(PathError::TooLong { .. })
        | Some(PathError::BudgetExhausted) => {
            let detail = primary.map_or_else(|| "no trust anchor".to_owned(), ToString::to_string);
            j.undecided(
                SubIndication::NoCertificateChainFound,
                codes::UNTRUSTED.with(&detail),
            );
        }
        Some(p) => j.undecided(
            SubIndication::ChainConstraintsFailure,
            codes::CHAIN_INVALID.with(&p.to_string()),
        ),
    }
}

/// A path finding as reported: the catalogue's sentences with the certificate concerned.
fn path_finding(f: &PathFinding) -> Finding {
    let code = f.catalogue();
    match f {
        PathFinding::Sha1CaCertificate { subject, .. }
        | PathFinding::AnchorOutsideValidity { subject } => code.with(subject),
        PathFinding::WeakRsaKey { bits, .. } => code.with(&format!("RSA {bits} bit")),
        PathFinding::Sha1EndEntityCertificate => code.finding(),
    }
}
