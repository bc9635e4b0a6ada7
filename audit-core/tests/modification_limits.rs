//! Hostile input: the modification analysis does bounded work, fails closed when a limit stops
//! it, and never panics on mutated files.

mod common;
mod modification_kit;

use audit_core::limits::Limits;
use audit_core::modification::{analyse, ChangeKind, ModificationPolicy};
use audit_core::pdf::Document;
use audit_core::report::Modification;
use audit_core::signature::{evaluate_all, locate};
use common::XorShift;
use modification_kit::{analyse_bytes, Letter};

fn two_signatures() -> Letter {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", true, "");
    l.sign(20, "CoQuan", true, "");
    l
}

#[test]
fn a_limit_that_stops_the_walk_is_disallowed() {
    let l = two_signatures();
    let limits = Limits {
        max_tree_nodes: 8,
        ..Limits::default()
    };
    let doc = Document::parse(l.bytes(), &limits).unwrap();
    let located = locate(&doc);
    let coverage = evaluate_all(&doc, &located.fields);
    let all = analyse(&doc, &located, &coverage, ModificationPolicy::Government);
    let first = all.iter().find(|m| m.signed_revision == Some(1)).unwrap();
    assert_eq!(first.modification, Modification::Disallowed);
    assert!(first
        .changes
        .iter()
        .any(|c| c.kind == ChangeKind::AnalysisIncomplete));
}

#[test]
fn circular_page_tree_and_resources_after_signing_terminate() {
    let mut l = Letter::new(|_| {});
    l.sign(10, "NguoiKy", false, "");
    // Page tree node 2 lists itself; XObject 6 uses itself as a resource.
    l.b.object(2, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>");
    l.b.stream(
        6,
        "/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Me 6 0 R >> >>",
        b"/Me Do",
    );
    l.finish();
    let all = analyse_bytes(l.bytes(), ModificationPolicy::Permissive);
    assert_eq!(all[0].modification, Modification::Disallowed);
}

#[test]
fn mutated_files_never_panic() {
    let base = {
        let mut l = two_signatures();
        l.b.object(
            50,
            "<< /Type /Annot /Subtype /Text /Rect [560 800 580 820] /Contents (x) >>",
        );
        l.annots.push(50);
        l.write_catalog_and_page();
        l.finish();
        l.b.buf.clone()
    };
    let mut rng = XorShift(0x6b79_736f_2026);
    for _ in 0..400 {
        let mut bytes = base.clone();
        for _ in 0..=rng.below(8) {
            let at = rng.below(bytes.len());
            bytes[at] = match rng.below(4) {
                0 => b'0' + u8::try_from(rng.below(10)).unwrap(),
                1 => b' ',
                2 => b'R',
                _ => u8::try_from(rng.below(256)).unwrap(),
            };
        }
        let Ok(doc) = Document::parse(&bytes, &Limits::default()) else {
            continue;
        };
        let located = locate(&doc);
        let coverage = evaluate_all(&doc, &located.fields);
        for policy in [
            ModificationPolicy::Government,
            ModificationPolicy::Permissive,
        ] {
            let _ = analyse(&doc, &located, &coverage, policy);
        }
    }
}
