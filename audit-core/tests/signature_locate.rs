//! Locating signature fields: field tree with /Kids and inherited /FT, widgets outside the field
//! tree, untyped signature dictionaries, values read as of the introducing revision.

mod common;

use audit_core::limits::Limits;
use audit_core::pdf::{Document, Object};
use audit_core::report::SubFilter;
use audit_core::signature::{
    locate, DocMdpPermission, SignatureKind, SignatureValue, TransformMethod,
};
use common::{base_document, signed_once};

#[test]
fn signed_field_values_and_widget() {
    let (b, p) = signed_once();
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert!(located.problems.is_empty(), "{:?}", located.problems);
    assert_eq!(located.fields.len(), 1);
    let f = &located.fields[0];
    assert_eq!(f.name, "Sig1");
    assert!(f.in_field_tree && f.in_newest_revision);
    assert_eq!(f.field_type.as_deref(), Some("Sig"));
    let w = f.widget.as_ref().unwrap();
    assert_eq!(w.page, Some(0));
    assert_eq!(w.rect, Some([10.0, 20.0, 110.0, 70.0]));
    let d = f.dictionary().unwrap();
    assert_eq!(d.revision, 1);
    assert_eq!(d.kind, SignatureKind::Signature);
    assert_eq!(d.filter.as_deref(), Some("Adobe.PPKLite"));
    assert_eq!(d.sub_filter, Some(SubFilter::AdbePkcs7Detached));
    assert_eq!(d.claimed_reason.as_deref(), Some("claimed reason"));
    assert_eq!(d.claimed_time.as_deref(), Some("D:20210315090000+07'00'"));
    assert_eq!(d.contents_bytes().unwrap().len(), 64);
    let Some(Object::String(s)) = &d.contents else {
        panic!()
    };
    assert_eq!(s.span.unwrap().start, p.contents_start);
    assert_eq!(s.span.unwrap().end, p.contents_end);
    assert!(d.redefined_in.is_empty());
}

#[test]
fn kids_inherit_field_type_and_qualify_names() {
    let mut b = base_document();
    b.signature_object(4, 8, "");
    b.object(5, "<< /T (parent) /FT /Sig /Kids [6 0 R] >>");
    b.object(6, "<< /T (child) /Parent 5 0 R /V 4 0 R /Kids [7 0 R] >>");
    b.object(
        7,
        "<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [1 2 3 4] /P 3 0 R >>",
    );
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
    );
    b.object(3, "<< /Type /Page /Parent 2 0 R /Annots [7 0 R] >>");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 1, "{:?}", located.fields);
    let f = &located.fields[0];
    assert_eq!(f.name, "parent.child");
    assert_eq!(f.field_type.as_deref(), Some("Sig"));
    assert_eq!(f.widget.as_ref().unwrap().page, Some(0));
    assert_eq!(f.widget.as_ref().unwrap().rect, Some([1.0, 2.0, 3.0, 4.0]));
    assert!(matches!(f.value, SignatureValue::Signed(_)));
}

#[test]
fn widget_outside_the_field_tree_is_reported() {
    let mut b = base_document();
    b.signature_object(4, 8, "");
    b.object(5, "<< /FT /Sig /T (Hidden) /V 4 0 R /Type /Annot /Subtype /Widget /Rect [0 0 50 50] /P 3 0 R >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>",
    );
    b.object(3, "<< /Type /Page /Parent 2 0 R /Annots [5 0 R] >>");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 1);
    assert!(!located.fields[0].in_field_tree);
    assert_eq!(located.fields[0].name, "Hidden");
    assert_eq!(located.fields[0].widget.as_ref().unwrap().page, Some(0));
}

#[test]
fn untyped_signature_dictionary_and_docmdp_reference() {
    let mut b = base_document();
    b.object(
        4,
        "<< /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <00> \
         /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams 8 0 R >>] >>",
    );
    b.object(8, "<< /Type /TransformParams /P 2 /V /1.2 >>");
    b.object(5, "<< /T (Untyped) /V 4 0 R >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 1);
    let d = located.fields[0].dictionary().unwrap();
    assert_eq!(d.kind, SignatureKind::Untyped);
    assert_eq!(d.references.len(), 1);
    assert_eq!(
        d.references[0].transform_method,
        Some(TransformMethod::DocMdp)
    );
    assert_eq!(
        d.references[0].docmdp_permissions,
        Some(DocMdpPermission::FormFilling)
    );
}

#[test]
fn redefined_signature_dictionary_is_read_as_introduced() {
    // Spoofing: a later revision rewrites the signature dictionary's /Reason.
    let (mut b, _) = signed_once();
    b.object(4, "<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 1 2 3] /Contents <00> /Reason (forged) >>");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    let d = located.fields[0].dictionary().unwrap();
    assert_eq!(d.claimed_reason.as_deref(), Some("claimed reason"));
    assert_eq!(d.revision, 1);
    assert_eq!(d.redefined_in, vec![2]);
}

#[test]
fn signature_removed_later_is_still_reported() {
    let (mut b, _) = signed_once();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(3, "<< /Type /Page /Parent 2 0 R >>");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 1);
    assert!(!located.fields[0].in_newest_revision);
}

#[test]
fn malformed_values_are_not_unsigned() {
    let mut b = base_document();
    b.object(5, "<< /FT /Sig /T (Bad) /V 42 >>");
    b.object(6, "<< /FT /Sig /T (Dangling) /V 77 0 R >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 6 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 2);
    assert!(located
        .fields
        .iter()
        .all(|f| matches!(f.value, SignatureValue::Malformed(_))));
}

#[test]
fn circular_field_tree_terminates() {
    let mut b = base_document();
    b.object(5, "<< /T (a) /FT /Sig /Kids [6 0 R] >>");
    b.object(6, "<< /T (b) /Kids [5 0 R] >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
    );
    b.object(2, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert!(!located.problems.is_empty());
}

#[test]
fn doc_timestamp_and_cert_entries() {
    let mut b = base_document();
    b.object(
        4,
        "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 1 2 3] /Contents <00> >>",
    );
    b.object(
        6,
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.x509.rsa_sha1 /ByteRange [0 1 2 3] /Contents <00> /Cert [<3082> <3083>] >>",
    );
    b.object(5, "<< /FT /Sig /T (TS) /V 4 0 R >>");
    b.object(7, "<< /FT /Sig /T (X509) /V 6 0 R >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 2);
    let ts = located.fields[0].dictionary().unwrap();
    assert_eq!(ts.kind, SignatureKind::DocTimeStamp);
    assert_eq!(ts.sub_filter, Some(SubFilter::EtsiRfc3161));
    let x = located.fields[1].dictionary().unwrap();
    assert_eq!(x.cert, vec![vec![0x30, 0x82], vec![0x30, 0x83]]);
}

#[test]
fn signature_dictionary_in_object_stream_cannot_be_covered() {
    let mut b = base_document();
    b.object_stream(
        10,
        &[
            (4, "<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>"),
            (5, "<< /FT /Sig /T (S) /V 4 0 R >>"),
            (
                1,
                "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
            ),
        ],
    );
    b.finish_xref_stream(11, "/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    let d = located.fields[0].dictionary().unwrap();
    assert!(d.in_object_stream);
    let cov = audit_core::signature::evaluate_all(&doc, &located.fields);
    let problems = &cov[0].as_ref().unwrap().problems;
    assert!(problems.contains(&audit_core::signature::CoverageProblem::DictionaryInObjectStream));
}

#[test]
fn vietnamese_utf16_names_and_certification_perms() {
    // /T and /Reason as UTF-16BE with BOM (§7.9.2.2), as Vietnamese signing tools write them.
    fn utf16_hex(s: &str) -> String {
        let mut out = String::from("<FEFF");
        for u in s.encode_utf16() {
            out.push_str(&format!("{u:04X}"));
        }
        out.push('>');
        out
    }
    let mut b = base_document();
    b.signature_object(4, 8, &format!("/Reason {}", utf16_hex("Phê duyệt")));
    b.object(
        5,
        &format!("<< /FT /Sig /T {} /V 4 0 R >>", utf16_hex("Chữ ký 1")),
    );
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> /Perms << /DocMDP 4 0 R >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields[0].name, "Chữ ký 1");
    let d = located.fields[0].dictionary().unwrap();
    assert_eq!(d.claimed_reason.as_deref(), Some("Phê duyệt"));
    assert_eq!(located.certification, d.id);
    assert!(d.contents_span().is_some());
    assert!(doc.catalog(1).unwrap().unwrap().contains_key(b"AcroForm"));
    assert!(!doc.catalog(0).unwrap().unwrap().contains_key(b"AcroForm"));
}

#[test]
fn one_signature_referenced_from_two_fields() {
    let mut b = base_document();
    b.signature_object(4, 8, "");
    b.object(5, "<< /FT /Sig /T (first) /V 4 0 R >>");
    b.object(6, "<< /FT /Sig /T (second) /V 4 0 R >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 6 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 1);
    assert_eq!(located.fields[0].name, "first");
    assert_eq!(located.fields[0].shared_with, vec!["second".to_owned()]);
}
