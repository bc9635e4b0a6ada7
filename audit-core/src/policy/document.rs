//! Rules on the whole document: parser anomalies become findings, bytes no revision accounts for
//! make a signed document invalid, and the document verdict follows from the signatures.

use super::codes;
use crate::pdf::Anomaly;
use crate::report::{DocumentVerdict, Finding, SignatureReport, SignatureStatus};
use crate::signature::LocateProblem;

/// Facts about a readable document beyond its signatures.
#[derive(Debug, Clone, Copy)]
pub struct DocumentFacts<'a> {
    pub anomalies: &'a [Anomaly],
    pub locate_problems: &'a [LocateProblem],
    /// Signature fields without a value.
    pub empty_fields: usize,
    pub shared_signatures: usize,
}

/// At most this many anomaly findings per document (a hostile file can have thousands).
const MAX_ANOMALY_FINDINGS: usize = 20;

/// The document verdict and the document-level findings.
pub fn judge_document(
    facts: &DocumentFacts<'_>,
    signatures: &[SignatureReport],
) -> (DocumentVerdict, Vec<Finding>) {
    let mut findings = Vec::new();
    // Bytes after the last revision or an unusable newest revision: what a viewer shows is not
    // what any signature covers (ISO 32000-2 §7.5.6; anchors.md: incremental saving attacks).
    let mut structural_failure = false;
    let mut anomaly_count = 0usize;
    for a in facts.anomalies {
        let finding = match a {
            Anomaly::NewestXrefUnusable { error, .. } => {
                structural_failure = true;
                codes::NEWEST_REVISION_UNREADABLE.with(error)
            }
            Anomaly::TrailingBytes {
                only_whitespace: true,
                ..
            } => continue,
            Anomaly::TrailingBytes {
                start,
                len,
                mentions_byte_range,
                ..
            } => {
                structural_failure = true;
                let detail = format!("{len} bytes from byte {start}");
                if *mentions_byte_range {
                    codes::UNACCOUNTED_SIGNATURE.with(&detail)
                } else {
                    codes::UNACCOUNTED_BYTES.with(&detail)
                }
            }
            Anomaly::HybridXref { table, stream } => {
                codes::HYBRID_XREF.with(&format!("table at {table}, stream at {stream}"))
            }
            other => {
                anomaly_count += 1;
                if anomaly_count > MAX_ANOMALY_FINDINGS {
                    continue;
                }
                codes::PARSER_ANOMALY.with(&format!("{other:?}"))
            }
        };
        if !findings.contains(&finding) {
            findings.push(finding);
        }
    }
    if anomaly_count > MAX_ANOMALY_FINDINGS {
        findings.push(codes::PARSER_ANOMALY.with(&format!(
            "{} more anomalies not listed",
            anomaly_count - MAX_ANOMALY_FINDINGS
        )));
    }
    for p in facts.locate_problems {
        findings.push(codes::LOCATE_PROBLEM.with(&format!("{p:?}")));
    }
    if facts.shared_signatures > 0 {
        findings.push(codes::SHARED_SIGNATURE.finding());
    }
    if facts.empty_fields > 0 {
        findings.push(codes::EMPTY_SIGNATURE_FIELDS.with(&facts.empty_fields.to_string()));
    }

    let unaccounted_signature = facts.anomalies.iter().any(|a| {
        matches!(
            a,
            Anomaly::TrailingBytes {
                mentions_byte_range: true,
                ..
            }
        )
    });
    let verdict = if signatures.is_empty() {
        if unaccounted_signature {
            DocumentVerdict::Invalid
        } else {
            DocumentVerdict::Unsigned
        }
    } else if structural_failure
        || signatures
            .iter()
            .any(|s| s.status == SignatureStatus::Invalid)
    {
        DocumentVerdict::Invalid
    } else if signatures
        .iter()
        .any(|s| s.status == SignatureStatus::Indeterminate)
    {
        DocumentVerdict::Indeterminate
    } else {
        DocumentVerdict::Valid
    };
    (verdict, findings)
}
