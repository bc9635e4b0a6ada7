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

/// The audit in the engine (what the browser runs on a dropped export): register bytes and PDF
/// bytes in, per-agency tallies out. One compliant demo letter, one agency-only letter, and a
/// register row whose file is missing.
#[test]
fn an_export_is_audited_from_register_and_pdf_bytes() {
    use audit_core::audit::{audit_files, RunInfo};
    use audit_core::pki::{Certificate, TrustStore};

    const ROOT: &[u8] = include_bytes!("../../demo/trust/root.pem");
    const SUBCA: &[u8] = include_bytes!("../../demo/certs/subca.pem");
    const COMPLIANT: &[u8] = include_bytes!("../../demo/van-ban/nghiloc/2021-0111-0003-bc.pdf");
    const DIRECTORY: &[u8] = include_bytes!("../../demo/agencies.json");
    let mut trust = TrustStore::new();
    trust.add_anchors(ROOT).expect("demo root");
    let ctx = VerifyContext::new(ValidationTime(1_617_235_200))
        .with_trust_store(trust)
        .with_extra_certificates(Certificate::parse_many(SUBCA).expect("demo sub-CA"));
    let register = "STT;Số ký hiệu;Ngày ban hành;Loại văn bản;Cơ quan ban hành;Tệp\n\
                    1;3/BC-UBND;11/01/2021;Báo cáo;UBND H. Nghi Lộc;van-ban/nghiloc/2021-0111-0003-bc.pdf\n\
                    2;4/UBND-VP;12/01/2021;Công văn;Ủy ban nhân dân huyện Nghi Lộc;van-ban/nghiloc/khong-co.pdf\n";
    let run = RunInfo {
        id: "wasm".into(),
        started: "2021-04-01T00:00:00Z".into(),
        validation_time: "2021-04-01T00:00:00Z".into(),
        ..RunInfo::default()
    };
    let report = audit_files(
        Some(register.as_bytes()),
        Some(DIRECTORY),
        &[("nghiloc/2021-0111-0003-bc.pdf", COMPLIANT)],
        &ctx,
        run,
    )
    .expect("audit");
    assert_eq!(report.agencies.len(), 1);
    let a = &report.agencies[0];
    assert_eq!(
        (a.agency.as_str(), a.agency_id.as_str()),
        ("UBND huyện Nghi Lộc", "nghiloc")
    );
    assert_eq!(
        (
            a.documents,
            a.files_present,
            a.signed,
            a.valid,
            a.compliant,
            a.rank
        ),
        (2, 1, 1, 1, 1, 1)
    );
    assert!((a.compliance_rate - 0.5).abs() < 1e-12);
    assert_eq!(report.headline.text_vi, "0/1 cơ quan đạt 100%");
    let periods: Vec<&str> = report.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["2021", "2021-Q1", "2021-01"]);
    assert_eq!(report.run.missing_files, 1);
    assert_eq!(report.reasons[0].code, "D30_FILE_MISSING");
}
