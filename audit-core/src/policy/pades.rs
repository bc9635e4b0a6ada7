//! The PAdES level of a signature as reported (`pades`): the level and label `pades` decided,
//! and each non-conformity with its catalogue sentence and the SubFilter or certificate concerned.

use crate::pades::{Nonconformity, PadesLevel};
use crate::report::{Finding, PadesReport};

/// A non-conformity as reported.
pub fn nonconformity_finding(n: &Nonconformity) -> Finding {
    let code = n.catalogue();
    match n {
        Nonconformity::NotApplicable(detail)
        | Nonconformity::MissingCertificate { subject: detail }
        | Nonconformity::MissingRevocation { subject: detail } => code.with(detail),
        _ => code.finding(),
    }
}

/// The report's `pades` entry.
pub fn pades_report(level: &PadesLevel) -> PadesReport {
    PadesReport {
        level: level.level,
        label: level.label(),
        non_conformities: level
            .nonconformities
            .iter()
            .map(nonconformity_finding)
            .collect(),
    }
}
