//! Tampering and hostile /Contents: altered bytes are `broken`, unreadable CMS is `malformed`,
//! nothing panics.

#[path = "support/cms.rs"]
mod support;

use audit_core::cms::{verify, SubFilter};
use audit_core::report::Integrity;
use support::{codes, detached, fixture, parts, CONTENT};

#[test]
fn content_changed_after_signing_breaks_the_message_digest() {
    let mut content = CONTENT.to_vec();
    content[200] ^= 0x01;
    let facts = verify(
        fixture!("rsa2048-sha256.der"),
        &parts(&content),
        &SubFilter::AdbePkcs7Detached,
    );
    assert_eq!(facts.integrity, Integrity::Broken);
    assert_eq!(codes(&facts), ["MESSAGE_DIGEST_MISMATCH"]);
}

#[test]
fn tampered_signature_value_is_broken() {
    // openssl writes no unsigned attributes: the last byte belongs to the signature value.
    let mut der = fixture!("rsa2048-sha256.der").to_vec();
    if let Some(last) = der.last_mut() {
        *last ^= 0x01;
    }
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Broken);
    assert_eq!(codes(&facts), ["SIGNATURE_MISMATCH"]);
}

#[test]
fn tampered_signing_time_is_broken() {
    let mut der = fixture!("rsa2048-sha256.der").to_vec();
    // signingTime OID 1.2.840.113549.1.9.5, then SET, UTCTime: change a digit of the year.
    let oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05,
    ];
    let at = der
        .windows(oid.len())
        .position(|w| w == oid)
        .expect("signingTime");
    let year_digit = at + oid.len() + 4;
    der[year_digit] = if der[year_digit] == b'9' { b'8' } else { b'9' };
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Broken);
    assert_eq!(codes(&facts), ["SIGNATURE_MISMATCH"]);
}

#[test]
fn two_signer_infos_are_malformed() {
    let facts = detached(fixture!("two-signers.der"));
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["CMS_SIGNER_INFO_COUNT"]);
    assert_eq!(facts.certificates.len(), 2);
}

#[test]
fn unknown_signer_identifier_is_no_signing_certificate_found() {
    // The SignerIdentifier is not signed: point it at a serial no certificate has.
    let mut der = fixture!("rsa2048-sha256.der").to_vec();
    let serial = detached(&der).signer.expect("signer").serial;
    let serial: Vec<u8> = (0..serial.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&serial[i..i + 2], 16).expect("hex"))
        .collect();
    let at = der
        .windows(serial.len())
        .rposition(|w| w == serial)
        .expect("serial in SignerInfo");
    der[at + serial.len() - 1] ^= 0x01;
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["NO_SIGNING_CERTIFICATE"]);
    assert!(facts.signer.is_none());
}

#[test]
fn encapsulated_content_in_a_detached_signature_is_malformed() {
    let facts = detached(fixture!("attached-stream.der"));
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert!(codes(&facts).contains(&"ENCAPSULATED_CONTENT_IN_DETACHED"));
    assert!(facts.signer.is_some(), "the BER structure itself was read");
}

#[test]
fn unknown_sub_filter_is_an_unsupported_signature_type() {
    let facts = verify(
        fixture!("rsa2048-sha256.der"),
        &parts(CONTENT),
        &SubFilter::from_name("adbe.x509.rsa_sha1"),
    );
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["UNSUPPORTED_SIGNATURE_TYPE"]);
}

#[test]
fn content_info_that_is_not_signed_data_is_malformed() {
    // ContentInfo { id-data, [0] OCTET STRING "" }
    let der = [
        0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02,
        0x04, 0x00,
    ];
    let facts = detached(&der);
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["CMS_NOT_SIGNED_DATA"]);
}

#[test]
fn empty_zero_filled_and_garbage_contents_are_malformed() {
    for contents in [
        &[][..],
        &[0u8; 8192][..],
        b"not a CMS at all",
        &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
        &[0x30, 0x80],
        &[0x30, 0x80, 0x30, 0x80, 0x30, 0x80, 0x00, 0x00],
    ] {
        let facts = detached(contents);
        assert_eq!(facts.integrity, Integrity::Malformed, "{contents:?}");
        assert_eq!(codes(&facts), ["CMS_UNPARSEABLE"], "{contents:?}");
    }
}

#[test]
fn every_truncation_is_malformed_never_a_panic() {
    let der = fixture!("rsa2048-sha256.der");
    for len in 0..der.len() {
        let facts = detached(&der[..len]);
        assert_eq!(facts.integrity, Integrity::Malformed, "truncated at {len}");
    }
}

#[test]
fn deeply_nested_indefinite_lengths_do_not_recurse_without_bound() {
    let mut der = Vec::new();
    for _ in 0..10_000 {
        der.extend_from_slice(&[0x30, 0x80]);
    }
    for _ in 0..10_000 {
        der.extend_from_slice(&[0x00, 0x00]);
    }
    assert_eq!(detached(&der).integrity, Integrity::Malformed);
}

#[test]
fn every_single_byte_flip_is_handled_and_almost_never_intact() {
    let der = fixture!("cades-v2.der");
    let mut intact = 0;
    for i in 0..der.len() {
        let mut m = der.to_vec();
        m[i] ^= 0xff;
        if detached(&m).integrity == Integrity::Intact {
            intact += 1;
        }
    }
    // Only bytes outside what the signature protects (e.g. the certificate's own signature
    // value, which trust validation checks) may flip without breaking integrity.
    assert!(intact < 300, "{intact} flips left the signature intact");
}

#[test]
fn substituted_certificate_is_caught_by_ess_signing_certificate_v2() {
    // Same key, issuer and serial, other certificate: the signature still verifies, but the
    // signed ESS attribute names the original certificate.
    let facts = verify(
        fixture!("ess-swapped-cert.der"),
        &parts(CONTENT),
        &SubFilter::EtsiCadesDetached,
    );
    assert_eq!(facts.integrity, Integrity::Malformed);
    assert_eq!(codes(&facts), ["ESS_CERTIFICATE_MISMATCH"]);
    let ess = facts.ess.expect("ESS attribute");
    assert!(!ess.certificate_matches);
    assert_eq!(ess.issuer_serial_matches, Some(true));
}

/// Deterministic xorshift, so failures reproduce without a randomness dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

#[test]
fn random_mutations_of_every_shape_never_panic() {
    let fixtures = [
        fixture!("rsa2048-sha256.der"),
        fixture!("indefinite.der"),
        fixture!("cades-with-tst.der"),
        fixture!("doc-timestamp.der"),
        fixture!("ecdsa-p256.der"),
        fixture!("rsa-pss.der"),
    ];
    let mut rng = XorShift(0x6b79_736f_2043_4d53);
    for round in 0..40_000 {
        let base = fixtures[round % fixtures.len()];
        let mut m = base.to_vec();
        for _ in 0..=rng.below(4) {
            let at = rng.below(m.len());
            match rng.below(5) {
                0 => m[at] = 0x80, // indefinite length marker
                1 => m[at] = u8::try_from(rng.below(256)).unwrap_or(0),
                2 => m.insert(at, 0x00),
                3 => {
                    m.remove(at);
                }
                _ => m.truncate(at.max(1)),
            }
            if m.is_empty() {
                break;
            }
        }
        let sub_filter = if round % 3 == 0 {
            SubFilter::EtsiRfc3161
        } else {
            SubFilter::AdbePkcs7Detached
        };
        let facts = verify(&m, &parts(CONTENT), &sub_filter);
        if let Some(token) = &facts.timestamp_token {
            let _ = audit_core::cms::verify_timestamp_token(token, &[&facts.signature_value]);
        }
    }
}

#[test]
fn validly_signed_attributes_that_break_rfc5652_section_11_are_malformed() {
    // Each fixture was re-signed after the change, so the signature itself verifies.
    for (der, code) in [
        (fixture!("dup-digest.der"), "DUPLICATE_SIGNED_ATTRIBUTE"),
        (fixture!("no-digest.der"), "MISSING_SIGNED_ATTRIBUTE"),
        (
            fixture!("content-type-mismatch.der"),
            "CONTENT_TYPE_MISMATCH",
        ),
    ] {
        let facts = detached(der);
        assert_eq!(facts.integrity, Integrity::Malformed, "{code}");
        assert_eq!(codes(&facts), [code]);
    }
}

#[test]
fn garbled_unsigned_attributes_are_reported_without_hiding_an_intact_signature() {
    // Unsigned attributes are outside the signature: append a garbled [1] set to the SignerInfo
    // of the (definite-length) fixture by rewriting the enclosing lengths.
    let der = fixture!("rsa2048-sha256.der");
    let garbage = [0xa1, 0x03, 0x30, 0x01, 0xff];
    let grown = grow_last_signer_info(der, &garbage);
    let facts = detached(&grown);
    assert_eq!(facts.integrity, Integrity::Intact, "{:?}", facts.problems);
    assert_eq!(codes(&facts), ["UNSIGNED_ATTRIBUTE_UNPARSEABLE"]);
}

/// Appends `extra` inside the last SignerInfo of a DER SignedData whose enclosing elements
/// (ContentInfo, [0], SignedData, SET OF SignerInfo, SignerInfo) use long-form lengths
/// `0x82 hi lo` or short lengths; every enclosing length grows by `extra.len()`.
fn grow_last_signer_info(der: &[u8], extra: &[u8]) -> Vec<u8> {
    // Walk: ContentInfo -> [0] -> SignedData -> last child (SET) -> last child (SignerInfo).
    fn header(b: &[u8], at: usize) -> (usize, usize) {
        let first = b[at + 1];
        if first < 0x80 {
            (2, usize::from(first))
        } else {
            let n = usize::from(first & 0x7f);
            let len = b[at + 2..at + 2 + n]
                .iter()
                .fold(0usize, |acc, &x| acc * 256 + usize::from(x));
            (2 + n, len)
        }
    }
    fn last_child(b: &[u8], at: usize) -> usize {
        let (h, len) = header(b, at);
        let (mut i, end) = (at + h, at + h + len);
        let mut last = i;
        while i < end {
            last = i;
            let (hh, l) = header(b, i);
            i += hh + l;
        }
        last
    }
    let ci = 0;
    let (h, _) = header(der, ci);
    let wrapper = ci + h + 2 + usize::from(der[ci + h + 1]);
    let sd = wrapper + header(der, wrapper).0;
    let set = last_child(der, sd);
    let si = last_child(der, set);
    let (si_h, si_len) = header(der, si);
    let si_end = si + si_h + si_len;
    let mut out = der[..si_end].to_vec();
    out.extend_from_slice(extra);
    out.extend_from_slice(&der[si_end..]);
    for at in [ci, wrapper, sd, set, si] {
        let (hh, len) = header(&out, at);
        let new_len = len + extra.len();
        match hh {
            2 => out[at + 1] = u8::try_from(new_len).expect("short length"),
            4 => {
                out[at + 2] = u8::try_from(new_len >> 8).expect("long length");
                out[at + 3] = u8::try_from(new_len & 0xff).expect("long length");
            }
            _ => panic!("unexpected length form"),
        }
    }
    out
}
