//! The verifier over every PDF of the shared peer corpus (`../shared/peer-corpus`, not in the
//! repository): no panic, no hang, every file reported, and our outcome class agrees with the
//! expectation written in `tests/peer-corpus-expected.tsv` (derived from the corpus README's
//! "What is known / expected" column) on every file not listed there as a known divergence.
//! Prints an agreement table: ours vs expected vs pyHanko vs pdfsig.
//!
//! Trust is not judged here (no anchors: the corpus PKIs are test PKIs); the class compares what
//! peers compare: integrity, coverage and changes after signing. Changes are judged with
//! `ModificationPolicy::Permissive` (what DocMDP/FieldMDP permit), the peers' reading.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use audit_core::modification::ModificationPolicy;
use audit_core::report::{
    Coverage, DocumentReport, DocumentVerdict, EncryptionHandler, Integrity, Modification,
};
use audit_core::{verify_document, ValidationTime, VerifyContext};

const EXPECTED: &str = include_str!("../peer-corpus-expected.tsv");

struct Expectation {
    class: String,
    source: String,
    divergence: String,
    /// The password of an encrypted file that needs one (the source project's tests give it).
    password: Option<String>,
}

fn expectations() -> BTreeMap<String, Expectation> {
    EXPECTED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("path\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let path = cols.next()?.to_owned();
            Some((
                path,
                Expectation {
                    class: cols.next()?.to_owned(),
                    source: cols.next().unwrap_or_default().to_owned(),
                    divergence: cols.next().unwrap_or_default().to_owned(),
                    password: cols.next().filter(|p| !p.is_empty()).map(str::to_owned),
                },
            ))
        })
        .collect()
}

/// Our outcome class (see the TSV header).
fn class(r: &DocumentReport) -> &'static str {
    match r.verdict {
        DocumentVerdict::Unreadable => return "unreadable",
        DocumentVerdict::Unsigned => return "unsigned",
        _ => {}
    }
    let unsupported = r.signatures.iter().any(|s| {
        s.findings
            .iter()
            .any(|f| f.code == "UNSUPPORTED_SIGNATURE_TYPE")
    });
    if unsupported {
        return "unsupported";
    }
    let structural = r.findings.iter().any(|f| {
        matches!(
            f.code.as_str(),
            "NEWEST_REVISION_UNREADABLE"
                | "UNACCOUNTED_BYTES_AFTER_SIGNED_REVISION"
                | "SIGNATURE_OUTSIDE_REVISIONS"
        )
    });
    let bad = r.signatures.iter().any(|s| {
        s.integrity != Integrity::Intact
            || s.coverage == Coverage::Partial
            || s.modification == Some(Modification::Disallowed)
    });
    if structural || bad || (r.signatures.is_empty() && r.verdict == DocumentVerdict::Invalid) {
        "not_valid"
    } else {
        "intact"
    }
}

fn agrees(expected: &str, ours: &str) -> bool {
    expected == ours || (expected == "no_signature" && matches!(ours, "unsigned" | "unreadable"))
}

/// pyHanko and pdfsig columns of the corpus README, by path.
fn peer_columns(corpus: &Path) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    let Ok(readme) = std::fs::read_to_string(corpus.join("README.md")) else {
        return out;
    };
    let mut folder = String::new();
    for line in readme.lines() {
        if line.starts_with("### ") {
            if let (Some(a), Some(b)) = (line.rfind("(`"), line.rfind("`)")) {
                folder = line.get(a + 2..b).unwrap_or_default().to_owned();
            }
            continue;
        }
        if !line.starts_with("| `") {
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split(" | ").collect();
        let Some(name) = cells.first().and_then(|c| c.split('`').nth(1)) else {
            continue;
        };
        let short = |s: Option<&&str>| s.map(|s| s.chars().take(60).collect()).unwrap_or_default();
        out.insert(
            format!("{folder}/{name}"),
            (short(cells.get(4)), short(cells.get(5))),
        );
    }
    out
}

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            pdfs(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
            out.push(p);
        }
    }
}

#[test]
fn peer_corpus_agreement() {
    let Some(corpus) = kyso_tests::harness::peer_corpus() else {
        eprintln!(
            "SKIPPED: ../shared/peer-corpus is absent (the corpus is not part of the repository)"
        );
        return;
    };
    let expected = expectations();
    let peers = peer_columns(&corpus);
    let mut files = Vec::new();
    pdfs(&corpus, &mut files);
    files.sort();
    assert_eq!(files.len(), 241, "the corpus README lists 241 PDFs");

    // 2026-01-01T00:00:00Z: fixed, so the run is reproducible.
    let ctx = VerifyContext::new(ValidationTime(1_767_225_600))
        .with_modification_policy(ModificationPolicy::Permissive);
    let mut rows = Vec::new();
    let mut public_key = Vec::new();
    let started = Instant::now();
    for file in &files {
        let rel = file
            .strip_prefix(&corpus)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let bytes = std::fs::read(file).expect("read corpus file");
        let password = expected.get(&rel).and_then(|e| e.password.clone());
        let ctx = ctx.clone().with_password(password.map(String::into_bytes));
        let t = Instant::now();
        let report = std::panic::catch_unwind(|| verify_document(&rel, &bytes, &ctx))
            .unwrap_or_else(|_| panic!("verify_document panicked on {rel}"));
        // The public-key security handler: unreadable with that precise reason, and the
        // signature dictionaries that can be found without the key listed as found.
        if report
            .encryption
            .as_ref()
            .is_some_and(|e| e.handler == EncryptionHandler::PublicKey)
        {
            assert_eq!(report.verdict, DocumentVerdict::Unreadable, "{rel}");
            assert!(
                report
                    .error
                    .as_deref()
                    .is_some_and(|e| e.contains("public-key security handler")),
                "{rel}: {:?}",
                report.error
            );
            public_key.push((rel.clone(), report.signatures_found.len()));
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{rel} took {:?}",
            t.elapsed()
        );
        rows.push((rel, class(&report)));
    }

    let mut failures = Vec::new();
    let (mut agree, mut known, mut healed) = (0, 0, 0);
    println!(
        "{:<90} {:<12} {:<12} {:<6} {:<40} {:<40}",
        "file", "expected", "kyso", "mark", "pyHanko 0.38", "pdfsig 22.12"
    );
    for (rel, ours) in &rows {
        let Some(e) = expected.get(rel) else {
            failures.push(format!("{rel}: not in peer-corpus-expected.tsv"));
            continue;
        };
        let ok = agrees(&e.class, ours);
        let mark = match (ok, e.divergence.is_empty()) {
            (true, true) => {
                agree += 1;
                "ok"
            }
            (true, false) => {
                healed += 1;
                "ok*"
            }
            (false, false) => {
                known += 1;
                "known"
            }
            (false, true) => {
                failures.push(format!(
                    "{rel}: expected {} ({}), kyso {ours}",
                    e.class, e.source
                ));
                "FAIL"
            }
        };
        let (py, ps) = peers.get(rel).cloned().unwrap_or_default();
        println!(
            "{rel:<90} {:<12} {ours:<12} {mark:<6} {py:<40} {ps:<40}",
            e.class
        );
    }
    println!(
        "\npeer corpus: {} files in {:?}; agree {agree}, known divergences {known}, listed divergences that now agree {healed}, failures {}",
        rows.len(),
        started.elapsed(),
        failures.len()
    );
    for (rel, found) in &public_key {
        println!("  public-key encrypted: {rel}: unreadable, {found} signature dictionaries found");
    }
    assert!(
        public_key.len() >= 2,
        "the corpus has two public-key encrypted files: {public_key:?}"
    );
    for (rel, e) in &expected {
        if !e.divergence.is_empty() && rows.iter().any(|(r, o)| r == rel && !agrees(&e.class, o)) {
            println!("  divergence: {rel}: {}", e.divergence);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
