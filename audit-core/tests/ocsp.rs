//! OpenSSL's OCSP test responses (from pyhanko-certvalidator's fixtures, `openssl-ocsp.json`):
//! parse each response, validate the path, and check the OCSP answer for every certificate,
//! expecting the failure the fixture names (bad signature, responder not found, CertID hash
//! mismatch, stale response ...). Skips with a message when the peer corpus is absent.

use std::path::{Path, PathBuf};

use audit_core::pki::{
    check_revocation, validate_path, Certificate, EndEntityUsage, OcspProblem, OcspResponse,
    RevocationProblem, RevocationSources, RevocationStatus, TrustStore, ValidationOptions,
};
use audit_core::ValidationTime;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/peer-corpus");

/// Cases where kyso reports a different (equally failing) problem than pyhanko, with the reason.
const DIVERGENT: &[(&str, &str)] = &[(
    "delegated_with_intermediate_invalid_wrong_key_in_signing_cert",
    "the ResponderID byKey names a key no supplied certificate has: kyso reports \
     'responder not found' (RFC 6960 §4.2.2.3 locates the responder by its ID), pyhanko \
     'unable to verify signature'; both reject the response",
)];

fn base64(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// "2012-10-12T00:00:00+00:00" as Unix seconds.
fn moment(s: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap();
    audit_core::time::unix_time(n(0..4), n(5..7), n(8..10), n(11..13), n(14..16), n(17..19))
        .unwrap()
}

fn cert(dir: &Path, name: &str) -> Certificate {
    let bytes = std::fs::read(dir.join(name)).unwrap();
    Certificate::parse_many(&bytes).unwrap().remove(0)
}

/// The fixture's expected message, as the problem kind it denotes.
fn expected_kind(msg: &str) -> &'static str {
    let msg = msg.split("checks failed:").nth(1).unwrap_or(msg);
    if msg.contains("could not be located") {
        "responder_not_found"
    } else if msg.contains("could not be validated") {
        "responder_not_valid"
    } else if msg.contains("issuer name hash") {
        "name_hash"
    } else if msg.contains("issuer key hash") {
        "key_hash"
    } else if msg.contains("not recent enough") {
        "stale"
    } else if msg.contains("Unable to verify OCSP response signature") {
        "bad_signature"
    } else {
        "other"
    }
}

fn kind(p: &RevocationProblem) -> &'static str {
    match p {
        RevocationProblem::Ocsp(OcspProblem::ResponderNotFound) => "responder_not_found",
        RevocationProblem::Ocsp(OcspProblem::ResponderNotValid(_)) => "responder_not_valid",
        RevocationProblem::Ocsp(OcspProblem::IssuerNameHashMismatch) => "name_hash",
        RevocationProblem::Ocsp(OcspProblem::IssuerKeyHashMismatch) => "key_hash",
        RevocationProblem::Ocsp(OcspProblem::Stale(_)) => "stale",
        RevocationProblem::Ocsp(OcspProblem::BadSignature(_)) => "bad_signature",
        _ => "other",
    }
}

#[test]
fn openssl_ocsp_fixtures() {
    let dir = PathBuf::from(CORPUS).join("pyhanko-certvalidator/openssl-ocsp");
    let Ok(json) = std::fs::read_to_string(dir.join("openssl-ocsp.json")) else {
        println!(
            "SKIPPED: OpenSSL OCSP fixtures not found at {} (peer corpus absent)",
            dir.display()
        );
        return;
    };
    let cases: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let mut store = TrustStore::new();
        store.add_anchor(cert(&dir, case["root"].as_str().unwrap()));
        let extra: Vec<Certificate> = case["other_certs"]
            .as_array()
            .map(|a| a.iter().map(|n| cert(&dir, n.as_str().unwrap())).collect())
            .unwrap_or_default();
        let leaf = cert(&dir, case["cert"].as_str().unwrap());
        let at = ValidationTime(moment(case["moment"].as_str().unwrap()));
        let options = ValidationOptions {
            usage: EndEntityUsage::Any,
            ..ValidationOptions::default()
        };
        let path = validate_path(&leaf, &extra, &store, at, &options);
        assert_eq!(
            path.chain.len() as u64,
            case["path_len"].as_u64().unwrap(),
            "{name}: path {:?}",
            path.problems
        );
        let mut sources = RevocationSources::new();
        for f in case["ocsps"].as_array().unwrap() {
            let text = std::fs::read_to_string(dir.join(f.as_str().unwrap())).unwrap();
            sources.ocsp.push(
                OcspResponse::from_der(&base64(&text))
                    .unwrap_or_else(|e| panic!("{name}: {f}: {e}")),
            );
        }
        let facts = check_revocation(&path, &sources, &store, &extra, at);
        // A certificate without any response (an intermediate the fixture gives no OCSP for) is
        // not a failure here (pyhanko's soft-fail default); a response that fails is.
        let got = facts
            .certificates
            .iter()
            .find(|c| {
                matches!(c.status, RevocationStatus::Revoked { .. })
                    || c.problems
                        .iter()
                        .any(|p| *p != RevocationProblem::NoInformation)
            })
            .map(|c| (c.depth, c.problems.first().map_or("other", kind)));
        let expected = case["error"]["msg_regex"].as_str().map(|m| {
            let depth = usize::from(m.contains("intermediate certificate 1"));
            (depth, expected_kind(m))
        });
        let divergent = DIVERGENT.iter().any(|(n, _)| *n == name);
        let ok = got == expected || (divergent && got.is_some() && expected.is_some());
        println!(
            "{:<4} {name}: expected {expected:?}, got {got:?}",
            if ok { "ok" } else { "FAIL" }
        );
        if !ok {
            failures.push(name.to_owned());
        }
    }
    println!(
        "{} of {} OCSP fixture cases agree",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "OCSP fixture cases disagree: {failures:?}"
    );
}

/// The first-generation Vietnamese government CA is SHA-1 (2010-2030): SHA-1 CA certificates are
/// accepted with a finding. OpenSSL's ND1 chain (GlobalSign, 2012) is SHA-1 throughout.
#[test]
fn sha1_chain_is_trusted_with_findings() {
    let dir = PathBuf::from(CORPUS).join("pyhanko-certvalidator/openssl-ocsp");
    if !dir.exists() {
        println!(
            "SKIPPED: OpenSSL OCSP fixtures not found at {} (peer corpus absent)",
            dir.display()
        );
        return;
    }
    let mut store = TrustStore::new();
    store.add_anchor(cert(&dir, "ND2_Issuer_Root.pem"));
    let extra = vec![cert(&dir, "ND1_Issuer_ICA.pem")];
    let leaf = cert(&dir, "ND1_Cert_EE.pem");
    let options = ValidationOptions {
        usage: EndEntityUsage::Any,
        ..ValidationOptions::default()
    };
    let facts = validate_path(
        &leaf,
        &extra,
        &store,
        ValidationTime(moment("2012-10-12T00:00:00+00:00")),
        &options,
    );
    assert!(facts.is_valid(), "{:?}", facts.problems);
    let codes: Vec<String> = facts.findings.iter().map(|f| f.code().to_owned()).collect();
    assert!(
        codes.contains(&"SHA1_CA_CERTIFICATE".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"SHA1_END_ENTITY_CERTIFICATE".to_owned()),
        "{codes:?}"
    );
}

/// Mutated OCSP responses never panic the parser or the checks (every byte position, a few
/// values each, plus every truncation).
#[test]
fn mutated_responses_do_not_panic() {
    let dir = PathBuf::from(CORPUS).join("pyhanko-certvalidator/openssl-ocsp");
    let Ok(text) = std::fs::read_to_string(dir.join("D1.ors")) else {
        println!("SKIPPED: OpenSSL OCSP fixtures not found (peer corpus absent)");
        return;
    };
    let good = base64(&text);
    let leaf = cert(&dir, "D1_Cert_EE.pem");
    let issuer = cert(&dir, "D1_Issuer_ICA.pem");
    let at = moment("2012-10-23T11:00:00+00:00");
    assert!(OcspResponse::from_der(&good)
        .unwrap()
        .answer_for(&leaf, &issuer, &[], at)
        .is_ok());
    let mut parsed = 0;
    for i in 0..good.len() {
        for v in [0x00u8, 0x01, 0x7f, 0x80, 0x81, 0xff] {
            let mut bytes = good.clone();
            bytes[i] = v;
            if let Ok(r) = OcspResponse::from_der(&bytes) {
                parsed += 1;
                let _ = r.answer_for(&leaf, &issuer, &[], at);
            }
        }
        let _ = OcspResponse::from_der(&good[..i]);
    }
    assert!(parsed > 0);
}
