//! Rules on the form of a signature: can it be evaluated at all? (ETSI EN 319 102-1 §5.2.2
//! "Format checking"; ISO 32000-2 §12.8.1 for /ByteRange and /Contents; §12.8.3 for /SubFilter.)

use super::Judgement;
use crate::cms::{CmsProblem, Effect, SubFilter};
use crate::codes;
use crate::facts::SignatureFacts;
use crate::report::{Integrity, SubIndication};
use crate::signature::CoverageProblem;

/// /Filter handler names that produce the standard SubFilters (ISO 32000-1 §12.8.3 and the
/// handlers Acrobat accepts as equivalent). Any other name is a handler whose format kyso does
/// not know, so its signature is undecided, never unsigned.
const KNOWN_FILTERS: &[&str] = &[
    "Adobe.PPKLite",
    "Adobe.PPKMS",
    "Adobe.PubSec",
    "Entrust.PPKEF",
    "CICI.SignIt",
    "VeriSign.PPKVS",
];

/// The signature value and its /ByteRange and /Contents must be usable, and the type supported.
pub(crate) fn rule_signature_format(f: &SignatureFacts, j: &mut Judgement) {
    if let Some(problem) = &f.value_problem {
        j.fail(
            SubIndication::FormatFailure,
            codes::VALUE_MALFORMED.with(problem),
        );
    }
    if let Some(cov) = &f.coverage {
        if cov.has_format_failure() {
            let detail: Vec<String> = cov
                .problems
                .iter()
                .filter(|p| p.is_format_failure())
                .map(describe_coverage)
                .collect();
            j.fail(
                SubIndication::FormatFailure,
                codes::COVERAGE_FORMAT.with(&detail.join("; ")),
            );
        }
    }
    match &f.sub_filter {
        Some(SubFilter::Other(name)) => j.undecided(
            SubIndication::Generic,
            codes::UNSUPPORTED_SIGNATURE_TYPE.with(&format!("/SubFilter /{name}")),
        ),
        None if !f.document_timestamp => j.undecided(
            SubIndication::Generic,
            codes::UNSUPPORTED_SIGNATURE_TYPE.with("no /SubFilter"),
        ),
        _ => {}
    }
    if let Some(filter) = &f.filter {
        if !f.document_timestamp && !KNOWN_FILTERS.contains(&filter.as_str()) {
            j.undecided(
                SubIndication::Generic,
                codes::UNSUPPORTED_FILTER.with(&format!("/Filter /{filter}")),
            );
        }
    }
}

/// A CMS that cannot be evaluated (integrity `malformed`).
pub(crate) fn rule_cms_format(f: &SignatureFacts, j: &mut Judgement) {
    let Some(cms) = &f.cms else {
        if f.value_problem.is_none() && !f.coverage.as_ref().is_some_and(|c| c.has_format_failure())
        {
            j.fail(
                SubIndication::FormatFailure,
                codes::CMS_MALFORMED.with("no signed bytes"),
            );
        }
        return;
    };
    let unsupported_type = matches!(cms.sub_filter, SubFilter::Other(_));
    for p in &cms.problems {
        if p.effect() == Effect::Note {
            j.note(codes::CMS_NOTE.with(&p.to_string()));
        }
    }
    if cms.integrity != Integrity::Malformed || unsupported_type {
        return;
    }
    if cms.has_problem(CmsProblem::NoSigningCertificateFound.code()) {
        j.fail(
            SubIndication::NoSigningCertificateFound,
            codes::NO_SIGNING_CERTIFICATE.finding(),
        );
        return;
    }
    let detail: Vec<String> = cms
        .problems
        .iter()
        .filter(|p| p.effect() == Effect::Malformed)
        .map(ToString::to_string)
        .collect();
    j.fail(
        SubIndication::FormatFailure,
        codes::CMS_MALFORMED.with(&detail.join("; ")),
    );
}

/// Coverage that is well-formed but is not a whole revision (wrapping, signed zone not ending at
/// a revision, unsigned objects): the signed bytes are not a document anyone sees.
pub(crate) fn rule_partial_coverage(f: &SignatureFacts, j: &mut Judgement) {
    let Some(cov) = &f.coverage else { return };
    if cov.coverage != crate::report::Coverage::Partial || cov.has_format_failure() {
        return;
    }
    let detail: Vec<String> = cov.problems.iter().map(describe_coverage).collect();
    j.fail(
        SubIndication::FormatFailure,
        codes::COVERAGE_PARTIAL.with(&detail.join("; ")),
    );
}

/// A short English technical description of a coverage problem.
pub(crate) fn describe_coverage(p: &CoverageProblem) -> String {
    match p {
        CoverageProblem::SignatureUnreadable(e) => format!("signature dictionary unreadable: {e}"),
        CoverageProblem::ByteRange(b) => format!("/ByteRange: {b:?}"),
        CoverageProblem::ContentsMissing => "/Contents missing".into(),
        CoverageProblem::ContentsNull => "/Contents null".into(),
        CoverageProblem::ContentsNotString(k) => format!("/Contents is a {k}"),
        CoverageProblem::ContentsNotHex => "/Contents is not a hex string".into(),
        CoverageProblem::ContentsEmpty => "/Contents empty".into(),
        CoverageProblem::ContentsNotPlainHex => {
            "/Contents hex has white-space or odd digits".into()
        }
        CoverageProblem::DictionaryInObjectStream => {
            "signature dictionary inside an object stream".into()
        }
        CoverageProblem::GapNotContents { gap, .. } => {
            format!(
                "/ByteRange gap {}..{} is not the /Contents string",
                gap.start, gap.end
            )
        }
        CoverageProblem::DictionaryNotSigned { .. } => {
            "signature dictionary not within the signed bytes".into()
        }
        CoverageProblem::NotAtRevisionEnd { end } => {
            format!("signed bytes end at {end}, not at the end of a revision")
        }
        CoverageProblem::StartxrefNotSigned { startxref, .. } => {
            format!("startxref {startxref} points outside the signed bytes")
        }
        CoverageProblem::EofStartxrefMismatch { .. } => {
            "startxref before the final %%EOF points elsewhere".into()
        }
        CoverageProblem::XrefNotSigned { .. } => "cross-reference data not signed".into(),
        CoverageProblem::DictionaryOutsideRevision { .. } => {
            "signature dictionary outside the signed revision".into()
        }
        CoverageProblem::ObjectOutsideSignedZone { num, offset } => {
            format!("object {num} at byte {offset} lies outside the signed bytes")
        }
        CoverageProblem::RevisionMismatch { introduced, signed } => {
            format!("signature introduced in revision {introduced} but signs revision {signed}")
        }
        CoverageProblem::Collision { .. } => "collides with another signature's bytes".into(),
    }
}
