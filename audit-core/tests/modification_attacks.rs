//! The published attacks on signed PDFs (anchors.md §6), each built here and each caught by the
//! modification analysis: incremental saving (ISA), shadow hide / replace / hide-and-replace,
//! evil annotation (EAA), sneaky signature (SSA), DocMDP violations and certification order.

mod common;
mod modification_kit;

use audit_core::modification::ChangeKind;
use audit_core::modification::ModificationPolicy::{Government, Permissive};
use audit_core::report::Modification::{Allowed, Disallowed, None as Unchanged};
use modification_kit::{docmdp, fieldmdp_include, has_kind, kinds_of_first, verdicts, Letter};

/// A letter signed once (revision 1) by field "NguoiKy".
fn signed() -> Letter {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    l
}

/// A letter with a text field `Text1` (object 8, widget merged, empty appearance 9) signed once
/// with `sig_extra`.
fn with_text_field(sig_extra: &str) -> Letter {
    let mut l = Letter::new(|l| {
        l.b.stream(9, "/Type /XObject /Subtype /Form /BBox [0 0 200 20]", b"");
        l.b.object(
            8,
            "<< /FT /Tx /T (Text1) /Type /Annot /Subtype /Widget /Rect [72 500 272 520] /P 3 0 R /AP << /N 9 0 R >> >>",
        );
        l.fields.push(8);
        l.annots.push(8);
    });
    l.sign(10, "NguoiKy", false, sig_extra);
    l
}

/// Fills `Text1` with a value and a new appearance stream 30 drawing text.
fn fill_text_field(l: &mut Letter) {
    l.b.stream(
        30,
        "/Type /XObject /Subtype /Form /BBox [0 0 200 20]",
        b"BT /F1 12 Tf 2 5 Td (500.000.000 VND) Tj ET",
    );
    l.b.object(
        8,
        "<< /FT /Tx /T (Text1) /V (500.000.000 VND) /Type /Annot /Subtype /Widget /Rect [72 500 272 520] /P 3 0 R /AP << /N 30 0 R >> >>",
    );
    l.finish();
}

#[test]
fn isa_later_revision_changes_the_page_content_stream() {
    let mut l = signed();
    l.b.stream(
        4,
        "",
        b"BT /F1 12 Tf 72 720 Td (So 99/QD-UBND: tu choi) Tj ET",
    );
    l.finish();
    for policy in [Government, Permissive] {
        let kinds = kinds_of_first(l.bytes(), policy);
        assert!(
            has_kind(&kinds, "content_stream_changed", Disallowed),
            "{kinds:?}"
        );
        assert_eq!(verdicts(l.bytes(), policy), vec![Disallowed]);
    }
}

#[test]
fn isa_without_a_cross_reference_section_is_unaccounted_bytes() {
    let mut l = signed();
    l.b.raw(b"4 0 obj\n<< /Length 20 >>\nstream\nBT (forged) Tj ET   \nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(
        kinds.iter().any(|(k, v)| *v == Disallowed
            && (k == "unaccounted_bytes" || k == "newest_revision_unreadable")),
        "{kinds:?}"
    );
}

#[test]
fn isa_with_a_broken_cross_reference_section_is_unaccounted_bytes() {
    let mut l = signed();
    let at = l.b.buf.len();
    l.b.raw(b"4 0 obj\n<< /Length 20 >>\nstream\nBT (forged) Tj ET   \nendstream\nendobj\nxref\ntrailer\n<< /Root 1 0 R >>\n");
    l.b.raw(format!("startxref\n{at}\n%%EOF\n").as_bytes());
    assert_eq!(verdicts(l.bytes(), Government), vec![Disallowed]);
    assert_eq!(verdicts(l.bytes(), Permissive), vec![Disallowed]);
}

#[test]
fn isa_between_the_person_and_the_agency_signature() {
    let mut l = signed();
    l.b.stream(4, "", b"BT /F1 12 Tf 72 720 Td (forged) Tj ET");
    l.finish();
    l.sign(20, "CoQuan", true, "");
    // The person's signature sees the forgery; the agency signed the forged revision itself.
    assert_eq!(verdicts(l.bytes(), Government), vec![Disallowed, Unchanged]);
}

#[test]
fn shadow_hide_changes_an_xobject_referenced_by_the_page() {
    let mut l = signed();
    l.b.stream(6, "/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b"");
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "xobject_changed", Disallowed), "{kinds:?}");
}

#[test]
fn shadow_replace_redefines_a_font() {
    let mut l = signed();
    l.b.object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "font_changed", Disallowed), "{kinds:?}");
}

#[test]
fn shadow_replace_overlay_fills_a_field_with_an_empty_appearance() {
    let mut l = with_text_field("");
    fill_text_field(&mut l);
    let gov = kinds_of_first(l.bytes(), Government);
    assert!(has_kind(&gov, "form_filled", Disallowed), "{gov:?}");
    assert_eq!(verdicts(l.bytes(), Government), vec![Disallowed]);
    // Without DocMDP a permissive reader accepts form filling.
    assert_eq!(verdicts(l.bytes(), Permissive), vec![Allowed]);
}

#[test]
fn hide_and_replace_repoints_the_catalog_pages() {
    let mut l = Letter::new(|l| {
        // Shadow page tree present (unreferenced) at signing time.
        l.b.stream(40, "", b"BT /F1 12 Tf 72 720 Td (shadow) Tj ET");
        l.b.object(
            41,
            "<< /Type /Page /Parent 42 0 R /MediaBox [0 0 595 842] /Contents 40 0 R >>",
        );
        l.b.object(42, "<< /Type /Pages /Kids [41 0 R] /Count 1 >>");
    });
    l.sign(10, "NguoiKy", false, "");
    l.b.object(
        1,
        "<< /Type /Catalog /Pages 42 0 R /AcroForm << /Fields [11 0 R] /SigFlags 3 >> >>",
    );
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "pages_repointed", Disallowed), "{kinds:?}");
}

#[test]
fn evil_annotation_free_text_under_p3_is_disallowed() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "ChungThuc", false, &docmdp(3));
    l.b.stream(
        51,
        "/Type /XObject /Subtype /Form /BBox [0 0 300 20]",
        b"BT /F1 12 Tf (So tien: 900.000.000) Tj ET",
    );
    l.b.object(
        50,
        "<< /Type /Annot /Subtype /FreeText /Rect [72 700 372 720] /Contents () /DA (/F1 12 Tf) /F 4 /AP << /N 51 0 R >> >>",
    );
    l.annots.push(50);
    l.write_catalog_and_page();
    l.finish();
    for policy in [Government, Permissive] {
        let kinds = kinds_of_first(l.bytes(), policy);
        assert!(
            has_kind(&kinds, "annotation_added", Disallowed),
            "{kinds:?}"
        );
    }
}

#[test]
fn sticky_note_in_the_margin_under_p3() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "ChungThuc", false, &docmdp(3));
    l.b.object(
        50,
        "<< /Type /Annot /Subtype /Text /Rect [560 800 580 820] /Contents (Da xem) /Name /Comment >>",
    );
    l.annots.push(50);
    l.write_catalog_and_page();
    l.finish();
    assert_eq!(verdicts(l.bytes(), Permissive), vec![Allowed]);
    // The government policy allows nothing visible after the agency signed.
    assert_eq!(verdicts(l.bytes(), Government), vec![Disallowed]);
}

#[test]
fn sneaky_signature_adds_an_unsigned_visible_signature_field() {
    let mut l = signed();
    l.b.stream(
        61,
        "/Type /XObject /Subtype /Form /BBox [0 0 300 40]",
        b"BT /F1 14 Tf (Da duyet chi 900 trieu) Tj ET",
    );
    l.b.object(
        60,
        "<< /FT /Sig /T (Sneaky) /Type /Annot /Subtype /Widget /Rect [72 650 372 690] /P 3 0 R /F 4 /AP << /N 61 0 R >> >>",
    );
    l.fields.push(60);
    l.annots.push(60);
    l.write_catalog_and_page();
    l.finish();
    for policy in [Government, Permissive] {
        let kinds = kinds_of_first(l.bytes(), policy);
        assert!(
            has_kind(&kinds, "signature_field_added", Disallowed),
            "{kinds:?}"
        );
    }
}

#[test]
fn docmdp_p1_forbids_any_change_even_a_signature() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "ChungThuc", false, &docmdp(1));
    l.sign(20, "PheDuyet", false, "");
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "signature_added", Disallowed), "{kinds:?}");
}

#[test]
fn docmdp_p2_form_fill() {
    let mut l = with_text_field(&docmdp(2));
    fill_text_field(&mut l);
    assert_eq!(verdicts(l.bytes(), Permissive), vec![Allowed]);
    assert_eq!(verdicts(l.bytes(), Government), vec![Disallowed]);
}

#[test]
fn docmdp_p2_forbids_annotations() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "ChungThuc", false, &docmdp(2));
    l.b.object(
        50,
        "<< /Type /Annot /Subtype /Text /Rect [560 800 580 820] /Contents (note) >>",
    );
    l.annots.push(50);
    l.write_catalog_and_page();
    l.finish();
    assert_eq!(verdicts(l.bytes(), Permissive), vec![Disallowed]);
}

#[test]
fn fieldmdp_lock_forbids_filling_the_locked_field() {
    let mut l = with_text_field(&fieldmdp_include(&["Text1"]));
    fill_text_field(&mut l);
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "form_filled", Disallowed), "{kinds:?}");
}

#[test]
fn certification_after_approval_is_disallowed() {
    let mut l = signed();
    l.catalog_extra = "/Perms << /DocMDP 20 0 R >>".to_owned();
    l.sign(20, "ChungThuc", false, &docmdp(2));
    let all = verdicts(l.bytes(), Permissive);
    assert_eq!(all, vec![Disallowed, Disallowed]);
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(
        has_kind(&kinds, "certification_after_approval", Disallowed),
        "{kinds:?}"
    );
}

#[test]
fn two_certification_signatures_are_disallowed() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "ChungThuc1", false, &docmdp(2));
    l.sign(20, "ChungThuc2", false, &docmdp(2));
    assert_eq!(
        verdicts(l.bytes(), Permissive),
        vec![Disallowed, Disallowed]
    );
}

#[test]
fn rewriting_a_signature_dictionary_after_signing_is_disallowed() {
    let mut l = signed();
    // Replace /Reason (spoofing) by redefining the signature dictionary object.
    l.b.object(
        10,
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <00> /Reason (forged) >>",
    );
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(
        has_kind(&kinds, "signature_dictionary_changed", Disallowed),
        "{kinds:?}"
    );
}

#[test]
fn freeing_an_object_in_use_is_disallowed() {
    let mut l = signed();
    l.b.free(6);
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "object_freed", Disallowed), "{kinds:?}");
}

#[test]
fn overwriting_an_appearance_stream_used_elsewhere_is_disallowed() {
    // The text field's appearance stream 9 is also the page's XObject /X2.
    let mut l = Letter::new(|l| {
        l.b.stream(9, "/Type /XObject /Subtype /Form /BBox [0 0 200 20]", b"");
        l.b.object(
            8,
            "<< /FT /Tx /T (Text1) /Type /Annot /Subtype /Widget /Rect [72 500 272 520] /P 3 0 R /AP << /N 9 0 R >> >>",
        );
        l.b.object(
            45,
            "<< /Type /Annot /Subtype /Square /Rect [0 0 10 10] /AP << /N 9 0 R >> >>",
        );
        l.fields.push(8);
        l.annots.push(8);
        l.annots.push(45);
    });
    l.sign(10, "NguoiKy", false, "");
    l.b.stream(
        9,
        "/Type /XObject /Subtype /Form /BBox [0 0 200 20]",
        b"BT /F1 12 Tf (forged) Tj ET",
    );
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(
        has_kind(&kinds, "shared_appearance_overwritten", Disallowed),
        "{kinds:?}"
    );
}

#[test]
fn removing_an_annotation_is_disallowed() {
    let mut l = signed();
    l.annots.clear();
    l.write_catalog_and_page();
    l.finish();
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(
        has_kind(&kinds, "annotation_removed", Disallowed),
        "{kinds:?}"
    );
}

/// Through the whole pipeline: the report lists the change and the document is invalid
/// (placeholder signatures are malformed anyway; the modification facts must still be there).
#[test]
fn verify_document_reports_the_disallowed_change() {
    use audit_core::{verify_document, DocumentVerdict, ValidationTime, VerifyContext};
    let mut l = signed();
    l.b.stream(4, "", b"BT /F1 12 Tf 72 720 Td (forged) Tj ET");
    l.finish();
    let ctx = VerifyContext::new(ValidationTime(1_767_225_600));
    let report = verify_document("isa.pdf", l.bytes(), &ctx);
    assert_eq!(report.verdict, DocumentVerdict::Invalid, "{report:#?}");
    let sig = &report.signatures[0];
    assert_eq!(sig.modification, Some(Disallowed), "{sig:#?}");
    assert!(
        sig.changes
            .iter()
            .any(|c| c.kind == ChangeKind::ContentStreamChanged
                && c.object.as_deref() == Some("4 0 R")),
        "{:#?}",
        sig.changes
    );
}

#[test]
fn sneaky_signature_with_a_valid_signature_over_the_body_text() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    l.sign(20, "CoQuan", true, "");
    // A third, signed signature whose widget paints over the letter's first line (y = 720).
    l.sign_at(30, "Sneaky", Some("[60 700 400 740]"), "");
    let gov = verdicts(l.bytes(), Government);
    assert_eq!(gov[0], Disallowed, "{gov:?}");
    assert_eq!(gov[1], Disallowed, "{gov:?}");
    let kinds = kinds_of_first(l.bytes(), Government);
    assert!(has_kind(&kinds, "signature_added", Disallowed), "{kinds:?}");
    // DocMDP alone allows signing; only the government profile looks at the overlap.
    assert_eq!(
        verdicts(l.bytes(), Permissive),
        vec![Allowed, Allowed, Unchanged]
    );
}

/// The offset of the newest cross-reference section (the last `startxref` value).
fn last_startxref(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let at = text.rfind("startxref\n").unwrap() + "startxref\n".len();
    text[at..].lines().next().unwrap().trim().parse().unwrap()
}

/// Appends a hand-written update: `entries` as (number, offset) in one table, in order.
fn raw_update(l: &mut Letter, entries: &[(u32, usize)]) {
    let prev = last_startxref(l.bytes());
    let at = l.b.buf.len();
    let mut s = String::from("xref\n0 1\n0000000000 65535 f\r\n");
    for (num, offset) in entries {
        s.push_str(&format!("{num} 1\n{offset:010} 00000 n\r\n"));
    }
    s.push_str(&format!(
        "trailer\n<< /Size 40 /Prev {prev} /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n"
    ));
    l.b.raw(s.as_bytes());
}

#[test]
fn hide_and_replace_by_xref_redirection_to_a_shadow_object() {
    // The original revision carries a shadow copy of content stream 4 that no entry points to.
    let mut shadow_at = 0;
    let mut l = Letter::new(|l| {
        shadow_at = l.b.buf.len();
        l.b.raw(b"4 0 obj\n<< /Length 28 >>\nstream\nBT (shadow content here) Tj ET\nendstream\nendobj\n");
    });
    l.sign(10, "NguoiKy", false, "");
    // The update writes no object at all: only an entry redirecting 4 to the shadow bytes.
    raw_update(&mut l, &[(4, shadow_at)]);
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(has_kind(&kinds, "xref_redirect", Disallowed), "{kinds:?}");
    assert!(
        has_kind(&kinds, "content_stream_changed", Disallowed),
        "{kinds:?}"
    );
}

#[test]
fn duplicate_object_numbers_in_one_update_are_disallowed() {
    let mut l = signed();
    let first = l.b.buf.len();
    l.b.raw(b"4 0 obj\n<< /Length 10 >>\nstream\nBT (a) Tj \nendstream\nendobj\n");
    let second = l.b.buf.len();
    l.b.raw(b"4 0 obj\n<< /Length 10 >>\nstream\nBT (b) Tj \nendstream\nendobj\n");
    raw_update(&mut l, &[(4, first), (4, second)]);
    let kinds = kinds_of_first(l.bytes(), Permissive);
    assert!(
        has_kind(&kinds, "duplicate_object_number", Disallowed),
        "{kinds:?}"
    );
}
