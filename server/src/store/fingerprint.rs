//! When a recorded verification may stand in for a new one (resuming an interrupted audit): the
//! same file (SHA-256) verified under the same trust inputs and validation settings. The
//! fingerprint is the SHA-256 of a small text naming those settings: the engine's version, the
//! revocation policy, the validation time when `--at` fixes it (else `now`: a resumed run keeps
//! its own validation time), and the SHA-256 of every file of trust material, per role, sorted —
//! contents, not paths, so moving a trust folder changes nothing and replacing a CRL changes the
//! fingerprint.

use std::fmt::Write as _;

use anyhow::Context;
use audit_core::RevocationPolicy;
use ring::digest::{digest, SHA256};

use crate::inputs::{material_files, TrustInputs};

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    digest(&SHA256, bytes)
        .as_ref()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The fingerprint of the trust inputs and validation settings (hex SHA-256).
/// `at`: the validation time when the command line fixes it (`--at`), else `None` ("now").
pub fn verification_fingerprint(
    inputs: &TrustInputs,
    revocation: RevocationPolicy,
    at: Option<i64>,
) -> anyhow::Result<String> {
    let mut text = String::from("kyso verification fingerprint 1\n");
    let _ = writeln!(text, "engine {}", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(
        text,
        "revocation {}",
        match revocation {
            RevocationPolicy::BestEffort => "best_effort",
            RevocationPolicy::Require => "require",
        }
    );
    match at {
        Some(t) => {
            let _ = writeln!(text, "at {t}");
        }
        None => text.push_str("at now\n"),
    }
    for (role, paths) in [
        ("trust", &inputs.trust),
        ("trust_public", &inputs.trust_public),
        ("certs", &inputs.certs),
        ("crl", &inputs.crls),
    ] {
        let mut hashes = Vec::new();
        for path in paths {
            for file in material_files(path)? {
                let bytes =
                    std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
                hashes.push(sha256_hex(&bytes));
            }
        }
        hashes.sort();
        hashes.dedup();
        for h in hashes {
            let _ = writeln!(text, "{role} {h}");
        }
    }
    Ok(sha256_hex(text.as_bytes()))
}

/// What "the same audit" is: the same verification fingerprint over the same folder, register
/// and agency directory (their contents).
pub fn audit_key(
    fingerprint: &str,
    root: &str,
    register: Option<&[u8]>,
    directory: Option<&[u8]>,
) -> String {
    let text = format!(
        "kyso audit key 1\nverification {fingerprint}\nroot {root}\nregister {}\ndirectory {}\n",
        register.map(sha256_hex).unwrap_or_default(),
        directory.map(sha256_hex).unwrap_or_default(),
    );
    sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn fingerprint_follows_contents_policy_and_time_not_paths() {
        let dir = std::env::temp_dir().join(format!("kyso-fp-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::create_dir_all(dir.join("b")).unwrap();
        let a = write(&dir.join("a"), "root.pem", b"anchor one");
        let b = write(&dir.join("b"), "moved.pem", b"anchor one");
        let inputs = |p: &std::path::Path| TrustInputs {
            trust: vec![p.to_path_buf()],
            ..TrustInputs::default()
        };
        let fp = |i: &TrustInputs, r, at| verification_fingerprint(i, r, at).unwrap();
        let base = fp(&inputs(&a), RevocationPolicy::BestEffort, None);
        assert_eq!(
            base,
            fp(&inputs(&b), RevocationPolicy::BestEffort, None),
            "same anchor, another path"
        );
        assert_ne!(base, fp(&inputs(&a), RevocationPolicy::Require, None));
        assert_ne!(base, fp(&inputs(&a), RevocationPolicy::BestEffort, Some(1)));
        let as_crl = TrustInputs {
            crls: vec![a.clone()],
            ..TrustInputs::default()
        };
        assert_ne!(
            base,
            fp(&as_crl, RevocationPolicy::BestEffort, None),
            "the role counts"
        );
        std::fs::write(&a, b"anchor two").unwrap();
        assert_ne!(base, fp(&inputs(&a), RevocationPolicy::BestEffort, None));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
