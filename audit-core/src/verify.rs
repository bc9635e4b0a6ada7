//! The entry point: bytes in, [`DocumentReport`] out. Never panics, never returns an error for a
//! bad document: a bad document is a report.
//!
//! Orchestration only (DESIGN.md data flow): parse → locate → coverage → per signature: signed
//! slices → CMS integrity → signature time-stamp → trust at the signing time → changes after
//! signing ([`crate::modification`]) → [`policy`]. Every
//! judgement is made in [`crate::policy`]; this file gathers facts and maps them to the report.

use crate::cms::{self, CmsFacts, SubFilter};
use crate::codes;
use crate::context::VerifyContext;
use crate::dss::DssFacts;
use crate::facts::{DocumentFacts, ModificationFacts, SignatureFacts, TimeBasis, TimestampFacts};
use crate::hex;
use crate::pades::{self, DocumentTimestamp, PadesFacts};
use crate::pdf::{Document, PdfError};
use crate::pki::{
    assess, Certificate, EndEntityUsage, RevocationSources, TrustFacts, ValidationOptions,
};
use crate::policy::{self, judge_decree30, judge_document, judge_signature, Policy, RoleDecision};
use crate::report::{
    CertificateReport, Coverage, Decree30Report, Decree30Status, DocumentReport, DocumentVerdict,
    Integrity, Revocation, Role, SignatureFound, SignatureReport, TimestampReport, TimestampStatus,
    Trust,
};
use crate::signature::{
    evaluate_all, locate, signed_slices, CoverageReport, SignatureField, SignatureKind,
    SignatureValue,
};

/// Verifies every signature in `bytes` and judges the document.
pub fn verify_document(file: &str, bytes: &[u8], ctx: &VerifyContext) -> DocumentReport {
    let sha256 = hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let doc = match Document::parse_with_password(bytes, &ctx.limits, ctx.password.as_deref()) {
        Ok(doc) => doc,
        Err(e) => return unreadable(file, sha256, size, &e),
    };
    let located = locate(&doc);
    let encryption = doc.encryption();
    if let Some(locked) = encryption.filter(|e| !e.is_open()) {
        return undecryptable(file, sha256, size, &doc, &located, locked);
    }
    let coverage = evaluate_all(&doc, &located.fields);
    let mut modifications =
        crate::modification::analyse(&doc, &located, &coverage, ctx.modification);
    let dss = dss_material(&doc);

    let mut seen_dictionaries = Vec::new();
    let mut shared = 0usize;
    let mut empty_fields = 0usize;
    let mut judged: Vec<(usize, SignatureReport, Option<PadesInput>)> = Vec::new();
    for (index, (field, cov)) in located.fields.iter().zip(coverage).enumerate() {
        match &field.value {
            SignatureValue::Unsigned => {
                empty_fields += 1;
                continue;
            }
            SignatureValue::Signed(d) => {
                if let Some(id) = d.id {
                    if seen_dictionaries.contains(&id) {
                        shared += 1;
                        continue;
                    }
                    seen_dictionaries.push(id);
                }
            }
            SignatureValue::Malformed(_) => {}
        }
        let order = field.dictionary().map_or(usize::MAX, |d| {
            cov.as_ref()
                .and_then(|c| c.signed_revision)
                .unwrap_or(d.revision)
        });
        let analysed = modifications
            .iter()
            .position(|m| m.field == index)
            .map(|i| modifications.swap_remove(i));
        let modification = match (analysed, cov.as_ref().map(|c| c.coverage)) {
            (Some(m), _) => ModificationFacts::Analysed {
                verdict: m.modification,
                changes: m.changes,
            },
            (None, Some(Coverage::EntireFile)) => ModificationFacts::NothingAfter,
            (None, Some(Coverage::EntireRevision)) => ModificationFacts::NotAnalysed,
            (None, _) => ModificationFacts::NotApplicable,
        };
        let (report, input) = verify_signature(bytes, field, cov, modification, &dss, ctx);
        judged.push((order, report, input));
    }
    // Revision order (Decree 30: the person signs first); stable for equal revisions.
    judged.sort_by_key(|(order, _, _)| *order);
    // PAdES levels need every document time-stamp's outcome (B-T, B-LTA), so they come last.
    let document_timestamps: Vec<DocumentTimestamp> = judged
        .iter()
        .filter(|(_, _, input)| input.as_ref().is_some_and(|i| i.document_timestamp))
        .filter_map(|(_, report, _)| {
            Some(DocumentTimestamp {
                revision: report.revision?,
                evidence: pades::document_timestamp_status(report.status),
            })
        })
        .collect();
    for (_, report, input) in &mut judged {
        report.pades = input.as_ref().filter(|i| !i.document_timestamp).map(|i| {
            policy::pades_report(&pades::assess(&PadesFacts {
                sub_filter: &i.sub_filter,
                cms: &i.cms,
                signature_revision: report.revision.unwrap_or(usize::MAX),
                signature_timestamp: i.signature_timestamp,
                document_timestamps: &document_timestamps,
                dss: dss.facts.as_ref(),
                chain: &i.chain,
            }))
        });
    }
    let signatures: Vec<SignatureReport> = judged.into_iter().map(|(_, r, _)| r).collect();

    let anomalies = doc.all_anomalies();
    let facts = DocumentFacts {
        anomalies: &anomalies,
        locate_problems: &located.problems,
        empty_fields,
        shared_signatures: shared,
    };
    let (verdict, mut findings) = judge_document(&facts, &signatures);
    if let Some(e) = encryption {
        findings.extend(policy::judge_encryption(e));
    }
    let decree30 = judge_decree30(&signatures);
    DocumentReport {
        file: file.to_owned(),
        sha256,
        size,
        verdict,
        error: None,
        revisions: doc.revisions.len(),
        signatures,
        decree30,
        findings,
        encryption: encryption.map(policy::encryption_report),
        signatures_found: Vec::new(),
    }
}

/// An encrypted document that cannot be decrypted (public-key handler, wrong or missing
/// password, unsupported encryption): `unreadable` with the precise reason, and the signature
/// dictionaries that can be found without the key listed (their /ByteRange, /SubFilter and
/// /Contents are never encrypted, ISO 32000-2 §7.6.2).
fn undecryptable(
    file: &str,
    sha256: String,
    size: u64,
    doc: &Document<'_>,
    located: &crate::signature::Located,
    encryption: &crate::pdf::Encryption,
) -> DocumentReport {
    let found: Vec<SignatureFound> = located
        .fields
        .iter()
        .filter_map(SignatureField::dictionary)
        .map(|d| SignatureFound {
            revision: d.revision,
            sub_filter: d.sub_filter.clone(),
            document_timestamp: d.kind == SignatureKind::DocTimeStamp,
        })
        .collect();
    let (verdict, findings, decree30) = policy::judge_locked(encryption, found.len());
    DocumentReport {
        file: file.to_owned(),
        sha256,
        size,
        verdict,
        error: encryption
            .opened
            .as_ref()
            .err()
            .map(|e| format!("the document is encrypted and cannot be decrypted: {e}")),
        revisions: doc.revisions.len(),
        signatures: Vec::new(),
        decree30,
        findings,
        encryption: Some(policy::encryption_report(encryption)),
        signatures_found: found,
    }
}

fn unreadable(file: &str, sha256: String, size: u64, e: &PdfError) -> DocumentReport {
    DocumentReport {
        file: file.to_owned(),
        sha256,
        size,
        verdict: DocumentVerdict::Unreadable,
        error: Some(e.to_string()),
        revisions: 0,
        signatures: Vec::new(),
        decree30: Decree30Report {
            status: Decree30Status::NonCompliant,
            findings: vec![codes::D30_NOT_SIGNED.finding()],
        },
        findings: vec![codes::UNREADABLE.with(&e.to_string())],
        encryption: None,
        signatures_found: Vec::new(),
    }
}

/// Certificates, CRLs and OCSP responses of the newest revision's /DSS (ETSI EN 319 142-1
/// §5.4.2): validation material added after signing, usable by every signature.
#[derive(Debug, Default)]
struct DssMaterial {
    certs: Vec<Certificate>,
    crls: Vec<Vec<u8>>,
    ocsps: Vec<Vec<u8>>,
    /// The store as read, its /VRI material merged into the top-level arrays (for the PAdES
    /// level: B-LT asks for the material, wherever in the /DSS it is).
    facts: Option<DssFacts>,
}

/// What the PAdES level of one signature is decided from, besides the document's time-stamps
/// and /DSS.
struct PadesInput {
    document_timestamp: bool,
    sub_filter: SubFilter,
    cms: CmsFacts,
    signature_timestamp: Option<TimestampStatus>,
    /// The trusted path, end entity first (empty when untrusted).
    chain: Vec<Certificate>,
}

fn dss_material(doc: &Document<'_>) -> DssMaterial {
    // crate::dss reads the store (bounded, malformed entries reported there); the /VRI entries'
    // material is validation material too (ETSI EN 319 142-1 §5.4.3).
    let Some(facts) = crate::dss::read(doc, doc.newest()) else {
        return DssMaterial::default();
    };
    let mut certs: Vec<&Vec<u8>> = facts.certificates.iter().collect();
    let mut crls = facts.crls.clone();
    let mut ocsps = facts.ocsps.clone();
    for entry in facts.vri.values() {
        certs.extend(entry.certificates.iter());
        for crl in &entry.crls {
            if !crls.contains(crl) {
                crls.push(crl.clone());
            }
        }
        for ocsp in &entry.ocsps {
            if !ocsps.contains(ocsp) {
                ocsps.push(ocsp.clone());
            }
        }
    }
    let mut parsed: Vec<Certificate> = Vec::new();
    for der in &certs {
        if let Ok(cert) = Certificate::from_der(der) {
            if !parsed.contains(&cert) {
                parsed.push(cert);
            }
        }
    }
    let mut merged = facts.clone();
    merged.certificates = certs.into_iter().cloned().collect();
    merged.crls = crls.clone();
    merged.ocsps = ocsps.clone();
    DssMaterial {
        certs: parsed,
        crls,
        ocsps,
        facts: Some(merged),
    }
}

/// Gathers the facts of one signature, judges them, and maps them to the report. Returns the
/// report and the facts its PAdES level is decided from once every signature is known.
fn verify_signature(
    bytes: &[u8],
    field: &SignatureField,
    coverage: Option<CoverageReport>,
    modification: ModificationFacts,
    dss: &DssMaterial,
    ctx: &VerifyContext,
) -> (SignatureReport, Option<PadesInput>) {
    let dict = field.dictionary();
    let document_timestamp = dict.is_some_and(|d| {
        d.kind == SignatureKind::DocTimeStamp || d.sub_filter == Some(SubFilter::EtsiRfc3161)
    });
    let sub_filter = dict.and_then(|d| d.sub_filter.clone());
    let value_problem = match &field.value {
        SignatureValue::Malformed(e) => Some(e.clone()),
        _ => None,
    };

    // Signed bytes → CMS, only when the /ByteRange is well-formed and the /Contents is a string.
    let slices = coverage
        .as_ref()
        .and_then(|c| c.byte_range)
        .and_then(|r| signed_slices(bytes, &r));
    let cms_facts: Option<CmsFacts> = match (dict, slices) {
        (Some(d), Some(parts)) => d.contents_bytes().map(|contents| {
            let sf = d.sub_filter_or_unknown();
            cms::verify(contents, &parts, &sf)
        }),
        _ => None,
    };

    let mut extra: Vec<Certificate> = ctx.extra_certificates.clone();
    extra.extend(dss.certs.iter().cloned());
    let mut sources: RevocationSources = ctx.revocation.clone();
    for der in &dss.crls {
        let _ = sources.add_crl_der(der);
    }
    for der in &dss.ocsps {
        let _ = sources.add_ocsp(der);
    }
    let leaf = cms_facts.as_ref().and_then(|c| {
        if let Some(more) = Some(&c.certificates) {
            extra.extend(
                more.iter()
                    .filter_map(|der| Certificate::from_der(der).ok()),
            );
        }
        for r in &c.crls {
            let _ = sources.add_crl_der(&r.der);
        }
        for r in &c.ocsp_responses {
            let _ = sources.add_ocsp(&r.der);
        }
        c.signer_certificate
            .as_deref()
            .and_then(|der| Certificate::from_der(der).ok())
    });

    // The time the certificate is judged at (issue 5): a proven time-stamp, else the claimed
    // signingTime, else the caller's time.
    let timestamp = cms_facts
        .as_ref()
        .filter(|c| c.integrity == Integrity::Intact && !document_timestamp)
        .and_then(|c| c.timestamp_token.as_deref().map(|t| (c, t)))
        .map(|(c, token)| timestamp_facts(token, &c.signature_value, &extra, &sources, ctx));
    let time = if document_timestamp {
        match cms_facts.as_ref().and_then(|c| c.tst_info.as_ref()) {
            Some(tst) => TimeBasis::Timestamp(tst.gen_time),
            None => TimeBasis::ValidationTime(ctx.at.0),
        }
    } else if let Some(t) = timestamp.as_ref().and_then(TimestampFacts::proven_time) {
        TimeBasis::Timestamp(t)
    } else if let Some(t) = cms_facts.as_ref().and_then(|c| c.signing_time) {
        TimeBasis::Claimed(t)
    } else {
        TimeBasis::ValidationTime(ctx.at.0)
    };

    let usage = if document_timestamp {
        EndEntityUsage::TimeStamping
    } else {
        EndEntityUsage::DocumentSigning
    };
    let trust: Option<TrustFacts> = leaf.as_ref().map(|leaf| {
        let options = ValidationOptions {
            usage,
            ..ValidationOptions::default()
        };
        assess(
            leaf,
            &extra,
            &ctx.trust,
            &sources,
            crate::ValidationTime(time.at()),
            &options,
        )
    });

    let facts = SignatureFacts {
        field: field.name.clone(),
        document_timestamp,
        filter: dict.and_then(|d| d.filter.clone()),
        sub_filter: sub_filter.clone(),
        value_problem,
        coverage: coverage.clone(),
        cms: cms_facts,
        timestamp,
        time,
        trust,
        modification,
    };
    let policy = Policy {
        revocation: ctx.revocation_policy,
        crypto: ctx.crypto,
    };
    let verdict = judge_signature(&facts, &policy);
    let timestamp_report = facts.timestamp.as_ref().map(|t| TimestampReport {
        time: t
            .cms
            .tst_info
            .as_ref()
            .map(|tst| crate::time::rfc3339(tst.gen_time)),
        status: pades::signature_timestamp_status(t),
        tsa: t.cms.signer.as_ref().and_then(|s| s.common_name.clone()),
    });
    let pades_input = facts.cms.as_ref().map(|c| PadesInput {
        document_timestamp,
        sub_filter: c.sub_filter.clone(),
        cms: c.clone(),
        signature_timestamp: facts
            .timestamp
            .as_ref()
            .map(pades::signature_timestamp_status),
        chain: facts
            .trust
            .as_ref()
            .filter(|t| t.trust() == Trust::Trusted)
            .map(|t| t.path.certs.clone())
            .unwrap_or_default(),
    });

    // Identity only from the certificate the CMS names (shown even when integrity fails; the
    // status says whether to believe it).
    let signer = facts.cms.as_ref().and_then(|c| c.signer.clone());
    let role = match (&signer, document_timestamp) {
        (Some(id), false) => policy::classify_certificate(id),
        _ => RoleDecision::unknown(),
    };
    let integrity = facts
        .cms
        .as_ref()
        .map_or(Integrity::Malformed, |c| c.integrity);
    let certificate = match &facts.trust {
        Some(t) => CertificateReport {
            trust: t.trust(),
            validity_at_signing: Some(t.validity_at_signing()),
            revocation: t.revocation_summary(),
            anchor: t.path.anchor.filter(|_| t.trust() == Trust::Trusted),
        },
        None => CertificateReport {
            trust: Trust::Untrusted,
            validity_at_signing: None,
            revocation: Revocation::Unknown,
            anchor: None,
        },
    };
    let signing_time = match facts.time {
        TimeBasis::Timestamp(t) | TimeBasis::Claimed(t) => Some(crate::time::rfc3339(t)),
        TimeBasis::ValidationTime(_) => None,
    };
    let changes = match &facts.modification {
        ModificationFacts::Analysed { changes, .. } => {
            changes.iter().map(policy::change_report).collect()
        }
        _ => Vec::new(),
    };
    let report = SignatureReport {
        field: field.name.clone(),
        revision: coverage
            .as_ref()
            .and_then(|c| c.signed_revision)
            .or_else(|| dict.map(|d| d.revision)),
        sub_filter,
        signer,
        role: if document_timestamp {
            Role::Unknown
        } else {
            role.role
        },
        role_basis: role.basis,
        signing_time,
        integrity,
        coverage: coverage.as_ref().map_or(Coverage::Partial, |c| c.coverage),
        certificate,
        modification: facts.modification.summary(),
        changes,
        status: verdict.status,
        indication: verdict.indication,
        sub_indication: verdict.sub_indication,
        findings: verdict.findings,
        timestamp: timestamp_report,
        pades: None,
    };
    (report, pades_input)
}

/// Verifies a signature time-stamp token (RFC 3161 Appendix A: the imprint covers the
/// SignerInfo's signature value) and its TSA (id-kp-timeStamping, RFC 3161 §2.3) at genTime.
fn timestamp_facts(
    token: &[u8],
    signature_value: &[u8],
    extra: &[Certificate],
    sources: &RevocationSources,
    ctx: &VerifyContext,
) -> TimestampFacts {
    let cms = cms::verify_timestamp_token(token, &[signature_value]);
    let trust = match (&cms.tst_info, cms.signer_certificate.as_deref()) {
        (Some(tst), Some(der)) if cms.integrity == Integrity::Intact => {
            Certificate::from_der(der).ok().map(|tsa| {
                let mut pool: Vec<Certificate> = extra.to_vec();
                pool.extend(
                    cms.certificates
                        .iter()
                        .filter_map(|d| Certificate::from_der(d).ok()),
                );
                let options = ValidationOptions {
                    usage: EndEntityUsage::TimeStamping,
                    ..ValidationOptions::default()
                };
                assess(
                    &tsa,
                    &pool,
                    &ctx.trust,
                    sources,
                    crate::ValidationTime(tst.gen_time),
                    &options,
                )
            })
        }
        _ => None,
    };
    TimestampFacts { cms, trust }
}
