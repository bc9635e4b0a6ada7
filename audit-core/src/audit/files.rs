//! Which file of the export each register row names.
//!
//! Registers write paths their own way: relative to the export (`van-ban/stc/12-qd.pdf`) while
//! the audit walks a sub-folder (`stc/12-qd.pdf`), with Windows separators, another letter case, or
//! only the file name. A row and a file match when their file names are equal (after NFC and case
//! folding); among several candidates the longest common trailing path wins. The assignment is
//! made once for all rows and files, most specific pairs first, so it does not depend on the
//! order in which documents are verified.

use std::collections::HashMap;

use super::names::nfc;
use super::register::RegisterRow;

/// A path compared case-insensitively with `/` separators, without `./` or a leading `/`.
pub fn normalise_path(path: &str) -> String {
    let p = nfc(path.trim()).replace('\\', "/").to_lowercase();
    p.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn components(normalised: &str) -> Vec<&str> {
    normalised.split('/').collect()
}

/// Matches register rows to file names (see the module documentation). Returns, for each file
/// (by its index in `files`), the index of its row in `rows`.
pub fn assign(rows: &[RegisterRow], files: &[String]) -> HashMap<usize, usize> {
    let norm_files: Vec<String> = files.iter().map(|f| normalise_path(f)).collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in norm_files.iter().enumerate() {
        if let Some(name) = components(f).last() {
            by_name.entry(name).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let Some(path) = &row.file else { continue };
        let norm = normalise_path(path);
        let wanted = components(&norm);
        let Some(name) = wanted.last() else { continue };
        for &f in by_name.get(name).into_iter().flatten() {
            let have = components(&norm_files[f]);
            let score = wanted
                .iter()
                .rev()
                .zip(have.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            pairs.push((score, r, f));
        }
    }
    // Most specific first; then register order, then file order (deterministic).
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut row_taken = vec![false; rows.len()];
    let mut out = HashMap::new();
    for (_, r, f) in pairs {
        if row_taken[r] || out.contains_key(&f) {
            continue;
        }
        row_taken[r] = true;
        out.insert(f, r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::register::DocumentKind;

    fn row(file: &str) -> RegisterRow {
        RegisterRow {
            row: 2,
            number: None,
            date: None,
            agency: None,
            doc_type: None,
            kind: DocumentKind::Main,
            summary: None,
            signer: None,
            file: Some(file.to_owned()),
            issue_date: None,
        }
    }

    #[test]
    fn paths_normalise() {
        assert_eq!(
            normalise_path(".\\Van-Ban\\STC\\A.PDF"),
            "van-ban/stc/a.pdf"
        );
        assert_eq!(normalise_path("/van-ban//stc/./a.pdf"), "van-ban/stc/a.pdf");
    }

    #[test]
    fn rows_match_files_by_longest_trailing_path() {
        let rows = vec![row("x.pdf"), row("van-ban/b/x.pdf"), row("van-ban/c/y.pdf")];
        let files: Vec<String> = ["a/x.pdf", "b/x.pdf", "c/Y.PDF", "d/z.pdf"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = assign(&rows, &files);
        assert_eq!(m.get(&1), Some(&1), "b/x.pdf is row 2's");
        assert_eq!(m.get(&0), Some(&0), "a/x.pdf goes to the bare name");
        assert_eq!(m.get(&2), Some(&2));
        assert_eq!(m.get(&3), None, "z.pdf is unlisted");
    }
}
