//! Replays the fuzzing seed corpus and every committed fuzzing finding (`fuzz/corpus/*/`,
//! `fuzz/artifacts/*/`) through the three fuzzed entry points as an ordinary test, so that the
//! stable toolchain keeps checking them (issue 6, "Fuzzing": the corpus replays as a normal test).
//! Every file goes through every entry point: a PDF seed is hostile CMS too, and the reverse.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use audit_core::cms::{verify, SubFilter};
use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::signature::{evaluate_all, locate};
use audit_core::{verify_document, ValidationTime, VerifyContext};

/// The bytes `fuzz/fuzz_targets/cms_decode.rs` passes as the signed ByteRange parts.
const CONTENT: &[u8] = include_bytes!("fixtures/cms/content.bin");

/// The fixed validation time of `fuzz/fuzz_targets/verify_document.rs` (2026-01-01T00:00:00Z).
const AT: ValidationTime = ValidationTime(1_767_225_600);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Regular files one level below `fuzz/<kind>/<target>/`, in a stable order.
fn inputs(kind: &str) -> Vec<PathBuf> {
    let mut out = BTreeSet::new();
    let Ok(targets) = std::fs::read_dir(fuzz_dir().join(kind)) else {
        return Vec::new();
    };
    for target in targets.flatten() {
        let Ok(files) = std::fs::read_dir(target.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| n.starts_with('.'));
            if path.is_file() && !hidden {
                out.insert(path);
            }
        }
    }
    out.into_iter().collect()
}

/// One fuzzed entry point: its target name and the function the target calls.
type EntryPoint = (&'static str, fn(&[u8]));

fn pdf_parse(data: &[u8]) {
    if let Ok(doc) = Document::parse(data, &Limits::default()) {
        let located = locate(&doc);
        let _ = evaluate_all(&doc, &located.fields);
    }
}

fn cms_decode(data: &[u8]) {
    let (a, b) = CONTENT.split_at(CONTENT.len() / 2);
    for sub_filter in [
        SubFilter::AdbePkcs7Detached,
        SubFilter::EtsiCadesDetached,
        SubFilter::AdbePkcs7Sha1,
        SubFilter::EtsiRfc3161,
    ] {
        let _ = verify(data, &[a, b], &sub_filter);
    }
}

fn whole_verify(data: &[u8]) {
    let _ = verify_document("fuzz.pdf", data, &VerifyContext::new(AT));
}

#[test]
fn fuzz_corpus_and_findings_replay_without_panic() {
    let corpus = inputs("corpus");
    assert!(
        corpus.len() >= 3,
        "seed corpus missing under {}",
        fuzz_dir().display()
    );
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    for path in corpus.iter().chain(inputs("artifacts").iter()) {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The same seed sits in several targets' corpora: replay each distinct input once.
        if !seen.insert(data.clone()) {
            continue;
        }
        let entry_points: [EntryPoint; 3] = [
            ("pdf_parse", pdf_parse),
            ("cms_decode", cms_decode),
            ("verify_document", whole_verify),
        ];
        for (name, run) in entry_points {
            if catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
                failures.push(format!("{name} panicked on {}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
