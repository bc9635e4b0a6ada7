//! The whole verification path (parse, locate, coverage, CMS, PKI, modification analysis,
//! policy, report) at a fixed validation time, so a finding reproduces.
#![no_main]

use audit_core::{verify_document, ValidationTime, VerifyContext};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const AT: ValidationTime = ValidationTime(1_767_225_600);

fuzz_target!(|data: &[u8]| {
    let ctx = VerifyContext::new(AT);
    let _ = verify_document("fuzz.pdf", data, &ctx);
});
