//! Decree 30 compliance of a document *with its issuing agency known* (DESIGN.md "Decree 30
//! profile"; Decree 30/2020/NĐ-CP Art. 32.2.d and Appendix I): what the audit of an export
//! decides for every register row.
//!
//! A main document is compliant when every signature is valid, a **person** signature whose
//! certificate belongs to the issuing agency is followed (revision order) by an **organisation**
//! signature whose certificate names the issuing agency, the last signature is that agency's,
//! and nothing disallowed changed after. Attachments and electronic copies (register type `Phụ
//! lục` / `Bản sao`) need only the agency's signature. Extra signatures are normal; document
//! time-stamps are nobody's signature. A signature trusted only through a public CA is a finding,
//! not a failure.
//!
//! [`judge_decree30`](super::judge_decree30) judges a lone document (who issued it is unknown);
//! this judges it against the register. The facts about agencies (which agency a certificate
//! names or belongs to) are gathered by the audit from the agency directory and the register's
//! names; only the judgement is made here.

use super::RoleDecision;
use crate::codes;
use crate::report::vocabulary;
use crate::report::{
    AnchorKind, Decree30Report, Decree30Status, DocumentReport, DocumentVerdict, Finding,
    Modification, Role, SignatureReport, SignatureStatus,
};

vocabulary! {
    /// What kind of document a register row is (the register's `Loại văn bản`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum DocumentKind {
        /// The main document: the competent person signs, then the agency.
        Main = "main", "Văn bản chính", "Main document";
        /// Phụ lục: an annex issued as its own file; the agency's signature suffices.
        Attachment = "attachment", "Phụ lục", "Attachment";
        /// Bản sao: an electronic copy; the agency's signature suffices.
        Copy = "copy", "Bản sao", "Copy";
    }
}

/// Whose a certificate is, relative to the issuing agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyOf {
    /// The issuing agency.
    Issuing,
    /// Another agency (its name, for the finding).
    Other(String),
    /// The certificate names no agency.
    Unstated,
}

/// The audit's facts about one signature's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerFacts {
    /// The agency directory's word on the role, when it knows the certificate (an organisation
    /// certificate by its tax code or subject name); `None` leaves the certificate heuristics'.
    pub directory_role: Option<RoleDecision>,
    /// The agency an organisation certificate names (its CN, or its tax code).
    pub organisation: AgencyOf,
    /// The agency a person certificate's O/OU chain names.
    pub employer: AgencyOf,
    /// The kind of trust anchor the signature is trusted through (`None` when untrusted): a
    /// public (commercial) CA is a finding.
    pub anchor: Option<AnchorKind>,
}

/// Everything the compliance of one register row is judged from.
#[derive(Debug, Clone, Copy)]
pub struct ComplianceFacts<'a> {
    /// The verified file; `None` when the register lists it but the export lacks it.
    pub report: Option<&'a DocumentReport>,
    pub kind: DocumentKind,
    /// The issuing agency's name; `None` when unknown.
    pub issuing_agency: Option<&'a str>,
    /// One entry per signature of the report, in the same order.
    pub signers: &'a [SignerFacts],
}

/// The judgement: status and findings (the report's `compliance`), and the role of each
/// signature as decided (directory first, then certificate heuristics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    pub report: Decree30Report,
    pub roles: Vec<RoleDecision>,
}

/// The role of a signature: the directory's when it knows the certificate, else the one the
/// certificate heuristics gave in the report ([`super::classify_certificate`]).
pub fn assign_role(signature: &SignatureReport, facts: Option<&SignerFacts>) -> RoleDecision {
    if signature.is_document_timestamp() {
        return RoleDecision::unknown();
    }
    match facts.and_then(|f| f.directory_role.clone()) {
        Some(decision) => decision,
        None => RoleDecision {
            role: signature.role,
            basis: signature.role_basis.clone(),
        },
    }
}

/// Findings, each failing the document or not.
#[derive(Default)]
struct Findings {
    list: Vec<(Finding, bool)>,
}

impl Findings {
    fn fail(&mut self, finding: Finding) {
        if !self.list.iter().any(|(f, _)| *f == finding) {
            self.list.push((finding, true));
        }
    }

    fn note(&mut self, finding: Finding) {
        if !self.list.iter().any(|(f, _)| *f == finding) {
            self.list.push((finding, false));
        }
    }

    fn finish(self, roles: Vec<RoleDecision>) -> Compliance {
        let failed = self.list.iter().any(|(_, fails)| *fails);
        Compliance {
            report: Decree30Report {
                status: if failed {
                    Decree30Status::NonCompliant
                } else {
                    Decree30Status::Compliant
                },
                findings: self.list.into_iter().map(|(f, _)| f).collect(),
            },
            roles,
        }
    }
}

fn non_compliant(code: Finding) -> Compliance {
    let mut f = Findings::default();
    f.fail(code);
    f.finish(Vec::new())
}

/// Judges one register row (see the module documentation).
pub fn judge_compliance(facts: &ComplianceFacts<'_>) -> Compliance {
    let Some(report) = facts.report else {
        return non_compliant(codes::D30_FILE_MISSING.finding());
    };
    if report.verdict == DocumentVerdict::Unreadable {
        return non_compliant(match &report.error {
            Some(e) => codes::UNREADABLE.with(e),
            None => codes::UNREADABLE.finding(),
        });
    }
    let roles: Vec<RoleDecision> = report
        .signatures
        .iter()
        .enumerate()
        .map(|(i, s)| assign_role(s, facts.signers.get(i)))
        .collect();
    let sigs: Vec<usize> = (0..report.signatures.len())
        .filter(|&i| {
            !report
                .signatures
                .get(i)
                .is_some_and(SignatureReport::is_document_timestamp)
        })
        .collect();
    if sigs.is_empty() {
        let mut f = Findings::default();
        f.fail(codes::D30_NOT_SIGNED.finding());
        return f.finish(roles);
    }
    let mut f = Findings::default();
    if facts.issuing_agency.is_none() {
        f.fail(codes::D30_ISSUING_AGENCY_UNKNOWN.finding());
    }
    let unknown = SignerFacts {
        directory_role: None,
        organisation: AgencyOf::Unstated,
        employer: AgencyOf::Unstated,
        anchor: None,
    };
    let signer = |i: usize| facts.signers.get(i).unwrap_or(&unknown);
    let role = |i: usize| roles.get(i).map_or(Role::Unknown, |r| r.role);
    let order = |i: usize| {
        report
            .signatures
            .get(i)
            .and_then(|s| s.revision)
            .unwrap_or(i)
    };
    let orgs: Vec<usize> = sigs
        .iter()
        .copied()
        .filter(|&i| role(i) == Role::Organization)
        .collect();
    let own_orgs: Vec<usize> = orgs
        .iter()
        .copied()
        .filter(|&i| signer(i).organisation == AgencyOf::Issuing)
        .collect();
    let persons: Vec<usize> = sigs
        .iter()
        .copied()
        .filter(|&i| role(i) == Role::Person)
        .collect();
    let own_persons: Vec<usize> = persons
        .iter()
        .copied()
        .filter(|&i| signer(i).employer == AgencyOf::Issuing)
        .collect();
    let field = |i: usize| {
        report
            .signatures
            .get(i)
            .map_or(String::new(), |s| s.field.clone())
    };

    // The agency's signature.
    if own_orgs.is_empty() {
        if orgs.is_empty() {
            if persons.is_empty() {
                f.fail(codes::D30_NO_PERSON_OR_AGENCY.finding());
            } else {
                f.fail(codes::D30_PERSON_ONLY.finding());
            }
        }
        for &i in &orgs {
            let name = match &signer(i).organisation {
                AgencyOf::Other(name) => name.clone(),
                _ => field(i),
            };
            f.fail(codes::D30_AGENCY_SIGNATURE_FROM_OTHER_AGENCY.with(&name));
        }
    }

    // The competent person's, before it (main documents).
    let mut in_order = facts.kind != DocumentKind::Main;
    if facts.kind == DocumentKind::Main {
        if persons.is_empty() {
            if !orgs.is_empty() {
                f.fail(codes::D30_AGENCY_ONLY.finding());
            }
        } else if own_persons.is_empty() {
            for &i in &persons {
                match &signer(i).employer {
                    AgencyOf::Other(name) => f.fail(codes::D30_PERSON_FROM_OTHER_AGENCY.with(name)),
                    _ => f.fail(codes::D30_PERSON_AGENCY_UNSTATED.with(&field(i))),
                }
            }
        } else if !own_orgs.is_empty() {
            in_order = own_persons
                .iter()
                .any(|&p| own_orgs.iter().any(|&a| order(p) < order(a)));
            if !in_order {
                f.fail(codes::D30_WRONG_ORDER.finding());
            }
        }
    }

    // The agency signs last.
    if in_order && !own_orgs.is_empty() {
        let last = sigs.iter().copied().max_by_key(|&i| (order(i), i));
        if last.is_some_and(|l| !own_orgs.contains(&l)) {
            f.fail(codes::D30_AGENCY_SIGNATURE_NOT_LAST.finding());
        }
    }

    // Every signature valid, nothing disallowed changed after.
    for &i in &sigs {
        let Some(s) = report.signatures.get(i) else {
            continue;
        };
        // The more specific finding first: a signature invalidated by a later change.
        match s.modification {
            Some(Modification::Disallowed) => f.fail(codes::D30_MODIFIED.with(&s.field)),
            None if s
                .findings
                .iter()
                .any(|x| x.code == codes::MODIFICATION_NOT_ANALYSED.code) =>
            {
                f.fail(codes::D30_MODIFICATION_NOT_ANALYSED.with(&s.field));
            }
            _ => {}
        }
        if s.status != SignatureStatus::Valid {
            f.fail(codes::D30_SIGNATURE_NOT_VALID.with(&s.field));
        }
        if role(i) != Role::Unknown && signer(i).anchor == Some(AnchorKind::Public) {
            f.note(codes::D30_PUBLIC_CA.with(&s.field));
        }
    }
    // Every signature valid but the document is not (bytes after the signed revisions that no
    // revision accounts for, an unreadable last update): changed after signing.
    if report.verdict != DocumentVerdict::Valid
        && report
            .signatures
            .iter()
            .all(|s| s.status == SignatureStatus::Valid)
    {
        f.fail(codes::D30_MODIFIED.finding());
    }
    f.finish(roles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{
        CertificateReport, Coverage, Indication, Integrity, Revocation, SignerIdentity, SubFilter,
        Trust,
    };

    fn sig(field: &str, revision: usize, role: Role) -> SignatureReport {
        SignatureReport {
            field: field.into(),
            revision: Some(revision),
            sub_filter: Some(SubFilter::AdbePkcs7Detached),
            signer: Some(SignerIdentity::default()),
            role,
            role_basis: Some("heuristic".into()),
            signing_time: None,
            integrity: Integrity::Intact,
            coverage: Coverage::EntireRevision,
            certificate: CertificateReport {
                trust: Trust::Trusted,
                validity_at_signing: None,
                revocation: Revocation::Good,
                anchor: Some(AnchorKind::Government),
            },
            modification: Some(Modification::None),
            changes: Vec::new(),
            status: SignatureStatus::Valid,
            indication: Indication::TotalPassed,
            sub_indication: None,
            findings: Vec::new(),
            timestamp: None,
            pades: None,
        }
    }

    fn doc(signatures: Vec<SignatureReport>) -> DocumentReport {
        DocumentReport {
            file: "a.pdf".into(),
            sha256: String::new(),
            size: 1,
            verdict: if signatures.is_empty() {
                DocumentVerdict::Unsigned
            } else {
                DocumentVerdict::Valid
            },
            error: None,
            revisions: signatures.len() + 1,
            signatures,
            decree30: Decree30Report {
                status: Decree30Status::NonCompliant,
                findings: Vec::new(),
            },
            findings: Vec::new(),
            encryption: None,
            signatures_found: Vec::new(),
        }
    }

    fn of(org: AgencyOf, employer: AgencyOf) -> SignerFacts {
        SignerFacts {
            directory_role: None,
            organisation: org,
            employer,
            anchor: None,
        }
    }

    fn person() -> SignerFacts {
        of(AgencyOf::Unstated, AgencyOf::Issuing)
    }

    fn agency() -> SignerFacts {
        of(AgencyOf::Issuing, AgencyOf::Unstated)
    }

    fn judge(
        d: &DocumentReport,
        signers: &[SignerFacts],
        kind: DocumentKind,
    ) -> (Decree30Status, Vec<String>) {
        let c = judge_compliance(&ComplianceFacts {
            report: Some(d),
            kind,
            issuing_agency: Some("Sở Tài chính"),
            signers,
        });
        (
            c.report.status,
            c.report.findings.into_iter().map(|f| f.code).collect(),
        )
    }

    #[test]
    fn person_then_own_agency_is_compliant() {
        let d = doc(vec![
            sig("S1", 1, Role::Person),
            sig("S2", 2, Role::Organization),
        ]);
        assert_eq!(
            judge(&d, &[person(), agency()], DocumentKind::Main),
            (Decree30Status::Compliant, vec![])
        );
    }

    #[test]
    fn agency_signature_of_another_agency_fails() {
        let d = doc(vec![
            sig("S1", 1, Role::Person),
            sig("S2", 2, Role::Organization),
        ]);
        let other = of(
            AgencyOf::Other("UBND huyện Nghi Lộc".into()),
            AgencyOf::Unstated,
        );
        let (status, codes) = judge(&d, &[person(), other], DocumentKind::Main);
        assert_eq!(status, Decree30Status::NonCompliant);
        assert_eq!(codes, ["D30_AGENCY_SIGNATURE_FROM_OTHER_AGENCY"]);
    }

    #[test]
    fn person_of_another_agency_fails() {
        let d = doc(vec![
            sig("S1", 1, Role::Person),
            sig("S2", 2, Role::Organization),
        ]);
        let stranger = of(AgencyOf::Unstated, AgencyOf::Other("Sở Y tế".into()));
        assert_eq!(
            judge(&d, &[stranger, agency()], DocumentKind::Main).1,
            ["D30_PERSON_FROM_OTHER_AGENCY"]
        );
        let unstated = of(AgencyOf::Unstated, AgencyOf::Unstated);
        assert_eq!(
            judge(&d, &[unstated, agency()], DocumentKind::Main).1,
            ["D30_PERSON_AGENCY_UNSTATED"]
        );
    }

    #[test]
    fn order_and_last_signature() {
        let wrong = doc(vec![
            sig("S1", 1, Role::Organization),
            sig("S2", 2, Role::Person),
        ]);
        assert_eq!(
            judge(&wrong, &[agency(), person()], DocumentKind::Main).1,
            ["D30_WRONG_SIGNING_ORDER"]
        );
        let after = doc(vec![
            sig("S1", 1, Role::Person),
            sig("S2", 2, Role::Organization),
            sig("S3", 3, Role::Person),
        ]);
        assert_eq!(
            judge(&after, &[person(), agency(), person()], DocumentKind::Main).1,
            ["D30_AGENCY_SIGNATURE_NOT_LAST"]
        );
    }

    #[test]
    fn missing_signatures_and_missing_files() {
        let person_only = doc(vec![sig("S1", 1, Role::Person)]);
        assert_eq!(
            judge(&person_only, &[person()], DocumentKind::Main).1,
            ["D30_MISSING_AGENCY_SIGNATURE"]
        );
        let agency_only = doc(vec![sig("S1", 1, Role::Organization)]);
        assert_eq!(
            judge(&agency_only, &[agency()], DocumentKind::Main).1,
            ["D30_MISSING_PERSON_SIGNATURE"]
        );
        assert_eq!(
            judge(&doc(vec![]), &[], DocumentKind::Main).1,
            ["D30_NOT_SIGNED"]
        );
        let missing = judge_compliance(&ComplianceFacts {
            report: None,
            kind: DocumentKind::Main,
            issuing_agency: Some("Sở Tài chính"),
            signers: &[],
        });
        assert_eq!(missing.report.findings[0].code, "D30_FILE_MISSING");
    }

    #[test]
    fn attachments_and_copies_need_only_the_agency() {
        let agency_only = doc(vec![sig("S1", 1, Role::Organization)]);
        for kind in [DocumentKind::Attachment, DocumentKind::Copy] {
            assert_eq!(
                judge(&agency_only, &[agency()], kind),
                (Decree30Status::Compliant, vec![])
            );
        }
        let person_only = doc(vec![sig("S1", 1, Role::Person)]);
        assert_eq!(
            judge(&person_only, &[person()], DocumentKind::Attachment).1,
            ["D30_MISSING_AGENCY_SIGNATURE"]
        );
    }

    #[test]
    fn invalid_modified_and_public_ca() {
        let mut bad = sig("S2", 2, Role::Organization);
        bad.status = SignatureStatus::Invalid;
        bad.modification = Some(Modification::Disallowed);
        let d = doc(vec![sig("S1", 1, Role::Person), bad]);
        assert_eq!(
            judge(&d, &[person(), agency()], DocumentKind::Main).1,
            ["D30_MODIFIED_AFTER_SIGNING", "D30_SIGNATURE_NOT_VALID"]
        );
        let mut public = agency();
        public.anchor = Some(AnchorKind::Public);
        let d = doc(vec![
            sig("S1", 1, Role::Person),
            sig("S2", 2, Role::Organization),
        ]);
        assert_eq!(
            judge(&d, &[person(), public], DocumentKind::Main),
            (Decree30Status::Compliant, vec!["D30_PUBLIC_CA".to_owned()])
        );
    }

    #[test]
    fn the_directory_decides_the_role_first() {
        let d = doc(vec![
            sig("S1", 1, Role::Person),
            sig("S2", 2, Role::Unknown),
        ]);
        let mut org = agency();
        org.directory_role = Some(RoleDecision {
            role: Role::Organization,
            basis: Some("agency directory".into()),
        });
        let c = judge_compliance(&ComplianceFacts {
            report: Some(&d),
            kind: DocumentKind::Main,
            issuing_agency: Some("Sở Tài chính"),
            signers: &[person(), org],
        });
        assert_eq!(c.report.status, Decree30Status::Compliant);
        assert_eq!(c.roles[1].role, Role::Organization);
        assert_eq!(c.roles[0].basis.as_deref(), Some("heuristic"));
    }
}
