//! The standard security handler against an independent implementation: the minimal signed-field
//! PDF of the fuzz seeds (`fixtures/encrypted/minimal-clear.pdf`) encrypted by qpdf 11.3 in every
//! revision kyso supports (see `fixtures/encrypted/README.md`). Decrypted, each must read exactly
//! like the clear original: same field name, same signature dictionary, same /Contents.

mod common;

use std::path::PathBuf;

use audit_core::limits::Limits;
use audit_core::pdf::crypt::{CryptError, CryptMethod, PasswordKind};
use audit_core::pdf::{Document, ObjectId, PdfError};
use audit_core::report::SubFilter;
use audit_core::signature::locate;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/encrypted")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a reader sees of the signature field: its name, /SubFilter and /Contents.
fn signature_view(doc: &Document<'_>) -> Vec<(String, Option<SubFilter>, Option<Vec<u8>>)> {
    locate(doc)
        .fields
        .iter()
        .map(|f| {
            let d = f.dictionary();
            (
                f.name.clone(),
                d.and_then(|d| d.sub_filter.clone()),
                d.and_then(|d| d.contents_bytes().map(<[u8]>::to_vec)),
            )
        })
        .collect()
}

#[test]
fn every_revision_of_the_standard_handler_decrypts_to_the_clear_original() {
    let clear = fixture("minimal-clear.pdf");
    let clear_doc = Document::parse(&clear, &Limits::default()).unwrap();
    assert!(clear_doc.encryption().is_none());
    let expected = signature_view(&clear_doc);
    assert_eq!(expected.len(), 1);
    assert_eq!(expected[0].0, "s1");
    let cases = [
        ("minimal-rc4-40.pdf", 2, CryptMethod::Rc4, 40),
        ("minimal-rc4-128.pdf", 3, CryptMethod::Rc4, 128),
        ("minimal-aes128.pdf", 4, CryptMethod::AesV2, 128),
        ("minimal-aes256.pdf", 6, CryptMethod::AesV3, 256),
        ("minimal-aes256-objstm.pdf", 6, CryptMethod::AesV3, 256),
    ];
    for (name, revision, method, bits) in cases {
        let bytes = fixture(name);
        let doc = Document::parse(&bytes, &Limits::default()).unwrap();
        let enc = doc
            .encryption()
            .unwrap_or_else(|| panic!("{name}: encrypted"));
        assert_eq!(enc.opened, Ok(PasswordKind::User), "{name}");
        let facts = enc.facts.as_ref().unwrap();
        assert_eq!(facts.revision, Some(revision), "{name}");
        assert_eq!(facts.streams, method, "{name}");
        assert_eq!(facts.key_bits, Some(bits), "{name}");
        assert_eq!(facts.is_weak(), method == CryptMethod::Rc4, "{name}");
        assert_eq!(signature_view(&doc), expected, "{name}");
    }
}

#[test]
fn a_user_password_is_needed_and_either_password_opens() {
    let bytes = fixture("minimal-aes256-user-password.pdf");
    let doc = Document::parse(&bytes, &Limits::default()).unwrap();
    let enc = doc.encryption().unwrap();
    assert_eq!(
        enc.opened,
        Err(CryptError::PasswordRequired { given: false })
    );
    // Without the key the signature dictionary is still found: names, /ByteRange and the
    // signature's /Contents are never encrypted.
    let locked = signature_view(&doc);
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0].1, Some(SubFilter::EtsiCadesDetached));
    let wrong = Document::parse_with_password(&bytes, &Limits::default(), Some(b"nope")).unwrap();
    assert_eq!(
        wrong.encryption().unwrap().opened,
        Err(CryptError::PasswordRequired { given: true })
    );
    for (password, kind) in [("user", PasswordKind::User), ("owner", PasswordKind::Owner)] {
        let doc =
            Document::parse_with_password(&bytes, &Limits::default(), Some(password.as_bytes()))
                .unwrap();
        assert_eq!(doc.encryption().unwrap().opened, Ok(kind), "{password}");
        assert_eq!(signature_view(&doc)[0].0, "s1", "{password}");
    }
}

#[test]
fn a_stream_of_an_undecryptable_document_is_refused_not_misread() {
    // The field and signature dictionary sit in an encrypted object stream: without the key the
    // object stream cannot be decoded, and reading them says so.
    let bytes = fixture("minimal-aes256-objstm-user-password.pdf");
    let doc = Document::parse(&bytes, &Limits::default()).unwrap();
    assert!(!doc.encryption().unwrap().is_open());
    let err = doc
        .resolve(ObjectId::new(4, 0), doc.newest())
        .expect_err("object 4 is in the encrypted object stream");
    assert!(matches!(err, PdfError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("cannot be decrypted"), "{err}");
    let open = Document::parse_with_password(&bytes, &Limits::default(), Some(b"user")).unwrap();
    assert_eq!(signature_view(&open)[0].0, "s1");
}

#[test]
fn a_hostile_file_cannot_make_the_reader_open_many_encryptions() {
    // Each update rewrites /Encrypt (another /P): every one would need its own keys. Opening is
    // bounded; the rest are refused with the reason.
    let mut b = common::PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    for p in 0..8 {
        b.object(
            3,
            &format!("<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -{p} >>"),
        );
        b.finish_table("/Root 1 0 R /Encrypt 3 0 R /ID [<01> <01>]");
    }
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 8);
    assert_eq!(doc.encryption_changed_in(), &[1, 2, 3, 4, 5, 6, 7]);
    let opened = &doc.encryption().unwrap().opened;
    assert!(
        matches!(opened, Err(CryptError::Unsupported { what, .. }) if what.contains("different /Encrypt")),
        "{opened:?}"
    );
}

#[test]
fn damaged_encrypted_documents_are_reported_never_a_panic() {
    // Deterministic mutations of every encrypted fixture, concentrated on the /Encrypt
    // dictionary (key lengths, /R, /V, /O, /U, /CF) and on the encrypted strings and streams.
    let ctx = audit_core::VerifyContext::new(audit_core::ValidationTime(1_767_225_600));
    let mut rng = common::XorShift(0x9E37_79B9_7F4A_7C15);
    let names = [
        "minimal-rc4-40.pdf",
        "minimal-rc4-128.pdf",
        "minimal-aes128.pdf",
        "minimal-aes256.pdf",
        "minimal-aes256-objstm.pdf",
        "minimal-aes256-user-password.pdf",
        "minimal-aes256-objstm-user-password.pdf",
    ];
    // 60 rounds each: every R6 document costs two runs of Algorithm 2.B, slow in a debug build.
    const ROUNDS: usize = 60;
    let mut reports = 0usize;
    for name in names {
        let original = fixture(name);
        let encrypt_at = common::find(&original, b"/Filter /Standard")
            .or_else(|| common::find(&original, b"/Filter/Standard"))
            .unwrap_or(0);
        for round in 0..ROUNDS {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.below(4) {
                let at = if round % 2 == 0 {
                    encrypt_at + rng.below(300)
                } else {
                    rng.below(bytes.len())
                };
                if let Some(b) = bytes.get_mut(at) {
                    *b = match rng.below(4) {
                        0 => b'0' + u8::try_from(rng.below(10)).unwrap(),
                        1 => b' ',
                        _ => u8::try_from(rng.below(256)).unwrap(),
                    };
                }
            }
            let report =
                std::panic::catch_unwind(|| audit_core::verify_document(name, &bytes, &ctx))
                    .unwrap_or_else(|_| panic!("{name} round {round}: panic"));
            assert!(!report.sha256.is_empty());
            reports += 1;
        }
    }
    assert_eq!(reports, names.len() * ROUNDS);
}
