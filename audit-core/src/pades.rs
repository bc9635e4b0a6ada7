//! The PAdES baseline level a signature reaches (ETSI EN 319 142-1 §6: B-B, B-T, B-LT, B-LTA),
//! from facts gathered elsewhere.
//!
//! - **B-B** (§6.3): SubFilter `ETSI.CAdES.detached`; signed attributes with content-type,
//!   message-digest and ESS signing-certificate-v2 naming the signer certificate (ETSI EN
//!   319 122-1 §5.2.2); the CMS signing-time attribute shall not be present (the time is /M).
//! - **B-T** (§6.3, Table 1): a valid signature time-stamp token (unsigned attribute,
//!   RFC 3161 Appendix A) or a valid document time-stamp in a later revision (§5.4.4,
//!   ISO 32000-2 §12.8.5), either proving the signature existed at that time.
//! - **B-LT**: B-T, and the /DSS holds the validation material for the signer's chain: every
//!   certificate up to the trust anchor (in the /DSS or the CMS certificate set) and
//!   revocation data (CRL or OCSP response naming it) for every certificate but the anchor.
//! - **B-LTA**: B-LT, and a valid document time-stamp in a revision after the DSS.
//!
//! `adbe.pkcs7.detached` and `adbe.pkcs7.sha1` signatures are not PAdES baseline; like EU DSS
//! this module reports the analogous `PKCS7-B`, `-T`, `-LT`, `-LTA` levels with the same
//! time-stamp and DSS criteria (revocation data embedded with adbe-revocationInfoArchival counts
//! for them), and the PAdES-only attribute requirements listed as non-conformities.
//!
//! Facts only: the level is a property of the signature's form; whether the signature is valid
//! is the policy module's verdict.

use crate::cms::{CmsFacts, EssVersion, SubFilter};
use crate::codes::{self, Code};
use crate::dss::DssFacts;
use crate::facts::TimestampFacts;
use crate::pki::{Certificate, Crl, OcspResponse};
use crate::report::{BaselineLevel, Integrity, SignatureStatus, TimestampStatus};

/// Which family of levels applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `ETSI.CAdES.detached`: PAdES baseline (EN 319 142-1 §6).
    Pades,
    /// `adbe.pkcs7.detached` / `adbe.pkcs7.sha1`: the PKCS #7 analogues.
    Pkcs7,
}

/// A document time-stamp (ETSI.RFC3161) and the revision it signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentTimestamp {
    /// The revision the time-stamp's /ByteRange covers.
    pub revision: usize,
    /// Whether the policy judged it valid (a proof of existence) or not.
    pub evidence: TimestampStatus,
}

/// The facts the level is decided from.
#[derive(Debug, Clone, Copy)]
pub struct PadesFacts<'a> {
    pub sub_filter: &'a SubFilter,
    pub cms: &'a CmsFacts,
    /// The revision the signature's /ByteRange covers.
    pub signature_revision: usize,
    /// The signature time-stamp token (unsigned attribute), when there is one.
    pub signature_timestamp: Option<TimestampStatus>,
    /// Every document time-stamp of the document.
    pub document_timestamps: &'a [DocumentTimestamp],
    /// The /DSS as of the newest revision.
    pub dss: Option<&'a DssFacts>,
    /// The signer's certification path, end entity first, trust anchor last (empty when no
    /// path was found).
    pub chain: &'a [Certificate],
}

/// Why a level is not reached, or a deviation from the baseline profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Nonconformity {
    #[error("SubFilter {0} has no PAdES level")]
    NotApplicable(String),
    #[error("the CMS signature cannot be evaluated")]
    MalformedCms,
    #[error("no signed attributes")]
    NoSignedAttributes,
    #[error("no content-type signed attribute")]
    NoContentType,
    #[error("no ESS signing-certificate-v2 attribute")]
    NoSigningCertificate,
    #[error("ESS signing-certificate (v1) instead of signing-certificate-v2")]
    SigningCertificateV1,
    #[error("ESS signing-certificate does not name the signer certificate")]
    SigningCertificateMismatch,
    #[error("CMS signing-time attribute present (PAdES uses /M)")]
    SigningTimePresent,
    #[error("no valid signature time-stamp or later document time-stamp")]
    NoTimestamp,
    #[error("the signature time-stamp is not valid")]
    InvalidSignatureTimestamp,
    #[error("no /DSS")]
    NoDss,
    #[error("no certification path to a trust anchor")]
    NoChain,
    #[error("certificate {subject} is neither in the /DSS nor in the CMS")]
    MissingCertificate { subject: String },
    #[error("no CRL or OCSP response for {subject} in the /DSS")]
    MissingRevocation { subject: String },
    #[error("no valid document time-stamp after the /DSS")]
    NoArchiveTimestamp,
}

impl Nonconformity {
    /// The catalogue entry of this non-conformity ([`crate::codes`]).
    pub fn catalogue(&self) -> &'static Code {
        match self {
            Nonconformity::NotApplicable(_) => &codes::PADES_NOT_APPLICABLE,
            Nonconformity::MalformedCms => &codes::PADES_MALFORMED_CMS,
            Nonconformity::NoSignedAttributes => &codes::PADES_NO_SIGNED_ATTRIBUTES,
            Nonconformity::NoContentType => &codes::PADES_NO_CONTENT_TYPE,
            Nonconformity::NoSigningCertificate => &codes::PADES_NO_SIGNING_CERTIFICATE,
            Nonconformity::SigningCertificateV1 => &codes::PADES_SIGNING_CERTIFICATE_V1,
            Nonconformity::SigningCertificateMismatch => &codes::PADES_SIGNING_CERTIFICATE_MISMATCH,
            Nonconformity::SigningTimePresent => &codes::PADES_SIGNING_TIME_PRESENT,
            Nonconformity::NoTimestamp => &codes::PADES_NO_TIMESTAMP,
            Nonconformity::InvalidSignatureTimestamp => &codes::PADES_INVALID_SIGNATURE_TIMESTAMP,
            Nonconformity::NoDss => &codes::PADES_NO_DSS,
            Nonconformity::NoChain => &codes::PADES_NO_CHAIN,
            Nonconformity::MissingCertificate { .. } => &codes::PADES_MISSING_CERTIFICATE,
            Nonconformity::MissingRevocation { .. } => &codes::PADES_MISSING_REVOCATION,
            Nonconformity::NoArchiveTimestamp => &codes::PADES_NO_ARCHIVE_TIMESTAMP,
        }
    }

    /// The stable code ([`crate::codes`]).
    pub fn code(&self) -> &'static str {
        self.catalogue().code
    }
}

/// The level reached and everything that stops the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PadesLevel {
    pub family: Option<Family>,
    /// `None` when not even B-B is reached (or the SubFilter has no levels).
    pub level: Option<BaselineLevel>,
    pub nonconformities: Vec<Nonconformity>,
}

impl PadesLevel {
    /// `PAdES-BASELINE-LT`, `PKCS7-T`, ...
    pub fn label(&self) -> Option<String> {
        let level = self.level?;
        Some(match self.family? {
            Family::Pades => format!("PAdES-BASELINE-{}", level.suffix()),
            Family::Pkcs7 => format!("PKCS7-{}", level.suffix()),
        })
    }
}

/// A document time-stamp proves existence when the policy judged it valid.
pub fn document_timestamp_status(status: SignatureStatus) -> TimestampStatus {
    if status == SignatureStatus::Valid {
        TimestampStatus::Valid
    } else {
        TimestampStatus::Invalid
    }
}

/// A signature time-stamp proves existence when it yields a proven time (intact, imprint over
/// the signature value, TSA trusted with id-kp-timeStamping at genTime: RFC 3161 §2.3).
pub fn signature_timestamp_status(ts: &TimestampFacts) -> TimestampStatus {
    if ts.proven_time().is_some() {
        TimestampStatus::Valid
    } else {
        TimestampStatus::Invalid
    }
}

/// Decides the level from the facts.
pub fn assess(facts: &PadesFacts<'_>) -> PadesLevel {
    let family = match facts.sub_filter {
        SubFilter::EtsiCadesDetached => Family::Pades,
        SubFilter::AdbePkcs7Detached | SubFilter::AdbePkcs7Sha1 => Family::Pkcs7,
        SubFilter::EtsiRfc3161 => return not_applicable("ETSI.RFC3161"),
        SubFilter::Other(name) => return not_applicable(name),
    };
    let mut out = PadesLevel {
        family: Some(family),
        level: None,
        nonconformities: Vec::new(),
    };
    if !basic(facts, family, &mut out.nonconformities) {
        return out;
    }
    out.level = Some(BaselineLevel::BB);
    if !timestamped(facts, &mut out.nonconformities) {
        return out;
    }
    out.level = Some(BaselineLevel::BT);
    let Some(dss) = facts.dss else {
        out.nonconformities.push(Nonconformity::NoDss);
        return out;
    };
    if !long_term(facts, family, dss, &mut out.nonconformities) {
        return out;
    }
    out.level = Some(BaselineLevel::BLt);
    let archived = facts.document_timestamps.iter().any(|t| {
        t.evidence == TimestampStatus::Valid
            && t.revision > dss.revision_added
            && t.revision > facts.signature_revision
    });
    if archived {
        out.level = Some(BaselineLevel::BLta);
    } else {
        out.nonconformities.push(Nonconformity::NoArchiveTimestamp);
    }
    out
}

fn not_applicable(name: &str) -> PadesLevel {
    PadesLevel {
        family: None,
        level: None,
        nonconformities: vec![Nonconformity::NotApplicable(name.to_owned())],
    }
}

/// B-B. For PAdES every attribute requirement blocks; for PKCS #7 they are only noted, since
/// the PKCS #7 forms predate them.
fn basic(facts: &PadesFacts<'_>, family: Family, out: &mut Vec<Nonconformity>) -> bool {
    let cms = facts.cms;
    if cms.integrity == Integrity::Malformed || cms.signer_certificate.is_none() {
        out.push(Nonconformity::MalformedCms);
        return false;
    }
    let mut blocking = Vec::new();
    if !cms.has_signed_attributes {
        blocking.push(Nonconformity::NoSignedAttributes);
    } else {
        if cms.content_type.is_none() {
            blocking.push(Nonconformity::NoContentType);
        }
        match &cms.ess {
            None => blocking.push(Nonconformity::NoSigningCertificate),
            Some(ess) if !ess.certificate_matches || ess.issuer_serial_matches == Some(false) => {
                blocking.push(Nonconformity::SigningCertificateMismatch)
            }
            Some(ess) if ess.version == EssVersion::V1 => {
                blocking.push(Nonconformity::SigningCertificateV1)
            }
            Some(_) => {}
        }
    }
    let ok = family == Family::Pkcs7 || blocking.is_empty();
    out.extend(blocking);
    if family == Family::Pades && cms.signing_time.is_some() {
        out.push(Nonconformity::SigningTimePresent);
    }
    ok
}

fn timestamped(facts: &PadesFacts<'_>, out: &mut Vec<Nonconformity>) -> bool {
    if facts.signature_timestamp == Some(TimestampStatus::Valid) {
        return true;
    }
    let covered = facts
        .document_timestamps
        .iter()
        .any(|t| t.evidence == TimestampStatus::Valid && t.revision > facts.signature_revision);
    if facts.signature_timestamp == Some(TimestampStatus::Invalid) {
        out.push(Nonconformity::InvalidSignatureTimestamp);
    }
    if !covered {
        out.push(Nonconformity::NoTimestamp);
    }
    covered
}

fn long_term(
    facts: &PadesFacts<'_>,
    family: Family,
    dss: &DssFacts,
    out: &mut Vec<Nonconformity>,
) -> bool {
    let Some((_anchor, path)) = facts.chain.split_last() else {
        out.push(Nonconformity::NoChain);
        return false;
    };
    let in_cms = |c: &Certificate| facts.cms.certificates.iter().any(|d| d[..] == c.der[..]);
    let in_dss = |c: &Certificate| dss.certificates.iter().any(|d| d[..] == c.der[..]);
    let crls: Vec<Crl> = dss
        .crls
        .iter()
        .chain(family_crls(facts, family))
        .filter_map(|d| Crl::from_der(d).ok())
        .collect();
    let ocsps: Vec<OcspResponse> = dss
        .ocsps
        .iter()
        .chain(family_ocsps(facts, family))
        .filter_map(|d| {
            OcspResponse::from_der(d)
                .or_else(|_| OcspResponse::from_basic_der(d))
                .ok()
        })
        .collect();
    let before = out.len();
    for cert in path {
        let subject = cert.subject.to_string();
        if !in_dss(cert) && !in_cms(cert) {
            out.push(Nonconformity::MissingCertificate {
                subject: subject.clone(),
            });
        }
        let revocation = crls.iter().any(|c| c.issuer() == &cert.issuer)
            || ocsps.iter().any(|o| o.names_certificate(cert));
        if !revocation && !cert.ocsp_no_check {
            out.push(Nonconformity::MissingRevocation { subject });
        }
    }
    out.len() == before
}

/// Revocation data embedded in the CMS counts for the PKCS #7 analogues only.
fn family_crls<'a>(facts: &PadesFacts<'a>, family: Family) -> impl Iterator<Item = &'a Vec<u8>> {
    facts
        .cms
        .crls
        .iter()
        .filter(move |_| family == Family::Pkcs7)
        .map(|r| &r.der)
}

fn family_ocsps<'a>(facts: &PadesFacts<'a>, family: Family) -> impl Iterator<Item = &'a Vec<u8>> {
    facts
        .cms
        .ocsp_responses
        .iter()
        .filter(move |_| family == Family::Pkcs7)
        .map(|r| &r.der)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cms::{DigestAlgorithm, EssFacts};
    use rcgen::{
        BasicConstraints, CertificateParams, CertificateRevocationListParams, IsCa, KeyIdMethod,
        KeyPair, SerialNumber,
    };

    struct Pki {
        chain: Vec<Certificate>,
        crl: Vec<u8>,
    }

    fn pki() -> Pki {
        let root_key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Test Root");
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let root = p.self_signed(&root_key).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Signer");
        let leaf = p.signed_by(&leaf_key, &root, &root_key).unwrap();
        let crl = CertificateRevocationListParams {
            this_update: rcgen::date_time_ymd(2024, 1, 1),
            next_update: rcgen::date_time_ymd(2030, 1, 1),
            crl_number: SerialNumber::from(1u64),
            issuing_distribution_point: None,
            revoked_certs: Vec::new(),
            key_identifier_method: KeyIdMethod::Sha256,
        }
        .signed_by(&root, &root_key)
        .unwrap();
        Pki {
            chain: vec![
                Certificate::from_der(leaf.der()).unwrap(),
                Certificate::from_der(root.der()).unwrap(),
            ],
            crl: crl.der().to_vec(),
        }
    }

    fn cms(sub_filter: SubFilter, leaf: &Certificate) -> CmsFacts {
        CmsFacts {
            sub_filter,
            integrity: Integrity::Intact,
            problems: Vec::new(),
            signer_certificate: Some(leaf.der.clone()),
            certificates: vec![leaf.der.clone()],
            signer: None,
            digest_algorithm: Some(DigestAlgorithm::Sha256),
            signature_algorithm: None,
            public_key_bits: None,
            content_type: Some("1.2.840.113549.1.7.1".into()),
            has_signed_attributes: true,
            signing_time: None,
            ess: Some(EssFacts {
                version: EssVersion::V2,
                hash_algorithm: DigestAlgorithm::Sha256,
                certificate_matches: true,
                issuer_serial_matches: None,
            }),
            signature_value: Vec::new(),
            timestamp_token: None,
            tst_info: None,
            crls: Vec::new(),
            ocsp_responses: Vec::new(),
            weak_crypto: Vec::new(),
        }
    }

    fn facts<'a>(
        sf: &'a SubFilter,
        cms: &'a CmsFacts,
        chain: &'a [Certificate],
        dss: Option<&'a DssFacts>,
        doc_ts: &'a [DocumentTimestamp],
        sig_ts: Option<TimestampStatus>,
    ) -> PadesFacts<'a> {
        PadesFacts {
            sub_filter: sf,
            cms,
            signature_revision: 1,
            signature_timestamp: sig_ts,
            document_timestamps: doc_ts,
            dss,
            chain,
        }
    }

    fn dss(pki: &Pki, revision_added: usize) -> DssFacts {
        DssFacts {
            certificates: vec![pki.chain[0].der.clone()],
            crls: vec![pki.crl.clone()],
            revision_added,
            ..DssFacts::default()
        }
    }

    #[test]
    fn levels_climb_with_timestamp_dss_and_archive_timestamp() {
        let pki = pki();
        let sf = SubFilter::EtsiCadesDetached;
        let c = cms(sf.clone(), &pki.chain[0]);
        let b = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert_eq!(b.label().as_deref(), Some("PAdES-BASELINE-B"));
        assert_eq!(b.nonconformities, vec![Nonconformity::NoTimestamp]);

        let valid = Some(TimestampStatus::Valid);
        let t = assess(&facts(&sf, &c, &pki.chain, None, &[], valid));
        assert_eq!(t.label().as_deref(), Some("PAdES-BASELINE-T"));
        assert_eq!(t.nonconformities, vec![Nonconformity::NoDss]);

        let d = dss(&pki, 2);
        let lt = assess(&facts(&sf, &c, &pki.chain, Some(&d), &[], valid));
        assert_eq!(lt.label().as_deref(), Some("PAdES-BASELINE-LT"));
        assert_eq!(lt.nonconformities, vec![Nonconformity::NoArchiveTimestamp]);

        let before_dss = [DocumentTimestamp {
            revision: 2,
            evidence: TimestampStatus::Valid,
        }];
        let still_lt = assess(&facts(&sf, &c, &pki.chain, Some(&d), &before_dss, valid));
        assert_eq!(still_lt.level, Some(BaselineLevel::BLt));

        let after_dss = [DocumentTimestamp {
            revision: 3,
            evidence: TimestampStatus::Valid,
        }];
        let lta = assess(&facts(&sf, &c, &pki.chain, Some(&d), &after_dss, valid));
        assert_eq!(lta.label().as_deref(), Some("PAdES-BASELINE-LTA"));
        assert!(lta.nonconformities.is_empty());
    }

    #[test]
    fn document_timestamp_after_the_signature_gives_t() {
        let pki = pki();
        let sf = SubFilter::EtsiCadesDetached;
        let c = cms(sf.clone(), &pki.chain[0]);
        let later = [DocumentTimestamp {
            revision: 2,
            evidence: TimestampStatus::Valid,
        }];
        let t = assess(&facts(&sf, &c, &pki.chain, None, &later, None));
        assert_eq!(t.level, Some(BaselineLevel::BT));
        let invalid = [DocumentTimestamp {
            revision: 2,
            evidence: TimestampStatus::Invalid,
        }];
        let b = assess(&facts(
            &sf,
            &c,
            &pki.chain,
            None,
            &invalid,
            Some(TimestampStatus::Invalid),
        ));
        assert_eq!(b.level, Some(BaselineLevel::BB));
        assert_eq!(
            b.nonconformities,
            vec![
                Nonconformity::InvalidSignatureTimestamp,
                Nonconformity::NoTimestamp
            ]
        );
    }

    #[test]
    fn dss_without_revocation_data_stays_t() {
        let pki = pki();
        let sf = SubFilter::EtsiCadesDetached;
        let c = cms(sf.clone(), &pki.chain[0]);
        let mut d = dss(&pki, 2);
        d.crls.clear();
        let valid = Some(TimestampStatus::Valid);
        let t = assess(&facts(&sf, &c, &pki.chain, Some(&d), &[], valid));
        assert_eq!(t.level, Some(BaselineLevel::BT));
        assert_eq!(
            t.nonconformities,
            vec![Nonconformity::MissingRevocation {
                subject: pki.chain[0].subject.to_string()
            }]
        );
        let none = assess(&facts(&sf, &c, &[], Some(&d), &[], valid));
        assert_eq!(none.nonconformities, vec![Nonconformity::NoChain]);
    }

    #[test]
    fn pades_attribute_faults_block_b_but_pkcs7_only_notes_them() {
        let pki = pki();
        let sf = SubFilter::EtsiCadesDetached;
        let mut c = cms(sf.clone(), &pki.chain[0]);
        c.ess = None;
        c.signing_time = Some(0);
        let none = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert_eq!(none.level, None);
        assert_eq!(none.label(), None);
        assert_eq!(
            none.nonconformities,
            vec![
                Nonconformity::NoSigningCertificate,
                Nonconformity::SigningTimePresent
            ]
        );

        let sf = SubFilter::AdbePkcs7Detached;
        let b = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert_eq!(b.label().as_deref(), Some("PKCS7-B"));
        assert!(b
            .nonconformities
            .contains(&Nonconformity::NoSigningCertificate));

        c.ess = Some(EssFacts {
            version: EssVersion::V1,
            hash_algorithm: DigestAlgorithm::Sha1,
            certificate_matches: false,
            issuer_serial_matches: None,
        });
        let sf = SubFilter::EtsiCadesDetached;
        let none = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert!(none
            .nonconformities
            .contains(&Nonconformity::SigningCertificateMismatch));
    }

    #[test]
    fn pkcs7_counts_revocation_data_embedded_in_the_cms() {
        let pki = pki();
        let sf = SubFilter::AdbePkcs7Detached;
        let mut c = cms(sf.clone(), &pki.chain[0]);
        c.crls.push(crate::cms::EmbeddedRevocation {
            source: crate::cms::RevocationSource::AdbeArchival,
            der: pki.crl.clone(),
        });
        let mut d = dss(&pki, 2);
        d.crls.clear();
        let valid = Some(TimestampStatus::Valid);
        let lt = assess(&facts(&sf, &c, &pki.chain, Some(&d), &[], valid));
        assert_eq!(lt.label().as_deref(), Some("PKCS7-LT"));
    }

    #[test]
    fn malformed_cms_and_other_sub_filters_have_no_level() {
        let pki = pki();
        let sf = SubFilter::EtsiCadesDetached;
        let mut c = cms(sf.clone(), &pki.chain[0]);
        c.integrity = Integrity::Malformed;
        let none = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert_eq!(none.nonconformities, vec![Nonconformity::MalformedCms]);
        let sf = SubFilter::EtsiRfc3161;
        let na = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert_eq!(na.family, None);
        let sf = SubFilter::Other("adbe.x509.rsa_sha1".into());
        let na = assess(&facts(&sf, &c, &pki.chain, None, &[], None));
        assert_eq!(
            na.nonconformities,
            vec![Nonconformity::NotApplicable("adbe.x509.rsa_sha1".into())]
        );
    }
}
