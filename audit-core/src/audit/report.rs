//! The Audit JSON (DESIGN.md "Audit JSON"; `contracts/audit.schema.json` is its required core):
//! what `kyso audit --format json` prints, `report.json` holds and the store keeps. Field names
//! and enum spellings are a contract.

use serde::{Deserialize, Serialize};

use super::period::DateSource;
use super::register::{RegisterError, RegisterRow};
use super::tally::{AgencyTally, Headline};
use crate::policy::compliance::DocumentKind;
use crate::report::{Decree30Report, DocumentReport, DocumentVerdict, Finding};

/// Version of the Audit JSON.
pub const AUDIT_SCHEMA_VERSION: u32 = 1;

/// About the run (filled by the caller: audit-core has no clock and no file system).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    pub id: String,
    /// RFC 3339.
    pub started: String,
    pub finished: Option<String>,
    /// Every file was read and verified.
    pub complete: bool,
    /// The audited folder, as given.
    pub root: Option<String>,
    /// The register file, as given.
    pub manifest: Option<String>,
    /// The agency directory file, as given.
    #[serde(default)]
    pub directory: Option<String>,
    /// RFC 3339.
    pub validation_time: String,
    /// Documents in the tallies (register rows, missing files included; without a register, the
    /// files attributed to an agency).
    pub documents: u64,
    /// PDF files found.
    pub files: u64,
    /// Register rows read (`None` without a register).
    #[serde(default)]
    pub register_rows: Option<u64>,
    /// Register rows whose file is missing from the export.
    #[serde(default)]
    pub missing_files: u64,
    /// The register as read: format, encoding, separator, header row.
    #[serde(default)]
    pub register: Option<RegisterInfo>,
}

/// How the register was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterInfo {
    /// `csv`, or the workbook format (`xlsx`, `xls`, `ods`).
    pub format: String,
    /// The text encoding of a CSV register.
    pub encoding: Option<String>,
    pub separator: Option<String>,
    pub header_row: usize,
    /// Register columns recognised, as headed in the file.
    pub columns: Vec<String>,
}

/// One tally period and its ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodTally {
    /// `2021`, `2021-Q1` or `2021-01`.
    pub period: String,
    /// In Vietnamese (`Quý I/2021`).
    pub label: String,
    pub headline: Headline,
    pub agencies: Vec<AgencyTally>,
}

/// How many non-compliant documents have this as their main reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
    pub documents: u64,
}

/// A document of the audit: its verification report and what the audit adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditDocument {
    #[serde(flatten)]
    pub report: DocumentReport,
    /// The file is in the export (false: the register lists it, the export lacks it).
    pub present: bool,
    /// A register row lists the file (false without a register, and for unlisted files).
    pub listed: bool,
    /// The issuing agency (the directory's canonical name, else the register's spelling, else
    /// the agency signature's); `None` when unknown.
    pub agency: Option<String>,
    pub agency_id: Option<String>,
    /// Month of the document (`2021-01`), from `date`.
    pub period: Option<String>,
    /// The document's date (ISO 8601) and where it comes from.
    pub date: Option<String>,
    pub date_source: Option<DateSource>,
    pub kind: DocumentKind,
    pub register: Option<RegisterRow>,
    /// Decree 30 compliance with the issuing agency known.
    pub compliance: Decree30Report,
}

/// What the tally keeps of a document once its report has been handed on (small: the audit's
/// memory grows with these, not with the reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    pub file: String,
    pub present: bool,
    pub listed: bool,
    /// Index of the agency in the audit's agency index.
    pub agency_index: Option<usize>,
    /// The agency's name and id, as in the tallies.
    pub agency: Option<String>,
    pub agency_id: Option<String>,
    pub date: Option<super::period::Date>,
    pub number: Option<String>,
    pub kind: DocumentKind,
    pub verdict: DocumentVerdict,
    pub signed: bool,
    pub compliant: bool,
    /// The compliance findings of a non-compliant document (empty when compliant).
    pub reasons: Vec<Finding>,
}

impl DocumentSummary {
    /// The main reason a non-compliant document fails (its first failing finding).
    pub fn main_reason(&self) -> Option<&Finding> {
        self.reasons
            .iter()
            .find(|f| f.code != crate::codes::D30_PUBLIC_CA.code)
    }
}

/// The Audit JSON. `D` is the documents' container: a `Vec` in memory, or anything that
/// serialises as a sequence (the server streams them from disk).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport<D = Vec<AuditDocument>> {
    pub schema: u32,
    pub run: RunInfo,
    /// Before every table: how many agencies reach 100 %.
    pub headline: Headline,
    /// The overall ranking.
    pub agencies: Vec<AgencyTally>,
    /// The ranking of every year, quarter and month present, chronologically.
    pub periods: Vec<PeriodTally>,
    /// Main reasons of the non-compliant documents, most frequent first.
    pub reasons: Vec<ReasonCount>,
    pub documents: D,
    /// Files no register row lists (verified, outside the tallies).
    pub unlisted_files: Vec<String>,
    /// Files whose issuing agency could not be determined (outside the tallies).
    pub unattributed_files: Vec<String>,
    pub register_errors: Vec<RegisterError>,
    /// Per-document summaries for the text, CSV and HTML reports (not serialised).
    #[serde(skip)]
    pub summaries: Vec<DocumentSummary>,
}

impl<D> AuditReport<D> {
    /// The same report with other documents.
    pub fn with_documents<E>(self, documents: E) -> AuditReport<E> {
        AuditReport {
            schema: self.schema,
            run: self.run,
            headline: self.headline,
            agencies: self.agencies,
            periods: self.periods,
            reasons: self.reasons,
            documents,
            unlisted_files: self.unlisted_files,
            unattributed_files: self.unattributed_files,
            register_errors: self.register_errors,
            summaries: self.summaries,
        }
    }

    /// Every document compliant (exit code 0 of `kyso audit`).
    pub fn all_compliant(&self) -> bool {
        self.summaries.iter().all(|s| s.compliant)
    }
}
