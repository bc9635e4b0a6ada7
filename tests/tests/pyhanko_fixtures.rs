//! Agreement with an independent signer: the documents in tests/fixtures/pyhanko were signed by
//! pyHanko (person, then agency; see its README), not by the kit's CMS code. kyso must reach the
//! verdict and Decree 30 status listed in their expected.json, with the signer identities taken
//! from the certificates pyHanko embedded.

use std::path::PathBuf;

use audit_core::pki::TrustStore;
use audit_core::report::{Decree30Status, DocumentVerdict, Integrity, Role};
use audit_core::{verify_document, ValidationTime, VerifyContext};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    file: String,
    verdict: DocumentVerdict,
    decree30: Decree30Status,
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pyhanko")
}

/// 2026-12-01T00:00:00Z: after pyHanko signed them, inside the test certificates' validity.
const AT: ValidationTime = ValidationTime(1_796_083_200);

#[test]
fn pyhanko_signed_letters_reach_their_expected_verdicts() -> anyhow::Result<()> {
    let dir = fixtures();
    let expected: Vec<Expected> =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json"))?)?;
    assert_eq!(expected.len(), 3, "expected.json lists the three fixtures");
    let mut trust = TrustStore::new();
    trust.add_anchors(&std::fs::read(dir.join("root.crt.pem"))?)?;
    for case in &expected {
        let bytes = std::fs::read(dir.join(&case.file))?;
        let ctx = VerifyContext::new(AT).with_trust_store(trust.clone());
        let report = verify_document(&case.file, &bytes, &ctx);
        assert_eq!(report.verdict, case.verdict, "{}: {report:#?}", case.file);
        assert_eq!(
            report.decree30.status, case.decree30,
            "{}: {:#?}",
            case.file, report.decree30
        );
        assert!(
            !report.signatures.is_empty(),
            "{}: signatures found",
            case.file
        );
        for signature in &report.signatures {
            assert_eq!(signature.integrity, Integrity::Intact, "{}", case.file);
            let signer = signature
                .signer
                .as_ref()
                .expect("identity from the certificate");
            assert!(signer.common_name.is_some(), "{}: signer CN", case.file);
        }
        // Decree 30 order: the person's signature comes first in every fixture.
        assert_eq!(report.signatures[0].role, Role::Person, "{}", case.file);
    }
    Ok(())
}

#[test]
fn a_byte_flipped_pyhanko_letter_is_invalid() -> anyhow::Result<()> {
    let dir = fixtures();
    let mut bytes = std::fs::read(dir.join("pyhanko-stc-person-agency-pkcs7.pdf"))?;
    // Inside the first signed range (the page content of the original letter).
    let target = bytes.len() / 8;
    bytes[target] ^= 0x20;
    let mut trust = TrustStore::new();
    trust.add_anchors(&std::fs::read(dir.join("root.crt.pem"))?)?;
    let report = verify_document(
        "flipped.pdf",
        &bytes,
        &VerifyContext::new(AT).with_trust_store(trust),
    );
    assert_ne!(report.verdict, DocumentVerdict::Valid, "{report:#?}");
    Ok(())
}
