//! The entry point: bytes in, [`DocumentReport`] out. Never panics, never returns an error for a
//! bad document: a bad document is a report.

use crate::context::VerifyContext;
use crate::hex;
use crate::report::{Decree30Report, Decree30Status, DocumentReport, DocumentVerdict, Finding};

/// Verifies every signature in `bytes` and judges the document.
pub fn verify_document(file: &str, bytes: &[u8], _ctx: &VerifyContext) -> DocumentReport {
    let sha256 = hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
    let (verdict, error) = if find_header(bytes).is_some() {
        (
            DocumentVerdict::Unreadable,
            Some("PDF structure analysis is not available in this build".to_owned()),
        )
    } else {
        (
            DocumentVerdict::Unreadable,
            Some("not a PDF: no %PDF- header in the first 1024 bytes".to_owned()),
        )
    };
    DocumentReport {
        file: file.to_owned(),
        sha256,
        size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        verdict,
        error,
        revisions: 0,
        signatures: Vec::new(),
        decree30: Decree30Report {
            status: Decree30Status::NonCompliant,
            findings: vec![Finding {
                code: "D30_NOT_SIGNED".to_owned(),
                message_vi: "Văn bản không có chữ ký số hợp lệ.".to_owned(),
                message_en: "The document carries no valid digital signature.".to_owned(),
            }],
        },
        findings: Vec::new(),
    }
}

/// ISO 32000-2 §7.5.2: the header `%PDF-n.m`; readers accept it within the first 1024 bytes.
fn find_header(bytes: &[u8]) -> Option<usize> {
    let window = &bytes[..bytes.len().min(1024)];
    window.windows(5).position(|w| w == b"%PDF-")
}
