//! The audit of a whole export (DESIGN.md "Tally and rankings", "Audit JSON"): the
//! outgoing-documents register, the agency directory and the verification reports of the PDF
//! files in; per document the issuing agency, the period and the Decree 30 compliance, then
//! per-agency tallies for the whole run and for every year, quarter and month, ranked, out.
//!
//! Pure, like the rest of the engine: the browser audits an export with the same code as `kyso
//! audit`. Two forms:
//! - [`audit`]: register bytes, directory bytes and every report at once → [`AuditReport`]
//!   ([`audit_files`] also verifies the PDF bytes first);
//! - [`Auditor`]: documents one at a time ([`Auditor::add`] returns the document's entry for the
//!   caller to store or stream), keeping only a small [`DocumentSummary`] per document, so a
//!   server's memory is bounded by the documents in flight, not by all the reports.
//!
//! Facts first, judgement last: this module gathers the agency facts of every signature (the
//! directory, the register's names, the certificates) and the compliance judgement is
//! [`crate::policy::compliance`]'s.

pub mod directory;
pub mod files;
pub mod names;
pub mod period;
pub mod register;
pub mod report;
pub mod tally;

use std::collections::{BTreeMap, HashMap};

use crate::codes;
use crate::policy::compliance::{judge_compliance, AgencyOf, ComplianceFacts, SignerFacts};
use crate::policy::RoleDecision;
use crate::report::{
    Decree30Report, Decree30Status, DocumentReport, DocumentVerdict, Role, SignatureReport,
};
use crate::{verify_document, VerifyContext};

pub use directory::{AgencyDirectory, AgencyIndex, DirectoryError};
pub use period::{Date, DateSource, Period};
pub use register::{DocumentKind, Register, RegisterError, RegisterFileError, RegisterRow};
pub use report::{
    AuditDocument, AuditReport, DocumentSummary, PeriodTally, ReasonCount, RegisterInfo, RunInfo,
    AUDIT_SCHEMA_VERSION,
};
pub use tally::{AgencyTally, Counts, Headline};

/// Why an audit cannot start: its register or directory is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    #[error("register: {0}")]
    Register(#[from] RegisterFileError),
    #[error("agency directory: {0}")]
    Directory(#[from] DirectoryError),
}

/// Audits verified documents against a register and a directory (both optional), in one call.
/// `reports[i].file` is the file's path relative to the export's root.
pub fn audit(
    register: Option<&[u8]>,
    directory: Option<&[u8]>,
    reports: Vec<DocumentReport>,
    run: RunInfo,
) -> Result<AuditReport, AuditError> {
    let register = register.map(Register::parse).transpose()?;
    let directory = directory.map(AgencyDirectory::parse).transpose()?;
    let names: Vec<String> = reports.iter().map(|r| r.file.clone()).collect();
    let mut auditor = Auditor::new(register, directory.as_ref(), &names);
    let mut documents: Vec<AuditDocument> = reports.into_iter().map(|r| auditor.add(r)).collect();
    let mut report = auditor.finish(run);
    documents.append(&mut report.documents);
    documents.sort_by(|a, b| a.report.file.cmp(&b.report.file));
    Ok(report.with_documents(documents))
}

/// Verifies every `(name, bytes)` file with `ctx`, then [`audit`]s them (the browser's audit of
/// a dropped export).
pub fn audit_files(
    register: Option<&[u8]>,
    directory: Option<&[u8]>,
    files: &[(&str, &[u8])],
    ctx: &VerifyContext,
    run: RunInfo,
) -> Result<AuditReport, AuditError> {
    let reports = files
        .iter()
        .map(|(name, bytes)| verify_document(name, bytes, ctx))
        .collect();
    audit(register, directory, reports, run)
}

/// The report of a file that could not be read from disk (the caller's I/O error), so that it is
/// audited as unreadable rather than silently missing.
pub fn unreadable_file(file: &str, reason: &str) -> DocumentReport {
    DocumentReport {
        file: file.to_owned(),
        sha256: String::new(),
        size: 0,
        verdict: DocumentVerdict::Unreadable,
        error: Some(format!("cannot read the file: {reason}")),
        revisions: 0,
        signatures: Vec::new(),
        decree30: Decree30Report {
            status: Decree30Status::NonCompliant,
            findings: vec![codes::D30_NOT_SIGNED.finding()],
        },
        findings: vec![codes::UNREADABLE.with(reason)],
        encryption: None,
        signatures_found: Vec::new(),
    }
}

/// The incremental audit (see the module documentation).
#[derive(Debug)]
pub struct Auditor {
    index: AgencyIndex,
    has_register: bool,
    rows: Vec<RegisterRow>,
    /// The agency of each row (`None`: the row names none).
    row_agency: Vec<Option<usize>>,
    row_claimed: Vec<bool>,
    register_info: Option<RegisterInfo>,
    register_errors: Vec<RegisterError>,
    /// File name as given → its row.
    assignment: HashMap<String, usize>,
    /// The register's spelling shown for agencies not in the directory (the most frequent).
    spelling: HashMap<usize, String>,
    summaries: Vec<DocumentSummary>,
    files: u64,
}

impl Auditor {
    /// Prepares the audit. `files` are the names (paths relative to the export's root) of every
    /// file that will be added: rows are matched to them once, whatever order they come in.
    pub fn new(
        register: Option<Register>,
        directory: Option<&AgencyDirectory>,
        files: &[String],
    ) -> Self {
        let mut index = AgencyIndex::new(directory);
        let has_register = register.is_some();
        let (rows, register_errors, register_info) = match register {
            Some(r) => {
                let info = RegisterInfo {
                    format: match r.format {
                        register::RegisterFormat::Csv => "csv".to_owned(),
                        register::RegisterFormat::Workbook => r.encoding.clone(),
                    },
                    encoding: (r.format == register::RegisterFormat::Csv)
                        .then(|| r.encoding.clone()),
                    separator: r.separator.map(|c| c.to_string()),
                    header_row: r.header_row,
                    columns: r.columns.iter().map(|(_, h)| h.clone()).collect(),
                };
                (r.rows, r.errors, Some(info))
            }
            None => (Vec::new(), Vec::new(), None),
        };
        // Register spellings: full names before initialisms, so that `SNV` joins `Sở Nội vụ`.
        let mut spellings: Vec<&str> = rows.iter().filter_map(|r| r.agency.as_deref()).collect();
        spellings.sort_by_key(|s| std::cmp::Reverse(names::NameKey::new(s).tokens().len()));
        spellings.dedup();
        for s in spellings {
            index.resolve_or_add(s);
        }
        let row_agency: Vec<Option<usize>> = rows
            .iter()
            .map(|r| r.agency.as_deref().and_then(|a| index.resolve(a)))
            .collect();
        let mut errors = register_errors;
        let mut spelling_counts: HashMap<usize, BTreeMap<String, usize>> = HashMap::new();
        let mut reported: Vec<usize> = Vec::new();
        for (row, agency) in rows.iter().zip(&row_agency) {
            let (Some(i), Some(name)) = (agency, &row.agency) else {
                continue;
            };
            *spelling_counts
                .entry(*i)
                .or_default()
                .entry(name.clone())
                .or_default() += 1;
            let known = index.get(*i).is_some_and(|a| a.in_directory);
            if directory.is_some() && !known && !reported.contains(i) {
                reported.push(*i);
                errors.push(RegisterError::new(
                    row.row,
                    Some(register::Column::Agency.header_vi().to_owned()),
                    &register::REGISTER_AGENCY_NOT_IN_DIRECTORY,
                    Some(name),
                ));
            }
        }
        errors.sort_by_key(|e| e.row);
        let spelling: HashMap<usize, String> = spelling_counts
            .into_iter()
            .filter_map(|(i, counts)| {
                let best = counts
                    .into_iter()
                    .max_by(|(a, x), (b, y)| x.cmp(y).then(b.len().cmp(&a.len())))?;
                Some((i, best.0))
            })
            .collect();
        // Agencies not in the directory are named, and identified, by that spelling.
        let mut renamed: Vec<(&usize, &String)> = spelling.iter().collect();
        renamed.sort();
        for (i, name) in renamed {
            index.rename(*i, name);
        }
        let assignment = files::assign(&rows, files)
            .into_iter()
            .filter_map(|(f, r)| Some((files.get(f)?.clone(), r)))
            .collect();
        Self {
            index,
            has_register,
            row_claimed: vec![false; rows.len()],
            row_agency,
            rows,
            register_info,
            register_errors: errors,
            assignment,
            spelling,
            summaries: Vec::new(),
            files: 0,
        }
    }

    /// The agency's name as shown: the directory's, else the register's most frequent spelling,
    /// else the first spelling met.
    fn agency_name(&self, i: usize) -> Option<String> {
        let a = self.index.get(i)?;
        Some(if a.in_directory {
            a.name.clone()
        } else {
            self.spelling
                .get(&i)
                .cloned()
                .unwrap_or_else(|| a.name.clone())
        })
    }

    /// The row a file is listed on, claimed for it.
    fn claim_row(&mut self, file: &str) -> Option<usize> {
        let row = match self.assignment.get(file) {
            Some(r) => Some(*r),
            None if self.has_register => {
                // A file not announced to `new`: matched against the rows still unclaimed.
                let free: Vec<usize> = (0..self.rows.len())
                    .filter(|&r| !self.row_claimed[r])
                    .collect();
                let candidates: Vec<RegisterRow> =
                    free.iter().map(|&r| self.rows[r].clone()).collect();
                files::assign(&candidates, &[file.to_owned()])
                    .get(&0)
                    .and_then(|&c| free.get(c).copied())
            }
            None => None,
        }?;
        if self.row_claimed.get(row).copied().unwrap_or(true) {
            return None;
        }
        self.row_claimed[row] = true;
        Some(row)
    }

    /// Audits one verified document; returns its entry of the Audit JSON.
    pub fn add(&mut self, mut report: DocumentReport) -> AuditDocument {
        self.files += 1;
        let row = self.claim_row(&report.file);
        let listed = row.is_some();
        // The issuing agency: the register's; else the agency signature's.
        let mut agency = row.and_then(|r| self.row_agency.get(r).copied().flatten());
        if agency.is_none() {
            agency = self.agency_of_signatures(&report);
        }
        let issuing_name = agency.and_then(|i| self.agency_name(i));
        let signers: Vec<SignerFacts> = report
            .signatures
            .iter()
            .map(|s| self.signer_facts(s, agency))
            .collect();
        let row_data = row.and_then(|r| self.rows.get(r).cloned());
        let kind = row_data.as_ref().map_or(DocumentKind::Main, |r| r.kind);
        let compliance = judge_compliance(&ComplianceFacts {
            report: Some(&report),
            kind,
            issuing_agency: issuing_name.as_deref(),
            signers: &signers,
        });
        for (s, decision) in report.signatures.iter_mut().zip(&compliance.roles) {
            s.role = decision.role;
            s.role_basis = decision.basis.clone();
        }
        // The date: the register's, else the issuing agency's signature's (in Vietnam).
        let (date, date_source) = match row_data.as_ref().and_then(|r| r.issue_date) {
            Some(d) => (Some(d), Some(DateSource::Register)),
            None => {
                let own = |i: &usize| {
                    signers
                        .get(*i)
                        .is_some_and(|f| f.organisation == AgencyOf::Issuing)
                };
                let orgs: Vec<usize> = (0..report.signatures.len())
                    .filter(|i| report.signatures[*i].role == Role::Organization)
                    .collect();
                let pick = orgs.iter().rev().find(|i| own(i)).or(orgs.last());
                let d = pick
                    .and_then(|i| report.signatures.get(*i))
                    .and_then(|s| s.signing_time.as_deref())
                    .and_then(Date::of_rfc3339_in_vietnam);
                (d, d.map(|_| DateSource::AgencySignature))
            }
        };
        let compliant = compliance.report.status == Decree30Status::Compliant;
        let agency_id = agency.and_then(|i| self.index.get(i)).map(|a| a.id.clone());
        self.summaries.push(DocumentSummary {
            file: report.file.clone(),
            present: true,
            listed,
            agency_index: agency,
            agency: issuing_name.clone(),
            agency_id: agency_id.clone(),
            date,
            number: row_data.as_ref().and_then(|r| r.number.clone()),
            kind,
            verdict: report.verdict,
            // A signature of anyone; an undecryptable document's signatures count too (found,
            // not verified).
            signed: report.signatures.iter().any(|s| !s.is_document_timestamp())
                || report
                    .signatures_found
                    .iter()
                    .any(|s| !s.document_timestamp),
            compliant,
            reasons: if compliant {
                Vec::new()
            } else {
                compliance.report.findings.clone()
            },
        });
        AuditDocument {
            present: true,
            listed,
            agency: issuing_name,
            agency_id,
            period: date.map(|d| Period::Month(d.year, d.month).key()),
            date: date.map(|d| d.iso()),
            date_source,
            kind,
            register: row_data,
            compliance: compliance.report,
            report,
        }
    }

    /// The agency of a document without a register row: the last organisation signature's
    /// (directory first; else its common name, a new agency when unknown).
    fn agency_of_signatures(&mut self, report: &DocumentReport) -> Option<usize> {
        for s in report.signatures.iter().rev() {
            let Some(id) = &s.signer else { continue };
            if s.is_document_timestamp() {
                continue;
            }
            if let Some((i, _)) = self.index.organisation_of(id) {
                if self.index.get(i).is_some_and(|a| a.in_directory) || s.role == Role::Organization
                {
                    return Some(i);
                }
            }
            if s.role == Role::Organization {
                if let Some(cn) = &id.common_name {
                    return self.index.resolve_or_add(cn);
                }
            }
        }
        None
    }

    /// The agency facts of one signature relative to the issuing agency.
    fn signer_facts(&self, s: &SignatureReport, issuing: Option<usize>) -> SignerFacts {
        let anchor = s.certificate.anchor;
        let Some(id) = &s.signer else {
            return SignerFacts {
                directory_role: None,
                organisation: AgencyOf::Unstated,
                employer: AgencyOf::Unstated,
                anchor,
            };
        };
        let name_of = |i: usize| self.agency_name(i).unwrap_or_default();
        let org = self.index.organisation_of(id);
        let directory_role = org.as_ref().and_then(|(i, how)| {
            let a = self.index.get(*i).filter(|a| a.in_directory)?;
            let basis = match how {
                directory::Recognised::TaxCode(mst) => {
                    format!("agency directory: {} (tax code MST:{mst})", a.name)
                }
                directory::Recognised::Name => {
                    format!("agency directory: {} (certificate name)", a.name)
                }
            };
            Some(RoleDecision {
                role: Role::Organization,
                basis: Some(basis),
            })
        });
        let organisation = match (&org, &id.common_name) {
            (Some((i, _)), _) if Some(*i) == issuing => AgencyOf::Issuing,
            (Some((i, _)), _) => AgencyOf::Other(name_of(*i)),
            (None, Some(cn)) => AgencyOf::Other(cn.clone()),
            (None, None) => AgencyOf::Unstated,
        };
        let (found, unresolved) = self.index.employers_of(id);
        let employer = if issuing.is_some_and(|i| found.contains(&i)) {
            AgencyOf::Issuing
        } else if let Some(i) = found.first() {
            AgencyOf::Other(name_of(*i))
        } else if let Some(o) = unresolved.first() {
            AgencyOf::Other(o.clone())
        } else {
            AgencyOf::Unstated
        };
        SignerFacts {
            directory_role,
            organisation,
            employer,
            anchor,
        }
    }

    /// The tallies and rankings, with the register rows whose file never came as documents
    /// (missing from the export: unsigned and non-compliant).
    pub fn finish(mut self, mut run: RunInfo) -> AuditReport {
        let mut missing_docs = Vec::new();
        for r in 0..self.rows.len() {
            if self.row_claimed[r] {
                continue;
            }
            let row = self.rows[r].clone();
            let agency = self.row_agency[r];
            let file = row.file.clone().unwrap_or_else(|| {
                format!(
                    "({} {})",
                    register::Column::Number.header_vi(),
                    row.number
                        .clone()
                        .unwrap_or_else(|| format!("dòng {}", row.row))
                )
            });
            let compliance = judge_compliance(&ComplianceFacts {
                report: None,
                kind: row.kind,
                issuing_agency: agency.and_then(|i| self.agency_name(i)).as_deref(),
                signers: &[],
            })
            .report;
            let date = row.issue_date;
            self.summaries.push(DocumentSummary {
                file: file.clone(),
                present: false,
                listed: true,
                agency_index: agency,
                agency: agency.and_then(|i| self.agency_name(i)),
                agency_id: agency.and_then(|i| self.index.get(i)).map(|a| a.id.clone()),
                date,
                number: row.number.clone(),
                kind: row.kind,
                verdict: DocumentVerdict::Unsigned,
                signed: false,
                compliant: false,
                reasons: compliance.findings.clone(),
            });
            missing_docs.push(AuditDocument {
                report: DocumentReport {
                    file,
                    sha256: String::new(),
                    size: 0,
                    verdict: DocumentVerdict::Unsigned,
                    error: None,
                    revisions: 0,
                    signatures: Vec::new(),
                    decree30: Decree30Report {
                        status: Decree30Status::NonCompliant,
                        findings: vec![codes::D30_FILE_MISSING.finding()],
                    },
                    findings: vec![codes::D30_FILE_MISSING.finding()],
                    encryption: None,
                    signatures_found: Vec::new(),
                },
                present: false,
                listed: true,
                agency: agency.and_then(|i| self.agency_name(i)),
                agency_id: agency.and_then(|i| self.index.get(i)).map(|a| a.id.clone()),
                period: date.map(|d| Period::Month(d.year, d.month).key()),
                date: date.map(|d| d.iso()),
                date_source: date.map(|_| DateSource::Register),
                kind: row.kind,
                register: Some(row),
                compliance,
            });
        }

        // Tallies: listed documents (or every document without a register) of a known agency.
        let counted = |s: &DocumentSummary| s.listed || !self.has_register;
        let mut overall: BTreeMap<usize, Counts> = BTreeMap::new();
        let mut by_period: BTreeMap<Period, BTreeMap<usize, Counts>> = BTreeMap::new();
        let mut unlisted = Vec::new();
        let mut unattributed = Vec::new();
        let mut reasons: BTreeMap<String, ReasonCount> = BTreeMap::new();
        for s in &self.summaries {
            if !counted(s) {
                unlisted.push(s.file.clone());
                continue;
            }
            let Some(agency) = s.agency_index else {
                unattributed.push(s.file.clone());
                continue;
            };
            let valid = s.verdict == DocumentVerdict::Valid;
            overall
                .entry(agency)
                .or_default()
                .add(s.present, s.signed, valid, s.compliant);
            for p in s.date.iter().flat_map(Date::periods) {
                by_period
                    .entry(p)
                    .or_default()
                    .entry(agency)
                    .or_default()
                    .add(s.present, s.signed, valid, s.compliant);
            }
            if let Some(f) = s.main_reason() {
                reasons
                    .entry(f.code.clone())
                    .or_insert_with(|| {
                        let code = codes::find(&f.code);
                        ReasonCount {
                            code: f.code.clone(),
                            message_vi: code.map_or(f.message_vi.clone(), |c| c.vi.to_owned()),
                            message_en: code.map_or(f.message_en.clone(), |c| c.en.to_owned()),
                            documents: 0,
                        }
                    })
                    .documents += 1;
            }
        }
        let label = |i: usize| {
            let a = self.index.get(i);
            tally::AgencyLabel {
                name: self.agency_name(i).unwrap_or_default(),
                id: a.map(|a| a.id.clone()).unwrap_or_default(),
                code: a.and_then(|a| a.code.clone()),
            }
        };
        let agencies = tally::rank(overall.iter().map(|(i, c)| (label(*i), *c)).collect());
        let mut periods: Vec<(Period, PeriodTally)> = by_period
            .into_iter()
            .map(|(p, m)| {
                let ranked = tally::rank(m.into_iter().map(|(i, c)| (label(i), c)).collect());
                (
                    p,
                    PeriodTally {
                        period: p.key(),
                        label: p.label_vi(),
                        headline: Headline::of(&ranked),
                        agencies: ranked,
                    },
                )
            })
            .collect();
        periods.sort_by_key(|(p, _)| chronological(*p));
        let mut reasons: Vec<ReasonCount> = reasons.into_values().collect();
        reasons.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.code.cmp(&b.code)));
        unlisted.sort();
        unattributed.sort();
        self.summaries.sort_by(|a, b| a.file.cmp(&b.file));

        run.documents = overall.values().map(|c| c.documents).sum();
        run.files = self.files;
        run.register_rows = self.register_info.as_ref().map(|_| self.rows.len() as u64);
        run.missing_files = missing_docs.len() as u64;
        run.register = self.register_info.clone();
        AuditReport {
            schema: AUDIT_SCHEMA_VERSION,
            run,
            headline: Headline::of(&agencies),
            agencies,
            periods: periods.into_iter().map(|(_, t)| t).collect(),
            reasons,
            documents: missing_docs,
            unlisted_files: unlisted,
            unattributed_files: unattributed,
            register_errors: self.register_errors,
            summaries: self.summaries,
        }
    }
}

/// Year, then each quarter followed by its months.
fn chronological(p: Period) -> (i32, u8, u8, u8) {
    match p {
        Period::Year(y) => (y, 0, 0, 0),
        Period::Quarter(y, q) => (y, q, 0, 0),
        Period::Month(y, m) => (y, (m - 1) / 3 + 1, 1, m),
    }
}
