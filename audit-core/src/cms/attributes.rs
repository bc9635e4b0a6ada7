//! Signed and unsigned attributes of a SignerInfo (RFC 5652 §11, RFC 5035, RFC 3161 Appendix A,
//! ISO 32000-1 §12.8.3.3.2).

use x509_parser::asn1_rs::Tag;
use x509_parser::certificate::X509Certificate;

use super::algorithm::{algorithm_oid, DigestAlgorithm};
use super::ber::{self, Tlv};
use super::error::{CmsError, CmsProblem};
use super::oid;
use super::signed_data::Attribute;

/// Which ESS signing-certificate attribute was present (RFC 2634 §5.4, RFC 5035 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EssVersion {
    /// `signing-certificate`, SHA-1 certificate hash.
    V1,
    /// `signing-certificate-v2`, any hash (default SHA-256).
    V2,
}

/// Result of comparing the ESS signing-certificate attribute with the signer certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssFacts {
    pub version: EssVersion,
    pub hash_algorithm: DigestAlgorithm,
    /// The first ESSCertID's hash equals the hash of the signer certificate.
    pub certificate_matches: bool,
    /// The first ESSCertID's issuerSerial matches the signer certificate, when present.
    pub issuer_serial_matches: Option<bool>,
}

/// The values that matter among the signed attributes.
#[derive(Debug, Default)]
pub(crate) struct SignedAttributeValues<'a> {
    pub content_type: Option<String>,
    pub message_digest: Option<std::borrow::Cow<'a, [u8]>>,
    pub signing_time: Option<i64>,
    pub ess: Option<EssFacts>,
}

/// Returns the single value of a single-valued attribute, recording duplicates (RFC 5652 §11:
/// contentType, messageDigest and signingTime MUST have a single value and occur once).
fn single<'b, 'a>(
    attrs: &'b [Attribute<'a>],
    oid: &str,
    name: &'static str,
    problems: &mut Vec<CmsProblem>,
) -> Option<&'b Tlv<'a>> {
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let first = found.next()?;
    if found.next().is_some() || first.values.len() != 1 {
        problems.push(CmsProblem::DuplicateSignedAttribute { name });
        return None;
    }
    first.values.first()
}

/// Reads contentType, messageDigest, signingTime and the ESS signing-certificate attributes.
pub(crate) fn read_signed<'a>(
    attrs: &[Attribute<'a>],
    signer: Option<&X509Certificate<'_>>,
    problems: &mut Vec<CmsProblem>,
) -> SignedAttributeValues<'a> {
    let mut out = SignedAttributeValues::default();
    let unparseable = |name: &'static str, e: CmsError| CmsProblem::SignedAttributeUnparseable {
        name,
        detail: e.to_string(),
    };

    match single(attrs, oid::CONTENT_TYPE, "contentType", problems) {
        Some(v) => match v.oid("contentType") {
            Ok(o) => out.content_type = Some(o),
            Err(e) => problems.push(unparseable("contentType", e)),
        },
        None if !attrs.iter().any(|a| a.oid == oid::CONTENT_TYPE) => {
            problems.push(CmsProblem::MissingSignedAttribute {
                name: "contentType",
            })
        }
        None => {}
    }
    match single(attrs, oid::MESSAGE_DIGEST, "messageDigest", problems) {
        Some(v) => match v
            .clone()
            .expect(Tag::OctetString, "messageDigest")
            .and_then(|v| v.octets("messageDigest"))
        {
            Ok(d) => out.message_digest = Some(d),
            Err(e) => problems.push(unparseable("messageDigest", e)),
        },
        None if !attrs.iter().any(|a| a.oid == oid::MESSAGE_DIGEST) => {
            problems.push(CmsProblem::MissingSignedAttribute {
                name: "messageDigest",
            })
        }
        None => {}
    }
    if let Some(v) = single(attrs, oid::SIGNING_TIME, "signingTime", problems) {
        match time_of(v, "signingTime") {
            Ok(t) => out.signing_time = Some(t),
            Err(e) => problems.push(unparseable("signingTime", e)),
        }
    }

    for (attr_oid, version, name) in [
        (
            oid::SIGNING_CERTIFICATE_V2,
            EssVersion::V2,
            "signingCertificateV2",
        ),
        (
            oid::SIGNING_CERTIFICATE,
            EssVersion::V1,
            "signingCertificate",
        ),
    ] {
        if out.ess.is_some() {
            break;
        }
        let Some(value) = single(attrs, attr_oid, name, problems) else {
            continue;
        };
        match read_ess(value, version) {
            Ok((hash_algorithm, hash, issuer_serial)) => {
                let facts = compare_ess(version, hash_algorithm, &hash, issuer_serial, signer);
                let label = match version {
                    EssVersion::V1 => "",
                    EssVersion::V2 => "-v2",
                };
                if signer.is_some() && !facts.certificate_matches {
                    problems.push(CmsProblem::EssCertificateMismatch { version: label });
                }
                if facts.issuer_serial_matches == Some(false) {
                    problems.push(CmsProblem::EssIssuerSerialMismatch { version: label });
                }
                out.ess = Some(facts);
            }
            Err(e) => problems.push(unparseable(name, e)),
        }
    }
    out
}

/// UTCTime or GeneralizedTime (RFC 5652 §11.3) as seconds since the Unix epoch.
pub(crate) fn time_of(v: &Tlv<'_>, context: &'static str) -> Result<i64, CmsError> {
    if v.is_universal(Tag::UtcTime) {
        let t = v.any.as_utctime().map_err(|e| CmsError::asn1(context, e))?;
        let dt = t
            .utc_adjusted_datetime()
            .map_err(|e| CmsError::asn1(context, e))?;
        Ok(dt.unix_timestamp())
    } else if v.is_universal(Tag::GeneralizedTime) {
        let t = v
            .any
            .as_generalizedtime()
            .map_err(|e| CmsError::asn1(context, e))?;
        let dt = t.utc_datetime().map_err(|e| CmsError::asn1(context, e))?;
        Ok(dt.unix_timestamp())
    } else {
        Err(CmsError::UnexpectedTag {
            context,
            expected: "UTCTime or GeneralizedTime".into(),
            found: ber::tag_name(v.class(), v.tag()),
        })
    }
}

type IssuerSerial<'a> = Option<(Vec<&'a [u8]>, &'a [u8])>;

/// The first ESSCertID(v2) of a SigningCertificate(V2): hash algorithm, hash, issuerSerial
/// (directory names of the issuer GeneralNames and the serial INTEGER content).
fn read_ess<'a>(
    value: &Tlv<'a>,
    version: EssVersion,
) -> Result<(DigestAlgorithm, Vec<u8>, IssuerSerial<'a>), CmsError> {
    const CTX: &str = "ESS signing-certificate";
    let seq = value.clone().expect(Tag::Sequence, CTX)?;
    let certs = seq
        .children(CTX)?
        .into_iter()
        .next()
        .ok_or(CmsError::Missing { context: CTX })?
        .expect(Tag::Sequence, CTX)?;
    let first = certs
        .children(CTX)?
        .into_iter()
        .next()
        .ok_or(CmsError::Missing {
            context: "ESSCertID",
        })?
        .expect(Tag::Sequence, CTX)?;
    let mut parts = first.children(CTX)?.into_iter().peekable();
    let mut hash_algorithm = match version {
        EssVersion::V1 => DigestAlgorithm::Sha1,
        EssVersion::V2 => DigestAlgorithm::Sha256,
    };
    if version == EssVersion::V2 && parts.peek().is_some_and(|p| p.is_universal(Tag::Sequence)) {
        if let Some(alg) = parts.next() {
            hash_algorithm = DigestAlgorithm::from_oid(&algorithm_oid(&alg, CTX)?.0);
        }
    }
    let hash = parts
        .next()
        .ok_or(CmsError::Missing {
            context: "ESSCertID.certHash",
        })?
        .expect(Tag::OctetString, CTX)?
        .octets(CTX)?
        .into_owned();
    let issuer_serial = match parts.next() {
        None => None,
        Some(is) => {
            let is = is.expect(Tag::Sequence, "IssuerSerial")?;
            let mut kids = is.children("IssuerSerial")?.into_iter();
            let names = kids.next().ok_or(CmsError::Missing {
                context: "IssuerSerial.issuer",
            })?;
            let serial = kids
                .next()
                .ok_or(CmsError::Missing {
                    context: "IssuerSerial.serialNumber",
                })?
                .integer_bytes("IssuerSerial.serialNumber")?;
            let mut directory_names = Vec::new();
            for gn in names.children("IssuerSerial.issuer")? {
                // directoryName [4] EXPLICIT Name (RFC 5280 §4.2.1.6).
                if gn.is_context(4) {
                    let (name, _) = ber::read(gn.content(), "IssuerSerial.issuer")?;
                    directory_names.push(name.raw);
                }
            }
            Some((directory_names, serial))
        }
    };
    Ok((hash_algorithm, hash, issuer_serial))
}

fn compare_ess(
    version: EssVersion,
    hash_algorithm: DigestAlgorithm,
    hash: &[u8],
    issuer_serial: IssuerSerial<'_>,
    signer: Option<&X509Certificate<'_>>,
) -> EssFacts {
    let certificate_matches = signer
        .and_then(|c| hash_algorithm.digest(&[c.as_raw()]))
        .is_some_and(|d| d == hash);
    let issuer_serial_matches = match (issuer_serial, signer) {
        (Some((names, serial)), Some(cert)) => Some(
            names.iter().any(|n| *n == cert.issuer().as_raw())
                && ber::trim_unsigned(serial) == ber::trim_unsigned(cert.raw_serial()),
        ),
        _ => None,
    };
    EssFacts {
        version,
        hash_algorithm,
        certificate_matches,
        issuer_serial_matches,
    }
}

/// Revocation data embedded in the signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Archival {
    pub crls: Vec<Vec<u8>>,
    pub ocsp_responses: Vec<Vec<u8>>,
}

/// RevocationInfoArchival (ISO 32000-1 §12.8.3.3.2, Adobe): `crl [0] EXPLICIT SEQUENCE OF
/// CertificateList`, `ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse`, `otherRevInfo [2]`.
pub(crate) fn read_archival(value: &Tlv<'_>) -> Result<Archival, CmsError> {
    const CTX: &str = "adbe-revocationInfoArchival";
    let mut out = Archival::default();
    let seq = value.clone().expect(Tag::Sequence, CTX)?;
    for field in seq.children(CTX)? {
        let target = if field.is_context(0) {
            &mut out.crls
        } else if field.is_context(1) {
            &mut out.ocsp_responses
        } else {
            continue;
        };
        let (list, _) = ber::read(field.content(), CTX)?;
        for item in list.expect(Tag::Sequence, CTX)?.children(CTX)? {
            target.push(item.raw.to_vec());
        }
    }
    Ok(out)
}
