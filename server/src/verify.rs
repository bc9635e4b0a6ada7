//! `kyso verify`: one report per file, as readable text or as the JSON schema shared with the API.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use audit_core::report::{DocumentReport, DocumentVerdict};
use audit_core::{verify_document, ValidationTime, VerifyContext, VerifyOutput};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::cli::{Format, EXIT_ALL_VALID, EXIT_SOME_NOT_VALID};

/// The validation time: `--at` when given, else the server's clock (the engine never reads it).
pub fn validation_time(at: Option<&str>) -> anyhow::Result<ValidationTime> {
    let moment = match at {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .with_context(|| format!("--at {text:?} is not an RFC 3339 time"))?,
        None => OffsetDateTime::now_utc(),
    };
    Ok(ValidationTime(moment.unix_timestamp()))
}

pub fn run(
    files: &[impl AsRef<Path>],
    at: ValidationTime,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let ctx = VerifyContext::new(at);
    let mut reports = Vec::with_capacity(files.len());
    for path in files {
        let path = path.as_ref();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                bail!("{}: no such file", path.display())
            }
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        reports.push(verify_document(&path.display().to_string(), &bytes, &ctx));
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&VerifyOutput::new(reports.clone()))?
        ),
        Format::Text => reports.iter().for_each(print_text),
    }
    let all_valid = reports.iter().all(|r| r.verdict == DocumentVerdict::Valid);
    Ok(ExitCode::from(if all_valid {
        EXIT_ALL_VALID
    } else {
        EXIT_SOME_NOT_VALID
    }))
}

fn print_text(report: &DocumentReport) {
    let (vi, en) = verdict_words(report.verdict);
    println!("{}", report.file);
    println!("  Kết luận / verdict: {vi} / {en}");
    if let Some(error) = &report.error {
        println!("  Lỗi / error: {error}");
    }
    for s in &report.signatures {
        let who = s
            .signer
            .as_ref()
            .and_then(|s| s.common_name.as_deref())
            .unwrap_or("?");
        println!(
            "  - {} [{:?}] {who}: {:?}, {:?}, {:?}",
            s.field, s.role, s.status, s.integrity, s.coverage
        );
        for f in &s.findings {
            println!("      {} — {} / {}", f.code, f.message_vi, f.message_en);
        }
    }
    println!("  Nghị định 30 / Decree 30: {:?}", report.decree30.status);
    for f in report.decree30.findings.iter().chain(&report.findings) {
        println!("    {} — {} / {}", f.code, f.message_vi, f.message_en);
    }
}

fn verdict_words(v: DocumentVerdict) -> (&'static str, &'static str) {
    match v {
        DocumentVerdict::Valid => ("hợp lệ", "valid"),
        DocumentVerdict::Invalid => ("không hợp lệ", "invalid"),
        DocumentVerdict::Indeterminate => ("chưa xác định", "indeterminate"),
        DocumentVerdict::Unsigned => ("chưa ký số", "unsigned"),
        DocumentVerdict::Unreadable => ("không đọc được", "unreadable"),
    }
}
