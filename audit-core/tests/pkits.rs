//! NIST PKITS (Public Key Interoperability Test Suite) over `pki`, using the test list that
//! pyhanko-certvalidator keeps (`pkits.json`: EE certificate, intermediates, CRLs, expected outcome).
//!
//! Every case runs; the table per PKITS section is printed; every case not listed in
//! `OUT_OF_SCOPE` must agree with the expected outcome class. Skips (with a message) when the
//! peer corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use audit_core::pki::{
    check_revocation, validate_path, Certificate, CrlProblem, EndEntityUsage, PolicySettings,
    RevocationProblem, RevocationSources, RevocationStatus, TrustStore, ValidationOptions,
};
use audit_core::ValidationTime;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/peer-corpus");

/// 2022-01-01T00:00:00Z: inside every PKITS certificate's validity (2010-2030) except the ones
/// made to be outside it, and before every CRL's nextUpdate except the stale ones.
const AT: i64 = 1_640_995_200;

/// Cases not expected to pass, with the reason.
const OUT_OF_SCOPE: &[(&str, &str)] = &[
    (
        "valid_dsa_signatures_test4",
        "DSA signatures: ring does not implement DSA",
    ),
    (
        "valid_dsa_parameter_inheritance_test5",
        "DSA signatures: ring does not implement DSA",
    ),
    (
        "invalid_dsa_signature_test6",
        "DSA signatures: ring does not implement DSA (fails for the wrong reason)",
    ),
];

/// Cases where kyso's outcome class differs from pyhanko's but means the same, with the reason.
const EQUIVALENT: &[(&str, &str, &str)] = &[(
    "invalid_deltacrl_test10",
    "StaleRevinfoError",
    "the complete CRL's nextUpdate has passed: kyso reports stale revocation information, \
     pyhanko insufficient; both leave the status undetermined",
)];

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cert(dir: &Path, name: &str) -> Certificate {
    Certificate::from_der(&read(&dir.join("certs"), name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The problem code a pyhanko-certvalidator PathValidationError message denotes.
fn expected_code(msg: &str) -> &'static str {
    const MAP: &[(&str, &str)] = &[
        ("signature of", "PATH_BAD_SIGNATURE"),
        ("not valid until", "CERTIFICATE_NOT_YET_VALID"),
        ("expired", "CERTIFICATE_EXPIRED"),
        ("issuer name could not be matched", "PATH_NO_ISSUER"),
        ("is not a CA", "PATH_NOT_CA"),
        ("maximum path length", "PATH_LENGTH_EXCEEDED"),
        (
            "not allowed to sign certificates",
            "PATH_MISSING_KEY_CERT_SIGN",
        ),
        ("no valid set of policies", "PATH_NO_VALID_POLICY"),
        ("policy mapping for the", "PATH_INVALID_POLICY_MAPPING"),
        ("namespace", "PATH_NAME_CONSTRAINTS"),
        (
            "unsupported critical extension",
            "PATH_UNKNOWN_CRITICAL_EXTENSION",
        ),
    ];
    MAP.iter()
        .find(|(k, _)| msg.contains(k))
        .map_or("unknown", |(_, c)| c)
}

/// Runs one case; returns the outcome class in pyhanko-certvalidator's vocabulary.
fn run(dir: &Path, case: &serde_json::Value) -> (String, String) {
    let mut store = TrustStore::new();
    store.add_anchor(cert(dir, "TrustAnchorRootCertificate.crt"));
    let leaf = cert(dir, case["cert"].as_str().unwrap_or_default());
    let mut extra: Vec<Certificate> = strings(&case["other_certs"])
        .iter()
        .map(|n| cert(dir, n))
        .collect();
    extra.extend(
        strings(&case["path_intermediates"])
            .iter()
            .map(|n| cert(dir, n)),
    );
    let params = &case["params"];
    let user_set = strings(&params["user_initial_policy_set"]);
    let options = ValidationOptions {
        usage: EndEntityUsage::Any,
        policy: PolicySettings {
            user_initial_policy_set: (!user_set.is_empty()).then_some(user_set),
            initial_policy_mapping_inhibit: params["initial_policy_mapping_inhibit"]
                .as_bool()
                .unwrap_or(false),
            initial_explicit_policy: params["initial_explicit_policy"].as_bool().unwrap_or(false),
            initial_any_policy_inhibit: params["initial_any_policy_inhibit"]
                .as_bool()
                .unwrap_or(false),
        },
        ..ValidationOptions::default()
    };
    let at = ValidationTime(AT);
    let path = validate_path(&leaf, &extra, &store, at, &options);
    if !path.is_valid() {
        let code = path.primary_problem().map_or("none", |p| p.code());
        return ("PathValidationError".into(), code.to_owned());
    }
    let expected_len = case["path_len"].as_u64().unwrap_or(0) as usize;
    if expected_len != 0 && expected_len != path.chain.len() {
        return (
            "WrongPathLength".into(),
            format!("{} certificates", path.chain.len()),
        );
    }
    // `revocation: false` (sections 4.1-4.3) means pyhanko's hard-fail mode; those cases test
    // the path only.
    if case["revocation"].as_bool() == Some(false) {
        return ("OK".into(), String::new());
    }
    let mut sources = RevocationSources::new();
    // The trust anchor's own CRL is part of every case (as in pyhanko-certvalidator's harness).
    let mut crls = vec!["TrustAnchorRootCRL.crl".to_owned()];
    crls.extend(strings(&case["crls"]));
    for name in crls {
        sources
            .add_crl_der(&read(&dir.join("crls"), &name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let facts = check_revocation(&path, &sources, &store, &extra, at);
    for c in &facts.certificates {
        if let RevocationStatus::Revoked { at, .. } = c.status {
            return (
                "RevokedError".into(),
                format!("depth {} revoked at {at}", c.depth),
            );
        }
    }
    for c in &facts.certificates {
        if c.status == RevocationStatus::Unknown {
            let stale = c
                .problems
                .iter()
                .any(|p| matches!(p, RevocationProblem::Crl(CrlProblem::Stale(_))));
            let detail = format!("depth {}: {:?}", c.depth, c.problems);
            return (
                if stale {
                    "StaleRevinfoError"
                } else {
                    "InsufficientRevinfoError"
                }
                .into(),
                detail,
            );
        }
    }
    ("OK".into(), String::new())
}

#[test]
fn nist_pkits() {
    let dir = PathBuf::from(CORPUS).join("pyhanko-certvalidator/nist_pkits");
    let Ok(json) = std::fs::read_to_string(dir.join("pkits.json")) else {
        println!(
            "SKIPPED: PKITS corpus not found at {} (peer corpus absent)",
            dir.display()
        );
        return;
    };
    let cases: Vec<serde_json::Value> = serde_json::from_str(&json).expect("pkits.json");
    // section (4.x) -> (pass, fail, out of scope)
    let mut table: BTreeMap<u32, (usize, usize, usize)> = BTreeMap::new();
    let mut unexpected = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or_default();
        let id = case["id"].as_str().unwrap_or_default();
        let section = id
            .get(1..3)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0);
        let expected = case["error"]["class"].as_str().unwrap_or("OK");
        let (got, detail) = run(&dir, case);
        // Path failures must also fail for the reason PKITS names.
        let reason_ok = got != "PathValidationError"
            || expected_code(case["error"]["msg_regex"].as_str().unwrap_or_default()) == detail;
        let equivalent = EQUIVALENT
            .iter()
            .any(|(n, class, _)| *n == name && *class == got);
        let pass = (got == expected || equivalent) && reason_ok;
        let oos = OUT_OF_SCOPE.iter().any(|(n, _)| *n == name);
        let row = table.entry(section).or_default();
        match (pass, oos) {
            (true, false) => row.0 += 1,
            (false, false) => {
                row.1 += 1;
                unexpected.push(format!(
                    "{id} {name}: expected {expected}, got {got} ({detail})"
                ));
            }
            (_, true) => {
                row.2 += 1;
                println!("out of scope {id} {name}: expected {expected}, got {got} {detail}");
            }
        }
    }
    println!("\nPKITS section | pass | fail | out of scope");
    let (mut p, mut f, mut o) = (0, 0, 0);
    for (section, (pass, fail, oos)) in &table {
        println!(
            "{:>13} | {pass:>4} | {fail:>4} | {oos:>4}",
            format!("4.{section}")
        );
        p += pass;
        f += fail;
        o += oos;
    }
    println!(
        "{:>13} | {p:>4} | {f:>4} | {o:>4}   (of {} cases)",
        "total",
        cases.len()
    );
    for u in &unexpected {
        println!("FAIL {u}");
    }
    assert!(
        unexpected.is_empty(),
        "{} in-scope PKITS cases disagree",
        unexpected.len()
    );
}
