//! `kyso audit DIR`: every PDF of an I-Office export verified and audited against the
//! outgoing-documents register and the agency directory (DESIGN.md "Binary kyso"), with the
//! per-agency ranking printed (text, in Vietnamese) or the Audit JSON, and with `--out` the
//! reports: report.json, documents.csv, agencies.csv, report.xlsx, report.html.
//!
//! Parallel over documents (rayon, `--jobs`); memory is bounded by the documents in flight: a
//! worker holds one file's bytes, finished reports wait in a bounded channel, and each audited
//! document's JSON goes to a spill file at once (the audit keeps a small summary per document).
//! A progress bar (files, MB/s, ETA) is drawn on a terminal only.

mod history;
mod html;
pub(crate) mod output;
pub(crate) mod text;
mod walk;
mod xlsx;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

use anyhow::{bail, Context};
use audit_core::audit::{AgencyDirectory, Auditor, Register, RunInfo};
use audit_core::{verify_document, DocumentReport, VerifyContext};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{Format, Outcome};
use crate::inputs::{self, RevocationArg, TrustInputs};

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
    /// Trust anchors, intermediates and CRLs.
    #[command(flatten)]
    pub trust: TrustInputs,
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
    /// Record the run in this SQLite database (the history `kyso rankings` and `kyso serve`
    /// read). An interrupted run of the same audit is resumed: files already recorded with the
    /// same SHA-256 under the same trust inputs are not verified again.
    #[arg(long, value_name = "FILE", default_value = "kyso.db")]
    pub db: PathBuf,
    /// Do not record the run.
    #[arg(long, conflicts_with = "db")]
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

/// A worker's answer for one file.
enum Verified {
    /// Boxed: a report is large, `Recorded` is nothing.
    Report(Box<DocumentReport>),
    /// The store holds this file's verification with the same SHA-256 (a resumed run).
    Recorded,
}

/// Verifies a file, unless the interrupted run being resumed recorded it with the same SHA-256.
fn verify_or_reuse(
    file: &walk::PdfFile,
    ctx: &VerifyContext,
    recorded: &std::collections::HashMap<String, String>,
) -> (Verified, Option<String>) {
    if let Some(sha) = recorded.get(&file.name) {
        if !sha.is_empty() && file.size <= MAX_PDF_BYTES {
            if let Ok(bytes) = std::fs::read(&file.path) {
                if crate::store::fingerprint::sha256_hex(&bytes) == *sha {
                    return (Verified::Recorded, None);
                }
                return (
                    Verified::Report(Box::new(verify_document(&file.name, &bytes, ctx))),
                    None,
                );
            }
        }
    }
    let (report, problem) = verify_file(file, ctx);
    (Verified::Report(Box::new(report)), problem)
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
pub fn run(args: AuditArgs) -> anyhow::Result<Outcome> {
    let started = now();
    if !args.dir.is_dir() {
        bail!("{}: not a folder / không phải thư mục", args.dir.display());
    }
    let mut at = inputs::validation_time(args.at.as_deref())?;
    let policy = match args.revocation {
        RevocationArg::Require => audit_core::RevocationPolicy::Require,
        RevocationArg::BestEffort => audit_core::RevocationPolicy::BestEffort,
    };
    let inputs = args.trust.clone();
    let register_bytes = args
        .manifest
        .as_ref()
        .map(|p| read_input(p, "register"))
        .transpose()?;
    let directory_bytes = args
        .directory
        .as_ref()
        .map(|p| read_input(p, "agency directory"))
        .transpose()?;
    let mut history = if args.no_db {
        None
    } else {
        let audit = history::AuditInputs {
            root: &args.dir,
            manifest: args.manifest.as_deref(),
            directory: args.directory.as_deref(),
            register_bytes: register_bytes.as_deref(),
            directory_bytes: directory_bytes.as_deref(),
        };
        let given = args.at.is_some().then_some(at);
        let h = history::History::open(
            &args.db,
            &audit,
            &inputs,
            policy,
            given,
            at,
            &rfc3339(started),
        )?;
        if let Some(resumed_at) = h.resumed_at {
            at = resumed_at;
        }
        Some(h)
    };
    let ctx = inputs::context(at, &inputs, policy)?;
    let register = match (&args.manifest, register_bytes) {
        (Some(p), Some(bytes)) => {
            Some(Register::parse(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?)
        }
        _ => None,
    };
    let directory = match (&args.directory, directory_bytes) {
        (Some(p), Some(bytes)) => Some(
            AgencyDirectory::parse(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
        ),
        _ => None,
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
    let recorded = history
        .as_mut()
        .map(|h| std::mem::take(&mut h.recorded))
        .unwrap_or_default();
    let run_identity = history
        .as_ref()
        .map(|h| (h.run_id.to_string(), h.started.clone()));
    let mut recorder = history.as_mut().map(|h| h.store.recorder(h.run_id));
    let (tx, rx) = sync_channel::<(Verified, Option<String>, u64, &str)>(jobs * 2);
    let ctx_ref = &ctx;
    let files_ref = &files;
    let recorded_ref = &recorded;
    let mut done = 0usize;
    let written: anyhow::Result<()> = std::thread::scope(|scope| {
        scope.spawn(move || {
            pool.install(|| {
                // Stops early when the receiver gave up (an I/O or database error of its own).
                let _ = files_ref.par_iter().try_for_each_with(tx, |tx, f| {
                    let (verified, problem) = verify_or_reuse(f, ctx_ref, recorded_ref);
                    tx.send((verified, problem, f.size, f.name.as_str()))
                });
            });
        });
        for (verified, problem, size, name) in rx {
            if let Some(p) = problem {
                progress.suspend(|| eprintln!("kyso audit: {p}"));
                problems.push(p);
            }
            let (report, packed) = match (verified, recorder.as_ref()) {
                (Verified::Report(report), recorder) => {
                    let packed = recorder.map(|_| crate::store::record::pack_verification(&report));
                    (*report, packed)
                }
                (Verified::Recorded, Some(recorder)) => {
                    let (report, packed) = recorder.recorded(name)?;
                    (report, Some(packed))
                }
                (Verified::Recorded, None) => bail!("{name}: recorded, but no database is open"),
            };
            let document = auditor.add(report);
            if let Some(recorder) = recorder.as_mut() {
                recorder.record(&document, packed.as_deref())?;
            }
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
        id: run_identity
            .as_ref()
            .map_or_else(|| started.unix_timestamp().to_string(), |r| r.0.clone()),
        started: run_identity
            .as_ref()
            .map_or_else(|| rfc3339(started), |r| r.1.clone()),
        finished: Some(rfc3339(finished)),
        complete: problems.is_empty(),
        root: Some(args.dir.display().to_string()),
        manifest: args.manifest.as_ref().map(|p| p.display().to_string()),
        directory: args.directory.as_ref().map(|p| p.display().to_string()),
        validation_time: audit_core::time::rfc3339(at.0),
        ..RunInfo::default()
    };
    let mut report = auditor.finish(run);
    for missing in std::mem::take(&mut report.documents) {
        if let Some(recorder) = recorder.as_mut() {
            recorder.record(&missing, None)?;
        }
        spill.push(&missing)?;
    }
    if let Some(recorder) = recorder {
        recorder.finish(
            &report,
            &rfc3339(finished),
            problems.is_empty(),
            problems.len(),
        )?;
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
    Ok(if !problems.is_empty() {
        Outcome::UsageOrIo
    } else if report.all_compliant() {
        Outcome::AllValid
    } else {
        Outcome::SomeNotValid
    })
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
