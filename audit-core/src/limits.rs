//! Hard bounds that hold on every input (DESIGN.md, "Limits that hold on every input").
//!
//! A verifier that runs in the browser (wasm32, one thread, no way to interrupt a hung call) and
//! on a server auditing tens of thousands of files must never let a hostile PDF decide how much
//! memory or time it takes. Every parser loop and every allocation whose size comes from the
//! input is checked against one of these numbers; exceeding one is an error (fail closed), never
//! a silent truncation.

/// Resource limits for parsing one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted file, in bytes.
    pub max_file_size: usize,
    /// Most cross-reference entries over all revisions (each entry costs a map slot).
    pub max_objects: usize,
    /// Deepest nesting of arrays/dictionaries, and of reference chains followed while resolving.
    pub max_depth: usize,
    /// Most bytes one stream may decode to.
    pub max_decoded_stream: usize,
    /// Most bytes all decoded streams of one document may add up to.
    pub max_decoded_document: usize,
    /// Most cross-reference sections followed through /Prev (one per revision, two for
    /// linearized files).
    pub max_revisions: usize,
    /// Most signature dictionaries reported for one document.
    pub max_signatures: usize,
    /// Most nodes visited in the AcroForm field tree and the page tree together.
    pub max_tree_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            // Scanned official letters with many image pages reach tens of MB; 512 MiB leaves a
            // wide margin while staying well inside a browser tab's wasm32 address space (4 GiB).
            max_file_size: 512 * 1024 * 1024,
            // Real documents have thousands to a few hundred thousand objects; a million entries
            // (tens of MB of maps) is far beyond any I-Office export yet still bounded.
            max_objects: 1_000_000,
            // ISO 32000-2 Annex C suggests 28 levels of nesting as an interoperable minimum;
            // 64 accepts every real file while keeping recursion (wasm32 stack 1 MiB) shallow.
            max_depth: 64,
            // Only xref streams, object streams and (later) content streams are decoded; they are
            // small. 64 MiB per stream stops a deflate bomb (ratio ~1000:1) within milliseconds.
            max_decoded_stream: 64 * 1024 * 1024,
            // The total across a document: four worst-case streams.
            max_decoded_document: 256 * 1024 * 1024,
            // A Decree 30 document has 2-4 revisions; LTV-extended ones perhaps a dozen. 1000
            // sections is generous and bounds /Prev walks on hostile chains.
            max_revisions: 1000,
            // Documents carry a handful of signatures; DSS's test file has 51.
            max_signatures: 1000,
            // Field trees and page trees of real documents have at most tens of thousands of
            // nodes; this bounds walks over hostile (e.g. shared-subtree) structures.
            max_tree_nodes: 200_000,
        }
    }
}

/// A countdown that refuses to go below zero: used for per-document totals (decoded bytes,
/// visited nodes) across many calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    remaining: usize,
}

impl Budget {
    /// A budget of `total` units.
    pub fn new(total: usize) -> Self {
        Self { remaining: total }
    }

    /// Units still available.
    pub fn remaining(&self) -> usize {
        self.remaining
    }

    /// Takes `units`; returns false (and takes nothing) if fewer remain.
    pub fn take(&mut self, units: usize) -> bool {
        match self.remaining.checked_sub(units) {
            Some(rest) => {
                self.remaining = rest;
                true
            }
            None => false,
        }
    }
}
