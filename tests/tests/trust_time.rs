//! Issue 5: the certificate is judged at the proven signing time. A time-stamped signature stays
//! valid after its signer's certificate has expired; a signature whose time is only claimed is
//! judged at the claimed time but reported as unverified.

use std::path::Path;

use audit_core::pki::{Certificate, TrustStore};
use audit_core::report::{SignatureStatus, ValidityAtSigning};
use audit_core::{verify_document, ValidationTime, VerifyContext};

/// 2032-01-01T00:00:00Z: after the kit's end-entity certificates expired (2030-01-01).
const AFTER_EXPIRY: ValidationTime = ValidationTime(1_956_528_000);

#[test]
fn a_timestamped_signature_stays_valid_after_its_certificate_expired() -> anyhow::Result<()> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let mut trust = TrustStore::new();
    trust.add_anchors(&std::fs::read(demo.join("trust/root.pem"))?)?;
    let certs = Certificate::parse_many(&std::fs::read(demo.join("certs/subca.pem"))?)?;
    // A compliant demo letter whose agency signature carries an RFC 3161 time-stamp.
    let file = "van-ban/nghiloc/2021-0111-0003-bc.pdf";
    let bytes = std::fs::read(demo.join(file))?;
    let ctx = VerifyContext::new(AFTER_EXPIRY)
        .with_trust_store(trust)
        .with_extra_certificates(certs);
    let report = verify_document(file, &bytes, &ctx);

    let stamped = report
        .signatures
        .iter()
        .find(|s| s.timestamp.is_some())
        .expect("the agency signature is time-stamped");
    let leaf = Certificate::from_der(&kyso_tests::kit::pki::Pki::get().agencies[0].org.cert)?;
    assert!(
        leaf.not_after() < AFTER_EXPIRY.0,
        "the kit's certificates must have expired at the validation time for this test to mean anything"
    );
    assert_eq!(stamped.status, SignatureStatus::Valid, "{stamped:#?}");
    assert_eq!(
        stamped.certificate.validity_at_signing,
        Some(ValidityAtSigning::Valid)
    );
    assert!(stamped
        .findings
        .iter()
        .any(|f| f.code == "SIGNING_TIME_TIMESTAMPED"));

    let claimed = report
        .signatures
        .iter()
        .find(|s| s.timestamp.is_none())
        .expect("the person's signature has no time-stamp");
    assert!(claimed
        .findings
        .iter()
        .any(|f| f.code == "SIGNING_TIME_UNVERIFIED"));
    Ok(())
}
