//! Every signature algorithm the verifier supports, on CMS produced by the openssl CLI. Runs
//! natively and, in headless Chromium, on wasm32 (`cargo test -p audit-core --target
//! wasm32-unknown-unknown --test cms_algorithms`): ring's wasm32 build must verify the same.

#[path = "support/cms.rs"]
mod support;

use audit_core::cms::{DigestAlgorithm, SignatureAlgorithm, WeakCrypto};
use audit_core::report::Integrity;
use support::{codes, detached, fixture};

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn rsa2048_pkcs1_sha256_with_signed_attributes_is_intact() {
    let facts = detached(fixture!("rsa2048-sha256.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
    assert_eq!(facts.digest_algorithm, Some(DigestAlgorithm::Sha256));
    assert_eq!(
        facts.signature_algorithm,
        Some(SignatureAlgorithm::RsaPkcs1 {
            hash: DigestAlgorithm::Sha256
        })
    );
    assert_eq!(facts.public_key_bits, Some(2048));
    assert!(facts.weak_crypto.is_empty());
    assert!(facts.has_signed_attributes);
    assert_eq!(facts.content_type.as_deref(), Some("1.2.840.113549.1.7.1"));
    // openssl writes signingTime; the fixtures were made after 2026-01-01.
    assert!(facts.signing_time.is_some_and(|t| t > 1_767_225_600));
    assert_eq!(facts.certificates.len(), 1);
    assert_eq!(
        facts.signer_certificate.as_ref(),
        facts.certificates.first()
    );
    assert_eq!(facts.signature_value.len(), 256);

    let signer = facts.signer.expect("signer identity");
    assert_eq!(signer.common_name.as_deref(), Some("Nguyễn Văn An"));
    assert_eq!(
        signer.organization.as_deref(),
        Some("Sở Thông tin và Truyền thông Nghệ An")
    );
    assert_eq!(
        signer.subject,
        "CN=Nguyễn Văn An, O=Sở Thông tin và Truyền thông Nghệ An, ST=Nghệ An, C=VN"
    );
    assert_eq!(signer.issuer, signer.subject, "self-signed fixture");
    assert!(!signer.serial.is_empty());
    assert!(signer
        .serial
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
}

#[test]
fn rsa_pkcs1_with_sha1_is_intact_and_reported_weak() {
    let facts = detached(fixture!("rsa2048-sha1.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(facts.digest_algorithm, Some(DigestAlgorithm::Sha1));
    assert!(facts
        .weak_crypto
        .contains(&WeakCrypto::WeakMessageDigest(DigestAlgorithm::Sha1)));
    assert!(facts
        .weak_crypto
        .contains(&WeakCrypto::WeakSignatureHash(DigestAlgorithm::Sha1)));
}

#[test]
fn rsa_pkcs1_with_sha384_and_sha512_are_intact() {
    for (der, hash) in [
        (fixture!("rsa2048-sha384.der"), DigestAlgorithm::Sha384),
        (fixture!("rsa2048-sha512.der"), DigestAlgorithm::Sha512),
    ] {
        let facts = detached(der);
        assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
        assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
        assert_eq!(facts.digest_algorithm, Some(hash.clone()));
        assert_eq!(
            facts.signature_algorithm,
            Some(SignatureAlgorithm::RsaPkcs1 { hash })
        );
    }
}

#[test]
fn rsa_pss_with_digest_length_salt_is_intact() {
    let facts = detached(fixture!("rsa-pss.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
    assert_eq!(
        facts.signature_algorithm,
        Some(SignatureAlgorithm::RsaPss {
            hash: DigestAlgorithm::Sha256,
            mgf_hash: DigestAlgorithm::Sha256,
            salt_length: 32
        })
    );
}

#[test]
fn rsa_pss_with_maximal_salt_is_an_unsupported_algorithm_not_a_mismatch() {
    let facts = detached(fixture!("rsa-pss-salt-max.der"));
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["UNSUPPORTED_SIGNATURE_ALGORITHM"]);
    assert!(matches!(
        facts.signature_algorithm,
        Some(SignatureAlgorithm::RsaPss { salt_length, .. }) if salt_length > 32
    ));
}

#[test]
fn ecdsa_p256_and_p384_are_intact() {
    for (der, hash, bits) in [
        (fixture!("ecdsa-p256.der"), DigestAlgorithm::Sha256, 256),
        (fixture!("ecdsa-p384.der"), DigestAlgorithm::Sha384, 384),
    ] {
        let facts = detached(der);
        assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
        assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
        assert_eq!(
            facts.signature_algorithm,
            Some(SignatureAlgorithm::Ecdsa { hash })
        );
        assert_eq!(facts.public_key_bits, Some(bits));
    }
}

#[test]
fn ed25519_is_intact() {
    let facts = detached(fixture!("ed25519.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert!(facts.problems.is_empty(), "{:?}", codes(&facts));
    assert_eq!(facts.signature_algorithm, Some(SignatureAlgorithm::Ed25519));
    assert_eq!(facts.digest_algorithm, Some(DigestAlgorithm::Sha512));
}

#[test]
fn rsa1024_is_verified_then_flagged_as_a_short_key() {
    let facts = detached(fixture!("rsa1024.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(facts.public_key_bits, Some(1024));
    assert_eq!(facts.weak_crypto, [WeakCrypto::ShortRsaKey { bits: 1024 }]);
}

#[test]
fn rsa_pss_with_a_different_mgf_hash_is_reported_and_unsupported() {
    let facts = detached(fixture!("rsa-pss-mgf-sha512.der"));
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(
        codes(&facts),
        ["PSS_MGF_DISCREPANCY", "UNSUPPORTED_SIGNATURE_ALGORITHM"]
    );
}

#[test]
fn md5_is_unsupported_never_unsigned_and_reported_weak() {
    let facts = detached(fixture!("rsa2048-md5.der"));
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["UNSUPPORTED_DIGEST_ALGORITHM"]);
    assert!(facts
        .weak_crypto
        .contains(&WeakCrypto::WeakMessageDigest(DigestAlgorithm::Md5)));
    assert!(facts.signer.is_some());
}

#[test]
fn plain_ecdsa_r_s_signature_is_intact() {
    let facts = detached(fixture!("ecdsa-plain-p256.der"));
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(
        facts.signature_algorithm,
        Some(SignatureAlgorithm::EcdsaPlain {
            hash: DigestAlgorithm::Sha256
        })
    );
    assert_eq!(facts.signature_value.len(), 64);
}

#[test]
fn pkcs1_signature_hashed_with_the_digest_algorithm_under_another_signature_oid_is_intact() {
    // SignatureAlgorithm is not signed: relabel rsaEncryption (SHA-384 from digestAlgorithm) as
    // sha256WithRSAEncryption. The DigestInfo inside the PKCS#1 signature still names SHA-384,
    // which is what some signers produce; it verifies, with the discrepancy reported.
    let mut der = fixture!("rsa2048-sha384.der").to_vec();
    let rsa_encryption = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    let at = der
        .windows(rsa_encryption.len())
        .rposition(|w| w == rsa_encryption)
        .expect("signatureAlgorithm");
    der[at + rsa_encryption.len() - 1] = 0x0b;
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(codes(&facts), ["SIGNATURE_HASH_DIFFERS_FROM_DIGEST"]);
    assert_eq!(
        facts.signature_algorithm,
        Some(SignatureAlgorithm::RsaPkcs1 {
            hash: DigestAlgorithm::Sha256
        })
    );
}
