//! Encrypted documents from independent producers (tests/fixtures/encrypted; see its README):
//! qpdf encrypted kit letters (AES-256, AES-128, RC4-128, with and without permission
//! restrictions, and one behind a user password), pyHanko signed them person then agency. pyHanko
//! judges every signature intact and trusted; so must kyso, decrypting with the empty user
//! password as every reader does. Tampering inside an encrypted stream breaks both signatures, an
//! update that rewrites /Encrypt is a disallowed change, and a document that needs a password is
//! `unreadable` with that reason and its signatures listed as found.

use std::path::PathBuf;

use audit_core::pdf::{Document, Object};
use audit_core::pki::TrustStore;
use audit_core::report::{
    ChangeKind, Decree30Status, DecryptionStatus, DocumentReport, DocumentVerdict,
    EncryptionAlgorithm, Integrity, Modification, Trust,
};
use audit_core::{verify_document, ValidationTime, VerifyContext};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/encrypted")
}

/// 2026-12-02T00:00:00Z: after the fixtures were signed, inside the test certificates' validity.
const AT: ValidationTime = ValidationTime(1_796_169_600);

fn ctx(password: Option<&str>) -> anyhow::Result<VerifyContext> {
    let mut trust = TrustStore::new();
    trust.add_anchors(&std::fs::read(dir().join("root.crt.pem"))?)?;
    Ok(VerifyContext::new(AT)
        .with_trust_store(trust)
        .with_password(password.map(|p| p.as_bytes().to_vec())))
}

fn verify(name: &str, bytes: &[u8], password: Option<&str>) -> anyhow::Result<DocumentReport> {
    Ok(verify_document(name, bytes, &ctx(password)?))
}

fn assert_valid_person_then_agency(report: &DocumentReport) {
    assert_eq!(report.verdict, DocumentVerdict::Valid, "{report:#?}");
    assert_eq!(
        report.decree30.status,
        Decree30Status::Compliant,
        "{report:#?}"
    );
    assert_eq!(report.signatures.len(), 2, "{}", report.file);
    for s in &report.signatures {
        assert_eq!(s.integrity, Integrity::Intact, "{}", report.file);
        assert_eq!(s.certificate.trust, Trust::Trusted, "{}", report.file);
    }
}

#[test]
fn letters_encrypted_behind_the_empty_user_password_verify_intact_and_trusted() -> anyhow::Result<()>
{
    let cases = [
        (
            "encrypted-aes256-restricted.pdf",
            EncryptionAlgorithm::Aes256,
            Some(6),
            256,
            true,
        ),
        (
            "encrypted-aes256-open.pdf",
            EncryptionAlgorithm::Aes256,
            Some(6),
            256,
            false,
        ),
        (
            "encrypted-aes128-restricted.pdf",
            EncryptionAlgorithm::Aes128,
            Some(4),
            128,
            true,
        ),
        (
            "encrypted-rc4-128-restricted.pdf",
            EncryptionAlgorithm::Rc4,
            Some(3),
            128,
            true,
        ),
    ];
    for (name, algorithm, revision, bits, restricted) in cases {
        let bytes = std::fs::read(dir().join(name))?;
        let report = verify(name, &bytes, None)?;
        assert_valid_person_then_agency(&report);
        let enc = report.encryption.as_ref().expect("encryption reported");
        assert_eq!(enc.status, DecryptionStatus::EmptyUserPassword, "{name}");
        assert_eq!(enc.algorithm, Some(algorithm), "{name}");
        assert_eq!(enc.revision, revision, "{name}");
        assert_eq!(enc.key_bits, Some(bits), "{name}");
        let permissions = enc.permissions.expect("standard handler has /P");
        assert_eq!(
            permissions.restricted(),
            restricted,
            "{name}: {permissions:?}"
        );
        if restricted {
            assert!(!permissions.print && !permissions.copy, "{name}");
        }
        // Weak encryption is a finding, never a verdict.
        let weak = report.findings.iter().any(|f| f.code == "ENCRYPTION_WEAK");
        assert_eq!(weak, algorithm == EncryptionAlgorithm::Rc4, "{name}");
    }
    Ok(())
}

/// The first page's content stream of the original letter (signed by both signatures).
fn first_page_content_span(bytes: &[u8]) -> anyhow::Result<(usize, usize)> {
    let doc = Document::parse(bytes, &Default::default())?;
    let root = doc.catalog(0)?.expect("catalog");
    let pages = doc.deref(root.get(b"Pages").expect("/Pages"), 0)?;
    let kids = pages.as_dict().and_then(|d| d.get(b"Kids")).cloned();
    let first = kids
        .as_ref()
        .and_then(Object::as_array)
        .and_then(|k| k.first())
        .expect("a page");
    let page = doc.deref(first, 0)?;
    let contents = page.as_dict().and_then(|d| d.get(b"Contents")).cloned();
    let contents = match contents {
        Some(Object::Array(items)) => items.first().cloned().expect("a content stream"),
        Some(other) => other,
        None => anyhow::bail!("page without /Contents"),
    };
    match doc.deref(&contents, 0)? {
        Object::Stream(s) => Ok((s.data.start, s.data.end)),
        other => anyhow::bail!("content is a {}", other.kind()),
    }
}

#[test]
fn a_byte_changed_inside_an_encrypted_stream_breaks_both_signatures() -> anyhow::Result<()> {
    for name in [
        "encrypted-aes256-restricted.pdf",
        "encrypted-rc4-128-restricted.pdf",
    ] {
        let mut bytes = std::fs::read(dir().join(name))?;
        let (start, end) = first_page_content_span(&bytes)?;
        assert!(end > start + 32, "{name}: a real content stream");
        bytes[(start + end) / 2] ^= 0x01;
        let report = verify(name, &bytes, None)?;
        assert_eq!(report.verdict, DocumentVerdict::Invalid, "{report:#?}");
        assert_eq!(report.signatures.len(), 2, "{name}");
        for s in &report.signatures {
            assert_eq!(s.integrity, Integrity::Broken, "{name}");
        }
    }
    Ok(())
}

#[test]
fn a_document_behind_a_user_password_is_unreadable_without_it_and_lists_its_signatures(
) -> anyhow::Result<()> {
    let name = "encrypted-aes256-user-password.pdf";
    let bytes = std::fs::read(dir().join(name))?;
    for password in [None, Some("wrong")] {
        let report = verify(name, &bytes, password)?;
        assert_eq!(report.verdict, DocumentVerdict::Unreadable, "{report:#?}");
        assert!(
            report
                .error
                .as_deref()
                .is_some_and(|e| e.contains("password is required")),
            "{:?}",
            report.error
        );
        assert!(report
            .findings
            .iter()
            .any(|f| f.code == "PASSWORD_REQUIRED"));
        assert_eq!(
            report.encryption.as_ref().map(|e| e.status),
            Some(DecryptionStatus::PasswordRequired)
        );
        // What can be read without the key: both signature dictionaries, in their revisions.
        assert_eq!(report.signatures_found.len(), 2, "{report:#?}");
        assert!(report.signatures.is_empty());
        let revisions: Vec<usize> = report.signatures_found.iter().map(|s| s.revision).collect();
        assert_eq!(revisions, vec![1, 2]);
    }
    let with_user = verify(name, &bytes, Some("kyso"))?;
    assert_valid_person_then_agency(&with_user);
    assert_eq!(
        with_user.encryption.as_ref().map(|e| e.status),
        Some(DecryptionStatus::UserPassword)
    );
    let with_owner = verify(name, &bytes, Some("kyso-owner"))?;
    assert_valid_person_then_agency(&with_owner);
    assert_eq!(
        with_owner.encryption.as_ref().map(|e| e.status),
        Some(DecryptionStatus::OwnerPassword)
    );
    Ok(())
}

/// Appends an incremental update that rewrites the /Encrypt dictionary with `edit` applied to
/// its text (classic cross-reference table, same /Root and /ID).
fn rewrite_encrypt(bytes: &[u8], edit: impl Fn(&str) -> String) -> anyhow::Result<Vec<u8>> {
    let doc = Document::parse(bytes, &Default::default())?;
    let newest = doc.revisions.last().expect("a revision");
    let Some(Object::Reference(enc)) = newest.trailer.get(b"Encrypt").cloned() else {
        anyhow::bail!("/Encrypt is not a reference");
    };
    let Some(Object::Reference(root)) = newest.trailer.get(b"Root").cloned() else {
        anyhow::bail!("/Root is not a reference");
    };
    let size = newest.trailer.get_integer(b"Size").expect("/Size");
    let ids: Vec<String> = newest
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("/ID")
        .iter()
        .filter_map(Object::as_string)
        .map(|s| {
            format!(
                "<{}>",
                s.bytes
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
        })
        .collect();
    let located = doc.resolve(enc, doc.newest())?.expect("/Encrypt object");
    let audit_core::pdf::ObjectLocation::File { span } = located.location else {
        anyhow::bail!("/Encrypt in an object stream");
    };
    let text = String::from_utf8_lossy(&bytes[span.start..span.end]).into_owned();
    let body_start = text.find("obj").expect("obj") + 3;
    let body_end = text.rfind("endobj").expect("endobj");
    let body = edit(&text[body_start..body_end]);
    assert_ne!(
        body,
        text[body_start..body_end],
        "the edit changes /Encrypt"
    );
    let mut out = bytes.to_vec();
    out.push(b'\n');
    let offset = out.len();
    out.extend_from_slice(format!("{} {} obj{body}endobj\n", enc.num, enc.generation).as_bytes());
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{} 1\n{offset:010} {:05} n \ntrailer\n<< /Size {size} /Root {} {} R /Encrypt {} {} R /ID [{}] /Prev {} >>\nstartxref\n{xref}\n%%EOF\n",
            enc.num, enc.generation, root.num, root.generation, enc.num, enc.generation,
            ids.join(" "), newest.startxref
        )
        .as_bytes(),
    );
    Ok(out)
}

#[test]
fn an_update_that_rewrites_the_permissions_is_a_disallowed_change() -> anyhow::Result<()> {
    // AES-256 (R6): the file key does not depend on /P, so the update still decrypts and the
    // change is judged by the modification analysis.
    let name = "encrypted-aes256-restricted.pdf";
    let bytes = std::fs::read(dir().join(name))?;
    // The same /Encrypt written again is no change.
    let same = rewrite_encrypt(&bytes, |body| format!("{body} "))?;
    let report = verify(name, &same, None)?;
    assert_eq!(report.verdict, DocumentVerdict::Valid, "{report:#?}");
    // Permissions lifted after signing (/P -4: everything allowed).
    let lifted = rewrite_encrypt(&bytes, |body| body.replace("/P -3136", "/P -4"))?;
    let report = verify(name, &lifted, None)?;
    assert_eq!(report.verdict, DocumentVerdict::Invalid, "{report:#?}");
    assert_eq!(report.signatures.len(), 2);
    for s in &report.signatures {
        assert_eq!(s.integrity, Integrity::Intact);
        assert_eq!(
            s.modification,
            Some(Modification::Disallowed),
            "{report:#?}"
        );
        assert!(
            s.changes
                .iter()
                .any(|c| c.kind == ChangeKind::EncryptionChanged),
            "{:#?}",
            s.changes
        );
    }
    // /Perms (Algorithm 13) no longer confirms /P: reported, as a fact.
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "ENCRYPTION_PERMISSIONS_MISMATCH"));
    Ok(())
}

#[test]
fn an_audit_counts_a_password_protected_signed_document_as_signed_not_valid() -> anyhow::Result<()>
{
    use audit_core::audit::{audit, RunInfo};
    let name = "encrypted-aes256-user-password.pdf";
    let bytes = std::fs::read(dir().join(name))?;
    let locked = verify(name, &bytes, None)?;
    let open_name = "encrypted-aes256-open.pdf";
    let open = verify(open_name, &std::fs::read(dir().join(open_name))?, None)?;
    let run = RunInfo {
        id: "encrypted".into(),
        started: "2026-12-02T00:00:00Z".into(),
        complete: true,
        validation_time: "2026-12-02T00:00:00Z".into(),
        ..RunInfo::default()
    };
    let report = audit(None, None, vec![locked, open], run)?;
    let summary = |file: &str| {
        report
            .summaries
            .iter()
            .find(|s| s.file == file)
            .cloned()
            .unwrap_or_else(|| panic!("{file} summarised"))
    };
    let locked = summary(name);
    assert!(locked.signed, "{locked:?}");
    assert_eq!(locked.verdict, DocumentVerdict::Unreadable);
    assert!(!locked.compliant);
    let open = summary(open_name);
    assert!(open.signed && open.compliant, "{open:?}");
    assert_eq!(open.verdict, DocumentVerdict::Valid);
    Ok(())
}
