//! Encodings seen in real /Contents: zero padding, BER indefinite lengths, unsorted signed
//! attributes, SubjectKeyIdentifier signer ids, no signed attributes, adbe.pkcs7.sha1.

#[path = "support/cms.rs"]
mod support;

use audit_core::cms::{verify, EssVersion, SubFilter};
use audit_core::report::Integrity;
use support::{codes, detached, fixture, parts, CONTENT};

#[test]
fn trailing_zero_padding_of_pdf_contents_is_ignored() {
    let mut der = fixture!("rsa2048-sha256.der").to_vec();
    der.resize(der.len() + 8192, 0);
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.problems.is_empty());
}

#[test]
fn non_zero_bytes_after_the_cms_are_reported() {
    let mut der = fixture!("rsa2048-sha256.der").to_vec();
    der.extend_from_slice(b"hidden");
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Intact);
    assert_eq!(codes(&facts), ["CMS_TRAILING_DATA"]);
}

#[test]
fn ber_indefinite_length_reencoding_is_intact() {
    let der = fixture!("indefinite.der");
    assert_eq!(&der[..2], &[0x30, 0x80], "fixture uses indefinite lengths");
    let mut padded = der.to_vec();
    padded.resize(der.len() + 100, 0);
    let facts = detached(&padded);
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
    assert_eq!(
        facts.signature_value.len(),
        256,
        "chunked OCTET STRING joined"
    );
}

#[test]
fn signed_attributes_not_in_der_order_verify_as_received() {
    let facts = detached(fixture!("unsorted-attrs.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(codes(&facts), ["SIGNED_ATTRIBUTES_NOT_DER"]);
    assert!(
        !codes(&detached(fixture!("rsa2048-sha256.der"))).contains(&"SIGNED_ATTRIBUTES_NOT_DER")
    );
}

#[test]
fn signer_identified_by_subject_key_identifier_is_found() {
    let facts = detached(fixture!("keyid.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.signer_certificate.is_some());
}

#[test]
fn signature_without_signed_attributes_is_verified_over_the_content() {
    let facts = detached(fixture!("noattr.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(codes(&facts), ["NO_SIGNED_ATTRIBUTES"]);
    assert!(!facts.has_signed_attributes);
    assert_eq!(facts.signing_time, None);

    let mut content = CONTENT.to_vec();
    content[5] ^= 0x20;
    let tampered = verify(
        fixture!("noattr.der"),
        &parts(&content),
        &SubFilter::AdbePkcs7Detached,
    );
    assert_eq!(tampered.integrity, Integrity::Broken);
}

#[test]
fn signed_bytes_may_come_in_any_number_of_parts() {
    let der = fixture!("rsa2048-sha256.der");
    let (a, rest) = CONTENT.split_at(7);
    let (b, c) = rest.split_at(500);
    for signed in [&[CONTENT][..], &[a, b, c][..], &[a, &[], rest][..]] {
        let facts = verify(der, signed, &SubFilter::EtsiCadesDetached);
        assert_eq!(facts.integrity, Integrity::Intact);
    }
}

#[test]
fn cades_signing_certificate_v2_matches_the_signer() {
    let facts = verify(
        fixture!("cades-v2.der"),
        &parts(CONTENT),
        &SubFilter::EtsiCadesDetached,
    );
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    let ess = facts.ess.expect("ESS attribute");
    assert_eq!(ess.version, EssVersion::V2);
    assert!(ess.certificate_matches);
    assert_ne!(ess.issuer_serial_matches, Some(false));
}

#[test]
fn old_style_signing_certificate_v1_matches_the_signer() {
    let facts = detached(fixture!("cades-v1-sha1.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    let ess = facts.ess.expect("ESS attribute");
    assert_eq!(ess.version, EssVersion::V1);
    assert!(ess.certificate_matches);
}

#[test]
fn adbe_pkcs7_sha1_commits_to_the_signed_bytes() {
    let der = fixture!("adbe-sha1.der");
    let facts = verify(der, &parts(CONTENT), &SubFilter::AdbePkcs7Sha1);
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);

    let mut content = CONTENT.to_vec();
    content[300] ^= 0x01;
    let tampered = verify(der, &parts(&content), &SubFilter::AdbePkcs7Sha1);
    assert_eq!(tampered.integrity, Integrity::Broken);
    assert_eq!(codes(&tampered), ["ENCAPSULATED_DIGEST_MISMATCH"]);

    // The same CMS presented as detached carries content it should not.
    assert!(codes(&detached(der)).contains(&"ENCAPSULATED_CONTENT_IN_DETACHED"));
}

#[test]
fn detached_signature_presented_as_adbe_pkcs7_sha1_is_malformed() {
    let facts = verify(
        fixture!("rsa2048-sha256.der"),
        &parts(CONTENT),
        &SubFilter::AdbePkcs7Sha1,
    );
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert!(codes(&facts).contains(&"MISSING_ENCAPSULATED_CONTENT"));
}

#[test]
fn crls_and_ocsp_responses_carried_by_the_signature_are_exposed_as_received() {
    use audit_core::cms::RevocationSource::{AdbeArchival, SignedData};
    let crl = fixture!("keys/test.crl");
    let ocsp = fixture!("keys/test.ocsp");
    let facts = detached(fixture!("with-revocation.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    let crls: Vec<_> = facts
        .crls
        .iter()
        .map(|r| (r.source, r.der.as_slice()))
        .collect();
    assert_eq!(crls, [(SignedData, crl), (AdbeArchival, crl)]);
    let ocsps: Vec<_> = facts
        .ocsp_responses
        .iter()
        .map(|r| (r.source, r.der.as_slice()))
        .collect();
    assert_eq!(ocsps, [(SignedData, ocsp), (AdbeArchival, ocsp)]);
}

#[test]
fn bmp_string_names_are_decoded_for_the_signer_identity() {
    let facts = detached(fixture!("bmp-subject.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    let signer = facts.signer.expect("signer identity");
    assert_eq!(signer.common_name.as_deref(), Some("Trần Thị Bình"));
    assert_eq!(
        signer.organization.as_deref(),
        Some("Ủy ban nhân dân tỉnh Nghệ An")
    );
    assert_eq!(
        signer.subject,
        "CN=Trần Thị Bình, O=Ủy ban nhân dân tỉnh Nghệ An, C=VN"
    );
}
