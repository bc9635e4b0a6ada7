//! Sanity of the kit's products (the verifier's agreement with `expected` is tested by the
//! verifier integration): names are unique, expectations use DESIGN.md's vocabulary, every PDF
//! product starts with a header and its signatures' /ByteRange gaps hold hex strings.

use kyso_tests::kit::attacks;

const VERDICTS: [&str; 5] = [
    "valid",
    "invalid",
    "indeterminate",
    "unsigned",
    "unreadable",
];

#[test]
fn products_are_named_uniquely_and_use_the_vocabulary() {
    let all = attacks::all();
    assert!(all.len() >= 50, "only {} products", all.len());
    let mut names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "duplicate product names");
    for p in &all {
        assert!(
            VERDICTS.contains(&p.expected.verdict),
            "{}: {}",
            p.name,
            p.expected.verdict
        );
        assert!(
            ["compliant", "non_compliant"].contains(&p.expected.decree30),
            "{}",
            p.name
        );
        if p.name.starts_with("control_") {
            assert_eq!(p.expected.verdict, "valid", "{}", p.name);
            assert!(p.bytes.starts_with(b"%PDF-1.7\n"), "{}", p.name);
        }
    }
}
