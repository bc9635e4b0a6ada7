//! `kyso verify`: one report per file, as readable text or as the JSON schema shared with the API.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use audit_core::pki::{Certificate, RevocationSources, TrustStore};
use audit_core::report::{AnchorKind, DocumentReport, DocumentVerdict, SignatureReport};
use audit_core::{
    verify_document, Lang, RevocationPolicy, ValidationTime, VerifyContext, VerifyOutput,
};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::cli::{Format, EXIT_ALL_VALID, EXIT_SOME_NOT_VALID, EXIT_USAGE_OR_IO};

/// The validation time: `--at` when given, else the server's clock (the engine never reads it).
pub fn validation_time(at: Option<&str>) -> anyhow::Result<ValidationTime> {
    let moment = match at {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .with_context(|| format!("--at {text:?} is not an RFC 3339 time"))?,
        None => OffsetDateTime::now_utc(),
    };
    Ok(ValidationTime(moment.unix_timestamp()))
}

/// Where trust material comes from (`--trust`, `--trust-public`, `--certs`, `--crl`).
#[derive(Debug, Default, Clone)]
pub struct TrustInputs {
    pub trust: Vec<PathBuf>,
    pub trust_public: Vec<PathBuf>,
    pub certs: Vec<PathBuf>,
    pub crls: Vec<PathBuf>,
}

/// File extensions read from a trust folder.
const MATERIAL_EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der", "p7b", "p7c", "crl"];

/// The files of `path`: the file itself, or the material files of a folder (sorted, not
/// recursive).
pub(crate) fn material_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).with_context(|| format!("{}", path.display()))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).with_context(|| format!("{}", path.display()))? {
        let p = entry?.path();
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if p.is_file() && ext.is_some_and(|e| MATERIAL_EXTENSIONS.contains(&e.as_str())) {
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
    let add_crl = |sources: &mut RevocationSources, file: &Path| -> anyhow::Result<()> {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        sources
            .add_crls(&bytes)
            .map_err(|e| anyhow::anyhow!("{}: not a CRL: {e}", file.display()))?;
        Ok(())
    };
    for (paths, kind) in [
        (&inputs.trust, AnchorKind::Government),
        (&inputs.trust_public, AnchorKind::Public),
    ] {
        for path in paths {
            for file in material_files(path)? {
                if is_crl(&file) {
                    add_crl(&mut sources, &file)?;
                    continue;
                }
                let bytes =
                    std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
                store
                    .add_anchors_of_kind(&bytes, kind)
                    .map_err(|e| anyhow::anyhow!("{}: not a certificate: {e}", file.display()))?;
            }
        }
    }
    for path in &inputs.certs {
        for file in material_files(path)? {
            if is_crl(&file) {
                add_crl(&mut sources, &file)?;
                continue;
            }
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let certs = Certificate::parse_many(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: not a certificate: {e}", file.display()))?;
            extra.extend(certs);
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

/// Verifies every file; a file that cannot be read is reported on stderr and the others are
/// still verified (exit 2 then).
pub fn run(
    files: &[impl AsRef<Path>],
    ctx: &VerifyContext,
    format: Format,
) -> anyhow::Result<ExitCode> {
    if files.is_empty() {
        bail!("no file given");
    }
    let mut reports = Vec::with_capacity(files.len());
    let mut io_error = false;
    for path in files {
        let path = path.as_ref();
        match std::fs::read(path) {
            Ok(bytes) => reports.push(verify_document(&path.display().to_string(), &bytes, ctx)),
            Err(e) => {
                io_error = true;
                let reason = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".to_owned()
                } else {
                    e.to_string()
                };
                eprintln!(
                    "kyso verify: {}: {reason} / không đọc được tệp",
                    path.display()
                );
            }
        }
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&VerifyOutput::new(reports.clone()))?
        ),
        Format::Text => reports.iter().for_each(print_text),
    }
    let all_valid = reports.iter().all(|r| r.verdict == DocumentVerdict::Valid);
    Ok(ExitCode::from(if io_error {
        EXIT_USAGE_OR_IO
    } else if all_valid {
        EXIT_ALL_VALID
    } else {
        EXIT_SOME_NOT_VALID
    }))
}

/// A label in both languages, Vietnamese first: `Hợp lệ / Valid`.
fn both(label: impl Fn(Lang) -> &'static str) -> String {
    format!("{} / {}", label(Lang::Vi), label(Lang::En))
}

fn print_text(report: &DocumentReport) {
    println!("{}", report.file);
    println!(
        "  Kết luận / Verdict: {}",
        both(|l| report.verdict.label(l))
    );
    if let Some(error) = &report.error {
        println!("  Lỗi / Error: {error}");
    }
    println!(
        "  Phiên bản / Revisions: {}   SHA-256: {}",
        report.revisions, report.sha256
    );
    if let Some(e) = &report.encryption {
        print_encryption(e);
    }
    for found in &report.signatures_found {
        println!(
            "  Chữ ký tìm thấy, chưa kiểm tra được / Signature found, not verified: phiên bản / revision {} ({})",
            found.revision,
            found.sub_filter.as_ref().map_or("?", |f| f.as_str())
        );
    }
    for s in &report.signatures {
        print_signature(s);
    }
    println!(
        "  Nghị định 30 / Decree 30: {}",
        both(|l| report.decree30.status.label(l))
    );
    for f in &report.decree30.findings {
        println!("    - {} / {} [{}]", f.message_vi, f.message_en, f.code);
    }
    if !report.findings.is_empty() {
        println!("  Ghi nhận về tệp / Document findings:");
        for f in &report.findings {
            println!("    - {} / {} [{}]", f.message_vi, f.message_en, f.code);
        }
    }
    println!();
}

/// One line on the document's encryption (ISO 32000-2 §7.6): cipher, how it was opened and
/// whether permissions are restricted.
fn print_encryption(e: &audit_core::report::EncryptionReport) {
    let cipher = e.algorithm.map_or("?", |a| a.label(Lang::En));
    let (vi, en) = (e.status.label(Lang::Vi), e.status.label(Lang::En));
    let restricted = e.permissions.is_some_and(|p| p.restricted());
    println!(
        "  Mã hóa / Encryption: {cipher}, {bits} bit, /{} R{}: {vi} / {en}{}",
        e.filter,
        e.revision.map_or_else(|| "?".to_owned(), |r| r.to_string()),
        if restricted {
            "; giới hạn quyền / permissions restricted"
        } else {
            ""
        },
        bits = e.key_bits.map_or_else(|| "?".to_owned(), |b| b.to_string()),
    );
}

fn print_signature(s: &SignatureReport) {
    let who = s
        .signer
        .as_ref()
        .map(|id| id.common_name.clone().unwrap_or_else(|| id.subject.clone()))
        .unwrap_or_else(|| "(không xác định / unknown)".to_owned());
    println!(
        "  Chữ ký / Signature \"{}\": {}",
        s.field,
        both(|l| s.status.label(l))
    );
    println!(
        "    Người ký / Signer: {who} ({})",
        both(|l| s.role.label(l))
    );
    if let Some(t) = &s.signing_time {
        println!("    Thời điểm ký / Signing time: {t}");
    }
    if let Some(ts) = &s.timestamp {
        println!(
            "    Dấu thời gian / Timestamp: {} ({}, TSA {})",
            ts.time.as_deref().unwrap_or("—"),
            ts.status.as_str(),
            ts.tsa.as_deref().unwrap_or("—")
        );
    }
    if let Some(p) = &s.pades {
        println!(
            "    Mức PAdES / PAdES level: {}",
            p.label.as_deref().unwrap_or("—")
        );
    }
    println!(
        "    Toàn vẹn / Integrity: {}   Phạm vi / Coverage: {}   Tin cậy / Trust: {}   Thu hồi / Revocation: {}",
        s.integrity.as_str(),
        s.coverage.as_str(),
        s.certificate.trust.as_str(),
        s.certificate.revocation.as_str()
    );
    if let Some(sub) = &s.sub_indication {
        println!("    ETSI: {} / {}", s.indication.as_str(), sub.as_str());
    }
    for f in &s.findings {
        println!("    - {} / {} [{}]", f.message_vi, f.message_en, f.code);
    }
}
