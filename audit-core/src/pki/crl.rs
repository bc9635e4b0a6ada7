//! Certificate revocation lists (RFC 5280 §5), parsed once into an owned form, and the scope
//! checks of §6.3.3 that decide whether a CRL may answer for a certificate.

use x509_parser::extensions::{DistributionPointName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::cert::Certificate;
use super::name::{ConstrainedName, DistinguishedName};
use super::sig::SignatureAlgorithm;

/// CRL reason codes (RFC 5280 §5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
    Other(u8),
}

impl RevocationReason {
    pub(crate) fn from_code(code: u8) -> Self {
        match code {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            8 => Self::RemoveFromCrl,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            c => Self::Other(c),
        }
    }
}

/// Why bytes are not a usable CRL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrlError {
    #[error("not a DER CRL: {0}")]
    Parse(String),
}

#[derive(Debug, Clone)]
pub(crate) struct CrlEntry {
    pub serial: Vec<u8>,
    pub revoked_at: i64,
    pub reason: Option<RevocationReason>,
    pub unknown_critical: bool,
    /// The certificate issuer this entry is about, when a certificateIssuer extension (here or
    /// on an earlier entry) says so.
    pub cert_issuer: Option<DistinguishedName>,
}

/// The issuingDistributionPoint extension (RFC 5280 §5.2.5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IssuingDistributionPoint {
    pub names: Option<Vec<ConstrainedName>>,
    pub only_user: bool,
    pub only_ca: bool,
    pub only_attribute: bool,
    /// ReasonFlags bits (bit i = reason code i).
    pub only_some_reasons: Option<u16>,
    pub indirect: bool,
}

/// A CRL, parsed once.
#[derive(Debug, Clone)]
pub struct Crl {
    pub(crate) tbs: Vec<u8>,
    pub(crate) signature_algorithm: SignatureAlgorithm,
    pub(crate) signature: Vec<u8>,
    pub(crate) issuer: DistinguishedName,
    pub(crate) this_update: i64,
    pub(crate) next_update: Option<i64>,
    pub(crate) entries: Vec<CrlEntry>,
    pub(crate) idp: Option<IssuingDistributionPoint>,
    pub(crate) is_delta: bool,
    /// cRLNumber (RFC 5280 §5.2.3), big-endian without leading zeros.
    pub(crate) number: Option<Vec<u8>>,
    /// deltaCRLIndicator's BaseCRLNumber (§5.2.4), big-endian without leading zeros.
    pub(crate) base_number: Option<Vec<u8>>,
    pub(crate) authority_key_id: Option<Vec<u8>>,
    pub(crate) unknown_critical: Vec<String>,
}

/// Extensions of the CRL itself that we process (RFC 5280 §5.2).
const UNDERSTOOD_CRL: &[&str] = &[
    "2.5.29.35",
    "2.5.29.18",
    "2.5.29.20",
    "2.5.29.27",
    "2.5.29.28",
    "2.5.29.46",
];
/// CRL entry extensions we process (RFC 5280 §5.3): reasonCode, invalidityDate, certificateIssuer.
const UNDERSTOOD_ENTRY: &[&str] = &["2.5.29.21", "2.5.29.24", "2.5.29.29"];

impl Crl {
    /// Parses one DER CRL.
    pub fn from_der(der: &[u8]) -> Result<Self, CrlError> {
        let (_, crl) =
            CertificateRevocationList::from_der(der).map_err(|e| CrlError::Parse(e.to_string()))?;
        let tbs = &crl.tbs_cert_list;
        let issuer = DistinguishedName::from_x509(&tbs.issuer);
        let mut out = Crl {
            tbs: tbs.as_ref().to_vec(),
            signature_algorithm: SignatureAlgorithm::from_x509(&crl.signature_algorithm),
            signature: crl.signature_value.data.to_vec(),
            issuer: issuer.clone(),
            this_update: tbs.this_update.timestamp(),
            next_update: tbs.next_update.map(|t| t.timestamp()),
            entries: Vec::new(),
            idp: None,
            is_delta: false,
            number: None,
            base_number: None,
            authority_key_id: None,
            unknown_critical: Vec::new(),
        };
        for ext in tbs.extensions() {
            let oid = ext.oid.to_id_string();
            match ext.parsed_extension() {
                ParsedExtension::IssuingDistributionPoint(idp) => {
                    let raw_relative = super::der::expect(ext.value, 0x30)
                        .and_then(|(seq, _)| super::der::expect(seq.content, 0xa0))
                        .and_then(|(dpn, _)| super::cert::relative_name(dpn.content, &issuer));
                    let names = match &idp.distribution_point {
                        Some(DistributionPointName::FullName(n)) => {
                            Some(n.iter().map(ConstrainedName::from_general_name).collect())
                        }
                        Some(DistributionPointName::NameRelativeToCRLIssuer(rdn)) => {
                            Some(vec![ConstrainedName::Directory(issuer.with_rdn(rdn))])
                        }
                        None => raw_relative.map(|n| vec![ConstrainedName::Directory(n)]),
                    };
                    out.idp = Some(IssuingDistributionPoint {
                        names,
                        only_user: idp.only_contains_user_certs,
                        only_ca: idp.only_contains_ca_certs,
                        only_attribute: idp.only_contains_attribute_certs,
                        only_some_reasons: idp.only_some_reasons.as_ref().map(|r| r.flags),
                        indirect: idp.indirect_crl,
                    });
                }
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    out.authority_key_id = a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                ParsedExtension::ParseError { .. } if ext.critical => {
                    out.unknown_critical.push(oid.clone())
                }
                _ => {}
            }
            if oid == "2.5.29.27" {
                out.is_delta = true;
                out.base_number = integer(ext.value);
            }
            if oid == "2.5.29.20" {
                out.number = integer(ext.value);
            }
            if ext.critical && !UNDERSTOOD_CRL.contains(&oid.as_str()) {
                out.unknown_critical.push(oid);
            }
        }
        // §5.3.3: certificateIssuer applies to this entry and every following one until another.
        let mut current_issuer: Option<DistinguishedName> = None;
        for rc in &tbs.revoked_certificates {
            if let Some(ext) = rc
                .extensions()
                .iter()
                .find(|e| e.oid.to_id_string() == "2.5.29.29")
            {
                current_issuer = directory_name_of(ext.value);
                if current_issuer.is_none() {
                    return Err(CrlError::Parse(
                        "certificateIssuer without a directoryName".into(),
                    ));
                }
            }
            let unknown_critical = rc
                .extensions()
                .iter()
                .any(|e| e.critical && !UNDERSTOOD_ENTRY.contains(&e.oid.to_id_string().as_str()));
            out.entries.push(CrlEntry {
                serial: rc.raw_serial().to_vec(),
                revoked_at: rc.revocation_date.timestamp(),
                reason: rc
                    .reason_code()
                    .map(|(_, c)| RevocationReason::from_code(c.0)),
                unknown_critical,
                cert_issuer: current_issuer.clone(),
            });
        }
        Ok(out)
    }

    pub fn issuer(&self) -> &DistinguishedName {
        &self.issuer
    }

    /// RFC 5280 §5.2.4: `self`, a delta CRL, may update `complete` when both have the same
    /// issuer and scope and the delta's base is not newer than the complete CRL.
    pub(crate) fn is_delta_for(&self, complete: &Crl) -> bool {
        let (Some(base), Some(number)) = (&self.base_number, &complete.number) else {
            return false;
        };
        self.is_delta
            && !complete.is_delta
            && self.issuer == complete.issuer
            && self.idp == complete.idp
            && uint_cmp(base, number) != std::cmp::Ordering::Greater
            && self
                .number
                .as_ref()
                .is_some_and(|n| uint_cmp(n, number) == std::cmp::Ordering::Greater)
    }
    pub fn this_update(&self) -> i64 {
        self.this_update
    }
    pub fn next_update(&self) -> Option<i64> {
        self.next_update
    }

    /// RFC 5280 §6.3.3 (b), (d): does this CRL's scope cover `cert`? Returns the reasons it
    /// covers (bits 1..=8 of ReasonFlags) or why it does not apply. Indirect CRLs are accepted
    /// when the certificate's distribution point names this CRL's issuer as cRLIssuer.
    pub(crate) fn scope_for(&self, cert: &Certificate) -> Result<u16, CrlProblem> {
        const ALL_REASONS: u16 = 0x1fe;
        if let Some(oid) = self.unknown_critical.first() {
            return Err(CrlProblem::UnknownCriticalExtension(oid.clone()));
        }
        let direct = self.issuer == cert.issuer;
        let indirect_ok = self.idp.as_ref().is_some_and(|i| i.indirect);
        if let Some(idp) = &self.idp {
            if idp.only_attribute
                || (idp.only_user && cert.is_ca())
                || (idp.only_ca && !cert.is_ca())
            {
                return Err(CrlProblem::ScopeMismatch);
            }
        }
        let idp_names = self.idp.as_ref().and_then(|i| i.names.as_ref());
        let idp_reasons = self
            .idp
            .as_ref()
            .and_then(|i| i.only_some_reasons)
            .map_or(ALL_REASONS, |r| r & ALL_REASONS);
        let me = ConstrainedName::Directory(self.issuer.clone());
        let Some(dps) = &cert.crl_distribution_points else {
            // No distribution points: only a direct CRL without a distribution point name applies.
            return match (direct, idp_names) {
                (true, None) => Ok(idp_reasons),
                (true, Some(_)) => Err(CrlProblem::DistributionPointMismatch),
                (false, _) => Err(CrlProblem::IndirectCrl),
            };
        };
        let mut problem = if direct {
            CrlProblem::DistributionPointMismatch
        } else {
            CrlProblem::IndirectCrl
        };
        for dp in dps {
            // §6.3.3 (b)(1): who issues the CRL for this distribution point.
            let issuer_ok = if dp.crl_issuer.is_empty() {
                direct
            } else {
                indirect_ok && dp.crl_issuer.contains(&me)
            };
            if !issuer_ok {
                continue;
            }
            // §6.3.3 (b)(2)(i): distribution point names.
            if let Some(names) = idp_names {
                let matches = names.iter().any(|n| dp.names.contains(n))
                    || (dp.names.is_empty() && names.iter().any(|n| dp.crl_issuer.contains(n)));
                if !matches {
                    problem = CrlProblem::DistributionPointMismatch;
                    continue;
                }
            }
            return Ok(idp_reasons & dp.reasons.map_or(ALL_REASONS, |r| r & ALL_REASONS));
        }
        Err(problem)
    }

    /// The entry for `cert`, if listed: the serial matches and the entry's certificate issuer
    /// (certificateIssuer extension, inherited by following entries; the CRL issuer by default,
    /// RFC 5280 §5.3.3) is the certificate's issuer.
    pub(crate) fn entry_for(&self, cert: &Certificate) -> Option<&CrlEntry> {
        self.entries.iter().find(|e| {
            e.serial == cert.serial
                && e.cert_issuer.as_ref().unwrap_or(&self.issuer) == &cert.issuer
        })
    }
}

/// Why a CRL could not answer for a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrlProblem {
    #[error("CRL is not parseable: {0}")]
    Unparseable(String),
    /// A delta CRL without a usable complete CRL to apply it to (RFC 5280 §5.2.4).
    #[error("delta CRL without a matching complete CRL")]
    DeltaCrl,
    #[error("indirect CRLs are not supported")]
    IndirectCrl,
    #[error("CRL has an unknown critical extension {0}")]
    UnknownCriticalExtension(String),
    #[error("CRL entry has an unknown critical extension")]
    UnknownCriticalEntryExtension,
    #[error("CRL scope (issuingDistributionPoint) excludes this certificate")]
    ScopeMismatch,
    #[error("CRL distribution point does not match the certificate's")]
    DistributionPointMismatch,
    #[error("no certificate of the CRL issuer verifies the CRL signature")]
    SignatureNotVerified,
    #[error("the CRL signer's certificate lacks keyUsage cRLSign")]
    SignerLacksCrlSign,
    #[error("the CRL signer's certificate is not valid: {0}")]
    SignerNotValid(String),
    #[error("CRL is not yet issued at the validation time (thisUpdate {0})")]
    NotYetIssued(i64),
    #[error("CRL is stale at the validation time (nextUpdate {0})")]
    Stale(i64),
    #[error("CRLs cover only some revocation reasons")]
    PartialReasons,
}

/// The magnitude of a DER INTEGER extension value, without leading zero octets.
fn integer(value: &[u8]) -> Option<Vec<u8>> {
    let (tlv, _) = super::der::expect(value, 0x02)?;
    let start = tlv
        .content
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(tlv.content.len());
    Some(tlv.content.get(start..)?.to_vec())
}

/// Compares two unsigned big-endian magnitudes without leading zeros.
pub(crate) fn uint_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The first directoryName of a GeneralNames value (SEQUENCE OF GeneralName; directoryName is
/// `[4] EXPLICIT Name`).
fn directory_name_of(value: &[u8]) -> Option<DistinguishedName> {
    let (seq, _) = super::der::expect(value, 0x30)?;
    let names = super::der::elements(seq.content, 64)?;
    let dn = names.iter().find(|n| n.tag == 0xa4)?;
    DistinguishedName::from_raw_der(dn.content)
}
