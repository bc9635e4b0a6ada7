//! The engine in WebAssembly: the same verification runs in headless Chromium through
//! wasm-bindgen-test-runner (`make test`), and natively with the other tests.

use audit_core::{verify_document, DocumentVerdict, ValidationTime, VerifyContext};

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn ctx() -> VerifyContext {
    VerifyContext::new(ValidationTime(1_617_235_200))
}

#[test]
fn a_text_file_is_unreadable_with_a_precise_error() {
    let report = verify_document("notes.txt", b"hello, not a pdf", &ctx());
    assert_eq!(report.verdict, DocumentVerdict::Unreadable);
    assert!(report.error.as_deref().unwrap_or("").contains("%PDF-"));
    assert_eq!(report.size, 16);
    assert_eq!(
        report.sha256,
        "253b82802aa896d131c16c1cf0b6285461b6d67019a48fa1062b935a75bbbbe1"
    );
}

#[test]
fn an_empty_file_is_unreadable() {
    let report = verify_document("empty.pdf", b"", &ctx());
    assert_eq!(report.verdict, DocumentVerdict::Unreadable);
    assert_eq!(
        report.sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}
