//! Rules on the whole document: parser anomalies become findings, bytes no revision accounts for
//! make a signed document invalid, and the document verdict follows from the signatures.

use crate::codes;
use crate::facts::DocumentFacts;
use crate::pdf::crypt::{CryptError, CryptMethod, PasswordKind};
use crate::pdf::{Anomaly, Encryption};
use crate::report::{
    Decree30Report, Decree30Status, DecryptionStatus, DocumentVerdict, EncryptionAlgorithm,
    EncryptionHandler, EncryptionReport, Finding, Permissions, SignatureReport, SignatureStatus,
};

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

/// The facts of a document's encryption as reported (ISO 32000-2 §7.6).
pub fn encryption_report(encryption: &Encryption) -> EncryptionReport {
    let facts = encryption.facts.as_ref().ok();
    let handler = match (&encryption.opened, facts) {
        (Err(CryptError::PublicKey { .. }), _) => EncryptionHandler::PublicKey,
        (_, Some(f)) if f.filter == "Standard" => EncryptionHandler::Password,
        (_, Some(f)) if f.filter == "Adobe.PubSec" => EncryptionHandler::PublicKey,
        _ => EncryptionHandler::Other,
    };
    let filter = match (&encryption.opened, facts) {
        (_, Some(f)) => f.filter.clone(),
        (Err(CryptError::PublicKey { filter } | CryptError::UnknownHandler { filter }), None) => {
            filter.clone()
        }
        _ => String::new(),
    };
    let algorithm = facts.map(|f| {
        let method = if f.streams == CryptMethod::Identity {
            f.strings
        } else {
            f.streams
        };
        match method {
            CryptMethod::Rc4 => EncryptionAlgorithm::Rc4,
            CryptMethod::AesV2 => EncryptionAlgorithm::Aes128,
            CryptMethod::AesV3 => EncryptionAlgorithm::Aes256,
            CryptMethod::Identity => EncryptionAlgorithm::Identity,
        }
    });
    let status = match &encryption.opened {
        Ok(PasswordKind::User) if !encryption.password_given => DecryptionStatus::EmptyUserPassword,
        Ok(PasswordKind::User) => DecryptionStatus::UserPassword,
        Ok(PasswordKind::Owner) => DecryptionStatus::OwnerPassword,
        Err(CryptError::PasswordRequired { .. }) => DecryptionStatus::PasswordRequired,
        Err(CryptError::PublicKey { .. }) => DecryptionStatus::NoKey,
        Err(_) => DecryptionStatus::Unsupported,
    };
    EncryptionReport {
        handler,
        filter,
        algorithm,
        version: facts.map_or(0, |f| f.version),
        revision: facts.and_then(|f| f.revision),
        key_bits: facts.and_then(|f| f.key_bits),
        permissions: facts
            .filter(|f| f.filter == "Standard")
            .and_then(|f| f.permissions)
            .map(Permissions::from_flags),
        encrypt_metadata: facts.is_none_or(|f| f.encrypt_metadata),
        status,
    }
}

/// Findings on a readable document's encryption. Encryption never changes a verdict by itself:
/// weak encryption protects nothing, but the signatures are computed over the file as written.
pub fn judge_encryption(encryption: &Encryption) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Ok(facts) = &encryption.facts {
        if facts.is_weak() {
            let cipher = if facts.streams == CryptMethod::Rc4 || facts.strings == CryptMethod::Rc4 {
                "RC4"
            } else {
                "AES"
            };
            let bits = facts
                .key_bits
                .map_or_else(String::new, |b| format!(", {b} bit"));
            findings.push(codes::ENCRYPTION_WEAK.with(&format!("{cipher}{bits}")));
        }
    }
    if encryption.perms_match == Some(false) {
        findings.push(codes::ENCRYPTION_PERMISSIONS_MISMATCH.finding());
    }
    findings
}

/// A document that cannot be decrypted: `unreadable`, with the precise reason, whatever its
/// signatures (changes after signing cannot be analysed without the key). `signatures_found` is
/// how many signature dictionaries could be listed anyway.
pub fn judge_locked(
    encryption: &Encryption,
    signatures_found: usize,
) -> (DocumentVerdict, Vec<Finding>, Decree30Report) {
    let reason = match &encryption.opened {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    let code = match &encryption.opened {
        Err(CryptError::PasswordRequired { .. }) => codes::PASSWORD_REQUIRED,
        Err(CryptError::PublicKey { .. }) => codes::ENCRYPTION_NO_KEY,
        _ => codes::ENCRYPTION_UNSUPPORTED,
    };
    let detail = format!("{reason}; {signatures_found} signature(s) found, not verified");
    let finding = code.with(&detail);
    let decree30 = Decree30Report {
        status: Decree30Status::NonCompliant,
        findings: vec![if signatures_found == 0 {
            codes::D30_NOT_SIGNED.finding()
        } else {
            code.finding()
        }],
    };
    (DocumentVerdict::Unreadable, vec![finding], decree30)
}
