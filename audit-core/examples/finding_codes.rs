//! Prints the README's "Finding codes" tables: the finding-code catalogue
//! (`audit_core::codes`) and the change kinds of the modification analysis.
//!
//! `cargo run -p audit-core --example finding_codes` (the test `tests/finding_codes.rs` fails
//! while README.md holds anything else).

fn main() {
    print!("{}", audit_core::codes::readme_tables());
}
