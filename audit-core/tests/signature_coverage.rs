//! /ByteRange and coverage: every malformed shape (Universal Signature Forgery), a gap that is not
//! /Contents (signature wrapping), collisions, and the three coverage outcomes.

mod common;

use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::report::Coverage;
use audit_core::signature::{
    evaluate_all, locate, signed_slices, ByteRangeProblem, CoverageProblem, CoverageReport,
};
use common::{add_signature_revision, signed_once, PdfBuilder, Placeholder};

fn coverage_of(bytes: &[u8]) -> Vec<CoverageReport> {
    let doc = Document::parse(bytes, &Limits::default()).unwrap();
    let located = locate(&doc);
    evaluate_all(&doc, &located.fields)
        .into_iter()
        .flatten()
        .collect()
}

fn only(bytes: &[u8]) -> CoverageReport {
    let mut all = coverage_of(bytes);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

fn with_byte_range(values: &str) -> Vec<u8> {
    let (mut b, p) = signed_once();
    b.patch_byte_range(&p, values);
    b.buf
}

fn byte_range_problem(values: &str) -> CoverageReport {
    only(&with_byte_range(values))
}

#[test]
fn entire_file_when_the_last_revision_is_signed() {
    let (b, p) = signed_once();
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::EntireFile, "{:?}", r.problems);
    assert!(r.problems.is_empty());
    assert_eq!(r.signed_revision, Some(1));
    let range = r.byte_range.unwrap();
    let [a, c] = signed_slices(&b.buf, &range).unwrap();
    assert_eq!(a.len(), p.contents_start);
    assert_eq!(
        a.len() + c.len() + (p.contents_end - p.contents_start),
        b.buf.len()
    );
}

#[test]
fn entire_revision_when_updates_follow() {
    let (mut b, _) = signed_once();
    b.object(9, "(added after signing)");
    b.finish_table("/Root 1 0 R");
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::EntireRevision, "{:?}", r.problems);
    assert_eq!(r.signed_revision, Some(1));
}

#[test]
fn two_signatures_in_order() {
    let (mut b, _) = signed_once();
    let p2 = add_signature_revision(&mut b, 6, "Sig2", &[5]);
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    b.seal(&p2, end);
    let all = coverage_of(&b.buf);
    assert_eq!(all.len(), 2);
    let by_rev = |rev| all.iter().find(|r| r.signed_revision == Some(rev)).unwrap();
    assert_eq!(
        by_rev(1).coverage,
        Coverage::EntireRevision,
        "{:?}",
        by_rev(1).problems
    );
    assert_eq!(
        by_rev(2).coverage,
        Coverage::EntireFile,
        "{:?}",
        by_rev(2).problems
    );
}

#[test]
fn partial_when_the_tail_of_the_revision_is_not_signed() {
    let (mut b, p) = signed_once();
    let end = b.buf.len();
    b.seal(&p, end - 10);
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::Partial);
    assert!(r
        .problems
        .iter()
        .any(|p| matches!(p, CoverageProblem::NotAtRevisionEnd { .. })));
    assert!(!r.has_format_failure());
}

#[test]
fn byte_range_missing_or_null() {
    let (mut b, p) = signed_once();
    b.overwrite(
        p.byte_range_open - 11,
        p.byte_range_close + 1,
        "/NotByteRange 0",
    );
    let r = only(&b.buf);
    assert_eq!(
        r.problems,
        vec![CoverageProblem::ByteRange(ByteRangeProblem::Missing)]
    );
    assert!(r.has_format_failure());

    let (mut b, p) = signed_once();
    b.overwrite(p.byte_range_open, p.byte_range_close + 1, "null");
    assert_eq!(
        only(&b.buf).problems,
        vec![CoverageProblem::ByteRange(ByteRangeProblem::Null)]
    );

    let (mut b, p) = signed_once();
    b.overwrite(p.byte_range_open, p.byte_range_close + 1, "12");
    assert_eq!(
        only(&b.buf).problems,
        vec![CoverageProblem::ByteRange(ByteRangeProblem::NotAnArray(
            "integer"
        ))]
    );
}

#[test]
fn byte_range_malformed_shapes() {
    let cases: Vec<(&str, ByteRangeProblem)> = vec![
        ("", ByteRangeProblem::WrongLength(0)),
        ("0 10 20", ByteRangeProblem::WrongLength(3)),
        ("0 10 20 30 40", ByteRangeProblem::WrongLength(5)),
        ("0 -10 20 30", ByteRangeProblem::Negative(1)),
        ("0 10 20 -30", ByteRangeProblem::Negative(3)),
        ("0 10.0 20 30", ByteRangeProblem::NotAnInteger(1)),
        ("0 (10) 20 30", ByteRangeProblem::NotAnInteger(1)),
        ("0 10 20 null", ByteRangeProblem::NotAnInteger(3)),
        ("5 10 20 30", ByteRangeProblem::FirstNotZero),
        ("0 20 10 30", ByteRangeProblem::NoGap),
        ("0 20 20 30", ByteRangeProblem::NoGap),
        (
            "0 10 20 99999999",
            ByteRangeProblem::BeyondEof {
                end: 100_000_019,
                file_len: 0,
            },
        ),
        (
            "0 10 20 9223372036854775807",
            ByteRangeProblem::BeyondEof {
                end: 9_223_372_036_854_775_827,
                file_len: 0,
            },
        ),
    ];
    for (text, expected) in cases {
        let r = byte_range_problem(text);
        assert_eq!(r.coverage, Coverage::Partial, "{text}");
        let got = r.problems.iter().find_map(|p| match p {
            CoverageProblem::ByteRange(b) => Some(b.clone()),
            _ => None,
        });
        match (got, expected) {
            (
                Some(ByteRangeProblem::BeyondEof { end, .. }),
                ByteRangeProblem::BeyondEof { end: e, .. },
            ) => {
                assert_eq!(end, e, "{text}")
            }
            (got, expected) => assert_eq!(got, Some(expected), "{text}"),
        }
    }
}

#[test]
fn signature_wrapping_gap_is_not_contents() {
    // The gap extends past /Contents: bytes in it are unsigned and could hold anything (SWA).
    let (mut b, p) = signed_once();
    let end = b.buf.len();
    let v = format!(
        "0 {} {} {}",
        p.contents_start,
        p.contents_end + 5,
        end - p.contents_end - 5
    );
    b.patch_byte_range(&p, &v);
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::Partial);
    assert!(
        r.problems
            .iter()
            .any(|x| matches!(x, CoverageProblem::GapNotContents { .. })),
        "{:?}",
        r.problems
    );
    assert!(r.has_format_failure());

    // A gap that is somewhere else entirely.
    let (mut b, p) = signed_once();
    let end = b.buf.len();
    b.patch_byte_range(&p, &format!("0 100 120 {}", end - 120));
    let r = only(&b.buf);
    assert!(r
        .problems
        .iter()
        .any(|x| matches!(x, CoverageProblem::GapNotContents { .. })));
    assert!(r
        .problems
        .iter()
        .any(|x| matches!(x, CoverageProblem::DictionaryNotSigned { .. })));
}

fn contents_variant(replacement: &str, remove_key: bool) -> CoverageReport {
    let (mut b, p) = signed_once();
    if remove_key {
        b.overwrite(p.contents_start - 10, p.contents_end, replacement);
    } else {
        b.overwrite(p.contents_start, p.contents_end, replacement);
    }
    only(&b.buf)
}

#[test]
fn contents_missing_null_empty_literal() {
    let r = contents_variant("/Other 1", true);
    assert!(
        r.problems.contains(&CoverageProblem::ContentsMissing),
        "{:?}",
        r.problems
    );
    let r = contents_variant("null", false);
    assert!(r.problems.contains(&CoverageProblem::ContentsNull));
    let r = contents_variant("<>", false);
    assert!(r.problems.contains(&CoverageProblem::ContentsEmpty));
    let r = contents_variant("(literal)", false);
    assert!(r.problems.contains(&CoverageProblem::ContentsNotHex));
    let r = contents_variant("42", false);
    assert!(r
        .problems
        .contains(&CoverageProblem::ContentsNotString("integer")));
    for r in [
        contents_variant("null", false),
        contents_variant("<>", false),
    ] {
        assert_eq!(r.coverage, Coverage::Partial);
        assert!(r.has_format_failure());
    }
}

#[test]
fn contents_with_whitespace_or_non_hex() {
    let (mut b, p) = signed_once();
    b.buf[p.contents_start + 3] = b' ';
    let r = only(&b.buf);
    assert!(r.problems.contains(&CoverageProblem::ContentsNotPlainHex));

    // Non-hex digits make the dictionary unreadable: reported, never "unsigned".
    let (mut b, p) = signed_once();
    b.buf[p.contents_start + 3] = b'z';
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.signatures().count(), 1);
    let r = evaluate_all(&doc, &located.fields)
        .into_iter()
        .flatten()
        .next()
        .unwrap();
    assert!(
        matches!(r.problems[0], CoverageProblem::SignatureUnreadable(_)),
        "{:?}",
        r.problems
    );
}

#[test]
fn overlapping_signatures_collide() {
    let (mut b, p1) = signed_once();
    let rev1_end = b.buf.len();
    let p2 = add_signature_revision(&mut b, 6, "Sig2", &[5]);
    b.finish_table("/Root 1 0 R");
    // The second signature claims the first one's ranges.
    let v = format!(
        "0 {} {} {}",
        p1.contents_start,
        p1.contents_end,
        rev1_end - p1.contents_end
    );
    b.patch_byte_range(&p2, &v);
    let all = coverage_of(&b.buf);
    assert_eq!(all.len(), 2);
    // The copy is flagged; the genuine signature is not tainted by a bogus dictionary.
    let copy = all
        .iter()
        .find(|r| r.signed_revision == Some(1) && !r.problems.is_empty())
        .unwrap();
    assert!(copy
        .problems
        .iter()
        .any(|x| matches!(x, CoverageProblem::Collision { .. })));
    assert!(copy
        .problems
        .iter()
        .any(|x| matches!(x, CoverageProblem::GapNotContents { .. })));
    assert!(all
        .iter()
        .any(|r| r.coverage == Coverage::EntireRevision && r.problems.is_empty()));
}

#[test]
fn two_signatures_sealing_the_same_revision_collide() {
    let mut b = common::base_document();
    let p1 = b.signature_object(4, 16, "");
    let p2 = b.signature_object(6, 16, "");
    b.object(5, "<< /FT /Sig /T (A) /V 4 0 R >>");
    b.object(7, "<< /FT /Sig /T (B) /V 6 0 R >>");
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    b.seal(&p1, end);
    b.seal(&p2, end);
    let all = coverage_of(&b.buf);
    assert_eq!(all.len(), 2);
    for r in &all {
        assert_eq!(r.coverage, Coverage::Partial);
        assert!(
            r.problems
                .iter()
                .any(|x| matches!(x, CoverageProblem::Collision { .. })),
            "{:?}",
            r.problems
        );
    }
}

#[test]
fn whitespace_after_eof_inside_the_signed_zone_is_accepted() {
    // iText `eolNotIncludedIntoByteRange.pdf`: the signed zone runs past %%EOF over padding.
    let (mut b, p) = signed_once();
    b.raw(b"\r\n\r\n");
    let end = b.buf.len();
    b.seal(&p, end);
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::EntireFile, "{:?}", r.problems);
}

#[test]
fn signed_revision_must_be_the_one_that_introduced_the_dictionary() {
    let mut b = common::base_document();
    let p: Placeholder = add_signature_revision(&mut b, 4, "Sig1", &[]);
    b.finish_table("/Root 1 0 R");
    b.object(9, "(later)");
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    b.seal(&p, end);
    let r = only(&b.buf);
    assert!(
        r.problems.contains(&CoverageProblem::RevisionMismatch {
            introduced: 1,
            signed: 2
        }),
        "{:?}",
        r.problems
    );
    assert_eq!(r.coverage, Coverage::Partial);
}

#[test]
fn unsigned_field_has_no_coverage() {
    let mut b = common::base_document();
    b.object(
        5,
        "<< /FT /Sig /T (Empty) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
    );
    b.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
    );
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let located = locate(&doc);
    assert_eq!(located.fields.len(), 1);
    assert_eq!(located.signatures().count(), 0);
    assert_eq!(evaluate_all(&doc, &located.fields), vec![None]);
    let _ = PdfBuilder::new();
}

#[test]
fn signed_zone_ending_at_a_marker_whose_startxref_points_elsewhere() {
    let (mut b, _) = signed_once();
    // Rewrite the signed revision's startxref value (same width, zero padded) to point at the
    // first revision's xref, then append a normal update whose /Prev reaches the signed one.
    let at = b
        .buf
        .windows(10)
        .rposition(|w| w == b"startxref\n")
        .unwrap()
        + 10;
    let end_digits = at + b.buf[at..].iter().position(|c| *c == b'\n').unwrap();
    let width = end_digits - at;
    let first_xref = common::find(&b.buf, b"xref\n").unwrap();
    b.buf[at..end_digits].copy_from_slice(format!("{first_xref:0width$}").as_bytes());
    b.object(9, "(later)");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 3);
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::Partial);
    assert!(
        r.problems
            .iter()
            .any(|p| matches!(p, CoverageProblem::EofStartxrefMismatch { revision: 1, .. })),
        "{:?}",
        r.problems
    );
}

#[test]
fn signed_xref_pointing_past_the_signed_zone() {
    // The signed revision's xref says the catalog lives at an offset beyond the signed bytes,
    // where the attacker appends whatever catalog they like later.
    let (mut b, _) = signed_once();
    let signed_end = b.buf.len();
    let table = b.buf.windows(9).rposition(|w| w == b"xref\n1 1\n").unwrap() + 9;
    b.buf[table..table + 10].copy_from_slice(format!("{signed_end:010}").as_bytes());
    b.raw(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>\nendobj\n");
    b.object(9, "(later)");
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert!(doc.anomalies.iter().any(|a| matches!(
        a,
        audit_core::pdf::Anomaly::EntryBeyondRevision {
            revision: 1,
            num: 1,
            ..
        }
    )));
    let r = only(&b.buf);
    assert_eq!(r.coverage, Coverage::Partial);
    assert!(r
        .problems
        .contains(&CoverageProblem::ObjectOutsideSignedZone {
            num: 1,
            offset: signed_end
        }));
}
