//! RFC 3161 time-stamp tokens: document time-stamps (ETSI.RFC3161) and signature time-stamps
//! (unsigned attribute), made by `openssl ts`.

#[path = "support/cms.rs"]
mod support;

use audit_core::cms::{verify, verify_timestamp_token, DigestAlgorithm, EssVersion, SubFilter};
use audit_core::report::Integrity;
use support::{codes, fixture, parts, CONTENT};

#[test]
fn document_timestamp_is_intact_with_its_gen_time_and_tsa() {
    let facts = verify(
        fixture!("doc-timestamp.der"),
        &parts(CONTENT),
        &SubFilter::EtsiRfc3161,
    );
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
    let tst = facts.tst_info.expect("TSTInfo");
    assert!(tst.gen_time > 1_767_225_600);
    assert_eq!(tst.imprint_algorithm, DigestAlgorithm::Sha256);
    assert_eq!(tst.policy, "1.2.3.4.1");
    assert_eq!(
        facts.signer.and_then(|s| s.common_name).as_deref(),
        Some("Test TSA")
    );
    assert_eq!(facts.ess.map(|e| e.version), Some(EssVersion::V2));
}

#[test]
fn document_timestamp_over_changed_bytes_is_broken() {
    let mut content = CONTENT.to_vec();
    content[0] ^= 0x01;
    let facts = verify(
        fixture!("doc-timestamp.der"),
        &parts(&content),
        &SubFilter::EtsiRfc3161,
    );
    assert_eq!(facts.integrity, Integrity::Broken);
    assert_eq!(codes(&facts), ["MESSAGE_IMPRINT_MISMATCH"]);
}

#[test]
fn signature_timestamp_token_is_exposed_and_verifies_over_the_signature_value() {
    let facts = verify(
        fixture!("cades-with-tst.der"),
        &parts(CONTENT),
        &SubFilter::EtsiCadesDetached,
    );
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    let token = facts.timestamp_token.as_deref().expect("timestamp token");

    let tst = verify_timestamp_token(token, &[&facts.signature_value]);
    assert_eq!(tst.integrity, Integrity::Intact, "{:?}", tst.problems);
    let gen_time = tst.tst_info.as_ref().map(|t| t.gen_time).expect("genTime");
    assert!(gen_time >= facts.signing_time.expect("signingTime") - 60);
    assert!(tst.signer_certificate.is_some());

    let wrong = verify_timestamp_token(token, &[b"another signature"]);
    assert_eq!(wrong.integrity, Integrity::Broken);
}

#[test]
fn a_signature_is_not_a_timestamp_token() {
    let facts = verify_timestamp_token(fixture!("rsa2048-sha256.der"), &[CONTENT]);
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert!(codes(&facts).contains(&"MISSING_ENCAPSULATED_CONTENT"));
}
