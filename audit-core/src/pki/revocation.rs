//! Revocation status of every certificate of a path from the CRLs and OCSP responses the caller
//! supplies (embedded in the CMS, in the PDF /DSS, or given with `--crl`). RFC 5280 §6.3 for CRLs
//! (direct CRLs only), RFC 6960 for OCSP. Facts only: the revocation time is reported and the
//! policy module compares it with the (proven or claimed) signing time.

use crate::report::{Revocation, Trust};
use crate::time::ValidationTime;

use super::cert::{ku, Certificate};
use super::crl::{Crl, CrlError, CrlProblem, RevocationReason};
use super::error::Depth;
use super::name::ConstrainedName;
use super::ocsp::{OcspCertStatus, OcspError, OcspProblem, OcspResponse};
use super::path::{validate_path, EndEntityUsage, PathFacts, TrustStore, ValidationOptions};
use super::sig::verify_signature;

/// CRL signers other than the certificate's issuer have their own paths validated and their own
/// revocation checked, down to this many levels.
const MAX_SIGNER_RECURSION: u8 = 2;
const ALL_REASONS: u16 = 0x1fe;

/// Revocation information supplied by the caller.
#[derive(Debug, Clone, Default)]
pub struct RevocationSources {
    pub crls: Vec<Crl>,
    pub ocsp: Vec<OcspResponse>,
}

impl RevocationSources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_crl_der(&mut self, der: &[u8]) -> Result<(), CrlError> {
        self.crls.push(Crl::from_der(der)?);
        Ok(())
    }

    /// Adds every CRL in `bytes`: one DER CRL or PEM `-----BEGIN X509 CRL-----` blocks (the two
    /// forms CAs publish and `--crl` files come in). Returns how many were added.
    pub fn add_crls(&mut self, bytes: &[u8]) -> Result<usize, CrlError> {
        if !bytes.windows(11).any(|w| w == b"-----BEGIN ") {
            self.add_crl_der(bytes)?;
            return Ok(1);
        }
        let mut added = 0;
        for pem in x509_parser::pem::Pem::iter_from_buffer(bytes) {
            let pem = pem.map_err(|e| CrlError::Parse(e.to_string()))?;
            if pem.label == "X509 CRL" {
                self.add_crl_der(&pem.contents)?;
                added += 1;
            }
        }
        if added == 0 {
            return Err(CrlError::Parse("no X509 CRL block in PEM input".into()));
        }
        Ok(added)
    }

    /// Adds a full OCSPResponse.
    pub fn add_ocsp_der(&mut self, der: &[u8]) -> Result<(), OcspError> {
        self.ocsp.push(OcspResponse::from_der(der)?);
        Ok(())
    }

    /// Adds an OCSP response given either as a full OCSPResponse (the form of the /DSS /OCSPs
    /// streams, adbe-revocationInfoArchival and RFC 5940 id-ri-ocsp-response) or as a bare
    /// BasicOCSPResponse.
    pub fn add_ocsp(&mut self, der: &[u8]) -> Result<(), OcspError> {
        match OcspResponse::from_der(der) {
            Ok(r) => {
                self.ocsp.push(r);
                Ok(())
            }
            Err(e @ OcspError::NotSuccessful(_)) => Err(e),
            Err(e) => match OcspResponse::from_basic_der(der) {
                Ok(r) => {
                    self.ocsp.push(r);
                    Ok(())
                }
                Err(_) => Err(e),
            },
        }
    }

    /// Adds a BasicOCSPResponse.
    pub fn add_basic_ocsp_der(&mut self, der: &[u8]) -> Result<(), OcspError> {
        self.ocsp.push(OcspResponse::from_basic_der(der)?);
        Ok(())
    }
}

/// Revocation status of one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationStatus {
    Good,
    Revoked {
        at: i64,
        reason: Option<RevocationReason>,
    },
    Unknown,
}

/// Where a status came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationSource {
    Crl {
        issuer: String,
        this_update: i64,
        next_update: Option<i64>,
    },
    Ocsp {
        produced_at: i64,
        this_update: i64,
        next_update: Option<i64>,
        delegated: bool,
    },
}

/// Why a piece of revocation information was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevocationProblem {
    #[error("CRL: {0}")]
    Crl(CrlProblem),
    #[error("OCSP: {0}")]
    Ocsp(OcspProblem),
    #[error("no CRL or OCSP response for this certificate")]
    NoInformation,
}

/// Revocation facts of one certificate of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertRevocation {
    pub depth: Depth,
    pub subject: String,
    pub status: RevocationStatus,
    pub source: Option<RevocationSource>,
    pub problems: Vec<RevocationProblem>,
}

/// Revocation facts for a path, end-entity first (the trust anchor is not checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationFacts {
    pub certificates: Vec<CertRevocation>,
}

impl RevocationFacts {
    /// The report's summary: `revoked` if any certificate of the path is revoked, `good` if all
    /// are good, otherwise `unknown`.
    pub fn summary(&self) -> Revocation {
        if self
            .certificates
            .iter()
            .any(|c| matches!(c.status, RevocationStatus::Revoked { .. }))
        {
            Revocation::Revoked
        } else if !self.certificates.is_empty()
            && self
                .certificates
                .iter()
                .all(|c| c.status == RevocationStatus::Good)
        {
            Revocation::Good
        } else {
            Revocation::Unknown
        }
    }

    pub fn end_entity(&self) -> Option<&CertRevocation> {
        self.certificates.first()
    }

    /// The earliest revocation in the path, if any: (depth, time, reason).
    pub fn earliest_revocation(&self) -> Option<(Depth, i64, Option<RevocationReason>)> {
        self.certificates
            .iter()
            .filter_map(|c| match c.status {
                RevocationStatus::Revoked { at, reason } => Some((c.depth, at, reason)),
                _ => None,
            })
            .min_by_key(|(_, at, _)| *at)
    }
}

/// Checks the revocation status of every certificate of `path` (except the trust anchor).
/// `extra` are further certificates (CMS set, /DSS) for CRL signers and OCSP responders.
pub fn check_revocation(
    path: &PathFacts,
    sources: &RevocationSources,
    store: &TrustStore,
    extra: &[Certificate],
    at: ValidationTime,
) -> RevocationFacts {
    check(path, sources, store, extra, at, 0)
}

fn check(
    path: &PathFacts,
    sources: &RevocationSources,
    store: &TrustStore,
    extra: &[Certificate],
    at: ValidationTime,
    recursion: u8,
) -> RevocationFacts {
    let certs = path.certificates();
    let mut out = RevocationFacts::default();
    for (depth, pair) in certs.windows(2).enumerate() {
        let [cert, issuer] = pair else { continue };
        out.certificates.push(status_of(
            cert, issuer, depth, sources, store, extra, at, recursion,
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn status_of(
    cert: &Certificate,
    issuer: &Certificate,
    depth: Depth,
    sources: &RevocationSources,
    store: &TrustStore,
    extra: &[Certificate],
    at: ValidationTime,
    recursion: u8,
) -> CertRevocation {
    let mut problems = Vec::new();
    let mut good: Option<RevocationSource> = None;
    let mut revoked: Option<(i64, Option<RevocationReason>, RevocationSource)> = None;
    let note_revoked =
        |t: i64, r: Option<RevocationReason>, s: RevocationSource, slot: &mut Option<_>| {
            let earlier = match slot {
                Some((old, _, _)) => t < *old,
                None => true,
            };
            if earlier {
                *slot = Some((t, r, s));
            }
        };

    // OCSP (RFC 6960).
    let responders: Vec<Certificate> = store.intermediates().iter().chain(extra).cloned().collect();
    for response in &sources.ocsp {
        match response.answer_for(cert, issuer, &responders, at.0) {
            Ok(answer) => {
                let source = RevocationSource::Ocsp {
                    produced_at: answer.produced_at,
                    this_update: answer.this_update,
                    next_update: answer.next_update,
                    delegated: answer.delegated,
                };
                match answer.status {
                    OcspCertStatus::Good => good = good.or(Some(source)),
                    OcspCertStatus::Revoked { at: t, reason } => {
                        note_revoked(t, reason, source, &mut revoked)
                    }
                    OcspCertStatus::Unknown => {}
                }
            }
            Err(OcspProblem::NoMatchingResponse) => {}
            Err(p) => problems.push(RevocationProblem::Ocsp(p)),
        }
    }

    // CRLs (RFC 5280 §6.3.3), direct CRLs only.
    let mut covered: u16 = 0;
    let mut crl_source: Option<RevocationSource> = None;
    // Direct CRLs, and indirect CRLs whose issuer the certificate names as cRLIssuer.
    let names_crl_issuer = |c: &Crl| {
        cert.crl_distribution_points.as_ref().is_some_and(|dps| {
            dps.iter().any(|dp| {
                dp.crl_issuer
                    .contains(&ConstrainedName::Directory(c.issuer.clone()))
            })
        })
    };
    let same_issuer: Vec<&Crl> = sources
        .crls
        .iter()
        .filter(|c| c.issuer == cert.issuer || names_crl_issuer(c))
        .collect();
    for crl in &same_issuer {
        if crl.is_delta {
            // Used below together with a complete CRL (RFC 5280 §5.2.4); alone it is not enough.
            if !same_issuer.iter().any(|c| crl.is_delta_for(c)) {
                problems.push(RevocationProblem::Crl(CrlProblem::DeltaCrl));
            }
            continue;
        }
        let reasons = match crl.scope_for(cert) {
            Ok(r) => r,
            Err(p) => {
                problems.push(RevocationProblem::Crl(p));
                continue;
            }
        };
        if let Err(p) = crl_signer(crl, sources, cert, issuer, store, extra, at, recursion) {
            problems.push(RevocationProblem::Crl(p));
            continue;
        }
        if let Some(next) = crl.next_update {
            if next < at.0 {
                problems.push(RevocationProblem::Crl(CrlProblem::Stale(next)));
                continue;
            }
        }
        // The newest usable delta CRL for this complete CRL, if any (§6.3.3 (c), (g), (j)).
        let mut delta: Option<&Crl> = None;
        for d in same_issuer.iter().filter(|d| d.is_delta_for(crl)) {
            if let Some(next) = d.next_update {
                if next < at.0 {
                    problems.push(RevocationProblem::Crl(CrlProblem::Stale(next)));
                    continue;
                }
            }
            if let Err(p) = crl_signer(d, sources, cert, issuer, store, extra, at, recursion) {
                problems.push(RevocationProblem::Crl(p));
                continue;
            }
            let newer = |cur: &Crl| match (&d.number, &cur.number) {
                (Some(a), Some(b)) => super::crl::uint_cmp(a, b) == std::cmp::Ordering::Greater,
                _ => false,
            };
            if delta.is_none_or(newer) {
                delta = Some(d);
            }
        }
        let in_delta = delta.and_then(|d| d.entry_for(cert).map(|e| (d, e)));
        let (listing, entry): (&Crl, _) = match in_delta {
            Some((d, e)) => (d, Some(e)),
            None => (crl, crl.entry_for(cert)),
        };
        if entry.is_some_and(|e| e.unknown_critical) {
            problems.push(RevocationProblem::Crl(
                CrlProblem::UnknownCriticalEntryExtension,
            ));
            continue;
        }
        let source = RevocationSource::Crl {
            issuer: listing.issuer.to_string(),
            this_update: listing.this_update,
            next_update: listing.next_update,
        };
        match entry {
            Some(e) if e.reason != Some(RevocationReason::RemoveFromCrl) => {
                note_revoked(e.revoked_at, e.reason, source, &mut revoked)
            }
            _ => {
                covered |= reasons;
                crl_source = crl_source.or(Some(source));
            }
        }
    }
    if covered == ALL_REASONS {
        good = good.or(crl_source);
    } else if covered != 0 {
        problems.push(RevocationProblem::Crl(CrlProblem::PartialReasons));
    }

    let (status, source) = match (revoked, good) {
        (Some((t, reason, s)), _) => (RevocationStatus::Revoked { at: t, reason }, Some(s)),
        (None, Some(s)) => (RevocationStatus::Good, Some(s)),
        (None, None) => {
            if problems.is_empty() {
                problems.push(RevocationProblem::NoInformation);
            }
            (RevocationStatus::Unknown, None)
        }
    };
    CertRevocation {
        depth,
        subject: cert.subject.to_string(),
        status,
        source,
        problems,
    }
}

/// Finds the certificate that signed `crl` (RFC 5280 §6.3.3 (f)): the certificate's issuer
/// first; otherwise another certificate with the CRL issuer's name, whose own path must validate
/// to a trust anchor and not be revoked (PKITS §4.4.19-21, key rollover §4.5).
#[allow(clippy::too_many_arguments)]
fn crl_signer(
    crl: &Crl,
    sources: &RevocationSources,
    subject: &Certificate,
    issuer: &Certificate,
    store: &TrustStore,
    extra: &[Certificate],
    at: ValidationTime,
    recursion: u8,
) -> Result<(), CrlProblem> {
    let mut candidates: Vec<&Certificate> = vec![issuer];
    for c in store
        .anchors()
        .iter()
        .chain(store.intermediates())
        .chain(extra)
    {
        if c.subject == crl.issuer && !candidates.iter().any(|k| k.sha256 == c.sha256) {
            candidates.push(c);
        }
    }
    let mut problem = CrlProblem::SignatureNotVerified;
    for cand in candidates {
        if verify_signature(
            &crl.signature_algorithm,
            &cand.public_key,
            &crl.tbs,
            &crl.signature,
        )
        .is_err()
        {
            continue;
        }
        if !cand.has_key_usage(ku::CRL_SIGN) {
            problem = CrlProblem::SignerLacksCrlSign;
            continue;
        }
        // The issuer itself, an anchor, or an indirect CRL issuer reporting on its own
        // certificate, whose path the caller is already validating (PKITS §4.14.30).
        if cand.sha256 == issuer.sha256 || store.is_anchor(cand) || cand.sha256 == subject.sha256 {
            return Ok(());
        }
        if recursion >= MAX_SIGNER_RECURSION {
            problem = CrlProblem::SignerNotValid("CRL signer nesting too deep".into());
            continue;
        }
        let options = ValidationOptions {
            usage: EndEntityUsage::CrlSigning,
            ..ValidationOptions::default()
        };
        let facts = validate_path(cand, extra, store, at, &options);
        if facts.trust != Trust::Trusted || !facts.is_valid() {
            let why = facts
                .primary_problem()
                .map_or_else(|| "untrusted".to_owned(), ToString::to_string);
            problem = CrlProblem::SignerNotValid(why);
            continue;
        }
        match check(&facts, sources, store, extra, at, recursion + 1).summary() {
            Revocation::Good => return Ok(()),
            Revocation::Revoked => {
                problem = CrlProblem::SignerNotValid("CRL signer certificate revoked".into())
            }
            Revocation::Unknown => {
                problem =
                    CrlProblem::SignerNotValid("CRL signer certificate revocation unknown".into())
            }
        }
    }
    Err(problem)
}
