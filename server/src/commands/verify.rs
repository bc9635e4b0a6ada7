//! `kyso verify`: one report per file, as readable text or as the JSON schema shared with the API.

use std::path::{Path, PathBuf};

use anyhow::bail;
use audit_core::report::{DocumentReport, DocumentVerdict, SignatureReport};
use audit_core::{verify_document, Lang, VerifyContext, VerifyOutput};
use clap::Args;

use super::{Format, Outcome};
use crate::inputs::{self, RevocationArg, TrustInputs};

/// `kyso verify` arguments.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// PDF files to verify.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Trust anchors, intermediates and CRLs.
    #[command(flatten)]
    trust: TrustInputs,
    /// Validation time (RFC 3339, e.g. 2021-04-01T00:00:00+07:00); default: now.
    #[arg(long)]
    at: Option<String>,
    /// What missing revocation information means.
    #[arg(long, value_enum, default_value_t = RevocationArg::BestEffort)]
    revocation: RevocationArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Fetch CRLs and OCSP responses named in the certificates over HTTP (opt-in).
    #[arg(long)]
    online: bool,
    /// Cache folder for --online (default: $XDG_CACHE_HOME/kyso, else .kyso-cache).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Password of encrypted documents, read from FILE (one final line ending removed).
    /// Without it the empty user password is tried, which opens documents encrypted only to
    /// restrict printing or copying.
    #[arg(long, value_name = "FILE", conflicts_with = "password")]
    password_file: Option<PathBuf>,
    /// Ask for the password of encrypted documents on the terminal (not echoed).
    #[arg(long)]
    password: bool,
}

/// Runs `kyso verify`.
pub fn run(args: VerifyArgs) -> anyhow::Result<Outcome> {
    let at = inputs::validation_time(args.at.as_deref())?;
    let trust = args.trust;
    let mut ctx = inputs::context(at, &trust, args.revocation.policy())?.with_password(
        crate::password::read(args.password_file.as_deref(), args.password)?,
    );
    if args.online {
        let dir = args
            .cache_dir
            .unwrap_or_else(crate::online::default_cache_dir);
        ctx = crate::online::extend_context(&args.files, ctx, &dir);
    }
    verify_files(&args.files, &ctx, args.format)
}

/// Verifies every file; a file that cannot be read is reported on stderr and the others are
/// still verified (exit 2 then).
pub fn verify_files(
    files: &[impl AsRef<Path>],
    ctx: &VerifyContext,
    format: Format,
) -> anyhow::Result<Outcome> {
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
    Ok(if io_error {
        Outcome::UsageOrIo
    } else if all_valid {
        Outcome::AllValid
    } else {
        Outcome::SomeNotValid
    })
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
