//! Every PDF under the export's folder, recursively: regular files whose name ends in `.pdf`
//! (any case), symbolic links followed with loop detection. A loop or an unreadable folder is
//! reported and the walk goes on.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A PDF file to audit.
#[derive(Debug, Clone)]
pub struct PdfFile {
    /// Path relative to the root, `/`-separated (the name in reports and the register).
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

/// The files found and the problems met on the way.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PdfFile>,
    pub problems: Vec<String>,
}

fn is_pdf(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Walks `root` (sorted by name, so runs are reproducible).
pub fn walk(root: &Path) -> Walk {
    let mut out = Walk::default();
    for entry in WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let reason = if let Some(ancestor) = e.loop_ancestor() {
                    format!(
                        "symbolic link loop back to {} / vòng lặp liên kết",
                        ancestor.display()
                    )
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| format!("{io} / không đọc được"))
                };
                out.problems.push(format!("{path}: {reason}"));
                continue;
            }
        };
        // With links followed, the file type is the target's: only regular files count.
        if !entry.file_type().is_file() || !is_pdf(entry.path()) {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.files.push(PdfFile {
            name,
            path: entry.path().to_path_buf(),
            size,
        });
    }
    out
}
