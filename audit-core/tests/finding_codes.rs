//! The README documents the finding-code catalogue: its "Finding codes" tables are exactly what
//! `cargo run -p audit-core --example finding_codes` prints, so they cannot go stale.

#[test]
fn readme_lists_every_finding_code_and_change_kind() {
    let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"));
    let tables = audit_core::codes::readme_tables();
    assert!(
        readme.contains(&tables),
        "README.md's \"Finding codes\" tables are stale: replace them with the output of \
         `cargo run -p audit-core --example finding_codes`:\n{tables}"
    );
}

#[test]
fn every_catalogue_code_has_a_severity_and_both_languages() {
    for code in audit_core::codes::ALL {
        assert!(!code.vi.is_empty() && !code.en.is_empty(), "{}", code.code);
        assert_eq!(audit_core::codes::find(code.code), Some(code));
    }
}
