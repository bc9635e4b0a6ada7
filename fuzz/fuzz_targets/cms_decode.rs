//! The CMS decoder (RFC 5652) on hostile /Contents, under every /SubFilter it handles. The signed
//! bytes are the `content.bin` fixture cut in two, as a /ByteRange would, so the seed signatures
//! (made over that file) reach digest and signature verification.
#![no_main]

use audit_core::cms::{verify, SubFilter};
use libfuzzer_sys::fuzz_target;

const CONTENT: &[u8] = include_bytes!("../../audit-core/tests/fixtures/cms/content.bin");

fuzz_target!(|data: &[u8]| {
    let (a, b) = CONTENT.split_at(CONTENT.len() / 2);
    for sub_filter in [
        SubFilter::AdbePkcs7Detached,
        SubFilter::EtsiCadesDetached,
        SubFilter::AdbePkcs7Sha1,
        SubFilter::EtsiRfc3161,
    ] {
        let _ = verify(data, &[a, b], &sub_filter);
    }
});
