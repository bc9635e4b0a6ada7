//! The audit history: one SQLite file (bundled SQLite, WAL, foreign keys, versioned migrations;
//! DESIGN.md "Binary kyso": storage). `kyso audit --db` records runs ([`record`]); `kyso
//! rankings` and `kyso serve` read them ([`query`]).
//!
//! Crash safety: a run is recorded in batches of documents, each batch one transaction, and it
//! becomes `finished`/`complete` only in the last transaction, with its tallies. A killed audit
//! leaves a consistent database (SQLite's WAL journal) whose run reads as incomplete; the same
//! audit started again resumes it ([`record::RunRecorder`]).

pub mod fingerprint;
pub mod migrations;
pub mod query;
pub mod record;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

/// How long a statement waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What can go wrong with the database, each with the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: no such database (run `kyso audit --db {path}` first) / chưa có cơ sở dữ liệu"
    )]
    Missing { path: String },
    #[error(
        "{path}: written by a newer kyso (database schema version {found}, this kyso knows up to \
         {known}); use a newer kyso or another --db file / cơ sở dữ liệu của phiên bản kyso mới hơn"
    )]
    TooNew {
        path: String,
        found: usize,
        known: usize,
    },
    #[error(
        "{path}: the database is read-only (file, folder or disk): nothing was recorded / cơ sở \
         dữ liệu chỉ đọc, không ghi được ({detail})"
    )]
    ReadOnly { path: String, detail: String },
    #[error("{path}: the disk is full: the run was not completed / đĩa đầy, lượt kiểm tra chưa hoàn tất ({detail})")]
    DiskFull { path: String, detail: String },
    #[error("{path}: not a kyso database, or a damaged one / không phải cơ sở dữ liệu kyso hoặc đã hỏng ({detail})")]
    NotADatabase { path: String, detail: String },
    #[error(
        "{path}: another kyso audit is recording into this database; wait for it to finish or \
         use another --db / một lượt kiểm tra khác đang ghi vào cơ sở dữ liệu này"
    )]
    Busy { path: String },
    #[error("{path}: upgrading the database schema: {detail}")]
    Migration { path: String, detail: String },
    #[error("{path}: {context}: {source}")]
    Sql {
        path: String,
        context: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: stored {what} is not what kyso wrote: {detail}")]
    Corrupt {
        path: String,
        what: &'static str,
        detail: String,
    },
}

impl StoreError {
    /// Classifies an SQLite error: read-only, full disk and not-a-database get their own clear
    /// message; anything else says what was being done.
    pub fn sql(path: &Path, context: &'static str, source: rusqlite::Error) -> Self {
        let path = path.display().to_string();
        let detail = source.to_string();
        match source.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => Self::ReadOnly { path, detail },
            Some(ErrorCode::DiskFull) => Self::DiskFull { path, detail },
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                Self::NotADatabase { path, detail }
            }
            _ => Self::Sql {
                path,
                context,
                source,
            },
        }
    }
}

/// An open store (one connection).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// How to open the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file when missing (`kyso audit --db`).
    Create,
    /// The file must exist (`kyso rankings`, `kyso serve` at start-up).
    Existing,
    /// The file must exist at the latest schema; nothing is written (`kyso serve`'s readers).
    ReadOnly,
}

impl Store {
    /// Opens (or creates) the database and brings its schema to [`migrations::LATEST`]; a
    /// database written by a newer kyso is refused.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        Self::open_at_version(path, mode, migrations::LATEST)
    }

    /// Opens with the schema brought to `version` (tests write databases as older kyso did).
    pub fn open_at_version(
        path: &Path,
        mode: OpenMode,
        version: usize,
    ) -> Result<Self, StoreError> {
        if mode != OpenMode::Create && !path.is_file() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
            | match mode {
                OpenMode::Create => {
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
                }
                OpenMode::Existing => OpenFlags::SQLITE_OPEN_READ_WRITE,
                OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
            };
        let err = |context| move |e| StoreError::sql(path, context, e);
        let mut conn = Connection::open_with_flags(path, flags).map_err(err("opening"))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(err("setting the busy timeout"))?;
        // The version check reads the file: a non-database fails here, clearly.
        let found: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err("reading the schema version"))?;
        if found > migrations::LATEST {
            return Err(StoreError::TooNew {
                path: path.display().to_string(),
                found,
                known: migrations::LATEST,
            });
        }
        if mode == OpenMode::ReadOnly {
            if found != version {
                return Err(StoreError::Migration {
                    path: path.display().to_string(),
                    detail: format!(
                        "schema version {found}, expected {version}: open it once read-write \
                         (kyso audit, kyso rankings or kyso serve) to upgrade it"
                    ),
                });
            }
            conn.pragma_update(None, "query_only", "ON")
                .map_err(err("making the connection read-only"))?;
            return Ok(Self {
                conn,
                path: path.to_path_buf(),
            });
        }
        // WAL: readers (kyso serve) never block the writer (kyso audit), and a killed writer
        // leaves the last committed batch intact. NORMAL synchronisation is durable against a
        // process crash (the WAL is in the OS cache) and consistent after a power loss.
        let journal: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(err("switching to WAL"))?;
        if !journal.eq_ignore_ascii_case("wal")
            && !conn
                .is_readonly(rusqlite::DatabaseName::Main)
                .unwrap_or(false)
        {
            return Err(StoreError::Sql {
                path: path.display().to_string(),
                context: "switching to WAL",
                source: rusqlite::Error::InvalidParameterName(format!("journal_mode={journal}")),
            });
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err("setting synchronous"))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err("enabling foreign keys"))?;
        if found < version {
            migrations::up_to(version)
                .to_latest(&mut conn)
                .map_err(|e| match e {
                    rusqlite_migration::Error::RusqliteError { err, .. } => {
                        StoreError::sql(path, "upgrading the database schema", err)
                    }
                    other => StoreError::Migration {
                        path: path.display().to_string(),
                        detail: other.to_string(),
                    },
                })?;
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.error("reading the schema version", e))
    }

    /// `PRAGMA integrity_check` and `PRAGMA foreign_key_check`: `Ok(())` or the problems found.
    #[cfg(test)]
    pub fn check_integrity(&self) -> Result<Result<(), Vec<String>>, StoreError> {
        let mut problems = Vec::new();
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.error("checking integrity", e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.error("checking integrity", e))?;
        for row in rows {
            let line = row.map_err(|e| self.error("checking integrity", e))?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(|e| self.error("checking foreign keys", e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "foreign key: {} row {:?} -> {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?
                ))
            })
            .map_err(|e| self.error("checking foreign keys", e))?;
        for row in rows {
            problems.push(row.map_err(|e| self.error("checking foreign keys", e))?);
        }
        Ok(if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        })
    }

    fn error(&self, context: &'static str, e: rusqlite::Error) -> StoreError {
        StoreError::sql(&self.path, context, e)
    }

    fn corrupt(&self, what: &'static str, detail: impl ToString) -> StoreError {
        StoreError::Corrupt {
            path: self.path.display().to_string(),
            what,
            detail: detail.to_string(),
        }
    }
}

/// The right to record runs into a database: an exclusive `flock` on the database file, held
/// by one `kyso audit` until it exits (the kernel releases it when the process dies, even on
/// `kill -9`). SQLite's own locks are POSIX record locks, independent of `flock` on Linux, so
/// readers (`kyso serve`, `kyso rankings`) are not affected.
#[derive(Debug)]
pub struct WriterLock(#[allow(dead_code)] nix::fcntl::Flock<std::fs::File>);

impl WriterLock {
    pub fn acquire(path: &Path) -> Result<Self, StoreError> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .open(path)
            .map_err(|e| StoreError::Sql {
                path: path.display().to_string(),
                context: "locking the database",
                source: rusqlite::Error::InvalidPath(PathBuf::from(e.to_string())),
            })?;
        nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map(Self)
            .map_err(|_| StoreError::Busy {
                path: path.display().to_string(),
            })
    }
}

/// The stored spelling of an audit-core enum value: its serde name (`valid`, `non_compliant`,
/// `entire_file` …), the vocabulary of DESIGN.md.
pub fn word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
