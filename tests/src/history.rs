//! Audit databases for end-to-end tests: temporary folders, and the committed demo export
//! recorded by the real `kyso audit --db`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::Context;

use crate::harness::{kyso_bin, workspace_root};

/// The demo's validation time (as `make run` audits it).
pub const DEMO_AT: &str = "2021-04-01T00:00:00+07:00";

/// A temporary folder, removed when dropped.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos();
        let dir = std::env::temp_dir().join(format!("kyso-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `kyso audit` arguments for an export laid out like `demo/` (register, directory, trust).
pub fn audit_args(export: &Path, db: &Path) -> Vec<String> {
    let p = |rel: &str| export.join(rel).display().to_string();
    vec![
        "audit".into(),
        p("van-ban"),
        "--manifest".into(),
        p("so-dang-ky-van-ban-di.csv"),
        "--directory".into(),
        p("agencies.json"),
        "--trust".into(),
        p("trust"),
        "--certs".into(),
        p("certs"),
        "--crl".into(),
        p("crl"),
        "--at".into(),
        DEMO_AT.into(),
        "--db".into(),
        db.display().to_string(),
    ]
}

/// Runs `kyso` with `args` to the end.
pub fn kyso(args: &[String]) -> anyhow::Result<Output> {
    Command::new(kyso_bin()?)
        .args(args)
        .output()
        .context("running kyso")
}

/// Records the committed demo export into `db` (exit 1: the demo has non-compliant documents).
pub fn record_demo(db: &Path) -> anyhow::Result<Output> {
    let out = kyso(&audit_args(&workspace_root().join("demo"), db))?;
    anyhow::ensure!(
        out.status.code() == Some(1),
        "kyso audit on the demo: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(out)
}
