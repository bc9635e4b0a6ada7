//! The committed demo export (demo/) is reproducible: regenerating it into a temporary
//! directory gives byte-identical files, and no file is missing or extra.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kyso_tests::kit::demo::{export, SizeProfile, DEMO_DOCS, DEMO_SEED};

fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).expect("prefix").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

#[test]
fn demo_export_regenerates_byte_identically() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let tmp = std::env::temp_dir().join(format!("kyso-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    export(&tmp, DEMO_DOCS, DEMO_SEED, SizeProfile::Demo, true).expect("export");
    let a = files(&committed);
    let b = files(&tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    let names_a: Vec<_> = a.keys().collect();
    let names_b: Vec<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "file lists differ");
    for (name, bytes) in &a {
        assert!(
            b.get(name) == Some(bytes),
            "{} differs from the committed demo/ (run `cargo run -p kyso-tests --bin kit -- demo --out demo`)",
            name.display()
        );
    }
}
