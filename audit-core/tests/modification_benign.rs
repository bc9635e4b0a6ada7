//! Benign controls: the normal Decree 30 flow (person, then agency), extra signatures, LTV data,
//! document timestamps and identical rewrites must never be reported as disallowed.

mod common;
mod modification_kit;

use audit_core::modification::ChangeKind;
use audit_core::modification::ModificationPolicy::{Government, Permissive};
use audit_core::report::Modification::{Allowed, None as Unchanged};
use modification_kit::{analyse_bytes, has_kind, kinds_of_first, verdicts, Letter};

#[test]
fn no_later_revision_is_none() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    let all = analyse_bytes(l.bytes(), Government);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].modification, Unchanged);
    assert!(all[0].changes.is_empty(), "{:?}", all[0].changes);
    assert_eq!(all[0].signed_revision, Some(1));
}

#[test]
fn person_then_agency_double_signature_is_allowed() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    // The agency seal's image overlaps the person's signature image: still allowed.
    l.sign(20, "CoQuan", true, "");
    for policy in [Government, Permissive] {
        assert_eq!(verdicts(l.bytes(), policy), vec![Allowed, Unchanged]);
        let kinds = kinds_of_first(l.bytes(), policy);
        assert!(has_kind(&kinds, "signature_added", Allowed), "{kinds:?}");
        assert_eq!(kinds.len(), 1, "{kinds:?}");
    }
}

#[test]
fn three_signatures_are_allowed() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    l.sign(20, "CoQuan", true, "");
    l.sign(30, "VanThu", false, "");
    assert_eq!(
        verdicts(l.bytes(), Government),
        vec![Allowed, Allowed, Unchanged]
    );
}

#[test]
fn dss_added_after_signing_is_allowed() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    l.b.stream(71, "", b"\x30\x03\x02\x01\x00");
    l.b.object(70, "<< /Certs [71 0 R] /VRI << >> >>");
    l.catalog_extra = "/DSS 70 0 R".to_owned();
    l.write_catalog_and_page();
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(has_kind(&kinds, "dss_updated", Allowed), "{kinds:?}");
    assert_eq!(verdicts(l.bytes(), Government), vec![Allowed]);
}

#[test]
fn document_timestamp_after_signing_is_allowed_even_under_p1() {
    let mut l = Letter::new(|_| {});
    l.sign(
        10,
        "ChungThuc",
        false,
        "/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /P 1 /V /1.2 >> >>]",
    );
    let p =
        l.b.signature_object(20, 64, "/Type /DocTimeStamp /SubFilter /ETSI.RFC3161");
    l.b.object(
        21,
        "<< /FT /Sig /T (Timestamp) /V 20 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
    );
    l.fields.push(21);
    l.annots.push(21);
    l.write_catalog_and_page();
    l.finish();
    let end = l.b.buf.len();
    l.b.seal(&p, end);
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(
        kinds
            .iter()
            .any(|(k, v)| *v == Allowed
                && (k == "document_timestamp_added" || k == "signature_added")),
        "{kinds:?}"
    );
    assert_eq!(verdicts(l.bytes(), Government), vec![Allowed, Unchanged]);
}

#[test]
fn identical_rewrite_is_no_change() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", false, "");
    // Rewrite catalog and page exactly as they are.
    l.write_catalog_and_page();
    l.finish();
    assert_eq!(verdicts(l.bytes(), Government), vec![Unchanged]);
}

#[test]
fn metadata_update_is_allowed() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", false, "");
    l.b.object(
        80,
        "<< /Producer (I-Office) /ModDate (D:20260101000000+07'00') >>",
    );
    l.b.finish_table("/Root 1 0 R /Info 80 0 R");
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(has_kind(&kinds, "metadata_updated", Allowed), "{kinds:?}");
}

#[test]
fn reports_carry_stable_kinds_and_both_languages() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    l.sign(20, "CoQuan", true, "");
    let all = analyse_bytes(l.bytes(), Government);
    let first = all.iter().find(|m| m.signed_revision == Some(1)).unwrap();
    let reports = audit_core::policy::change_reports(first);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].revision, 2);
    assert_eq!(reports[0].object.as_deref(), Some("21 0 R"));
    assert_eq!(reports[0].kind, ChangeKind::SignatureAdded);
    assert!(reports[0].message_vi.contains("chữ ký"));
    assert!(reports[0].message_en.contains("signature"));
}

#[test]
fn sticky_note_between_the_person_and_the_agency_is_approved_by_the_agency() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", false, &modification_kit::docmdp(3));
    l.b.object(
        50,
        "<< /Type /Annot /Subtype /Text /Rect [560 800 580 820] /Contents (Da xem) >>",
    );
    l.annots.push(50);
    l.write_catalog_and_page();
    l.finish();
    l.sign(20, "CoQuan", true, "");
    assert_eq!(verdicts(l.bytes(), Government), vec![Allowed, Unchanged]);
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(has_kind(&kinds, "annotation_added", Allowed), "{kinds:?}");
}

#[test]
fn tagged_letter_signature_updates_the_structure_tree() {
    // Word exports are tagged; signing tools add the widget to the structure tree.
    let mut l = Letter::new(|l| {
        l.b.object(
            90,
            "<< /Type /StructTreeRoot /K [91 0 R] /ParentTree 92 0 R >>",
        );
        l.b.object(91, "<< /Type /StructElem /S /P /P 90 0 R /Pg 3 0 R /K 0 >>");
        l.b.object(92, "<< /Nums [0 [91 0 R]] >>");
        l.catalog_extra = "/StructTreeRoot 90 0 R /MarkInfo << /Marked true >>".to_owned();
    });
    l.sign(10, "NguoiKy", true, "");
    l.b.object(93, "<< /Type /StructElem /S /Form /P 90 0 R /Pg 3 0 R >>");
    l.b.object(
        90,
        "<< /Type /StructTreeRoot /K [91 0 R 93 0 R] /ParentTree 92 0 R >>",
    );
    l.b.object(92, "<< /Nums [0 [91 0 R] 1 93 0 R] >>");
    l.sign(20, "CoQuan", true, "");
    assert_eq!(verdicts(l.bytes(), Government), vec![Allowed, Unchanged]);
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(
        has_kind(&kinds, "structure_tree_updated", Allowed),
        "{kinds:?}"
    );
}
