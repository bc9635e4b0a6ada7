//! Reading the Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4): its
//! streams and /VRI entries as of a revision, the revision that wrote it, and malformed entries
//! reported as problems.

mod common;

use audit_core::dss::{self, DssProblem};
use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::signature::locate;
use common::{signed_once, PdfBuilder};

const CATALOG: &str = "/Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >>";

/// The /Contents bytes of the one signature of `bytes`.
fn contents(bytes: &[u8]) -> Vec<u8> {
    let doc = Document::parse(bytes, &Limits::default()).unwrap();
    let located = locate(&doc);
    located.fields[0]
        .dictionary()
        .unwrap()
        .contents_bytes()
        .unwrap()
        .to_vec()
}

/// Revision 2: an indirect /DSS (object 10) with one certificate (Flate), one CRL, one OCSP
/// response and a /VRI entry for the signature, as an LTV-enabling tool writes it.
fn with_dss() -> (PdfBuilder, String) {
    let (mut b, _) = signed_once();
    let key = dss::vri_key(&contents(&b.buf));
    b.flate_stream(11, "", b"CERT-DER");
    b.stream(12, "", b"CRL-DER");
    b.stream(13, "", b"OCSP-DER");
    b.stream(14, "", b"TS-TOKEN");
    b.object(
        10,
        &format!(
            "<< /Type /DSS /Certs [11 0 R] /CRLs [12 0 R] /OCSPs [13 0 R] \
             /VRI << /{key} << /Cert [11 0 R] /CRL [12 0 R] /TU (D:20250101000000Z) /TS 14 0 R >> >> >>"
        ),
    );
    b.object(1, &format!("<< {CATALOG} /DSS 10 0 R >>"));
    b.finish_table("/Root 1 0 R");
    (b, key)
}

#[test]
fn reads_streams_and_vri_as_of_a_revision() {
    let (b, key) = with_dss();
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 3);
    assert_eq!(dss::read(&doc, 1), None, "no /DSS before revision 2");
    let facts = dss::read(&doc, 2).unwrap();
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    assert_eq!(facts.certificates, vec![b"CERT-DER".to_vec()]);
    assert_eq!(facts.crls, vec![b"CRL-DER".to_vec()]);
    assert_eq!(facts.ocsps, vec![b"OCSP-DER".to_vec()]);
    assert_eq!(facts.revision_added, 2);
    assert_eq!(key.len(), 40);
    assert_eq!(key, key.to_ascii_uppercase());
    let vri = &facts.vri[&key];
    assert_eq!(vri.certificates, vec![b"CERT-DER".to_vec()]);
    assert_eq!(vri.crls, vec![b"CRL-DER".to_vec()]);
    assert!(vri.ocsps.is_empty());
    assert_eq!(vri.time.as_deref(), Some("D:20250101000000Z"));
    assert_eq!(vri.timestamp_token.as_deref(), Some(&b"TS-TOKEN"[..]));
}

#[test]
fn a_later_catalog_rewrite_does_not_move_an_indirect_dss() {
    let (mut b, _) = with_dss();
    b.object(1, &format!("<< {CATALOG} /DSS 10 0 R /Lang (vi) >>"));
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let facts = dss::read(&doc, 3).unwrap();
    assert_eq!(facts.revision_added, 2);
    assert_eq!(facts.certificates.len(), 1);

    // Adding a CRL stream to the DSS in revision 4 moves it.
    b.stream(15, "", b"CRL-2");
    b.object(10, "<< /Certs [11 0 R] /CRLs [12 0 R 15 0 R] >>");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let facts = dss::read(&doc, 4).unwrap();
    assert_eq!(facts.revision_added, 4);
    assert_eq!(facts.crls.len(), 2);
    assert_eq!(
        dss::read(&doc, 3).unwrap().crls.len(),
        1,
        "as of revision 3"
    );
}

#[test]
fn a_direct_dss_belongs_to_the_catalog_revision() {
    let (mut b, _) = signed_once();
    b.stream(11, "", b"CERT");
    b.object(1, &format!("<< {CATALOG} /DSS << /Certs [11 0 R] >> >>"));
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let facts = dss::read(&doc, 2).unwrap();
    assert_eq!(facts.revision_added, 2);
    assert_eq!(facts.certificates, vec![b"CERT".to_vec()]);
    assert!(facts.vri.is_empty());
}

#[test]
fn malformed_entries_are_problems() {
    let (mut b, _) = signed_once();
    b.stream(11, "/Filter /FlateDecode", b"not zlib at all");
    b.stream(12, "", b"CRL");
    b.object(13, "(a string, not a stream)");
    b.object(
        10,
        "<< /Certs 7 /CRLs [11 0 R 12 0 R 13 0 R 99 0 R] /OCSPs 12 0 R \
         /VRI << /NOTHEX << /Cert [12 0 R] >> \
         /0000000000000000000000000000000000000000 [1 2] \
         /abcdefabcdefabcdefabcdefabcdefabcdefabcd << /CRL [12 0 R] /TS 13 0 R >> >> >>",
    );
    b.object(1, &format!("<< {CATALOG} /DSS 10 0 R >>"));
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let facts = dss::read(&doc, 2).unwrap();
    assert!(facts.certificates.is_empty());
    assert_eq!(
        facts.crls,
        vec![b"CRL".to_vec()],
        "good items are still read"
    );
    assert_eq!(facts.ocsps, vec![b"CRL".to_vec()], "a lone stream is read");
    let problems = &facts.problems;
    assert!(problems.contains(&DssProblem::NotAnArray {
        key: "/DSS /Certs".into(),
        found: "integer"
    }));
    assert!(problems
        .iter()
        .any(|p| matches!(p, DssProblem::Undecodable { index: 0, .. })));
    assert!(problems.contains(&DssProblem::NotAStream {
        key: "/DSS /CRLs".into(),
        index: 2,
        found: "string"
    }));
    // A dangling reference reads as null (ISO 32000-2 §7.3.10), which is not a stream.
    assert!(problems.contains(&DssProblem::NotAStream {
        key: "/DSS /CRLs".into(),
        index: 3,
        found: "null"
    }));
    assert!(problems.contains(&DssProblem::NotAnArray {
        key: "/DSS /OCSPs".into(),
        found: "stream"
    }));
    assert!(problems.contains(&DssProblem::VriKey {
        key: "NOTHEX".into()
    }));
    assert!(problems
        .iter()
        .any(|p| matches!(p, DssProblem::VriEntryNotADictionary { found: "array", .. })));
    // Lower-case keys are normalised; a /TS that is not a stream is ignored.
    let entry = &facts.vri["ABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD"];
    assert_eq!(entry.crls, vec![b"CRL".to_vec()]);
    assert_eq!(entry.timestamp_token, None);
}

#[test]
fn hostile_shapes_do_not_panic() {
    for dss_value in [
        "10 0 R",
        "(string)",
        "null",
        "<< /VRI 5 /Certs [[[]]] >>",
        "<< /VRI << /A 10 0 R >> >>",
    ] {
        let (mut b, _) = signed_once();
        b.object(10, "10 0 R");
        b.object(1, &format!("<< {CATALOG} /DSS {dss_value} >>"));
        b.finish_table("/Root 1 0 R");
        let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
        let facts = dss::read(&doc, 2);
        if dss_value == "null" {
            assert_eq!(facts, None);
        } else {
            let facts = facts.unwrap();
            assert!(facts.certificates.is_empty(), "{dss_value}");
            assert!(!facts.problems.is_empty(), "{dss_value}");
        }
    }
}
