//! Reading the history: runs, rankings from the stored tallies (never a re-audit), periods, an
//! agency's trend, and the documents of a run page by page. The shapes are the API's (DESIGN.md
//! "HTTP API"), built from audit-core's own types so the vocabulary cannot drift.

use audit_core::audit::period::PeriodKind;
use audit_core::audit::{AgencyTally, Headline, Period, RunInfo, AUDIT_SCHEMA_VERSION};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use serde_json::value::RawValue;

use super::record::RunSummary;
use super::{Store, StoreError};

/// The `period` of the whole run.
pub const ALL_PERIODS: &str = "all";

/// One run, as `GET /api/audits` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRun {
    pub id: i64,
    pub started: String,
    pub finished: Option<String>,
    pub complete: bool,
    pub root: Option<String>,
    pub manifest: Option<String>,
    pub directory: Option<String>,
    pub validation_time: String,
    /// Documents in the tallies (`None` until the run finished).
    pub documents: Option<u64>,
    /// PDF files found (`None` until the run finished).
    pub files: Option<u64>,
    /// Files that could not be read from disk.
    pub problems: Option<u64>,
    /// Documents recorded so far (an unfinished run's progress).
    pub recorded: u64,
    /// Agencies ranked (0 until the run finished).
    pub agencies: u64,
    /// "n/m cơ quan đạt 100%" for the whole run (`None` until it finished).
    pub headline: Option<Headline>,
}

/// A ranking: the answer of `GET /api/rankings` and `kyso rankings --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct Rankings {
    pub schema: u32,
    pub run: RunInfo,
    /// `all`, `2021`, `2021-Q2` or `2021-05`.
    pub period: String,
    /// In Vietnamese (`Quý II/2021`; `Toàn bộ` for `all`).
    pub label: String,
    pub headline: Headline,
    pub agencies: Vec<AgencyTally>,
}

/// A period present in a run.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodEntry {
    pub period: String,
    pub label: String,
    pub kind: PeriodKind,
    pub agencies: u64,
    /// Agencies with every registered document compliant in this period.
    pub at_target: u64,
}

/// `GET /api/periods`.
#[derive(Debug, Clone, Serialize)]
pub struct Periods {
    pub run: i64,
    /// Newest first.
    pub periods: Vec<PeriodEntry>,
}

/// An agency's tally in one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodPoint {
    pub period: String,
    pub label: String,
    pub kind: PeriodKind,
    #[serde(flatten)]
    pub tally: AgencyTally,
}

/// An agency's whole-run tally in one finished run.
#[derive(Debug, Clone, Serialize)]
pub struct RunPoint {
    pub run: i64,
    pub started: String,
    pub validation_time: String,
    #[serde(flatten)]
    pub tally: AgencyTally,
}

/// `GET /api/agencies/{agency_id}`: the agency in one run, every period (oldest first), and its
/// whole-run tally in every complete run (oldest first).
#[derive(Debug, Clone, Serialize)]
pub struct AgencyTrend {
    pub schema: u32,
    pub agency_id: String,
    pub agency: String,
    pub run: i64,
    pub overall: AgencyTally,
    pub periods: Vec<PeriodPoint>,
    pub runs: Vec<RunPoint>,
}

/// Which documents: by agency and by status (a compliance or a verdict word).
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub agency_id: Option<String>,
    pub status: Option<StatusFilter>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusFilter {
    /// `compliant` or `non_compliant`.
    Compliance(String),
    /// `valid`, `invalid`, `indeterminate`, `unsigned` or `unreadable`.
    Verdict(String),
}

impl StatusFilter {
    pub const COMPLIANCE: &'static [&'static str] = &["compliant", "non_compliant"];
    pub const VERDICTS: &'static [&'static str] = &[
        "valid",
        "invalid",
        "indeterminate",
        "unsigned",
        "unreadable",
    ];

    pub fn parse(word: &str) -> Option<Self> {
        if Self::COMPLIANCE.contains(&word) {
            Some(Self::Compliance(word.to_owned()))
        } else if Self::VERDICTS.contains(&word) {
            Some(Self::Verdict(word.to_owned()))
        } else {
            None
        }
    }
}

/// One page of a run's documents (entries of the Audit JSON, by file name).
#[derive(Debug, Serialize)]
pub struct DocumentPage {
    pub run: i64,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub documents: Vec<Box<RawValue>>,
}

/// Why a run cannot answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    Missing,
    /// Recorded but not finished (interrupted, or still running): no tallies yet.
    Unfinished,
}

fn audit_run(r: &Row<'_>) -> rusqlite::Result<(AuditRun, Option<String>)> {
    Ok((
        AuditRun {
            id: r.get("id")?,
            started: r.get("started")?,
            finished: r.get("finished")?,
            complete: r.get("complete")?,
            root: r.get("root")?,
            manifest: r.get("manifest")?,
            directory: r.get("directory")?,
            validation_time: r.get("validation_time")?,
            documents: r.get("documents")?,
            files: r.get("files")?,
            problems: r.get("problems")?,
            recorded: r.get("recorded")?,
            agencies: r.get("agencies")?,
            headline: None,
        },
        r.get("summary")?,
    ))
}

const RUN_COLUMNS: &str = "id, started, finished, complete, root, manifest, directory,
    validation_time, documents, files, problems, summary,
    (SELECT count(*) FROM documents d WHERE d.run_id = runs.id) AS recorded,
    (SELECT count(*) FROM tallies t WHERE t.run_id = runs.id AND t.period = 'all') AS agencies";

fn tally(r: &Row<'_>) -> rusqlite::Result<AgencyTally> {
    Ok(AgencyTally {
        agency: r.get("agency")?,
        agency_id: r.get("agency_id")?,
        agency_code: r.get("agency_code")?,
        documents: r.get("documents")?,
        files_present: r.get("files_present")?,
        signed: r.get("signed")?,
        valid: r.get("valid")?,
        compliant: r.get("compliant")?,
        signing_rate: r.get("signing_rate")?,
        compliance_rate: r.get("compliance_rate")?,
        rank: r.get("rank")?,
        gap: r.get("gap")?,
    })
}

/// The columns [`tally`] reads, from `tallies` aliased `t`.
const TALLY_COLUMNS: &str = "t.agency AS agency, t.agency_id AS agency_id,
    t.agency_code AS agency_code, t.documents AS documents, t.files_present AS files_present,
    t.signed AS signed, t.valid AS valid, t.compliant AS compliant,
    t.signing_rate AS signing_rate, t.compliance_rate AS compliance_rate, t.rank AS rank,
    t.gap AS gap";

/// `Toàn bộ` for the whole run, else the period's Vietnamese label.
pub fn period_label(period: &str) -> Option<String> {
    if period == ALL_PERIODS {
        return Some("Toàn bộ".to_owned());
    }
    Period::parse(period).map(|p| p.label_vi())
}

impl Store {
    /// Every run, newest first.
    pub fn runs(&self) -> Result<Vec<AuditRun>, StoreError> {
        let sql = format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC");
        let rows: Vec<(AuditRun, Option<String>)> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_map([], audit_run)?.collect())
            .map_err(|e| self.error("listing runs", e))?;
        rows.into_iter()
            .map(|(mut run, summary)| {
                run.headline = self.summary(summary)?.map(|s| s.headline);
                Ok(run)
            })
            .collect()
    }

    fn summary(&self, json: Option<String>) -> Result<Option<RunSummary>, StoreError> {
        json.map(|j| serde_json::from_str(&j).map_err(|e| self.corrupt("run summary", e)))
            .transpose()
    }

    /// The newest complete run.
    pub fn latest_complete_run(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT max(id) FROM runs WHERE complete = 1", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.error("finding the latest complete run", e))
    }

    /// The run's `run` object of the Audit JSON; `Err(state)` when it has none yet.
    pub fn run_info(&self, id: i64) -> Result<Result<RunInfo, RunState>, StoreError> {
        let row: Option<Option<String>> = self
            .conn
            .query_row("SELECT run FROM runs WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.error("reading a run", e))?;
        match row {
            None => Ok(Err(RunState::Missing)),
            Some(None) => Ok(Err(RunState::Unfinished)),
            Some(Some(json)) => serde_json::from_str(&json)
                .map(Ok)
                .map_err(|e| self.corrupt("run", e)),
        }
    }

    /// The ranking of a finished run for a period (`all` or a period key); `Ok(None)` when the
    /// run has no such period.
    pub fn rankings(
        &self,
        run: i64,
        period: &str,
    ) -> Result<Result<Option<Rankings>, RunState>, StoreError> {
        let info = match self.run_info(run)? {
            Ok(info) => info,
            Err(state) => return Ok(Err(state)),
        };
        let Some(label) = period_label(period) else {
            return Ok(Ok(None));
        };
        let agencies = self.tallies(run, period)?;
        if agencies.is_empty() && period != ALL_PERIODS {
            return Ok(Ok(None));
        }
        Ok(Ok(Some(Rankings {
            schema: AUDIT_SCHEMA_VERSION,
            run: info,
            period: period.to_owned(),
            label,
            headline: Headline::of(&agencies),
            agencies,
        })))
    }

    /// The ranked tallies of a run's period, in ranking order.
    pub fn tallies(&self, run: i64, period: &str) -> Result<Vec<AgencyTally>, StoreError> {
        let sql = format!(
            "SELECT {TALLY_COLUMNS} FROM tallies t WHERE t.run_id = ?1 AND t.period = ?2 ORDER BY t.position"
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_map(params![run, period], tally)?.collect())
            .map_err(|e| self.error("reading the tallies", e))
    }

    /// The periods of a finished run, newest first.
    pub fn periods(&self, run: i64) -> Result<Vec<PeriodEntry>, StoreError> {
        let rows: Vec<(String, String, u64, u64)> = self
            .conn
            .prepare_cached(
                "SELECT p.period, p.label,
                        (SELECT count(*) FROM tallies t
                          WHERE t.run_id = p.run_id AND t.period = p.period),
                        (SELECT count(*) FROM tallies t
                          WHERE t.run_id = p.run_id AND t.period = p.period
                            AND t.documents > 0 AND t.compliant = t.documents)
                 FROM periods p WHERE p.run_id = ?1 ORDER BY p.position DESC",
            )
            .and_then(|mut s| {
                s.query_map([run], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(|e| self.error("reading the periods", e))?;
        rows.into_iter()
            .map(|(period, label, agencies, at_target)| {
                let kind = Period::parse(&period)
                    .ok_or_else(|| self.corrupt("period", &period))?
                    .kind();
                Ok(PeriodEntry {
                    period,
                    label,
                    kind,
                    agencies,
                    at_target,
                })
            })
            .collect()
    }

    /// An agency's trend (see [`AgencyTrend`]); `Ok(None)` when the run does not rank it.
    pub fn agency_trend(
        &self,
        run: i64,
        agency_id: &str,
    ) -> Result<Option<AgencyTrend>, StoreError> {
        let sql = format!(
            "SELECT {TALLY_COLUMNS} FROM tallies t
             WHERE t.run_id = ?1 AND t.period = 'all' AND t.agency_id = ?2"
        );
        let overall = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row(params![run, agency_id], tally).optional())
            .map_err(|e| self.error("reading an agency", e))?;
        let Some(overall) = overall else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT p.period, p.label, {TALLY_COLUMNS} FROM tallies t
             JOIN periods p ON p.run_id = t.run_id AND p.period = t.period
             WHERE t.run_id = ?1 AND t.agency_id = ?2 ORDER BY p.position"
        );
        let points: Vec<(String, String, AgencyTally)> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map(params![run, agency_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, tally(r)?))
                })?
                .collect()
            })
            .map_err(|e| self.error("reading an agency's periods", e))?;
        let mut periods = Vec::with_capacity(points.len());
        for (period, label, tally) in points {
            let kind = Period::parse(&period)
                .ok_or_else(|| self.corrupt("period", &period))?
                .kind();
            periods.push(PeriodPoint {
                period,
                label,
                kind,
                tally,
            });
        }
        let sql = format!(
            "SELECT r.id, r.started, r.validation_time, {TALLY_COLUMNS} FROM tallies t
             JOIN runs r ON r.id = t.run_id
             WHERE t.agency_id = ?1 AND t.period = 'all' AND r.complete = 1 ORDER BY r.id"
        );
        let runs: Vec<RunPoint> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map([agency_id], |r| {
                    Ok(RunPoint {
                        run: r.get(0)?,
                        started: r.get(1)?,
                        validation_time: r.get(2)?,
                        tally: tally(r)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.error("reading an agency's runs", e))?;
        Ok(Some(AgencyTrend {
            schema: AUDIT_SCHEMA_VERSION,
            agency_id: overall.agency_id.clone(),
            agency: overall.agency.clone(),
            run,
            overall,
            periods,
            runs,
        }))
    }

    /// A page of a run's documents (1-based `page`), ordered by file name.
    pub fn documents(
        &self,
        run: i64,
        filter: &DocumentFilter,
        page: u64,
        per_page: u64,
    ) -> Result<DocumentPage, StoreError> {
        let mut conditions = String::from("run_id = ?1");
        let mut values: Vec<String> = Vec::new();
        if let Some(a) = &filter.agency_id {
            values.push(a.clone());
            conditions.push_str(&format!(" AND agency_id = ?{}", values.len() + 1));
        }
        match &filter.status {
            Some(StatusFilter::Compliance(w)) => {
                values.push(w.clone());
                conditions.push_str(&format!(" AND compliance = ?{}", values.len() + 1));
            }
            Some(StatusFilter::Verdict(w)) => {
                values.push(w.clone());
                conditions.push_str(&format!(" AND verdict = ?{}", values.len() + 1));
            }
            None => {}
        }
        let mut bound: Vec<&dyn rusqlite::ToSql> = vec![&run];
        bound.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
        let total: u64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM documents WHERE {conditions}"
            ))
            .and_then(|mut s| s.query_row(bound.as_slice(), |r| r.get(0)))
            .map_err(|e| self.error("counting documents", e))?;
        let limit = i64::try_from(per_page).unwrap_or(i64::MAX);
        let offset =
            i64::try_from(page.saturating_sub(1).saturating_mul(per_page)).unwrap_or(i64::MAX);
        bound.push(&limit);
        bound.push(&offset);
        let sql = format!(
            "SELECT document FROM documents WHERE {conditions} ORDER BY file LIMIT ?{} OFFSET ?{}",
            bound.len() - 1,
            bound.len()
        );
        let texts: Vec<String> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_map(bound.as_slice(), |r| r.get(0))?.collect())
            .map_err(|e| self.error("reading documents", e))?;
        let documents = texts
            .into_iter()
            .map(|t| RawValue::from_string(t).map_err(|e| self.corrupt("document", e)))
            .collect::<Result<_, _>>()?;
        Ok(DocumentPage {
            run,
            page,
            per_page,
            total,
            documents,
        })
    }

    /// Whether a run exists.
    pub fn run_exists(&self, id: i64) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT 1 FROM runs WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.error("reading a run", e))
    }
}
