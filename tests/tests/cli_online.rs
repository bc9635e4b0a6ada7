//! `kyso verify --online` through the binary, without a network: the kit's certificates name
//! the distribution point `http://ca.kyso.test/pki/crl/subca.crl` (a `.test` name, RFC 6761,
//! never resolves), and the cache folder already holds that URL's CRL under the SHA-256 of the
//! URL, as a previous online run would have left it. The revoked demo letter is `unknown`
//! offline and `revoked` with `--online`, from the cache alone. (The HTTP client itself is tested
//! against a loopback server in `server/src/online.rs`.)

use std::path::PathBuf;
use std::process::{Command, Output};

use kyso_tests::harness::{kyso_bin, workspace_root};

const REVOKED_DOC: &str = "demo/van-ban/snv/2021-0208-0024-cv.pdf";
const SUBCA_CRL_URL: &str = "http://ca.kyso.test/pki/crl/subca.crl";

fn kyso(args: &[&str]) -> Output {
    Command::new(kyso_bin().expect("kyso binary"))
        .current_dir(workspace_root())
        .args(args)
        .output()
        .expect("run kyso")
}

fn first_signature_revocation(out: &Output) -> String {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["documents"][0]["signatures"][0]["certificate"]["revocation"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn cached_crl_fetched_online_revokes_the_signer() {
    let cache: PathBuf =
        std::env::temp_dir().join(format!("kyso-cli-online-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    std::fs::create_dir_all(&cache).unwrap();
    let key: String = ring::digest::digest(&ring::digest::SHA256, SUBCA_CRL_URL.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let crl = std::fs::read(workspace_root().join("demo/crl/subca.crl")).unwrap();
    std::fs::write(cache.join(format!("{key}.crl")), crl).unwrap();

    let base = [
        "verify",
        REVOKED_DOC,
        "--trust",
        "demo/trust",
        "--certs",
        "demo/certs",
        "--format",
        "json",
    ];
    let offline = kyso(&base);
    assert_eq!(first_signature_revocation(&offline), "unknown");

    let mut args = base.to_vec();
    args.extend(["--online", "--cache-dir", cache.to_str().unwrap()]);
    let online = kyso(&args);
    assert_eq!(
        first_signature_revocation(&online),
        "revoked",
        "{}",
        String::from_utf8_lossy(&online.stderr)
    );
    assert_eq!(online.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&cache);
}
