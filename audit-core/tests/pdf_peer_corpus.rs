//! Every PDF of the shared peer corpus (241 files from pyHanko, EU DSS, iText, RUB-NDS, endesive,
//! digitorus) goes through parse + locate + coverage without a panic. Prints a summary; skipped
//! with a message when the corpus is not present (it is not part of the repository).

mod peer;
use peer::collect_pdfs;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::report::Coverage;
use audit_core::signature::{evaluate_all, locate};

#[test]
fn peer_corpus_parses_without_panic() {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/peer-corpus"
    ));
    if !root.is_dir() {
        println!("SKIPPED: peer corpus not found at {}", root.display());
        return;
    }
    let mut files = Vec::new();
    collect_pdfs(root, &mut files);
    files.sort();
    let limits = Limits::default();
    let (mut parsed, mut sigs, mut fields) = (0usize, 0usize, 0usize);
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut coverage: BTreeMap<String, usize> = BTreeMap::new();
    let mut largest: Option<(usize, f64, String)> = None;
    let started = Instant::now();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| {
            let doc = Document::parse(&bytes, &limits)?;
            let located = locate(&doc);
            let reports = evaluate_all(&doc, &located.fields);
            Ok::<_, audit_core::pdf::PdfError>((located, reports, doc.revisions.len()))
        });
        let secs = t.elapsed().as_secs_f64();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        if largest.as_ref().is_none_or(|(n, _, _)| bytes.len() > *n) {
            largest = Some((bytes.len(), secs, rel.clone()));
        }
        match result {
            Err(_) => panic!("panic on {rel}"),
            Ok(Err(e)) => {
                let kind = format!("{e:?}")
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("")
                    .to_owned();
                *errors.entry(kind).or_default() += 1;
                println!("unreadable: {rel}: {e}");
            }
            Ok(Ok((located, reports, revisions))) => {
                parsed += 1;
                fields += located.fields.len();
                let found = located.signatures().count();
                sigs += found;
                let mut line = Vec::new();
                for r in reports.iter().flatten() {
                    let c = match r.coverage {
                        Coverage::EntireFile => "entire_file",
                        Coverage::EntireRevision => "entire_revision",
                        Coverage::Partial => "partial",
                    };
                    *coverage.entry(c.to_owned()).or_default() += 1;
                    line.push(if r.problems.is_empty() {
                        c.to_owned()
                    } else {
                        format!("{c}{:?}", r.problems)
                    });
                }
                println!("ok: {rel}: {revisions} revisions, {found} signatures {line:?}");
            }
        }
    }
    println!("\n== peer corpus: {} PDFs, {parsed} parsed, {sigs} signature values in {fields} signature fields", files.len());
    println!("== unreadable by kind: {errors:?}");
    println!("== coverage: {coverage:?}");
    if let Some((n, secs, name)) = largest {
        #[allow(clippy::cast_precision_loss)]
        let mbs = n as f64 / 1e6 / secs.max(1e-9);
        println!(
            "== largest file {name} ({n} bytes): parse+locate+coverage {secs:.4}s = {mbs:.1} MB/s"
        );
    }
    println!("== total {:.2}s", started.elapsed().as_secs_f64());
    assert!(parsed > 0);
}
