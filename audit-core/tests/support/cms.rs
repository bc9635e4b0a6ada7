//! Shared helpers for the `cms_*` tests: the committed openssl fixtures and the content they sign,
//! split into two parts the way a PDF /ByteRange splits a file around /Contents.

#![allow(dead_code)]

use audit_core::cms::{verify, CmsFacts, SubFilter};

pub const CONTENT: &[u8] = include_bytes!("../fixtures/cms/content.bin");

/// The signed content as two /ByteRange parts.
pub fn parts(content: &[u8]) -> [&[u8]; 2] {
    let (a, b) = content.split_at(100);
    [a, b]
}

pub fn detached(der: &[u8]) -> CmsFacts {
    verify(der, &parts(CONTENT), &SubFilter::AdbePkcs7Detached)
}

pub fn codes(facts: &CmsFacts) -> Vec<&'static str> {
    facts.problems.iter().map(|p| p.code()).collect()
}

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/cms/",
            $name
        ))
        .as_slice()
    };
}
pub(crate) use fixture;
