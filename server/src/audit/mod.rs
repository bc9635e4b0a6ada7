//! `kyso audit DIR`: every PDF of an I-Office export verified and audited against the
//! outgoing-documents register and the agency directory (DESIGN.md "Binary kyso"), with the
//! per-agency ranking printed (text, in Vietnamese) or the Audit JSON, and with `--out` the
//! reports: report.json, documents.csv, agencies.csv, report.xlsx, report.html.
//!
//! Parallel over documents (rayon, `--jobs`); memory is bounded by the documents in flight: a
//! worker holds one file's bytes, finished reports wait in a bounded channel, and each audited
//! document's JSON goes to a spill file at once (the audit keeps a small summary per document).
//! A progress bar (files, MB/s, ETA) is drawn on a terminal only.

mod html;
mod output;
mod text;
mod walk;
mod xlsx;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;

use anyhow::{bail, Context};
use audit_core::audit::{AgencyDirectory, Auditor, Register, RunInfo};
use audit_core::{verify_document, DocumentReport, VerifyContext};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::cli::{Format, RevocationArg, EXIT_ALL_VALID, EXIT_SOME_NOT_VALID, EXIT_USAGE_OR_IO};
use crate::verify::TrustInputs;

/// Largest PDF read (larger files are audited as unreadable, never loaded).
const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;

/// `kyso audit` arguments.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The export's folder: every PDF under it (recursively) is audited.
    pub dir: PathBuf,
    /// The outgoing-documents register (sổ đăng ký văn bản đi): CSV (any encoding, `,` `;` or
    /// tab separated), XLSX, XLS or ODS.
    #[arg(long, alias = "register", value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// The agency directory: JSON (like demo/agencies.json) or CSV.
    #[arg(long, value_name = "FILE")]
    pub directory: Option<PathBuf>,
    /// Trust anchors (government CA): certificate file or folder. Repeatable.
    #[arg(long, value_name = "PATH")]
    pub trust: Vec<PathBuf>,
    /// Trust anchors of public CAs (a signature trusted only through them is a finding).
    #[arg(long, value_name = "PATH")]
    pub trust_public: Vec<PathBuf>,
    /// Extra intermediate certificates (file or folder). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub certs: Vec<PathBuf>,
    /// CRLs, DER or PEM (file or folder). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub crl: Vec<PathBuf>,
    /// Validation time (RFC 3339); default: now.
    #[arg(long)]
    pub at: Option<String>,
    /// What missing revocation information means.
    #[arg(long, value_enum, default_value_t = RevocationArg::BestEffort)]
    pub revocation: RevocationArg,
    /// Documents verified in parallel (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Write report.json, documents.csv, agencies.csv, report.xlsx and report.html here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do not record the run in a database (the default until the store exists).
    #[arg(long)]
    pub no_db: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn read_input(path: &PathBuf, what: &str) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).with_context(|| format!("{what} {}", path.display()))?;
    if meta.len() > audit_core::audit::register::MAX_REGISTER_BYTES as u64 {
        bail!("{what} {}: larger than kyso reads", path.display());
    }
    std::fs::read(path).with_context(|| format!("reading {what} {}", path.display()))
}

/// Verifies one file from disk (an unreadable or oversized file is a report, not an error).
fn verify_file(file: &walk::PdfFile, ctx: &VerifyContext) -> (DocumentReport, Option<String>) {
    if file.size > MAX_PDF_BYTES {
        let reason = format!("larger than {} MB", MAX_PDF_BYTES / (1024 * 1024));
        return (
            audit_core::audit::unreadable_file(&file.name, &reason),
            None,
        );
    }
    match std::fs::read(&file.path) {
        Ok(bytes) => (verify_document(&file.name, &bytes, ctx), None),
        Err(e) => {
            let problem = format!("{}: {e} / không đọc được tệp", file.path.display());
            (
                audit_core::audit::unreadable_file(&file.name, &e.to_string()),
                Some(problem),
            )
        }
    }
}

/// Runs `kyso audit`.
pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let started = now();
    if !args.dir.is_dir() {
        bail!("{}: not a folder / không phải thư mục", args.dir.display());
    }
    let at = crate::verify::validation_time(args.at.as_deref())?;
    let policy = match args.revocation {
        RevocationArg::Require => audit_core::RevocationPolicy::Require,
        RevocationArg::BestEffort => audit_core::RevocationPolicy::BestEffort,
    };
    let inputs = TrustInputs {
        trust: args.trust.clone(),
        trust_public: args.trust_public.clone(),
        certs: args.certs.clone(),
        crls: args.crl.clone(),
    };
    let ctx = crate::verify::context(at, &inputs, policy)?;
    let register = match &args.manifest {
        Some(p) => Some(
            Register::parse(&read_input(p, "register")?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
        ),
        None => None,
    };
    let directory = match &args.directory {
        Some(p) => Some(
            AgencyDirectory::parse(&read_input(p, "agency directory")?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
        ),
        None => None,
    };
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    }

    let walked = walk::walk(&args.dir);
    let mut problems = walked.problems;
    for p in &problems {
        eprintln!("kyso audit: {p}");
    }
    let files = walked.files;
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let mut auditor = Auditor::new(register, directory.as_ref(), &names);

    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let progress = progress_bar(total_bytes, files.len());
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("starting the worker threads")?;
    let mut spill = output::Spill::create()?;
    let (tx, rx) = sync_channel::<(DocumentReport, Option<String>, u64)>(jobs * 2);
    let ctx_ref = &ctx;
    let files_ref = &files;
    let mut done = 0usize;
    let written: anyhow::Result<()> = std::thread::scope(|scope| {
        scope.spawn(move || {
            pool.install(|| {
                files_ref.par_iter().for_each_with(tx, |tx, f| {
                    let (report, problem) = verify_file(f, ctx_ref);
                    // The receiver only stops early on an I/O error of its own.
                    let _ = tx.send((report, problem, f.size));
                });
            });
        });
        for (report, problem, size) in rx {
            if let Some(p) = problem {
                progress.suspend(|| eprintln!("kyso audit: {p}"));
                problems.push(p);
            }
            let document = auditor.add(report);
            spill.push(&document)?;
            done += 1;
            progress.inc(size);
            progress.set_message(format!("{done}/{} tệp", files_ref.len()));
        }
        Ok(())
    });
    progress.finish_and_clear();
    written?;

    let finished = now();
    let run = RunInfo {
        id: started.unix_timestamp().to_string(),
        started: rfc3339(started),
        finished: Some(rfc3339(finished)),
        complete: problems.is_empty(),
        root: Some(args.dir.display().to_string()),
        manifest: args.manifest.as_ref().map(|p| p.display().to_string()),
        directory: args.directory.as_ref().map(|p| p.display().to_string()),
        validation_time: audit_core::policy::rfc3339(at.0),
        ..RunInfo::default()
    };
    let mut report = auditor.finish(run);
    for missing in std::mem::take(&mut report.documents) {
        spill.push(&missing)?;
    }
    let documents = spill.into_documents()?;
    let report = report.with_documents(documents);
    let elapsed = (finished - started).as_seconds_f64();

    if let Some(out) = &args.out {
        output::write_all(out, &report)?;
    }
    match args.format {
        Format::Json => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            serde_json::to_writer_pretty(&mut lock, &report)?;
            std::io::Write::write_all(&mut lock, b"\n")?;
        }
        Format::Text => {
            print!("{}", text::render(&report, &problems, elapsed, total_bytes));
            if let Some(out) = &args.out {
                println!("Báo cáo / Reports: {}", out.display());
            }
        }
    }
    Ok(ExitCode::from(if !problems.is_empty() {
        EXIT_USAGE_OR_IO
    } else if report.all_compliant() {
        EXIT_ALL_VALID
    } else {
        EXIT_SOME_NOT_VALID
    }))
}

/// The progress bar: drawn on a terminal (stderr) only, quiet when piped.
fn progress_bar(total_bytes: u64, files: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {wide_bar} {msg}  {binary_bytes_per_sec}  còn {eta}",
    ) {
        bar.set_style(style);
    }
    bar.set_message(format!("0/{files} tệp"));
    bar
}
