//! The verifier against the test kit: every attack/fault/control product (`kit::attacks`) and
//! every document of the committed demo export (`demo/expected.json`) must reach its expected
//! document verdict and Decree 30 status, with the kit's trust anchor, intermediate and CRLs.
//! A kit product is judged alone; a demo document is judged as the audit judges it, against its
//! register row and the agency directory (the issuing agency known: `agency_mismatch` letters are
//! caught). Divergences are listed below with the reason; anything else failing fails the test.

use std::path::Path;

use audit_core::audit::{AgencyDirectory, Auditor, Register};
use audit_core::report::DocumentReport;
use audit_core::{verify_document, ValidationTime};
use kyso_tests::contexts;
use kyso_tests::kit::attacks;

/// Products (by name or by expected reason) where kyso knowingly differs, with the reason.
const KNOWN_DIVERGENCES: &[(&str, &str)] = &[];

fn now() -> ValidationTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    ValidationTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn codes(r: &DocumentReport) -> String {
    let mut c: Vec<&str> = r
        .signatures
        .iter()
        .flat_map(|s| s.findings.iter())
        .chain(r.findings.iter())
        .map(|f| f.code.as_str())
        .filter(|c| !c.starts_with("SIGNING_TIME_"))
        .collect();
    c.dedup();
    c.join(",")
}

fn word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

struct Row {
    name: String,
    reason: String,
    expected: (String, String),
    got: (String, String),
    detail: String,
}

fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    let mut known = 0;
    println!(
        "{:<48} {:<28} {:<30} {:<30}",
        "product", "reason", "expected", "kyso"
    );
    for r in rows {
        let agree = r.expected == r.got;
        let divergence = KNOWN_DIVERGENCES
            .iter()
            .find(|(key, _)| *key == r.reason || *key == r.name);
        let mark = match (agree, divergence) {
            (true, _) => "ok",
            (false, Some(_)) => {
                known += 1;
                "known"
            }
            (false, None) => {
                failures.push(r.name.clone());
                "FAIL"
            }
        };
        println!(
            "{:<48} {:<28} {:<30} {:<30} {mark} {}",
            r.name,
            r.reason,
            format!("{}/{}", r.expected.0, r.expected.1),
            format!("{}/{}", r.got.0, r.got.1),
            if agree { "" } else { r.detail.as_str() }
        );
    }
    println!(
        "agreement: {} of {} ({} known divergences)",
        rows.len() - failures.len() - known,
        rows.len(),
        known
    );
    assert!(failures.is_empty(), "disagreements: {failures:?}");
    // A listed divergence that no longer diverges must be taken off the list.
    let stale: Vec<&str> = KNOWN_DIVERGENCES
        .iter()
        .filter(|(key, _)| {
            rows.iter()
                .any(|r| (r.reason == *key || r.name == *key) && r.expected == r.got)
        })
        .map(|(key, _)| *key)
        .collect();
    assert!(
        stale.is_empty(),
        "stale known divergences (now agree): {stale:?}"
    );
}

#[test]
fn every_kit_product_reaches_its_expected_verdict() {
    let ctx = contexts::kit(now()).expect("kit context");
    let rows: Vec<Row> = attacks::all()
        .into_iter()
        .map(|p| {
            let r = verify_document(&p.name, &p.bytes, &ctx);
            Row {
                name: p.name.clone(),
                reason: p.expected.reason.to_owned(),
                expected: (
                    p.expected.verdict.to_owned(),
                    p.expected.decree30.to_owned(),
                ),
                got: (word(&r.verdict), word(&r.decree30.status)),
                detail: codes(&r),
            }
        })
        .collect();
    check(&rows);
}

#[test]
fn every_demo_document_reaches_its_expected_verdict() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo.join("expected.json")).expect("expected.json"))
            .expect("expected.json parses");
    let ctx = contexts::demo(now()).expect("demo context");
    let register =
        Register::parse(&std::fs::read(demo.join("so-dang-ky-van-ban-di.csv")).expect("register"))
            .expect("the demo register parses");
    let directory =
        AgencyDirectory::parse(&std::fs::read(demo.join("agencies.json")).expect("directory"))
            .expect("the demo directory parses");
    let files: Vec<String> = expected["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| d["present"] == serde_json::Value::Bool(true))
        .filter_map(|d| d["file"].as_str().map(str::to_owned))
        .collect();
    let mut auditor = Auditor::new(Some(register), Some(&directory), &files);
    let mut rows = Vec::new();
    for doc in expected["documents"].as_array().expect("documents") {
        if doc["present"] != serde_json::Value::Bool(true) {
            continue;
        }
        let file = doc["file"].as_str().expect("file");
        let bytes = std::fs::read(demo.join(file)).expect("demo document");
        let r = verify_document(file, &bytes, &ctx);
        let audited = auditor.add(r.clone());
        assert!(audited.listed, "{file} is on the register");
        let mut detail = codes(&r);
        for f in &audited.compliance.findings {
            detail.push(',');
            detail.push_str(&f.code);
        }
        rows.push(Row {
            name: file.to_owned(),
            reason: doc["reason"].as_str().unwrap_or_default().to_owned(),
            expected: (
                doc["verdict"].as_str().unwrap_or_default().to_owned(),
                doc["decree30"].as_str().unwrap_or_default().to_owned(),
            ),
            got: (word(&r.verdict), word(&audited.compliance.status)),
            detail,
        });
        // Identity and role come from the certificate (never /Name).
        for (s, e) in r
            .signatures
            .iter()
            .zip(doc["signatures"].as_array().into_iter().flatten())
        {
            if let Some(signer) = e["signer"].as_str() {
                let cn = s.signer.as_ref().and_then(|id| id.common_name.as_deref());
                assert_eq!(cn, Some(signer), "{file} {}", s.field);
            }
            if let Some(role) = e["role"].as_str() {
                assert_eq!(word(&s.role), role, "{file} {}", s.field);
            }
        }
    }
    assert!(rows.len() >= 70, "only {} demo documents", rows.len());
    check(&rows);
}
