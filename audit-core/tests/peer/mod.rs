//! Shared by the peer-corpus tests: where `../shared/peer-corpus` is and which PDFs it holds.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Appends every `*.pdf` under `dir` (recursively, in sorted order, so tables are stable).
pub fn collect_pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_pdfs(&p, out);
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            out.push(p);
        }
    }
}
