//! The PDF parser, the signature locator and ByteRange coverage on hostile bytes: none may panic,
//! hang or allocate without bound (issue 6, "Hostile input limits").
#![no_main]

use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::signature::{evaluate_all, locate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = Document::parse(data, &Limits::default()) {
        let located = locate(&doc);
        let _ = evaluate_all(&doc, &located.fields);
    }
});
