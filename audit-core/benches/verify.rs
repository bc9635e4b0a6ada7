//! Throughput of `verify_document` on a large two-signature document (person then agency, each
//! in its own incremental update, like an I-Office export), built in the benchmark: about 4 MB
//! of page content, ECDSA P-256 signatures, a trust store holding both certificates.
//!
//! Run: `cargo bench -p audit-core --bench verify`. Reports MB/s (criterion throughput).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/support/sign.rs"]
mod sign;

use audit_core::pki::TrustStore;
use audit_core::report::DocumentVerdict;
use audit_core::{verify_document, ValidationTime, VerifyContext};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn large_document() -> (Vec<u8>, VerifyContext) {
    // Deterministic, incompressible-looking content (a scanned page is mostly image data).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let content: Vec<u8> = (0..4 * 1024 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b'a' + (x % 26) as u8
        })
        .collect();
    let person = sign::Signer::generated(&rcgen::PKCS_ECDSA_P256_SHA256, "Nguyễn Văn An");
    let agency = sign::Signer::generated(&rcgen::PKCS_ECDSA_P256_SHA256, "Sở Tài chính");
    let pdf = sign::two_signatures(&content, &person, &agency);
    let mut store = TrustStore::new();
    store.add_anchors(&person.cert).expect("anchor");
    store.add_anchors(&agency.cert).expect("anchor");
    let ctx = VerifyContext::new(ValidationTime(1_617_235_200)).with_trust_store(store);
    (pdf, ctx)
}

fn bench(c: &mut Criterion) {
    let (pdf, ctx) = large_document();
    let report = verify_document("large.pdf", &pdf, &ctx);
    assert_eq!(report.verdict, DocumentVerdict::Valid, "{report:#?}");
    assert_eq!(report.signatures.len(), 2);
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Bytes(pdf.len() as u64));
    group.sample_size(20);
    group.bench_function("two_signatures_4MB", |b| {
        b.iter(|| verify_document("large.pdf", std::hint::black_box(&pdf), &ctx))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
