//! `verify_document` end to end on PDFs signed in the test (support/sign.rs): every Universal
//! Signature Forgery shape, unsupported types, missing signer certificate, digest mismatch, every
//! algorithm, crypto constraints, trust, unsigned/unreadable documents and Decree 30 order.

mod common;
#[path = "support/sign.rs"]
mod sign;

use audit_core::pki::TrustStore;
use audit_core::report::{
    Coverage, Decree30Status, DocumentReport, DocumentVerdict, Integrity, Role, SignatureStatus,
    SubIndication, Trust,
};
use audit_core::{verify_document, CryptoPolicy, ValidationTime, VerifyContext};
use common::{find, PdfBuilder, Placeholder};
use sign::{
    document_with_content, seal_and_sign, signature_revision, two_signatures, Digest, Options,
    Signer,
};

/// 2021-04-01T00:00:00Z.
const AT: ValidationTime = ValidationTime(1_617_235_200);

fn ctx(trusted: &[&Signer]) -> VerifyContext {
    let mut store = TrustStore::new();
    for s in trusted {
        store.add_anchors(&s.cert).expect("anchor");
    }
    VerifyContext::new(AT).with_trust_store(store)
}

fn person() -> Signer {
    Signer::generated(&rcgen::PKCS_ECDSA_P256_SHA256, "Nguyễn Văn An")
}

fn agency() -> Signer {
    Signer::generated(&rcgen::PKCS_ECDSA_P256_SHA256, "Sở Tài chính tỉnh Nghệ An")
}

/// One signature covering the whole file; `edit` may change the revision before sealing.
fn signed_once_with(
    signer: &Signer,
    opts: &Options,
    edit: impl FnOnce(&mut PdfBuilder, &Placeholder),
) -> Vec<u8> {
    let mut b = document_with_content(b"BT /F1 12 Tf (Cong van) Tj ET");
    let p = signature_revision(&mut b, 4, "Sig1", &[], "");
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    edit(&mut b, &p);
    seal_and_sign(&mut b, &p, end, signer, opts);
    b.buf
}

fn codes(r: &DocumentReport) -> Vec<String> {
    r.signatures
        .iter()
        .flat_map(|s| s.findings.iter())
        .chain(&r.findings)
        .map(|f| f.code.clone())
        .collect()
}

#[test]
fn person_then_agency_is_valid_and_decree30_compliant() {
    let (p, a) = (person(), agency());
    let pdf = two_signatures(&[b'x'; 2000], &p, &a);
    let r = verify_document("ok.pdf", &pdf, &ctx(&[&p, &a]));
    assert_eq!(r.verdict, DocumentVerdict::Valid, "{:#?}", codes(&r));
    assert_eq!(r.revisions, 3);
    let [s1, s2] = &r.signatures[..] else {
        panic!("two signatures expected")
    };
    assert_eq!(s1.coverage, Coverage::EntireRevision);
    assert_eq!(s2.coverage, Coverage::EntireFile);
    assert_eq!((s1.role, s2.role), (Role::Person, Role::Organization));
    assert_eq!(
        s1.signer.as_ref().and_then(|s| s.common_name.as_deref()),
        Some("Nguyễn Văn An")
    );
    assert_eq!(s1.signing_time.as_deref(), Some("2021-03-15T02:10:00Z"));
    assert!(codes(&r).contains(&"SIGNING_TIME_UNVERIFIED".to_owned()));
    assert!(codes(&r).contains(&"REVOCATION_UNKNOWN".to_owned()));
    assert_eq!(
        r.decree30.status,
        Decree30Status::Compliant,
        "{:?}",
        r.decree30
    );
}

#[test]
fn agency_before_person_is_valid_but_not_compliant() {
    let (p, a) = (person(), agency());
    let pdf = two_signatures(&[b'x'; 100], &a, &p);
    let r = verify_document("order.pdf", &pdf, &ctx(&[&p, &a]));
    assert_eq!(r.verdict, DocumentVerdict::Valid);
    assert_eq!(r.decree30.status, Decree30Status::NonCompliant);
    assert!(r
        .decree30
        .findings
        .iter()
        .any(|f| f.code == "D30_WRONG_SIGNING_ORDER"));
}

#[test]
fn person_only_is_not_compliant() {
    let p = person();
    let pdf = signed_once_with(&p, &Options::default(), |_, _| {});
    let r = verify_document("p.pdf", &pdf, &ctx(&[&p]));
    assert_eq!(r.verdict, DocumentVerdict::Valid, "{:?}", codes(&r));
    assert_eq!(r.signatures[0].coverage, Coverage::EntireFile);
    assert!(r
        .decree30
        .findings
        .iter()
        .any(|f| f.code == "D30_MISSING_AGENCY_SIGNATURE"));
}

#[test]
fn untrusted_signer_is_indeterminate_with_identity_from_the_certificate() {
    let p = person();
    let pdf = signed_once_with(&p, &Options::default(), |_, _| {});
    let r = verify_document("u.pdf", &pdf, &ctx(&[]));
    let s = &r.signatures[0];
    assert_eq!(r.verdict, DocumentVerdict::Indeterminate);
    assert_eq!(s.integrity, Integrity::Intact);
    assert_eq!(s.certificate.trust, Trust::Untrusted);
    assert_eq!(
        s.sub_indication,
        Some(SubIndication::NoCertificateChainFound)
    );
    assert!(s.signer.is_some());
}

#[test]
fn every_algorithm_verifies_through_the_pipeline() {
    let cases: Vec<(&str, Signer, Digest)> = vec![
        ("rsa2048-sha256", Signer::rsa("rsa2048"), Digest::Sha256),
        ("rsa2048-sha384", Signer::rsa("rsa2048"), Digest::Sha384),
        ("rsa2048-sha512", Signer::rsa("rsa2048"), Digest::Sha512),
        (
            "ecdsa-p256",
            Signer::generated(&rcgen::PKCS_ECDSA_P256_SHA256, "A B"),
            Digest::Sha256,
        ),
        (
            "ecdsa-p384",
            Signer::generated(&rcgen::PKCS_ECDSA_P384_SHA384, "A B"),
            Digest::Sha384,
        ),
        (
            "ed25519",
            Signer::generated(&rcgen::PKCS_ED25519, "A B"),
            Digest::Sha512,
        ),
    ];
    for (name, signer, digest) in cases {
        let opts = Options {
            digest,
            signing_time: RSA_FIXTURE_TIME,
            ..Options::default()
        };
        let pdf = signed_once_with(&signer, &opts, |_, _| {});
        let r = verify_document(name, &pdf, &ctx(&[&signer]));
        let s = &r.signatures[0];
        assert_eq!(s.integrity, Integrity::Intact, "{name}: {:?}", codes(&r));
        assert_eq!(s.status, SignatureStatus::Valid, "{name}: {:?}", codes(&r));
        assert_eq!(r.verdict, DocumentVerdict::Valid, "{name}");
    }
}

/// The openssl fixture certificates were issued on 2026-11-27; sign after that.
const RSA_FIXTURE_TIME: &str = "261127030000Z";

/// SHA-1 message digest (default policy), and an RSA key under a configured minimum (ring cannot
/// sign with RSA-1024; the kit's `fault_rsa1024` covers the default 2048-bit minimum end to end).
#[test]
fn weak_crypto_is_a_crypto_constraints_failure() {
    let strict = CryptoPolicy {
        min_rsa_bits: 3072,
        ..CryptoPolicy::default()
    };
    let cases = [
        (
            "sha1",
            Digest::Sha1,
            "WEAK_DIGEST_ALGORITHM",
            CryptoPolicy::default(),
        ),
        ("rsa2048-min3072", Digest::Sha256, "WEAK_SIGNER_KEY", strict),
    ];
    for (name, digest, code, crypto) in cases {
        let signer = Signer::rsa("rsa2048");
        let opts = Options {
            digest,
            signing_time: RSA_FIXTURE_TIME,
            ..Options::default()
        };
        let pdf = signed_once_with(&signer, &opts, |_, _| {});
        let r = verify_document(name, &pdf, &ctx(&[&signer]).with_crypto_policy(crypto));
        let s = &r.signatures[0];
        assert_eq!(s.integrity, Integrity::Intact, "{name}");
        assert_eq!(s.status, SignatureStatus::Invalid, "{name}");
        assert_eq!(
            s.sub_indication,
            Some(SubIndication::CryptoConstraintsFailure),
            "{name}"
        );
        assert!(
            codes(&r).contains(&code.to_owned()),
            "{name}: {:?}",
            codes(&r)
        );
        assert_eq!(r.verdict, DocumentVerdict::Invalid);
    }
}

#[test]
fn missing_signer_certificate_is_invalid() {
    let p = person();
    let opts = Options {
        include_certificate: false,
        ..Options::default()
    };
    let pdf = signed_once_with(&p, &opts, |_, _| {});
    let r = verify_document("nocert.pdf", &pdf, &ctx(&[&p]));
    let s = &r.signatures[0];
    assert_eq!(s.integrity, Integrity::Malformed);
    assert_eq!(
        s.sub_indication,
        Some(SubIndication::NoSigningCertificateFound)
    );
    assert!(s.signer.is_none());
    assert_eq!(r.verdict, DocumentVerdict::Invalid);
}

#[test]
fn changed_signed_bytes_are_a_hash_failure() {
    let p = person();
    let mut pdf = signed_once_with(&p, &Options::default(), |_, _| {});
    let at = find(&pdf, b"Cong van").expect("content");
    pdf[at] = b'K';
    let r = verify_document("tampered.pdf", &pdf, &ctx(&[&p]));
    let s = &r.signatures[0];
    assert_eq!(s.integrity, Integrity::Broken);
    assert_eq!(s.sub_indication, Some(SubIndication::HashFailure));
    // The identity is still shown (from the certificate), the status says not to believe it.
    assert!(s.signer.is_some());
    assert_eq!(r.verdict, DocumentVerdict::Invalid);
}

/// Universal Signature Forgery: every malformed /Contents and /ByteRange shape is a format
/// failure that makes the document invalid, never "unsigned" and never valid.
#[test]
fn usf_variants_are_format_failures() {
    let p = person();
    let base = signed_once_with(&p, &Options::default(), |_, _| {});
    let br_open = find(&base, b"/ByteRange [").expect("ByteRange") + "/ByteRange ".len();
    let br_close = br_open + base[br_open..].iter().position(|c| *c == b']').expect("]") + 1;
    let contents_key = find(&base, b"/Contents <").expect("Contents");
    let contents_end = contents_key
        + base[contents_key..]
            .iter()
            .position(|c| *c == b'>')
            .expect(">")
        + 1;
    let br_text = String::from_utf8_lossy(&base[br_open + 1..br_close - 1]).to_string();
    let nums: Vec<usize> = br_text
        .split_whitespace()
        .map(|n| n.parse().expect("int"))
        .collect();
    let (a, b, c) = (nums[1], nums[2], nums[3]);
    let replace = |start: usize, end: usize, text: &str| {
        let mut v = base.clone();
        let width = end - start;
        assert!(text.len() <= width);
        v[start..end].copy_from_slice(format!("{text:<width$}").as_bytes());
        v
    };
    let zero = {
        let mut v = base.clone();
        for x in &mut v[contents_key + "/Contents <".len()..contents_end - 1] {
            *x = b'0';
        }
        v
    };
    let garbage = {
        let mut v = base.clone();
        for (i, x) in v[contents_key + "/Contents <".len()..contents_end - 1]
            .iter_mut()
            .enumerate()
        {
            *x = b"0123456789ABCDEF"[(i * 7 + 3) % 16];
        }
        v
    };
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("contents_missing", replace(contents_key, contents_end, "")),
        (
            "contents_null",
            replace(contents_key, contents_end, "/Contents null"),
        ),
        (
            "contents_empty",
            replace(contents_key, contents_end, "/Contents <>"),
        ),
        ("contents_zero", zero),
        ("contents_garbage", garbage),
        (
            "byterange_missing",
            replace(br_open - "/ByteRange ".len(), br_close, ""),
        ),
        ("byterange_null", replace(br_open, br_close, "null")),
        ("byterange_empty", replace(br_open, br_close, "[]")),
        (
            "byterange_three",
            replace(br_open, br_close, &format!("[0 {a} {b}]")),
        ),
        (
            "byterange_five",
            replace(br_open, br_close, &format!("[0 {a} {b} {c} 0]")),
        ),
        (
            "byterange_negative",
            replace(br_open, br_close, &format!("[0 -{a} {b} {c}]")),
        ),
        (
            "byterange_not_from_zero",
            replace(br_open, br_close, &format!("[16 {a} {b} {c}]")),
        ),
        (
            "byterange_gap_not_contents",
            replace(br_open, br_close, &format!("[0 {} {b} {c}]", a - 10)),
        ),
        (
            "byterange_beyond_eof",
            replace(br_open, br_close, &format!("[0 {a} {b} {}]", c + 1000)),
        ),
        (
            "byterange_overlapping",
            replace(br_open, br_close, &format!("[0 {b} {a} {c}]")),
        ),
        (
            "byterange_reals",
            replace(br_open, br_close, &format!("[0 {a}.0 {b} {c}]")),
        ),
        ("byterange_indirect", replace(br_open, br_close, "1 0 R")),
    ];
    for (name, pdf) in variants {
        let r = verify_document(name, &pdf, &ctx(&[&p]));
        assert_eq!(
            r.verdict,
            DocumentVerdict::Invalid,
            "{name}: {:?}",
            codes(&r)
        );
        assert_eq!(r.signatures.len(), 1, "{name}");
        let s = &r.signatures[0];
        assert_eq!(s.status, SignatureStatus::Invalid, "{name}");
        assert_eq!(
            s.sub_indication,
            Some(SubIndication::FormatFailure),
            "{name}: {:?}",
            codes(&r)
        );
        assert_ne!(s.integrity, Integrity::Intact, "{name}");
    }
}

#[test]
fn unsupported_subfilter_is_never_unsigned() {
    let p = person();
    let pdf = signed_once_with(&p, &Options::default(), |b, _| {
        let at = find(&b.buf, b"/adbe.pkcs7.detached").expect("SubFilter");
        b.overwrite(at, at + "/adbe.pkcs7.detached".len(), "/adbe.x509.rsa_sha1");
    });
    let r = verify_document("x509.pdf", &pdf, &ctx(&[&p]));
    assert_eq!(r.verdict, DocumentVerdict::Indeterminate, "{:?}", codes(&r));
    assert!(codes(&r).contains(&"UNSUPPORTED_SIGNATURE_TYPE".to_owned()));
    assert_eq!(
        r.signatures[0].sub_filter.as_ref().map(|s| s.as_str()),
        Some("adbe.x509.rsa_sha1")
    );
}

#[test]
fn unknown_filter_is_indeterminate() {
    let p = person();
    let pdf = signed_once_with(&p, &Options::default(), |b, _| {
        let at = find(&b.buf, b"/Adobe.PPKLite").expect("Filter");
        b.overwrite(at, at + "/Adobe.PPKLite".len(), "/Kyso.Unknown");
    });
    let r = verify_document("filter.pdf", &pdf, &ctx(&[&p]));
    assert_eq!(r.verdict, DocumentVerdict::Indeterminate);
    assert!(codes(&r).contains(&"UNSUPPORTED_SIGNATURE_HANDLER".to_owned()));
}

#[test]
fn empty_signature_field_is_unsigned() {
    let mut b = document_with_content(b"x");
    b.object(
        5,
        "<< /FT /Sig /T (Sig1) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
    );
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let r = verify_document("empty.pdf", &b.buf, &ctx(&[]));
    assert_eq!(r.verdict, DocumentVerdict::Unsigned);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "EMPTY_SIGNATURE_FIELDS"));
    assert!(r
        .decree30
        .findings
        .iter()
        .any(|f| f.code == "D30_NOT_SIGNED"));
}

#[test]
fn unreadable_documents_say_why() {
    let r = verify_document("notes.txt", b"hello", &ctx(&[]));
    assert_eq!(r.verdict, DocumentVerdict::Unreadable);
    assert!(r.error.as_deref().is_some_and(|e| e.contains("%PDF-")));

    let mut b = document_with_content(b"x");
    b.object(9, "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>");
    b.finish_table("/Root 1 0 R /Encrypt 9 0 R");
    let r = verify_document("enc.pdf", &b.buf, &ctx(&[]));
    assert_eq!(r.verdict, DocumentVerdict::Unreadable);
    assert!(
        r.error.as_deref().is_some_and(|e| e.contains("encrypted")),
        "{:?}",
        r.error
    );
}

#[test]
fn bytes_after_the_signed_revision_make_the_document_invalid() {
    let p = person();
    let mut pdf = signed_once_with(&p, &Options::default(), |_, _| {});
    pdf.extend_from_slice(b"4 0 obj\n<< /ByteRange [0 1 2 3] >>\nendobj\n");
    let r = verify_document("tail.pdf", &pdf, &ctx(&[&p]));
    assert_eq!(r.verdict, DocumentVerdict::Invalid, "{:?}", codes(&r));
    assert!(r
        .findings
        .iter()
        .any(|f| f.code.starts_with("SIGNATURE_OUTSIDE") || f.code.starts_with("UNACCOUNTED")));
}
