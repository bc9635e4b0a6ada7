//! The PAdES level each signature reports (issue 5; ETSI EN 319 142-1 §6): the demo letters
//! reach B-T when time-stamped and B-B otherwise (PKCS7-T / PKCS7-B for adbe.pkcs7.detached),
//! their /DSS notwithstanding (B-LT needs B-T first); a time-stamped CAdES signature followed by
//! a /DSS with the chain's certificates and CRLs reaches B-LT, and stays B-T without the CRLs.

use std::path::Path;

use audit_core::report::{
    BaselineLevel, DocumentReport, Integrity, SignatureReport, TimestampStatus,
};
use audit_core::{verify_document, ValidationTime};
use kyso_tests::contexts;
use kyso_tests::kit::attacks::signed_base;
use kyso_tests::kit::pki::Pki;
use kyso_tests::kit::sign::{add_dss, sign, Appearance, SignSpec, SubFilter};
use kyso_tests::kit::KitTime;

/// A fixed validation time after every kit and demo signature (2026-01-01).
const AT: ValidationTime = ValidationTime(1_767_225_600);

fn signature<'a>(r: &'a DocumentReport, field: &str) -> &'a SignatureReport {
    r.signatures
        .iter()
        .find(|s| s.field == field)
        .unwrap_or_else(|| panic!("{}: no {field}", r.file))
}

fn codes(s: &SignatureReport) -> Vec<&str> {
    s.pades
        .as_ref()
        .map(|p| p.non_conformities.iter().map(|f| f.code.as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn demo_letters_report_b_t_when_time_stamped_and_b_b_otherwise() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo.join("expected.json")).expect("expected.json"))
            .expect("expected.json parses");
    let ctx = contexts::demo(AT).expect("demo context");
    let (mut checked, mut stamped, mut pkcs7, mut cades) = (0, 0, 0, 0);
    for doc in expected["documents"].as_array().expect("documents") {
        if doc["present"] != serde_json::Value::Bool(true) {
            continue;
        }
        let file = doc["file"].as_str().expect("file");
        let r = verify_document(file, &std::fs::read(demo.join(file)).expect("pdf"), &ctx);
        for want in doc["signatures"].as_array().expect("signatures") {
            let field = want["field"].as_str().expect("field");
            let s = signature(&r, field);
            if s.integrity != Integrity::Intact {
                continue;
            }
            let timestamped = want["timestamped"] == serde_json::Value::Bool(true);
            let (family, level) = match (want["sub_filter"].as_str(), timestamped) {
                (Some("ETSI.CAdES.detached"), false) => ("PAdES-BASELINE", BaselineLevel::BB),
                (Some("ETSI.CAdES.detached"), true) => ("PAdES-BASELINE", BaselineLevel::BT),
                (Some("adbe.pkcs7.detached"), false) => ("PKCS7", BaselineLevel::BB),
                (Some("adbe.pkcs7.detached"), true) => ("PKCS7", BaselineLevel::BT),
                (other, _) => panic!("{file} {field}: unexpected SubFilter {other:?}"),
            };
            let suffix = if timestamped { "T" } else { "B" };
            let pades = s
                .pades
                .as_ref()
                .unwrap_or_else(|| panic!("{file} {field}: no PAdES level"));
            assert_eq!(pades.level, Some(level), "{file} {field}: {:?}", codes(s));
            assert_eq!(
                pades.label.as_deref(),
                Some(format!("{family}-{suffix}").as_str()),
                "{file} {field}"
            );
            if timestamped {
                let ts = s
                    .timestamp
                    .as_ref()
                    .unwrap_or_else(|| panic!("{file} {field}: time-stamp not reported"));
                assert_eq!(ts.status, TimestampStatus::Valid, "{file} {field}");
                assert!(ts.time.is_some() && ts.tsa.is_some(), "{file} {field}");
                assert!(codes(s).contains(&"PADES_NO_DSS"), "{file} {field}");
                stamped += 1;
            } else {
                assert_eq!(s.timestamp, None, "{file} {field}");
                assert!(codes(s).contains(&"PADES_NO_TIMESTAMP"), "{file} {field}");
            }
            if family == "PKCS7" {
                pkcs7 += 1;
            } else {
                cades += 1;
            }
            checked += 1;
        }
    }
    println!("{checked} signatures: {stamped} time-stamped, {pkcs7} PKCS7, {cades} PAdES");
    assert!(stamped > 0 && pkcs7 > 0 && cades > 0 && checked > stamped);
}

/// signed_base (person, agency) + a time-stamped ETSI.CAdES.detached signature without
/// signingTime (§6.3: the time is /M), optionally followed by a /DSS update.
fn stamped_cades(dss_crls: Option<bool>) -> Vec<u8> {
    let pki = Pki::get();
    let (_, mut doc, _, _) = signed_base(41);
    let t = KitTime::ymd_hms(2021, 3, 15, 6, 0, 0);
    let mut s = SignSpec::new(
        &pki.agencies[0].persons[1],
        "Signature3",
        t,
        Appearance::Invisible { page: 0 },
    );
    s.sub_filter = SubFilter::EtsiCadesDetached;
    s.cms.signing_time = None;
    s.cms.timestamp_at = Some(t.plus_seconds(2));
    sign(&mut doc, &s);
    if let Some(with_crls) = dss_crls {
        let crls = if with_crls {
            vec![pki.subca_crl.clone(), pki.root_crl.clone()]
        } else {
            Vec::new()
        };
        add_dss(
            &mut doc,
            &[pki.subca.cert.clone(), pki.root.cert.clone()],
            &crls,
        );
    }
    doc.bytes
}

#[test]
fn time_stamped_cades_with_the_chain_revocation_data_in_the_dss_is_b_lt() {
    // The kit's anchor, sub-CA and CRLs: B-LT still asks for the material in the document itself,
    // whatever the caller supplies.
    let ctx = contexts::kit(AT).expect("kit context");
    let r = verify_document("lt.pdf", &stamped_cades(Some(true)), &ctx);
    let s = signature(&r, "Signature3");
    let pades = s.pades.as_ref().expect("level");
    assert_eq!(pades.level, Some(BaselineLevel::BLt), "{:?}", codes(s));
    assert_eq!(pades.label.as_deref(), Some("PAdES-BASELINE-LT"));
    assert_eq!(codes(s), ["PADES_NO_ARCHIVE_TIMESTAMP"]);
    assert_eq!(
        s.timestamp.as_ref().map(|t| t.status),
        Some(TimestampStatus::Valid)
    );
    // The earlier signatures are not time-stamped: B-B, whatever the /DSS holds.
    assert_eq!(
        signature(&r, "Signature1")
            .pades
            .as_ref()
            .and_then(|p| p.label.as_deref()),
        Some("PKCS7-B")
    );

    let r = verify_document("t.pdf", &stamped_cades(None), &ctx);
    let s = signature(&r, "Signature3");
    assert_eq!(
        s.pades.as_ref().and_then(|p| p.level),
        Some(BaselineLevel::BT)
    );
    assert_eq!(codes(s), ["PADES_NO_DSS"]);

    let r = verify_document("no-crl.pdf", &stamped_cades(Some(false)), &ctx);
    let s = signature(&r, "Signature3");
    assert_eq!(
        s.pades.as_ref().and_then(|p| p.level),
        Some(BaselineLevel::BT)
    );
    assert!(codes(s).iter().all(|c| *c == "PADES_MISSING_REVOCATION"));
    assert_eq!(codes(s).len(), 2, "leaf and sub-CA lack revocation data");
}

#[test]
fn reports_stored_before_the_pades_fields_still_read() {
    // The kit's anchor, sub-CA and CRLs: B-LT still asks for the material in the document itself,
    // whatever the caller supplies.
    let ctx = contexts::kit(AT).expect("kit context");
    let r = verify_document("t.pdf", &stamped_cades(None), &ctx);
    let mut json = serde_json::to_value(&r).expect("serialises");
    for s in json["signatures"].as_array_mut().expect("signatures") {
        let obj = s.as_object_mut().expect("object");
        assert!(obj.contains_key("pades"));
        obj.remove("pades");
        obj.remove("timestamp");
    }
    let old: DocumentReport = serde_json::from_value(json).expect("older report deserialises");
    assert!(old.signatures.iter().all(|s| s.pades.is_none()));
    let levels: Vec<String> = serde_json::to_value(&r).expect("json")["signatures"]
        .as_array()
        .expect("signatures")
        .iter()
        .map(|s| s["pades"]["level"].as_str().unwrap_or("null").to_owned())
        .collect();
    assert!(levels.contains(&"b_t".to_owned()), "{levels:?}");
}
