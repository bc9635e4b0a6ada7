//! The verification context from the command line (`--trust`, `--trust-public`, `--certs`,
//! `--crl`, `--at`, `--revocation`), shared by the commands that verify (`kyso verify`, `kyso
//! audit`, `kyso serve`): files and folders of certificates and CRLs are read here, and the
//! validation time is the one place the binary's clock enters (audit-core never reads it).

use std::path::{Path, PathBuf};

use anyhow::Context;
use audit_core::pki::{Certificate, RevocationSources, TrustStore};
use audit_core::report::AnchorKind;
use audit_core::{RevocationPolicy, ValidationTime, VerifyContext};
use clap::{Args, ValueEnum};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `--revocation`: `best-effort` (missing CRL/OCSP is a finding) or `require` (indeterminate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RevocationArg {
    Require,
    BestEffort,
}

impl RevocationArg {
    /// The engine's policy.
    pub fn policy(self) -> RevocationPolicy {
        match self {
            RevocationArg::Require => RevocationPolicy::Require,
            RevocationArg::BestEffort => RevocationPolicy::BestEffort,
        }
    }
}

/// The validation time: `--at` when given, else the server's clock (the engine never reads it).
pub fn validation_time(at: Option<&str>) -> anyhow::Result<ValidationTime> {
    let moment = match at {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .with_context(|| format!("--at {text:?} is not an RFC 3339 time"))?,
        None => OffsetDateTime::now_utc(),
    };
    Ok(ValidationTime(moment.unix_timestamp()))
}

/// Where trust material comes from: the same four flags for every command that verifies.
#[derive(Debug, Default, Clone, Args)]
pub struct TrustInputs {
    /// Trust anchors (government CA): a certificate file (.pem/.crt/.cer/.der/.p7b) or a
    /// folder of them (a folder's .crl files are used as revocation data). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub trust: Vec<PathBuf>,
    /// Trust anchors of public CAs (a signature trusted only through them is a Decree 30
    /// finding). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub trust_public: Vec<PathBuf>,
    /// Extra intermediate certificates (file or folder). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub certs: Vec<PathBuf>,
    /// CRLs, DER or PEM (file or folder). Repeatable.
    #[arg(long = "crl", value_name = "PATH")]
    pub crls: Vec<PathBuf>,
}

/// File extensions read from a trust folder.
const MATERIAL_EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der", "p7b", "p7c", "crl"];

/// The files of `path`: the file itself, or the material files of a folder (sorted, not
/// recursive).
pub fn material_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).with_context(|| format!("{}", path.display()))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    files_with_extensions(path, MATERIAL_EXTENSIONS)
}

/// The files of folder `dir` whose extension (any case) is one of `extensions`, sorted (not
/// recursive).
pub fn files_with_extensions(dir: &Path, extensions: &[&str]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = entry?.path();
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if p.is_file() && ext.is_some_and(|e| extensions.contains(&e.as_str())) {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

fn is_crl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("crl"))
}

/// Builds the verification context from the command line's trust inputs. A folder's `.crl` files
/// are revocation data wherever the folder is given.
pub fn context(
    at: ValidationTime,
    inputs: &TrustInputs,
    revocation: RevocationPolicy,
) -> anyhow::Result<VerifyContext> {
    let mut store = TrustStore::new();
    let mut sources = RevocationSources::new();
    let mut extra: Vec<Certificate> = Vec::new();
    let read =
        |file: &Path| std::fs::read(file).with_context(|| format!("reading {}", file.display()));
    let add_crl = |sources: &mut RevocationSources, file: &Path| -> anyhow::Result<()> {
        sources
            .add_crls(&read(file)?)
            .map_err(|e| anyhow::anyhow!("{}: not a CRL: {e}", file.display()))?;
        Ok(())
    };
    let not_a_certificate =
        |file: &Path, e| anyhow::anyhow!("{}: not a certificate: {e}", file.display());
    // Anchors (by kind) and intermediates; a folder's .crl files are revocation data.
    let certificate_paths = [
        (&inputs.trust, Some(AnchorKind::Government)),
        (&inputs.trust_public, Some(AnchorKind::Public)),
        (&inputs.certs, None),
    ];
    for (paths, kind) in certificate_paths {
        for path in paths {
            for file in material_files(path)? {
                if is_crl(&file) {
                    add_crl(&mut sources, &file)?;
                    continue;
                }
                let bytes = read(&file)?;
                match kind {
                    Some(kind) => {
                        store
                            .add_anchors_of_kind(&bytes, kind)
                            .map_err(|e| not_a_certificate(&file, e))?;
                    }
                    None => extra.extend(
                        Certificate::parse_many(&bytes).map_err(|e| not_a_certificate(&file, e))?,
                    ),
                }
            }
        }
    }
    for path in &inputs.crls {
        for file in material_files(path)? {
            add_crl(&mut sources, &file)?;
        }
    }
    Ok(VerifyContext::new(at)
        .with_trust_store(store)
        .with_extra_certificates(extra)
        .with_revocation_sources(sources)
        .with_revocation_policy(revocation))
}
