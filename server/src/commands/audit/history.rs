//! `kyso audit --db FILE`: the run recorded in the store as it goes (see `crate::store`). Opens
//! the database before any work (a read-only or foreign file stops the audit at once), finds an
//! interrupted run of the same audit to resume, and tells the workers which files it already
//! holds (file → SHA-256) so that only new or changed files are verified again.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use audit_core::{RevocationPolicy, ValidationTime};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::inputs::TrustInputs;
use crate::store::fingerprint::{audit_key, verification_fingerprint};
use crate::store::record::RunSpec;
use crate::store::{OpenMode, Store, WriterLock};

/// The store and the run being recorded.
#[derive(Debug)]
pub struct History {
    pub store: Store,
    /// Held until the audit ends: no other audit records into this database meanwhile.
    _lock: WriterLock,
    pub run_id: i64,
    /// RFC 3339: the run's start (an earlier one when resuming).
    pub started: String,
    /// The resumed run's validation time (`None` for a new run).
    pub resumed_at: Option<ValidationTime>,
    /// File → SHA-256 of what the interrupted run recorded.
    pub recorded: HashMap<String, String>,
}

/// What identifies the audit (besides the trust inputs).
#[derive(Debug)]
pub struct AuditInputs<'a> {
    pub root: &'a Path,
    pub manifest: Option<&'a Path>,
    pub directory: Option<&'a Path>,
    pub register_bytes: Option<&'a [u8]>,
    pub directory_bytes: Option<&'a [u8]>,
}

impl History {
    /// Opens `db`, then resumes the interrupted run of the same audit or records a new one.
    /// `at_given`: the validation time `--at` fixed (else "now": a resumed run keeps its own).
    pub fn open(
        db: &Path,
        audit: &AuditInputs<'_>,
        inputs: &TrustInputs,
        revocation: RevocationPolicy,
        at_given: Option<ValidationTime>,
        at: ValidationTime,
        started: &str,
    ) -> anyhow::Result<Self> {
        let mut store = Store::open(db, OpenMode::Create)?;
        let lock = WriterLock::acquire(db)?;
        let fingerprint = verification_fingerprint(inputs, revocation, at_given.map(|t| t.0))?;
        let root = std::fs::canonicalize(audit.root)
            .unwrap_or_else(|_| audit.root.to_path_buf())
            .display()
            .to_string();
        let key = audit_key(
            &fingerprint,
            &root,
            audit.register_bytes,
            audit.directory_bytes,
        );
        if let Some(run) = store.unfinished_run(&key)? {
            let resumed_at = OffsetDateTime::parse(&run.validation_time, &Rfc3339)
                .with_context(|| {
                    format!(
                        "{}: run {}: stored validation time {:?}",
                        db.display(),
                        run.id,
                        run.validation_time
                    )
                })?
                .unix_timestamp();
            eprintln!(
                "kyso audit: resuming run {} of {} ({} documents already recorded) / tiếp tục lượt kiểm tra bị gián đoạn",
                run.id,
                db.display(),
                run.recorded.len()
            );
            return Ok(Self {
                store,
                _lock: lock,
                run_id: run.id,
                started: run.started,
                resumed_at: Some(ValidationTime(resumed_at)),
                recorded: run.recorded,
            });
        }
        let run_id = store.begin_run(&RunSpec {
            started: started.to_owned(),
            root: Some(audit.root.display().to_string()),
            manifest: audit.manifest.map(|p| p.display().to_string()),
            directory: audit.directory.map(|p| p.display().to_string()),
            validation_time: audit_core::time::rfc3339(at.0),
            fingerprint,
            audit_key: key,
        })?;
        Ok(Self {
            store,
            _lock: lock,
            run_id,
            started: started.to_owned(),
            resumed_at: None,
            recorded: HashMap::new(),
        })
    }
}
