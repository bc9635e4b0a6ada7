//! Recording an audit run (`kyso audit --db`): the run row first (committed at once, so that a
//! read-only or broken database stops the audit before any work), then the documents in
//! batches, each batch one transaction, then in one last transaction the documents of missing
//! files, the tallies, the periods and the run's `finished`/`complete`.
//!
//! Resuming: [`Store::unfinished_run`] finds the interrupted run of the same audit (same
//! [`super::fingerprint::audit_key`]) and what it recorded (file → SHA-256). The audit then
//! verifies only the files that are new or changed; for the others [`RunRecorder::recorded`]
//! returns the verification report recorded before, which the audit feeds to the same pure
//! audit code as a fresh one. Every document is recorded again by this process (replacing the
//! earlier row), so the finished run holds exactly what an uninterrupted run would.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use audit_core::audit::{AgencyTally, Period};
use audit_core::audit::{AuditDocument, AuditReport, PeriodTally, AUDIT_SCHEMA_VERSION};
use audit_core::report::Finding;
use audit_core::DocumentReport;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{word, Store, StoreError};

/// Documents per transaction, at most.
const BATCH_DOCUMENTS: usize = 64;
/// A batch is committed after this long even when small (a slow audit still makes progress
/// durable).
const BATCH_TIME: Duration = Duration::from_secs(2);
/// Largest inflated verification report read back (a report is a few KB; this is a bound, not
/// an expectation).
const MAX_VERIFICATION_JSON: usize = 64 * 1024 * 1024;

/// A new run's identity and settings.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// RFC 3339.
    pub started: String,
    pub root: Option<String>,
    pub manifest: Option<String>,
    pub directory: Option<String>,
    /// RFC 3339.
    pub validation_time: String,
    pub fingerprint: String,
    pub audit_key: String,
}

/// An interrupted run of the same audit, to resume.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub id: i64,
    /// RFC 3339, as recorded.
    pub started: String,
    pub validation_time: String,
    /// File → SHA-256 of every document recorded so far.
    pub recorded: HashMap<String, String>,
}

/// The rest of the Audit JSON besides the run, the tallies and the documents.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct RunSummary {
    pub headline: audit_core::audit::Headline,
    pub reasons: Vec<audit_core::audit::ReasonCount>,
    pub unlisted_files: Vec<String>,
    pub unattributed_files: Vec<String>,
    pub register_errors: Vec<audit_core::audit::register::RegisterError>,
}

impl Store {
    /// The newest unfinished run with this audit key, with what it recorded.
    pub fn unfinished_run(&self, audit_key: &str) -> Result<Option<Unfinished>, StoreError> {
        let found = self
            .conn
            .query_row(
                "SELECT id, started, validation_time FROM runs
                 WHERE audit_key = ?1 AND finished IS NULL ORDER BY id DESC LIMIT 1",
                [audit_key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.error("looking for an interrupted run", e))?;
        let Some((id, started, validation_time)) = found else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare("SELECT file, sha256 FROM documents WHERE run_id = ?1 AND present = 1")
            .map_err(|e| self.error("reading the interrupted run", e))?;
        let recorded = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<Result<HashMap<String, String>, _>>())
            .map_err(|e| self.error("reading the interrupted run", e))?;
        Ok(Some(Unfinished {
            id,
            started,
            validation_time,
            recorded,
        }))
    }

    /// Records a new, unfinished run (committed at once).
    pub fn begin_run(&mut self, spec: &RunSpec) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO runs (started, root, manifest, directory, validation_time,
                                   fingerprint, audit_key, kyso_version, schema)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    spec.started,
                    spec.root,
                    spec.manifest,
                    spec.directory,
                    spec.validation_time,
                    spec.fingerprint,
                    spec.audit_key,
                    env!("CARGO_PKG_VERSION"),
                    AUDIT_SCHEMA_VERSION,
                ],
            )
            .map_err(|e| self.error("recording the run", e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Takes over a run (new or resumed) to record its documents.
    pub fn recorder(&mut self, run_id: i64) -> RunRecorder<'_> {
        RunRecorder {
            store: self,
            run_id,
            in_batch: 0,
            batch_started: None,
            recorded: HashSet::new(),
        }
    }
}

/// Records one run's documents in batches; see the module documentation.
#[derive(Debug)]
pub struct RunRecorder<'s> {
    store: &'s mut Store,
    run_id: i64,
    in_batch: usize,
    /// `Some` while a transaction is open.
    batch_started: Option<Instant>,
    /// Files recorded by this process.
    recorded: HashSet<String>,
}

/// Deflates a verification report's JSON for the `verification` column.
pub fn pack_verification(report: &DocumentReport) -> Vec<u8> {
    let json = serde_json::to_vec(report).unwrap_or_default();
    miniz_oxide::deflate::compress_to_vec(&json, 6)
}

impl RunRecorder<'_> {
    fn error(&self, context: &'static str, e: rusqlite::Error) -> StoreError {
        self.store.error(context, e)
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        if self.batch_started.is_none() {
            self.store
                .conn
                .execute_batch("BEGIN IMMEDIATE")
                .map_err(|e| self.error("starting a batch", e))?;
            self.batch_started = Some(Instant::now());
            self.in_batch = 0;
        }
        Ok(())
    }

    /// Commits the open batch, if any.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.batch_started.take().is_some() {
            self.store
                .conn
                .execute_batch("COMMIT")
                .map_err(|e| self.error("committing a batch", e))?;
        }
        Ok(())
    }

    /// The verification report recorded for `file` in this run, and its packed form.
    pub fn recorded(&self, file: &str) -> Result<(DocumentReport, Vec<u8>), StoreError> {
        let blob: Option<Vec<u8>> = self
            .store
            .conn
            .query_row(
                "SELECT verification FROM documents WHERE run_id = ?1 AND file = ?2",
                params![self.run_id, file],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.error("reading a recorded verification", e))?
            .flatten();
        let blob = blob.ok_or_else(|| {
            self.store
                .corrupt("verification", format!("{file}: no verification recorded"))
        })?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&blob, MAX_VERIFICATION_JSON)
            .map_err(|e| self.store.corrupt("verification", format!("{file}: {e:?}")))?;
        let report = serde_json::from_slice(&json)
            .map_err(|e| self.store.corrupt("verification", format!("{file}: {e}")))?;
        Ok((report, blob))
    }

    /// Records one audited document (replacing an earlier record of the same file in this run).
    /// `verification`: the packed verification report ([`pack_verification`]); `None` for a
    /// register row whose file is missing.
    pub fn record(
        &mut self,
        document: &AuditDocument,
        verification: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.begin()?;
        self.insert_document(document, verification)?;
        self.recorded.insert(document.report.file.clone());
        self.in_batch += 1;
        let due = self
            .batch_started
            .is_some_and(|t| t.elapsed() >= BATCH_TIME);
        if self.in_batch >= BATCH_DOCUMENTS || due {
            self.commit()?;
        }
        Ok(())
    }

    fn insert_document(
        &mut self,
        d: &AuditDocument,
        verification: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let conn = &self.store.conn;
        let path = &self.store.path;
        let err = |context| move |e| StoreError::sql(path, context, e);
        let r = &d.report;
        conn.prepare_cached("DELETE FROM documents WHERE run_id = ?1 AND file = ?2")
            .and_then(|mut s| s.execute(params![self.run_id, r.file]))
            .map_err(err("replacing a document"))?;
        let json = serde_json::to_string(d).map_err(|e| self.store.corrupt("document", e))?;
        let register = d
            .register
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| self.store.corrupt("register row", e))?;
        conn.prepare_cached(
            "INSERT INTO documents (run_id, file, sha256, size, present, listed, verdict,
                 compliance, kind, agency, agency_id, period, date, register_row, register,
                 document, verification)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )
        .and_then(|mut s| {
            s.execute(params![
                self.run_id,
                r.file,
                r.sha256,
                r.size,
                d.present,
                d.listed,
                word(&r.verdict),
                word(&d.compliance.status),
                word(&d.kind),
                d.agency,
                d.agency_id,
                d.period,
                d.date,
                d.register.as_ref().map(|row| row.row as i64),
                register,
                json,
                verification,
            ])
        })
        .map_err(err("recording a document"))?;
        let id = conn.last_insert_rowid();
        let mut findings: Vec<(&str, Option<usize>, &Finding)> = Vec::new();
        findings.extend(r.findings.iter().map(|f| ("document", None, f)));
        findings.extend(r.decree30.findings.iter().map(|f| ("decree30", None, f)));
        findings.extend(
            d.compliance
                .findings
                .iter()
                .map(|f| ("compliance", None, f)),
        );
        for (i, s) in r.signatures.iter().enumerate() {
            findings.extend(s.findings.iter().map(|f| ("signature", Some(i), f)));
            let signer = s.signer.as_ref();
            conn.prepare_cached(
                "INSERT INTO signatures (document_id, position, field, revision, sub_filter,
                     signer_common_name, signer_organization, signer_subject, signer_issuer,
                     signer_serial, role, signing_time, integrity, coverage, trust,
                     validity_at_signing, revocation, modification, status, indication,
                     sub_indication)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    id,
                    i as i64,
                    s.field,
                    s.revision.map(|v| v as i64),
                    s.sub_filter.as_ref().map(|f| f.as_str()),
                    signer.and_then(|x| x.common_name.clone()),
                    signer.and_then(|x| x.organization.clone()),
                    signer.map(|x| x.subject.clone()),
                    signer.map(|x| x.issuer.clone()),
                    signer.map(|x| x.serial.clone()),
                    word(&s.role),
                    s.signing_time,
                    word(&s.integrity),
                    word(&s.coverage),
                    word(&s.certificate.trust),
                    s.certificate.validity_at_signing.as_ref().map(word),
                    word(&s.certificate.revocation),
                    s.modification.as_ref().map(word),
                    word(&s.status),
                    word(&s.indication),
                    s.sub_indication.as_ref().map(word),
                ])
            })
            .map_err(err("recording a signature"))?;
        }
        for (position, (scope, signature, f)) in findings.into_iter().enumerate() {
            conn.prepare_cached("INSERT OR IGNORE INTO finding_codes (code) VALUES (?1)")
                .and_then(|mut st| st.execute([&f.code]))
                .map_err(err("recording a finding code"))?;
            conn.prepare_cached(
                "INSERT INTO findings (document_id, scope, signature, position, code, message_vi,
                     message_en)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    id,
                    scope,
                    signature.map(|v| v as i64),
                    position as i64,
                    f.code,
                    f.message_vi,
                    f.message_en,
                ])
            })
            .map_err(err("recording a finding"))?;
        }
        Ok(())
    }

    /// Records the end of the run in one transaction: removes documents recorded earlier that
    /// this process did not record (files gone since the interruption), writes the tallies of the
    /// whole run and of every period, and marks the run finished (and complete when `complete`).
    pub fn finish<D>(
        mut self,
        report: &AuditReport<D>,
        finished: &str,
        complete: bool,
        problems: usize,
    ) -> Result<(), StoreError> {
        self.begin()?;
        let run_id = self.run_id;
        let path = self.store.path.clone();
        let path = &path;
        let err = |context| move |e| StoreError::sql(path, context, e);
        {
            let conn = &self.store.conn;
            let stored: Vec<(i64, String)> = conn
                .prepare("SELECT id, file FROM documents WHERE run_id = ?1")
                .and_then(|mut s| {
                    s.query_map([run_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect()
                })
                .map_err(err("reading the run's documents"))?;
            for (id, file) in stored {
                if !self.recorded.contains(&file) {
                    conn.execute("DELETE FROM documents WHERE id = ?1", [id])
                        .map_err(err("removing a document no longer in the export"))?;
                }
            }
            conn.execute("DELETE FROM tallies WHERE run_id = ?1", [run_id])
                .map_err(err("replacing the tallies"))?;
            conn.execute("DELETE FROM periods WHERE run_id = ?1", [run_id])
                .map_err(err("replacing the periods"))?;
            insert_tallies(conn, run_id, "all", &report.agencies)
                .map_err(err("recording the tallies"))?;
            for (position, p) in report.periods.iter().enumerate() {
                insert_period(conn, run_id, position, p).map_err(err("recording a period"))?;
            }
            let mut run = report.run.clone();
            run.id = run_id.to_string();
            run.finished = Some(finished.to_owned());
            run.complete = complete;
            let run_json = serde_json::to_string(&run).map_err(|e| self.store.corrupt("run", e))?;
            let summary = RunSummary {
                headline: report.headline.clone(),
                reasons: report.reasons.clone(),
                unlisted_files: report.unlisted_files.clone(),
                unattributed_files: report.unattributed_files.clone(),
                register_errors: report.register_errors.clone(),
            };
            let summary =
                serde_json::to_string(&summary).map_err(|e| self.store.corrupt("summary", e))?;
            conn.execute(
                "UPDATE runs SET finished = ?2, complete = ?3, documents = ?4, files = ?5,
                     problems = ?6, run = ?7, summary = ?8
                 WHERE id = ?1",
                params![
                    run_id,
                    finished,
                    complete,
                    run.documents,
                    run.files,
                    problems as i64,
                    run_json,
                    summary,
                ],
            )
            .map_err(err("finishing the run"))?;
        }
        self.commit()
    }
}

fn insert_tallies(
    conn: &rusqlite::Connection,
    run_id: i64,
    period: &str,
    agencies: &[AgencyTally],
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO tallies (run_id, period, position, agency_id, agency, agency_code, documents,
             files_present, signed, valid, compliant, signing_rate, compliance_rate, rank, gap)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (i, a) in agencies.iter().enumerate() {
        stmt.execute(params![
            run_id,
            period,
            i as i64 + 1,
            a.agency_id,
            a.agency,
            a.agency_code,
            a.documents,
            a.files_present,
            a.signed,
            a.valid,
            a.compliant,
            a.signing_rate,
            a.compliance_rate,
            a.rank,
            a.gap,
        ])?;
    }
    Ok(())
}

fn insert_period(
    conn: &rusqlite::Connection,
    run_id: i64,
    position: usize,
    p: &PeriodTally,
) -> rusqlite::Result<()> {
    // Only periods audit-core names are stored; their spelling is Period::key's.
    debug_assert!(Period::parse(&p.period).is_some());
    conn.prepare_cached(
        "INSERT INTO periods (run_id, period, label, position) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![run_id, p.period, p.label, position as i64])?;
    insert_tallies(conn, run_id, &p.period, &p.agencies)
}

impl Drop for RunRecorder<'_> {
    /// An audit that stops with an error leaves its open batch uncommitted: those documents are
    /// verified again when the audit resumes.
    fn drop(&mut self) {
        if self.batch_started.take().is_some() {
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}
