//! `kyso trust list|add` through the real binary: the demo trust anchor is listed with its
//! facts and copied in under its SHA-256 prefix; non-CA and expired certificates are refused
//! unless `--force` is given.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use audit_core::pki::Certificate;
use kyso_tests::harness::{kyso_bin, workspace_root};
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};

fn kyso(args: &[&str]) -> Output {
    Command::new(kyso_bin().expect("kyso binary"))
        .args(args)
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .expect("run kyso")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kyso-cli-trust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn demo_root() -> PathBuf {
    workspace_root().join("demo/trust/root.pem")
}

fn pem_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    files.sort();
    files
}

#[test]
fn add_then_list_the_demo_anchor() {
    let dir = temp_dir("add");
    let trust = dir.join("trust");
    let trust_dir = trust.to_str().unwrap();

    let empty = kyso(&["trust", "list", "--trust-dir", trust_dir]);
    assert!(empty.status.success(), "{}", text(&empty));
    assert!(text(&empty).contains("does not exist"), "{}", text(&empty));

    let root = demo_root();
    let added = kyso(&[
        "trust",
        "add",
        root.to_str().unwrap(),
        "--trust-dir",
        trust_dir,
    ]);
    assert!(added.status.success(), "{}", text(&added));
    let cert = Certificate::parse_many(&std::fs::read(&root).unwrap())
        .unwrap()
        .remove(0);
    let prefix: String = cert.fingerprint()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let files = pem_files(&trust);
    assert_eq!(files, vec![trust.join(format!("{prefix}.pem"))]);
    let copied = Certificate::parse_many(&std::fs::read(&files[0]).unwrap()).unwrap();
    assert_eq!(
        copied[0].der(),
        cert.der(),
        "the copy is the same certificate"
    );

    let listed = kyso(&["trust", "list", "--trust-dir", trust_dir]);
    let out = text(&listed);
    assert!(listed.status.success(), "{out}");
    assert!(out.contains("Test RootCA chuyên dùng Chính phủ"), "{out}");
    let fingerprint: Vec<String> = cert
        .fingerprint()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert!(out.contains(&fingerprint.join(":")), "{out}");
    for field in ["subject:", "issuer:", "validity:", "key:", "signature:"] {
        assert!(out.contains(field), "{field} missing in {out}");
    }
    assert!(out.contains("CA:        yes"), "{out}");
    assert!(out.contains("1 trust anchor(s)"), "{out}");

    // Adding it again replaces the same file.
    let again = kyso(&[
        "trust",
        "add",
        root.to_str().unwrap(),
        "--trust-dir",
        trust_dir,
    ]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("replaced"));
    assert_eq!(pem_files(&trust).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

fn write_cert(dir: &Path, name: &str, ca: bool, expired: bool) -> PathBuf {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, format!("kyso test {name}"));
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    }
    if expired {
        p.not_before = rcgen::date_time_ymd(2010, 1, 1);
        p.not_after = rcgen::date_time_ymd(2020, 1, 1);
    }
    let cert = p.self_signed(&key).unwrap();
    let path = dir.join(format!("{name}.pem"));
    std::fs::write(&path, cert.pem()).unwrap();
    path
}

#[test]
fn non_ca_and_expired_are_refused_unless_forced() {
    let dir = temp_dir("refuse");
    let trust = dir.join("trust");
    let trust_dir = trust.to_str().unwrap();
    let leaf = write_cert(&dir, "leaf", false, false);
    let expired = write_cert(&dir, "old-ca", true, true);

    let refused = kyso(&[
        "trust",
        "add",
        leaf.to_str().unwrap(),
        "--trust-dir",
        trust_dir,
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("not a CA certificate"),
        "{}",
        text(&refused)
    );
    assert!(text(&refused).contains("--force"));

    let refused = kyso(&[
        "trust",
        "add",
        expired.to_str().unwrap(),
        "--trust-dir",
        trust_dir,
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("expired"), "{}", text(&refused));
    assert!(
        !trust.exists() || pem_files(&trust).is_empty(),
        "nothing written"
    );

    let forced = kyso(&[
        "trust",
        "add",
        leaf.to_str().unwrap(),
        expired.to_str().unwrap(),
        "--trust-dir",
        trust_dir,
        "--force",
    ]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert!(text(&forced).contains("warning"));
    assert_eq!(pem_files(&trust).len(), 2);
    let listed = text(&kyso(&["trust", "list", "--trust-dir", trust_dir]));
    assert!(listed.contains("NO (not a CA certificate)"), "{listed}");
    assert!(listed.contains("(EXPIRED)"), "{listed}");

    let garbage = dir.join("garbage.pem");
    std::fs::write(&garbage, b"not a certificate").unwrap();
    let bad = kyso(&[
        "trust",
        "add",
        garbage.to_str().unwrap(),
        "--trust-dir",
        trust_dir,
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    let _ = std::fs::remove_dir_all(&dir);
}
