//! The modification analysis over the peer corpus (`../shared/peer-corpus`, README.md there):
//! every published attack sample must have a signature with a disallowed change (or be flagged
//! by unaccounted bytes or partial coverage); DSS's annotation and form-fill samples list their
//! change (allowed when permissive, disallowed under the government default); benign
//! multi-signature files are not disallowed. Prints a table next to pyHanko's column. Skipped with
//! a message when the corpus is absent.

mod peer;
use peer::collect_pdfs;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use audit_core::limits::Limits;
use audit_core::modification::{analyse, ModificationPolicy, SignatureModification};
use audit_core::pdf::Document;
use audit_core::report::{Coverage, Modification};
use audit_core::signature::{evaluate_all, locate};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/peer-corpus");

/// What one file yields.
#[derive(Debug, Default)]
struct Outcome {
    unreadable: Option<String>,
    government: Vec<SignatureModification>,
    permissive: Vec<SignatureModification>,
    partial: bool,
}

fn run(path: &Path) -> Outcome {
    let Ok(bytes) = std::fs::read(path) else {
        return Outcome {
            unreadable: Some("cannot read".into()),
            ..Outcome::default()
        };
    };
    let doc = match Document::parse(&bytes, &Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            return Outcome {
                unreadable: Some(e.to_string()),
                ..Outcome::default()
            }
        }
    };
    let located = locate(&doc);
    let coverage = evaluate_all(&doc, &located.fields);
    let partial = coverage
        .iter()
        .flatten()
        .any(|c| c.coverage == Coverage::Partial);
    Outcome {
        unreadable: None,
        government: analyse(&doc, &located, &coverage, ModificationPolicy::Government),
        permissive: analyse(&doc, &located, &coverage, ModificationPolicy::Permissive),
        partial,
    }
}

fn summary(list: &[SignatureModification]) -> String {
    let mut sorted: Vec<&SignatureModification> = list.iter().collect();
    sorted.sort_by_key(|m| m.signed_revision);
    sorted
        .iter()
        .map(|m| {
            let mut kinds: Vec<&str> = m
                .changes
                .iter()
                .filter(|c| c.verdict == Modification::Disallowed)
                .map(|c| c.kind.as_str())
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            let v = match m.modification {
                Modification::None => "none",
                Modification::Allowed => "allowed",
                Modification::Disallowed => "DISALLOWED",
            };
            if kinds.is_empty() {
                format!("r{:?}:{v}", m.signed_revision.unwrap_or(usize::MAX))
            } else {
                format!(
                    "r{:?}:{v}[{}]",
                    m.signed_revision.unwrap_or(usize::MAX),
                    kinds.join(",")
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn any_disallowed(list: &[SignatureModification]) -> bool {
    list.iter()
        .any(|m| m.modification == Modification::Disallowed)
}

/// Attack samples: (path relative to the corpus root).
fn attack_samples(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut shadow = Vec::new();
    collect_pdfs(&root.join("rub-nds-pdf-attacker"), &mut shadow);
    out.extend(shadow.into_iter().filter(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("4_") && n.contains("manipulated"))
    }));
    let mut dss2236 = Vec::new();
    collect_pdfs(&root.join("esig-dss/validation/dss-2236"), &mut dss2236);
    out.extend(dss2236);
    for rel in [
        "esig-dss/validation/siwa.pdf",
        "itext/verify/pdfinsecurity/IncrementalSavingAttackTest/isa-3.pdf",
        "itext/verify/pdfinsecurity/IncrementalSavingAttackTest/isaValidPdf.pdf",
        "itext/verify/pdfinsecurity/SignatureWrappingAttackTest/siwa.pdf",
    ] {
        out.push(root.join(rel));
    }
    out
}

const BENIGN: &[&str] = &[
    "esig-dss/validation/hello_signed_INCSAVE_signed.pdf",
    "esig-dss/validation/timestamped_and_signed.pdf",
    "itext/validation/report/pades/PAdESLevelIntegrationTest/B-LTA_with_multiple_timestamps.pdf",
    "pyhanko/signed/minimal-signed-twice-both-created.pdf",
    "pyhanko/signed/pades-lta-dss-indirect-arrs-test.pdf",
];

/// Files where kyso deliberately disagrees with a peer, with the reason (printed, not failed).
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[(
    "esig-dss/validation/pades-5-signatures-and-1-document-timestamp.pdf",
    "the newest update (the document timestamp) has /Prev 0 and the one before a startxref \
     pointing into it (DSS-621): a strict reader cannot read it, so the bytes after the fifth \
     signature are unaccounted for (fail closed); DSS repairs, pyHanko errors out, pdfsig does \
     not judge modifications",
)];

#[test]
fn peer_corpus_modification_table() {
    let root = Path::new(ROOT);
    if !root.is_dir() {
        eprintln!(
            "SKIPPED: peer corpus not found at {} (see /work/shared/peer-corpus/README.md)",
            root.display()
        );
        return;
    }
    let mut table = String::new();
    let mut failures = Vec::new();
    let name = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();

    writeln!(
        table,
        "\n== attack samples (must be disallowed or flagged) =="
    )
    .unwrap();
    for path in attack_samples(root) {
        let o = run(&path);
        // The default (government) policy must catch it; the permissive column is informative
        // (a form-fill overlay is DocMDP-legal, which is why the default forbids it).
        let flagged = o.unreadable.is_some() || o.partial || any_disallowed(&o.government);
        writeln!(
            table,
            "{:<100} {} partial={} gov: {} | perm: {}{}",
            name(&path),
            if flagged { "ok  " } else { "MISS" },
            o.partial,
            summary(&o.government),
            summary(&o.permissive),
            o.unreadable
                .as_deref()
                .map(|e| format!(" unreadable: {e}"))
                .unwrap_or_default()
        )
        .unwrap();
        if !flagged {
            failures.push(format!("attack not caught: {}", name(&path)));
        }
    }

    writeln!(table, "\n== DSS annotation / form fill samples ==").unwrap();
    for (rel, kind) in [
        (
            "esig-dss/validation/pades-signed-annot-added.pdf",
            "annotation_added",
        ),
        (
            "esig-dss/validation/pades-signed-filled-form.pdf",
            "form_filled",
        ),
    ] {
        let path = root.join(rel);
        let o = run(&path);
        writeln!(
            table,
            "{rel:<100} gov: {} | perm: {}",
            summary(&o.government),
            summary(&o.permissive)
        )
        .unwrap();
        let lists = o
            .permissive
            .iter()
            .any(|m| m.changes.iter().any(|c| c.kind.as_str() == kind));
        if !lists {
            failures.push(format!("{rel}: {kind} not listed"));
        }
        if any_disallowed(&o.permissive) {
            failures.push(format!("{rel}: disallowed under Permissive"));
        }
        if !any_disallowed(&o.government) {
            failures.push(format!("{rel}: not disallowed under Government"));
        }
    }

    writeln!(
        table,
        "\n== benign multi-signature files (must not be disallowed) =="
    )
    .unwrap();
    for rel in BENIGN {
        let o = run(&root.join(rel));
        writeln!(
            table,
            "{rel:<100} gov: {} | perm: {}",
            summary(&o.government),
            summary(&o.permissive)
        )
        .unwrap();
        if o.unreadable.is_some() || any_disallowed(&o.government) {
            failures.push(format!("benign file disallowed: {rel}"));
        }
    }

    writeln!(table, "\n== known disagreements (reason) ==").unwrap();
    for (rel, reason) in KNOWN_DISAGREEMENTS {
        let o = run(&root.join(rel));
        writeln!(
            table,
            "{rel:<100} gov: {} | perm: {}\n    reason: {reason}",
            summary(&o.government),
            summary(&o.permissive)
        )
        .unwrap();
    }

    writeln!(table, "\n== every other signed file (informational) ==").unwrap();
    let mut all = Vec::new();
    collect_pdfs(root, &mut all);
    let listed: Vec<PathBuf> = attack_samples(root);
    for path in all {
        let rel = name(&path);
        if listed.contains(&path)
            || BENIGN.contains(&rel.as_str())
            || KNOWN_DISAGREEMENTS.iter().any(|(k, _)| *k == rel)
            || rel.contains("pades-signed-annot-added")
            || rel.contains("pades-signed-filled-form")
        {
            continue;
        }
        let o = run(&path);
        if o.government.is_empty() && o.unreadable.is_none() {
            continue;
        }
        writeln!(
            table,
            "{rel:<100} gov: {} | perm: {}{}",
            summary(&o.government),
            summary(&o.permissive),
            o.unreadable
                .as_deref()
                .map(|e| format!(" unreadable: {e}"))
                .unwrap_or_default()
        )
        .unwrap();
    }
    table.push_str(&pyhanko_agreement(root));
    println!("{table}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// pyHanko's verdict per file from the README's pyHanko column: `Some(true)` when some signature
/// is `ILLEGAL_MODIFICATIONS`, `Some(false)` when every signature is untouched or acceptably
/// extended, `None` when pyHanko failed or judged nothing.
fn pyhanko_rows(root: &Path) -> Vec<(String, bool)> {
    let Ok(readme) = std::fs::read_to_string(root.join("README.md")) else {
        return Vec::new();
    };
    let mut folder = String::new();
    let mut out = Vec::new();
    for line in readme.lines() {
        if line.starts_with("### ") {
            if let Some(start) = line.rfind("(`") {
                folder = line[start + 2..]
                    .split('`')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
            }
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").collect();
        if !line.starts_with("| `") || cells.len() < 6 {
            continue;
        }
        let Some(file) = cells[0].trim_start_matches("| `").split('`').next() else {
            continue;
        };
        let py = cells[4];
        let judged = py.contains("UNTOUCHED") || py.contains("EXTENDED_WITH");
        if !judged || py.contains("error:") {
            continue;
        }
        out.push((
            format!("{folder}/{file}"),
            py.contains("ILLEGAL_MODIFICATIONS"),
        ));
    }
    out
}

/// Agreement with pyHanko's difference analysis (its default policy rejects annotations and
/// anything unexplained; compared with kyso's `Permissive` column, the one closest to it).
fn pyhanko_agreement(root: &Path) -> String {
    let mut text = String::from(
        "\n== agreement with pyHanko (illegal modifications vs Permissive disallowed) ==\n",
    );
    let (mut agree, mut total) = (0usize, 0usize);
    for (rel, illegal) in pyhanko_rows(root) {
        let path = root.join(&rel);
        if !path.is_file() {
            continue;
        }
        let o = run(&path);
        if o.unreadable.is_some() || o.permissive.is_empty() {
            continue;
        }
        total += 1;
        let ours = any_disallowed(&o.permissive) || o.partial;
        if ours == illegal {
            agree += 1;
        } else {
            writeln!(
                text,
                "  differs: {rel}: pyHanko {} | kyso perm: {}",
                if illegal { "ILLEGAL" } else { "acceptable" },
                summary(&o.permissive)
            )
            .unwrap();
        }
    }
    writeln!(text, "  agreement: {agree} of {total} files").unwrap();
    text
}

/// `KYSO_EXPLAIN=path cargo test --test modification_peer_corpus explain -- --ignored
/// --nocapture` prints every change of one file (for investigating a row of the table).
#[test]
#[ignore = "diagnostic"]
fn explain() {
    let Ok(path) = std::env::var("KYSO_EXPLAIN") else {
        return;
    };
    let o = run(Path::new(&path));
    println!("unreadable: {:?} partial: {}", o.unreadable, o.partial);
    let list = if std::env::var("KYSO_GOV").is_ok() {
        &o.government
    } else {
        &o.permissive
    };
    for m in list {
        println!(
            "field {} signed {:?} -> {:?}",
            m.field, m.signed_revision, m.modification
        );
        for c in &m.changes {
            println!(
                "  r{} {:?} {} {:?} visible={} {:?}",
                c.revision,
                c.object.map(|o| o.to_string()),
                c.kind.as_str(),
                c.detail,
                c.visible,
                c.verdict
            );
        }
    }
}
