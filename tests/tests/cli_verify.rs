//! `kyso verify` end to end: the real binary on the committed demo export (its TEST trust
//! anchor, intermediate and CRLs), text and JSON output, exit codes 0/1/2.

use std::path::PathBuf;
use std::process::{Command, Output};

use kyso_tests::harness::{kyso_bin, workspace_root};

const VALID_DOC: &str = "demo/van-ban/nghiloc/2021-0111-0003-bc.pdf";

fn root() -> PathBuf {
    workspace_root()
}

fn kyso(args: &[&str]) -> Output {
    let bin = kyso_bin().expect("kyso binary");
    Command::new(bin)
        .current_dir(root())
        .args(args)
        .output()
        .expect("run kyso")
}

fn trust_args() -> Vec<&'static str> {
    vec![
        "--trust",
        "demo/trust",
        "--certs",
        "demo/certs",
        "--crl",
        "demo/crl",
    ]
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn valid_document_exits_zero_with_bilingual_text() {
    let mut args = vec!["verify", VALID_DOC];
    args.extend(trust_args());
    let out = kyso(&args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Kết luận / Verdict: Hợp lệ / Valid"),
        "{text}"
    );
    assert!(
        text.contains("Nghị định 30 / Decree 30: Đạt / Compliant"),
        "{text}"
    );
    assert!(text.contains("Nguyễn Thị Hoài"), "{text}");
}

#[test]
fn json_schema_and_a_non_pdf_is_unreadable_while_others_are_reported() {
    let tmp = std::env::temp_dir().join(format!("kyso-cli-{}.txt", std::process::id()));
    std::fs::write(&tmp, b"hello, this is not a PDF").expect("write temp");
    let tmp_s = tmp.display().to_string();
    let mut args = vec!["verify", "--format", "json", VALID_DOC, tmp_s.as_str()];
    args.extend(trust_args());
    let out = kyso(&args);
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["schema"], 1);
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["verdict"], "valid");
    assert_eq!(docs[0]["decree30"]["status"], "compliant");
    let sig = &docs[0]["signatures"][0];
    for key in [
        "field",
        "revision",
        "sub_filter",
        "signer",
        "role",
        "signing_time",
        "integrity",
        "coverage",
        "certificate",
        "modification",
        "status",
        "indication",
        "sub_indication",
        "findings",
    ] {
        assert!(sig.get(key).is_some(), "signature field {key} missing");
    }
    assert_eq!(sig["signer"]["common_name"], "Nguyễn Thị Hoài");
    assert_eq!(sig["role"], "person");
    assert_eq!(docs[1]["verdict"], "unreadable");
    assert!(docs[1]["error"]
        .as_str()
        .is_some_and(|e| e.contains("no %PDF- header")));
}

#[test]
fn missing_file_is_an_io_error_but_the_others_are_reported() {
    let mut args = vec![
        "verify",
        "--format",
        "json",
        "demo/does-not-exist.pdf",
        VALID_DOC,
    ];
    args.extend(trust_args());
    let out = kyso(&args);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does-not-exist.pdf: no such file"),
        "{stderr}"
    );
    let v = json(&out);
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(kyso(&["verify"]).status.code(), Some(2));
    assert_eq!(
        kyso(&["verify", "--at", "yesterday", VALID_DOC])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        kyso(&["verify", "--revocation", "sometimes", VALID_DOC])
            .status
            .code(),
        Some(2)
    );
    let out = kyso(&["verify", "--trust", "demo/no-such-folder", VALID_DOC]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn untrusted_without_anchors_and_revocation_policy() {
    // No trust anchor: intact but untrusted → indeterminate, exit 1.
    let out = kyso(&["verify", "--format", "json", VALID_DOC]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["documents"][0]["verdict"], "indeterminate");
    assert_eq!(
        v["documents"][0]["signatures"][0]["sub_indication"],
        "NO_CERTIFICATE_CHAIN_FOUND"
    );

    // Trusted, no CRL: best effort → valid with a finding; require → indeterminate (TRY_LATER).
    let base = [
        "verify",
        "--format",
        "json",
        VALID_DOC,
        "--trust",
        "demo/trust",
        "--certs",
        "demo/certs",
    ];
    let out = kyso(&base);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let findings = v["documents"][0]["signatures"][0]["findings"].to_string();
    assert!(findings.contains("REVOCATION_UNKNOWN"), "{findings}");

    let mut strict = base.to_vec();
    strict.extend(["--revocation", "require"]);
    let out = kyso(&strict);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["documents"][0]["verdict"], "indeterminate");
    assert_eq!(
        v["documents"][0]["signatures"][0]["sub_indication"],
        "TRY_LATER"
    );
}

const LOCKED_DOC: &str = "tests/fixtures/encrypted/encrypted-aes256-user-password.pdf";

fn encrypted_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "verify",
        LOCKED_DOC,
        "--trust",
        "tests/fixtures/encrypted/root.crt.pem",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn password_file_opens_an_encrypted_document_and_its_absence_says_password_required() {
    let out = kyso(&encrypted_args(&[]));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = &json(&out)["documents"][0];
    assert_eq!(doc["verdict"], "unreadable");
    assert_eq!(doc["encryption"]["status"], "password_required");
    assert_eq!(doc["signatures_found"].as_array().map(Vec::len), Some(2));

    let dir = std::env::temp_dir().join(format!("kyso-password-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("password.txt");
    // A final line ending is not part of the password.
    std::fs::write(&file, "kyso\n").expect("write password file");
    let path = file.display().to_string();
    let out = kyso(&encrypted_args(&["--password-file", &path]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let doc = &json(&out)["documents"][0];
    assert_eq!(doc["verdict"], "valid");
    assert_eq!(doc["encryption"]["status"], "user_password");
    assert_eq!(doc["encryption"]["algorithm"], "aes_256");

    // Both ways of giving a password at once is a usage error.
    let out = kyso(&encrypted_args(&["--password-file", &path, "--password"]));
    assert_eq!(out.status.code(), Some(2));
    let missing = dir.join("absent.txt").display().to_string();
    let out = kyso(&encrypted_args(&["--password-file", &missing]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("password file"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn encryption_is_shown_in_the_text_report() {
    let out = kyso(&[
        "verify",
        "tests/fixtures/encrypted/encrypted-rc4-128-restricted.pdf",
        "--trust",
        "tests/fixtures/encrypted/root.crt.pem",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Mã hóa / Encryption: RC4, 128 bit"), "{text}");
    assert!(text.contains("permissions restricted"), "{text}");
    assert!(text.contains("ENCRYPTION_WEAK"), "{text}");
}
