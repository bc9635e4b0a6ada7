//! The /DSS the test kit writes into the demo export (`kit::sign::add_dss`: sub-CA and root
//! certificates and their CRLs in an incremental update) reads back as facts with audit-core's
//! `dss` module: every stream decoded, every certificate and CRL parseable, no problems.

use std::path::{Path, PathBuf};

use audit_core::dss;
use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::pki::{Certificate, Crl};
use kyso_tests::harness::workspace_root;

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pdfs(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
}

#[test]
fn demo_documents_with_a_dss_read_back() {
    let mut files = Vec::new();
    pdfs(&workspace_root().join("demo/van-ban"), &mut files);
    files.sort();
    let mut with_dss = 0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let Ok(doc) = Document::parse(&bytes, &Limits::default()) else {
            continue;
        };
        let newest = doc.newest();
        let Some(facts) = dss::read(&doc, newest) else {
            continue;
        };
        with_dss += 1;
        let name = file.display();
        assert!(facts.problems.is_empty(), "{name}: {:?}", facts.problems);
        assert_eq!(
            facts.revision_added, newest,
            "{name}: the DSS is the last update"
        );
        assert_eq!(facts.certificates.len(), 2, "{name}");
        assert_eq!(facts.crls.len(), 2, "{name}");
        for der in &facts.certificates {
            Certificate::from_der(der).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        for der in &facts.crls {
            Crl::from_der(der).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        // Before the update that added it, there was no DSS.
        assert_eq!(dss::read(&doc, newest - 1), None, "{name}");
    }
    assert!(with_dss > 0, "the demo export has LTV-extended documents");
}
