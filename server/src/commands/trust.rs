//! `kyso trust list|add`: inspect and manage a trust folder, the set of trust anchors (root and
//! sub-CA certificates such as "RootCA chuyên dùng Chính phủ G2") that `kyso verify --trust DIR`
//! reads.
//!
//! `add` refuses what would make a poor anchor unless `--force` is given: a certificate that is
//! not a CA (RFC 5280 §4.2.1.9: basicConstraints cA) or that is outside its validity period now.
//! Each accepted certificate is written as PEM named by the first 16 hex digits of its SHA-256,
//! so adding the same certificate twice is harmless and names never collide in practice.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use audit_core::pki::{Certificate, HashAlgorithm, KeyAlgorithm, SignatureAlgorithm};
use clap::{Args, Subcommand};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use x509_parser::prelude::FromDer;

use super::Outcome;

/// `kyso trust` arguments.
#[derive(Debug, Args)]
pub struct TrustArgs {
    #[command(subcommand)]
    action: TrustAction,
}

#[derive(Debug, Subcommand)]
enum TrustAction {
    /// Print every trust anchor: subject, issuer, validity, SHA-256, key, signature algorithm.
    List {
        /// Trust folder (default: $XDG_CONFIG_HOME/kyso/trust, else ./trust).
        #[arg(long, value_name = "DIR")]
        trust_dir: Option<PathBuf>,
    },
    /// Add CA certificates (PEM, DER or .p7b) to the trust folder.
    Add {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Trust folder (default: $XDG_CONFIG_HOME/kyso/trust, else ./trust).
        #[arg(long, value_name = "DIR")]
        trust_dir: Option<PathBuf>,
        /// Add even a non-CA, expired or not yet valid certificate.
        #[arg(long)]
        force: bool,
    },
}

/// Runs `kyso trust list|add`.
pub fn run(args: TrustArgs) -> anyhow::Result<Outcome> {
    match args.action {
        TrustAction::List { trust_dir } => list(&trust_dir.unwrap_or_else(default_trust_dir))?,
        TrustAction::Add {
            files,
            trust_dir,
            force,
        } => add(&trust_dir.unwrap_or_else(default_trust_dir), &files, force)?,
    }
    Ok(Outcome::AllValid)
}

/// Extensions of certificate files in a trust folder (as `kyso verify --trust` reads them).
const CERTIFICATE_EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der", "p7b", "p7c"];

/// The default trust folder: `$XDG_CONFIG_HOME/kyso/trust`, else `./trust`.
fn default_trust_dir() -> PathBuf {
    match std::env::var_os("XDG_CONFIG_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("kyso").join("trust"),
        _ => PathBuf::from("trust"),
    }
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn date(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_else(|| t.to_string())
}

/// basicConstraints cA (x509-parser reads the extension; audit-core keeps it internal).
fn is_ca(cert: &Certificate) -> bool {
    x509_parser::certificate::X509Certificate::from_der(cert.der())
        .map(|(_, c)| c.is_ca())
        .unwrap_or(false)
}

fn hash_name(h: HashAlgorithm) -> &'static str {
    match h {
        HashAlgorithm::Md5 => "MD5",
        HashAlgorithm::Sha1 => "SHA-1",
        HashAlgorithm::Sha256 => "SHA-256",
        HashAlgorithm::Sha384 => "SHA-384",
        HashAlgorithm::Sha512 => "SHA-512",
    }
}

fn signature_name(alg: &SignatureAlgorithm) -> String {
    let (name, hash) = match alg {
        SignatureAlgorithm::RsaPkcs1(h) => ("RSA PKCS#1 v1.5", Some(*h)),
        SignatureAlgorithm::RsaPss(h) => ("RSA-PSS", Some(*h)),
        SignatureAlgorithm::Ecdsa(h) => ("ECDSA", Some(*h)),
        SignatureAlgorithm::Ed25519 => ("Ed25519", None),
        SignatureAlgorithm::Unsupported(oid) => return format!("unsupported ({oid})"),
    };
    match hash {
        Some(h) if h.is_weak() => format!(
            "{name} with {} (WEAK: {} is no longer collision-resistant)",
            hash_name(h),
            hash_name(h)
        ),
        Some(h) => format!("{name} with {}", hash_name(h)),
        None => name.to_owned(),
    }
}

fn key_name(cert: &Certificate) -> String {
    let key = cert.public_key();
    match &key.algorithm {
        KeyAlgorithm::Rsa => format!("RSA {} bits", key.bits),
        KeyAlgorithm::EcP256 => "EC P-256".to_owned(),
        KeyAlgorithm::EcP384 => "EC P-384".to_owned(),
        KeyAlgorithm::Ed25519 => "Ed25519".to_owned(),
        KeyAlgorithm::Other(oid) => format!("other ({oid})"),
    }
}

fn fingerprint(cert: &Certificate) -> String {
    cert.fingerprint()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// One anchor, described for `trust list`.
fn describe(cert: &Certificate, now: i64) -> String {
    let mut s = String::new();
    let validity = if now < cert.not_before() {
        " (NOT YET VALID)"
    } else if now > cert.not_after() {
        " (EXPIRED)"
    } else {
        ""
    };
    let _ = writeln!(s, "  subject:   {}", cert.subject());
    let _ = writeln!(s, "  issuer:    {}", cert.issuer());
    let _ = writeln!(
        s,
        "  validity:  {} .. {}{validity}",
        date(cert.not_before()),
        date(cert.not_after())
    );
    let _ = writeln!(s, "  sha256:    {}", fingerprint(cert));
    let _ = writeln!(s, "  key:       {}", key_name(cert));
    let _ = writeln!(
        s,
        "  signature: {}",
        signature_name(cert.signature_algorithm())
    );
    let _ = writeln!(
        s,
        "  CA:        {}",
        if is_ca(cert) {
            "yes"
        } else {
            "NO (not a CA certificate)"
        }
    );
    s
}

fn certificate_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    crate::inputs::files_with_extensions(dir, CERTIFICATE_EXTENSIONS)
}

/// `kyso trust list`: every anchor of the folder. An empty or missing folder is not an error.
fn list(dir: &Path) -> anyhow::Result<()> {
    if !dir.is_dir() {
        println!(
            "Trust folder {} does not exist: no trust anchors. Add one with `kyso trust add FILE`.",
            dir.display()
        );
        return Ok(());
    }
    let now = now();
    let mut count = 0usize;
    for file in certificate_files(dir)? {
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        match Certificate::parse_many(&bytes) {
            Ok(certs) => {
                for cert in certs {
                    count += 1;
                    println!("{}", file.display());
                    print!("{}", describe(&cert, now));
                }
            }
            Err(e) => println!("{}\n  unreadable: {e}", file.display()),
        }
    }
    println!("{count} trust anchor(s) in {}", dir.display());
    Ok(())
}

/// `kyso trust add`: checks every certificate of every file first, then copies them in (nothing is
/// written when any is refused).
fn add(dir: &Path, files: &[PathBuf], force: bool) -> anyhow::Result<()> {
    let now = now();
    let mut accepted: Vec<(PathBuf, Certificate)> = Vec::new();
    for file in files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let certs = Certificate::parse_many(&bytes)
            .map_err(|e| anyhow::anyhow!("{}: not a certificate: {e}", file.display()))?;
        for cert in certs {
            let mut refusals = Vec::new();
            if !is_ca(&cert) {
                refusals.push("it is not a CA certificate (basicConstraints cA is not set)");
            }
            if now > cert.not_after() {
                refusals.push("it has expired");
            } else if now < cert.not_before() {
                refusals.push("it is not yet valid");
            }
            if !refusals.is_empty() {
                if !force {
                    bail!(
                        "{}: refusing {}: {}. Use --force to add it anyway.",
                        file.display(),
                        cert.subject(),
                        refusals.join("; ")
                    );
                }
                eprintln!(
                    "warning: {}: adding {} although {} (--force)",
                    file.display(),
                    cert.subject(),
                    refusals.join("; ")
                );
            }
            accepted.push((file.clone(), cert));
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (file, cert) in accepted {
        let prefix: String = cert.fingerprint()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let target = dir.join(format!("{prefix}.pem"));
        let existed = target.exists();
        std::fs::write(&target, pem(cert.der()))
            .with_context(|| format!("writing {}", target.display()))?;
        println!(
            "{} {} -> {} ({})",
            if existed { "replaced" } else { "added" },
            cert.subject(),
            target.display(),
            file.display()
        );
    }
    Ok(())
}

/// PEM encoding (RFC 7468 §5): base64 in 64-character lines.
fn pem(der: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::with_capacity(der.len().div_ceil(3) * 4);
    for chunk in der.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pem_round_trips() {
        let der: Vec<u8> = (0u8..=200).collect();
        let text = super::pem(&der);
        let parsed = x509_parser::pem::Pem::iter_from_buffer(text.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(parsed.contents, der);
        assert_eq!(parsed.label, "CERTIFICATE");
    }
}
