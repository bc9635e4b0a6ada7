//! Benchmark corpora: `kit corpus --scale N --out DIR` writes N documents with the demo mix and
//! a size spread of 50 KB to 5 MB (about 425 KB on average), the register and expected results.

use std::path::Path;

use super::demo::{export as export_demo, SizeProfile};

/// Writes the corpus; documents stream to disk as they are built, on every core.
pub fn export(out: &Path, n: usize, seed: u64) -> std::io::Result<usize> {
    export_demo(out, n, seed, SizeProfile::Corpus, n <= 20_000)
}
