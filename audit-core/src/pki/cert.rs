//! An owned, pre-digested X.509 certificate (RFC 5280 §4): everything path building and
//! validation look at, extracted once so the rest of the module is free of parser lifetimes.

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

use super::name::{ConstrainedName, DistinguishedName};
use super::sig::{PublicKeyInfo, SignatureAlgorithm};

/// keyUsage bits (RFC 5280 §4.2.1.3), as x509-parser numbers them (bit 0 = digitalSignature).
pub(crate) mod ku {
    pub const DIGITAL_SIGNATURE: u16 = 1 << 0;
    pub const NON_REPUDIATION: u16 = 1 << 1;
    pub const KEY_CERT_SIGN: u16 = 1 << 5;
    pub const CRL_SIGN: u16 = 1 << 6;
}

pub(crate) const ANY_POLICY: &str = "2.5.29.32.0";
pub(crate) const EKU_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
pub(crate) const EKU_ANY: &str = "2.5.29.37.0";

/// Extensions this module processes (RFC 5280 §4.2; a critical extension outside this list makes
/// the certificate unacceptable, §6.1.4 (o)).
const UNDERSTOOD: &[&str] = &[
    "2.5.29.14",            // subjectKeyIdentifier
    "2.5.29.35",            // authorityKeyIdentifier
    "2.5.29.15",            // keyUsage
    "2.5.29.32",            // certificatePolicies
    "2.5.29.33",            // policyMappings
    "2.5.29.17",            // subjectAltName
    "2.5.29.18",            // issuerAltName
    "2.5.29.19",            // basicConstraints
    "2.5.29.30",            // nameConstraints
    "2.5.29.36",            // policyConstraints
    "2.5.29.37",            // extKeyUsage
    "2.5.29.31",            // cRLDistributionPoints
    "2.5.29.54",            // inhibitAnyPolicy
    "2.5.29.46",            // freshestCRL
    "1.3.6.1.5.5.7.1.1",    // authorityInfoAccess
    "1.3.6.1.5.5.7.48.1.5", // id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1)
];

/// Extensions whose misreading could grant more than the issuer intended (§4.2.1.3, .9, .10,
/// .4-.5, .11, .14, .12).
const SECURITY_RELEVANT: &[&str] = &[
    "2.5.29.15",
    "2.5.29.19",
    "2.5.29.30",
    "2.5.29.32",
    "2.5.29.33",
    "2.5.29.36",
    "2.5.29.54",
    "2.5.29.37",
];

/// Why bytes could not be read as a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("not a DER X.509 certificate: {0}")]
    Parse(String),
    #[error("trailing bytes after the certificate")]
    TrailingData,
    #[error("malformed extension {oid}: {reason}")]
    Extension { oid: String, reason: String },
    #[error("no certificate found in PEM input")]
    NoPemCertificate,
}

/// A certificate, parsed once.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub(crate) der: Vec<u8>,
    pub(crate) tbs: Vec<u8>,
    pub(crate) signature_algorithm: SignatureAlgorithm,
    pub(crate) signature: Vec<u8>,
    pub(crate) serial: Vec<u8>,
    pub(crate) subject: DistinguishedName,
    pub(crate) issuer: DistinguishedName,
    pub(crate) not_before: i64,
    pub(crate) not_after: i64,
    pub(crate) public_key: PublicKeyInfo,
    pub(crate) subject_key_id: Option<Vec<u8>>,
    pub(crate) authority_key_id: Option<Vec<u8>>,
    /// basicConstraints: (cA, pathLenConstraint).
    pub(crate) basic_constraints: Option<(bool, Option<u32>)>,
    pub(crate) key_usage: Option<u16>,
    pub(crate) ext_key_usage: Option<Vec<String>>,
    /// certificatePolicies policy OIDs (None when the extension is absent).
    pub(crate) policies: Option<Vec<String>>,
    pub(crate) policy_mappings: Vec<(String, String)>,
    pub(crate) require_explicit_policy: Option<u32>,
    pub(crate) inhibit_policy_mapping: Option<u32>,
    pub(crate) inhibit_any_policy: Option<u32>,
    pub(crate) name_constraints: Option<(Option<Vec<ConstrainedName>>, Vec<ConstrainedName>)>,
    pub(crate) subject_alt_names: Vec<ConstrainedName>,
    /// cRLDistributionPoints fullName directory names and URIs (for CRL scope matching).
    pub(crate) crl_distribution_points: Option<Vec<DistributionPoint>>,
    pub(crate) ocsp_no_check: bool,
    pub(crate) unknown_critical: Vec<String>,
    /// Non-critical, non-security-relevant extensions that could not be parsed (ignored).
    pub(crate) malformed_extensions: Vec<String>,
    pub(crate) sha256: [u8; 32],
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}
impl Eq for Certificate {}

fn ext_err(oid: &str, reason: impl std::fmt::Display) -> CertificateError {
    CertificateError::Extension {
        oid: oid.to_owned(),
        reason: reason.to_string(),
    }
}

impl Certificate {
    /// Parses one DER certificate (no trailing bytes allowed).
    pub fn from_der(der: &[u8]) -> Result<Self, CertificateError> {
        let (rest, x) =
            X509Certificate::from_der(der).map_err(|e| CertificateError::Parse(e.to_string()))?;
        if !rest.is_empty() {
            return Err(CertificateError::TrailingData);
        }
        Self::from_x509(&x, der)
    }

    /// Builds the owned form from a parsed certificate; `der` is its full encoding.
    pub(crate) fn from_x509(x: &X509Certificate<'_>, der: &[u8]) -> Result<Self, CertificateError> {
        let tbs_cert = &x.tbs_certificate;
        let mut c = Certificate {
            der: der.to_vec(),
            tbs: tbs_cert.as_ref().to_vec(),
            signature_algorithm: SignatureAlgorithm::from_x509(&x.signature_algorithm),
            signature: x.signature_value.data.to_vec(),
            serial: tbs_cert.raw_serial().to_vec(),
            subject: DistinguishedName::from_x509(&tbs_cert.subject),
            issuer: DistinguishedName::from_x509(&tbs_cert.issuer),
            not_before: tbs_cert.validity.not_before.timestamp(),
            not_after: tbs_cert.validity.not_after.timestamp(),
            public_key: PublicKeyInfo::from_x509(&tbs_cert.subject_pki),
            subject_key_id: None,
            authority_key_id: None,
            basic_constraints: None,
            key_usage: None,
            ext_key_usage: None,
            policies: None,
            policy_mappings: Vec::new(),
            require_explicit_policy: None,
            inhibit_policy_mapping: None,
            inhibit_any_policy: None,
            name_constraints: None,
            subject_alt_names: Vec::new(),
            crl_distribution_points: None,
            ocsp_no_check: false,
            unknown_critical: Vec::new(),
            malformed_extensions: Vec::new(),
            sha256: [0; 32],
        };
        // RFC 5280 §4.1.2.1-§4.2: the signature algorithm inside and outside the TBS must agree.
        if x.signature_algorithm.algorithm != tbs_cert.signature.algorithm {
            return Err(CertificateError::Parse(
                "signature algorithm mismatch between TBS and certificate".into(),
            ));
        }
        let digest = ring::digest::digest(&ring::digest::SHA256, der);
        c.sha256.copy_from_slice(digest.as_ref());
        let mut seen: Vec<String> = Vec::new();
        for ext in tbs_cert.extensions() {
            let oid = ext.oid.to_id_string();
            if seen.contains(&oid) {
                // §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
                return Err(ext_err(&oid, "duplicate extension"));
            }
            seen.push(oid.clone());
            if oid == "2.5.29.31" {
                // Read from the raw DER: x509-parser 0.18 mis-parses nameRelativeToCRLIssuer and
                // distribution points that carry only a cRLIssuer.
                let issuer = DistinguishedName::from_x509(&tbs_cert.issuer);
                match distribution_points(ext.value, &issuer) {
                    Some(dps) => c.crl_distribution_points = Some(dps),
                    None if ext.critical => {
                        return Err(ext_err(&oid, "malformed cRLDistributionPoints"))
                    }
                    None => c.malformed_extensions.push(oid.clone()),
                }
            }
            match ext.parsed_extension() {
                ParsedExtension::CRLDistributionPoints(_) => {}
                ParsedExtension::ParseError { .. } if oid == "2.5.29.31" => {}
                ParsedExtension::ParseError { error } => {
                    // A malformed extension that constrains or widens what the certificate may do
                    // (or any critical one) makes the certificate unusable. Other non-critical
                    // extensions (AIA, CRL distribution points, SAN, comments) are ignored:
                    // real-world CAs get their encodings slightly wrong more often than
                    // attackers gain anything from them.
                    if ext.critical || SECURITY_RELEVANT.contains(&oid.as_str()) {
                        return Err(ext_err(&oid, error));
                    }
                    c.malformed_extensions.push(oid.clone());
                }
                ParsedExtension::SubjectKeyIdentifier(k) => c.subject_key_id = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    c.authority_key_id = a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                ParsedExtension::KeyUsage(k) => c.key_usage = Some(k.flags),
                ParsedExtension::ExtendedKeyUsage(e) => {
                    let mut list: Vec<String> = e.other.iter().map(|o| o.to_id_string()).collect();
                    let named = [
                        (e.any, EKU_ANY),
                        (e.server_auth, "1.3.6.1.5.5.7.3.1"),
                        (e.client_auth, "1.3.6.1.5.5.7.3.2"),
                        (e.code_signing, "1.3.6.1.5.5.7.3.3"),
                        (e.email_protection, "1.3.6.1.5.5.7.3.4"),
                        (e.time_stamping, "1.3.6.1.5.5.7.3.8"),
                        (e.ocsp_signing, EKU_OCSP_SIGNING),
                    ];
                    list.extend(
                        named
                            .iter()
                            .filter(|(on, _)| *on)
                            .map(|(_, o)| (*o).to_owned()),
                    );
                    c.ext_key_usage = Some(list);
                }
                ParsedExtension::BasicConstraints(b) => {
                    c.basic_constraints = Some((b.ca, b.path_len_constraint))
                }
                ParsedExtension::CertificatePolicies(p) => {
                    let mut ids: Vec<String> = Vec::new();
                    for info in p.iter() {
                        let id = info.policy_id.to_id_string();
                        if ids.contains(&id) {
                            return Err(ext_err(&oid, "policy listed twice"));
                        }
                        ids.push(id);
                    }
                    c.policies = Some(ids);
                }
                ParsedExtension::PolicyMappings(m) => {
                    c.policy_mappings = m
                        .mappings
                        .iter()
                        .map(|pm| {
                            (
                                pm.issuer_domain_policy.to_id_string(),
                                pm.subject_domain_policy.to_id_string(),
                            )
                        })
                        .collect()
                }
                ParsedExtension::PolicyConstraints(p) => {
                    c.require_explicit_policy = p.require_explicit_policy;
                    c.inhibit_policy_mapping = p.inhibit_policy_mapping;
                }
                ParsedExtension::InhibitAnyPolicy(i) => c.inhibit_any_policy = Some(i.skip_certs),
                ParsedExtension::NameConstraints(nc) => {
                    let conv = |v: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
                        v.as_ref().map(|l| {
                            l.iter()
                                .map(|s| ConstrainedName::from_general_name(&s.base))
                                .collect::<Vec<_>>()
                        })
                    };
                    c.name_constraints = Some((
                        conv(&nc.permitted_subtrees),
                        conv(&nc.excluded_subtrees).unwrap_or_default(),
                    ));
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    c.subject_alt_names = san
                        .general_names
                        .iter()
                        .map(ConstrainedName::from_general_name)
                        .collect()
                }
                _ => {
                    if oid == "1.3.6.1.5.5.7.48.1.5" {
                        c.ocsp_no_check = true;
                    }
                }
            }
            if ext.critical && !UNDERSTOOD.contains(&oid.as_str()) {
                c.unknown_critical.push(oid);
            }
        }
        Ok(c)
    }

    /// Parses every certificate of `bytes`: a DER certificate, a PEM bundle
    /// (`-----BEGIN CERTIFICATE-----` blocks), or a certs-only PKCS #7 / CMS SignedData
    /// (`.p7b`/`.p7c`, DER or PEM `-----BEGIN PKCS7-----`; RFC 5652 §5.1), the form in which the
    /// Vietnamese national root publishes its certificate chain.
    pub fn parse_many(bytes: &[u8]) -> Result<Vec<Self>, CertificateError> {
        let looks_pem = bytes.windows(11).any(|w| w == b"-----BEGIN ");
        if !looks_pem {
            if let Some(certs) = pkcs7_certificates(bytes) {
                return certs.iter().map(|c| Self::from_der(c)).collect();
            }
            return Ok(vec![Self::from_der(bytes)?]);
        }
        let mut out = Vec::new();
        for pem in x509_parser::pem::Pem::iter_from_buffer(bytes) {
            let pem = pem.map_err(|e| CertificateError::Parse(e.to_string()))?;
            match pem.label.as_str() {
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    out.push(Self::from_der(&pem.contents)?)
                }
                "PKCS7" | "CMS" => {
                    let certs = pkcs7_certificates(&pem.contents).ok_or_else(|| {
                        CertificateError::Parse("PKCS #7 without certificates".into())
                    })?;
                    for c in certs {
                        out.push(Self::from_der(c)?);
                    }
                }
                _ => {}
            }
        }
        if out.is_empty() {
            return Err(CertificateError::NoPemCertificate);
        }
        Ok(out)
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }
    pub fn subject(&self) -> &DistinguishedName {
        &self.subject
    }
    pub fn issuer(&self) -> &DistinguishedName {
        &self.issuer
    }
    /// Serial number as encoded (big-endian two's complement).
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }
    pub fn not_before(&self) -> i64 {
        self.not_before
    }
    pub fn not_after(&self) -> i64 {
        self.not_after
    }
    pub fn public_key(&self) -> &PublicKeyInfo {
        &self.public_key
    }
    pub fn signature_algorithm(&self) -> &SignatureAlgorithm {
        &self.signature_algorithm
    }
    /// SHA-256 of the DER (an identity for de-duplication and reports).
    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.sha256
    }

    /// OIDs of non-critical extensions that were malformed and ignored.
    pub fn malformed_extensions(&self) -> &[String] {
        &self.malformed_extensions
    }

    /// §6.1: "self-issued" — subject and issuer names match.
    pub fn is_self_issued(&self) -> bool {
        self.subject == self.issuer
    }

    pub(crate) fn is_ca(&self) -> bool {
        matches!(self.basic_constraints, Some((true, _)))
    }

    pub(crate) fn has_key_usage(&self, bit: u16) -> bool {
        self.key_usage.is_none_or(|k| k & bit != 0)
    }

    pub(crate) fn has_eku(&self, oid: &str) -> bool {
        self.ext_key_usage
            .as_ref()
            .is_some_and(|l| l.iter().any(|o| o == oid))
    }

    pub(crate) fn valid_at(&self, t: i64) -> bool {
        self.not_before <= t && t <= self.not_after
    }

    /// Names subject to name constraints (§6.1.3 (b)): the subject DN, its legacy emailAddress
    /// attributes as rfc822Names, and the subjectAltName entries.
    pub(crate) fn constrained_names(&self) -> Vec<ConstrainedName> {
        let mut names = vec![ConstrainedName::Directory(self.subject.clone())];
        if self.subject_alt_names.is_empty() {
            names.extend(
                self.subject
                    .email_addresses()
                    .into_iter()
                    .map(ConstrainedName::Rfc822),
            );
        }
        names.extend(self.subject_alt_names.iter().cloned());
        names
    }
}

/// One DistributionPoint of a cRLDistributionPoints extension (RFC 5280 §4.2.1.13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DistributionPoint {
    /// The distributionPoint names (full names, or the relative name made full).
    pub names: Vec<ConstrainedName>,
    /// cRLIssuer: set when the CRL is issued by someone else (an indirect CRL).
    pub crl_issuer: Vec<ConstrainedName>,
    /// ReasonFlags bits, when the point covers only some reasons.
    pub reasons: Option<u16>,
}

/// Parses a cRLDistributionPoints value (RFC 5280 §4.2.1.13):
/// `DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
/// reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }`.
fn distribution_points(
    value: &[u8],
    cert_issuer: &DistinguishedName,
) -> Option<Vec<DistributionPoint>> {
    use super::der;
    let (seq, _) = der::expect(value, 0x30)?;
    let mut out = Vec::new();
    for dp in der::elements(seq.content, 64)? {
        if dp.tag != 0x30 {
            return None;
        }
        let (dpn, rest) = der::optional(dp.content, 0xa0)?;
        let (reasons, rest) = der::optional(rest, 0x81)?;
        let (crl_issuer, _) = der::optional(rest, 0xa2)?;
        let crl_issuer: Vec<ConstrainedName> = match crl_issuer {
            Some(ci) => general_names(ci.content)?,
            None => Vec::new(),
        };
        // nameRelativeToCRLIssuer is relative to the cRLIssuer when present.
        let base = crl_issuer
            .iter()
            .find_map(|n| match n {
                ConstrainedName::Directory(d) => Some(d.clone()),
                _ => None,
            })
            .unwrap_or_else(|| cert_issuer.clone());
        let names = match dpn {
            Some(dpn) => {
                let (choice, _) = der::read_tlv(dpn.content)?;
                match choice.tag {
                    0xa0 => general_names(choice.content)?,
                    0xa1 => vec![ConstrainedName::Directory(
                        base.with_rdn_content(choice.content)?,
                    )],
                    _ => return None,
                }
            }
            None => Vec::new(),
        };
        let reasons = reasons.map(|r| reason_flags(r.content));
        out.push(DistributionPoint {
            names,
            crl_issuer,
            reasons,
        });
    }
    Some(out)
}

/// The elements of a GeneralNames (content octets of the SEQUENCE or implicit tag).
pub(crate) fn general_names(content: &[u8]) -> Option<Vec<ConstrainedName>> {
    use x509_parser::asn1_rs::{Any, FromDer as _};
    let mut out = Vec::new();
    for tlv in super::der::elements(content, 64)? {
        let (_, any) = Any::from_der(tlv.raw).ok()?;
        let gn = x509_parser::extensions::GeneralName::try_from(any).ok()?;
        out.push(ConstrainedName::from_general_name(&gn));
    }
    Some(out)
}

/// ReasonFlags BIT STRING contents as bits (bit i = reason code i; X.690 numbers bits from the
/// most significant bit of the first octet).
pub(crate) fn reason_flags(content: &[u8]) -> u16 {
    let mut flags = 0u16;
    for i in 0..16usize {
        if let Some(byte) = content.get(1 + i / 8) {
            if (byte >> (7 - i % 8)) & 1 == 1 {
                flags |= 1 << i;
            }
        }
    }
    flags
}

/// A DistributionPointName's content: the nameRelativeToCRLIssuer [1] choice, as a full name.
pub(crate) fn relative_name(
    dpn_content: &[u8],
    issuer: &DistinguishedName,
) -> Option<DistinguishedName> {
    let (rel, _) = super::der::expect(dpn_content, 0xa1)?;
    issuer.with_rdn_content(rel.content)
}

/// The certificates of a DER ContentInfo holding SignedData (RFC 5652 §3, §5.1:
/// `certificates [0] IMPLICIT CertificateSet`), or `None` when `bytes` is not one.
fn pkcs7_certificates(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    use super::der;
    let (ci, _) = der::expect(bytes, 0x30)?;
    let (oid, rest) = der::expect(ci.content, 0x06)?;
    if der::oid_string(oid.content)? != "1.2.840.113549.1.7.2" {
        return None;
    }
    let (explicit, _) = der::expect(rest, 0xa0)?;
    let (sd, _) = der::expect(explicit.content, 0x30)?;
    let (_version, rest) = der::expect(sd.content, 0x02)?;
    let (_digests, rest) = der::expect(rest, 0x31)?;
    let (_encap, rest) = der::expect(rest, 0x30)?;
    let (certs, _) = der::optional(rest, 0xa0)?;
    let certs = der::elements(certs?.content, 1024)?;
    // Only X.509 certificates (SEQUENCE); other CertificateChoices are skipped.
    Some(
        certs
            .iter()
            .filter(|c| c.tag == 0x30)
            .map(|c| c.raw)
            .collect(),
    )
}
