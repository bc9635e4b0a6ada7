//! The SignedData structure (RFC 5652 §5.1–§5.3), read from BER without re-encoding.

use std::borrow::Cow;

use x509_parser::asn1_rs::Tag;

use super::ber::{self, Tlv};
use super::error::CmsError;
use super::oid;

/// Upper bounds on element counts (hostile input must not allocate without limit).
const MAX_CERTIFICATES: usize = 256;
const MAX_REVOCATION_ENTRIES: usize = 1024;
const MAX_SIGNER_INFOS: usize = 64;
const MAX_ATTRIBUTES: usize = 128;

/// An AlgorithmIdentifier: dotted OID and the parameters element, if any.
#[derive(Debug, Clone)]
pub(crate) struct AlgorithmId<'a> {
    pub oid: String,
    pub params: Option<Tlv<'a>>,
}

impl<'a> AlgorithmId<'a> {
    fn read(tlv: &Tlv<'a>, context: &'static str) -> Result<Self, CmsError> {
        let (oid, params) = super::algorithm::algorithm_oid(tlv, context)?;
        Ok(Self { oid, params })
    }
}

/// SignerIdentifier (RFC 5652 §5.3).
#[derive(Debug, Clone)]
pub(crate) enum SignerId<'a> {
    /// Raw DER of the issuer Name and the serial number INTEGER content.
    IssuerSerial {
        issuer: &'a [u8],
        serial: &'a [u8],
    },
    SubjectKeyId(Cow<'a, [u8]>),
}

/// An Attribute (RFC 5652 §5.3): type and the value elements as received.
#[derive(Debug, Clone)]
pub(crate) struct Attribute<'a> {
    pub oid: String,
    pub values: Vec<Tlv<'a>>,
}

/// The signed attributes: the `[0] IMPLICIT` element exactly as received and its attributes.
#[derive(Debug, Clone)]
pub(crate) struct SignedAttributes<'a> {
    pub raw: &'a [u8],
    pub attributes: Vec<Attribute<'a>>,
    /// The attribute elements are in DER SET OF order with definite lengths.
    pub der_sorted: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SignerInfo<'a> {
    pub sid: SignerId<'a>,
    pub digest_algorithm: AlgorithmId<'a>,
    pub signed_attrs: Option<SignedAttributes<'a>>,
    pub signature_algorithm: AlgorithmId<'a>,
    pub signature: Cow<'a, [u8]>,
    pub unsigned_attrs: Vec<Attribute<'a>>,
    /// Why the unsigned attributes could not be read. They are outside the signature, so a
    /// garbled set is reported but does not make the signature unreadable.
    pub unsigned_attrs_error: Option<CmsError>,
}

/// SignedData, with every part still borrowing the received bytes where possible.
#[derive(Debug, Clone)]
pub(crate) struct SignedData<'a> {
    pub digest_algorithms: Vec<String>,
    pub econtent_type: String,
    pub econtent: Option<Cow<'a, [u8]>>,
    /// Raw DER of each `Certificate` choice of the CertificateSet (other choices skipped).
    pub certificates: Vec<&'a [u8]>,
    /// Raw DER of each CertificateList in RevocationInfoChoices.
    pub crls: Vec<&'a [u8]>,
    /// Raw DER of each OCSPResponse in RevocationInfoChoices `other` (RFC 5940 §4.1).
    pub ocsp_responses: Vec<&'a [u8]>,
    pub signer_infos: Vec<SignerInfo<'a>>,
}

/// Parsed outer ContentInfo (RFC 5652 §3) and what follows it in /Contents.
#[derive(Debug)]
pub(crate) struct Outer<'a> {
    pub content_type: String,
    /// The `[0] EXPLICIT` content.
    pub content: Tlv<'a>,
    /// Bytes after the ContentInfo (zero padding in a PDF /Contents).
    pub trailing: &'a [u8],
}

/// Reads the outer ContentInfo. The outer TLV length (definite or indefinite) delimits the CMS;
/// anything after it is padding.
pub(crate) fn read_content_info(bytes: &[u8]) -> Result<Outer<'_>, CmsError> {
    const CTX: &str = "ContentInfo";
    if bytes.is_empty() {
        return Err(CmsError::Empty);
    }
    if bytes.iter().all(|&b| b == 0) {
        return Err(CmsError::ZeroFilled);
    }
    let (ci, trailing) = ber::read(bytes, CTX)?;
    let ci = ci.expect(Tag::Sequence, CTX)?;
    let mut kids = ci.children(CTX)?.into_iter();
    let content_type = kids
        .next()
        .ok_or(CmsError::Missing {
            context: "ContentInfo.contentType",
        })?
        .oid("ContentInfo.contentType")?;
    let wrapper = kids.next().ok_or(CmsError::Missing {
        context: "ContentInfo.content",
    })?;
    if !wrapper.is_context(0) {
        return Err(CmsError::UnexpectedTag {
            context: "ContentInfo.content",
            expected: "[0]".into(),
            found: ber::tag_name(wrapper.class(), wrapper.tag()),
        });
    }
    let (content, _) = ber::read(wrapper.content(), "ContentInfo.content")?;
    Ok(Outer {
        content_type,
        content,
        trailing,
    })
}

/// Reads SignedData (RFC 5652 §5.1).
pub(crate) fn read_signed_data<'a>(tlv: &Tlv<'a>) -> Result<SignedData<'a>, CmsError> {
    const CTX: &str = "SignedData";
    let sd = tlv.clone().expect(Tag::Sequence, CTX)?;
    let mut kids = sd.children(CTX)?.into_iter().peekable();
    let next = |kids: &mut std::iter::Peekable<std::vec::IntoIter<Tlv<'a>>>,
                context: &'static str| {
        kids.next().ok_or(CmsError::Missing { context })
    };

    next(&mut kids, "SignedData.version")?.small_uint("SignedData.version")?;

    let digest_set = next(&mut kids, "SignedData.digestAlgorithms")?
        .expect(Tag::Set, "SignedData.digestAlgorithms")?;
    let digest_algorithms = digest_set
        .children("SignedData.digestAlgorithms")?
        .iter()
        .map(|a| AlgorithmId::read(a, "SignedData.digestAlgorithms").map(|a| a.oid))
        .collect::<Result<Vec<_>, _>>()?;

    let (econtent_type, econtent) =
        read_encap_content(&next(&mut kids, "SignedData.encapContentInfo")?)?;

    let mut certificates = Vec::new();
    let mut crls = Vec::new();
    let mut ocsp_responses = Vec::new();
    if kids.peek().is_some_and(|k| k.is_context(0)) {
        let set = next(&mut kids, "SignedData.certificates")?;
        for cert in set.children("SignedData.certificates")? {
            // CertificateChoices: only the plain Certificate (a SEQUENCE) is kept; attribute
            // certificates and `other` are irrelevant to the signer's identity.
            if cert.is_universal(Tag::Sequence) {
                if certificates.len() >= MAX_CERTIFICATES {
                    return Err(CmsError::TooMany {
                        context: "SignedData.certificates",
                        limit: MAX_CERTIFICATES,
                    });
                }
                certificates.push(cert.raw);
            }
        }
    }
    if kids.peek().is_some_and(|k| k.is_context(1)) {
        let set = next(&mut kids, "SignedData.crls")?;
        for entry in set.children("SignedData.crls")? {
            if crls.len() + ocsp_responses.len() >= MAX_REVOCATION_ENTRIES {
                return Err(CmsError::TooMany {
                    context: "SignedData.crls",
                    limit: MAX_REVOCATION_ENTRIES,
                });
            }
            if entry.is_universal(Tag::Sequence) {
                crls.push(entry.raw);
            } else if entry.is_context(1) {
                // OtherRevocationInfoFormat, IMPLICIT: otherRevInfoFormat OID, otherRevInfo.
                let parts = entry.children("OtherRevocationInfoFormat")?;
                if let [format, info, ..] = parts.as_slice() {
                    if format.oid("OtherRevocationInfoFormat")? == oid::RI_OCSP_RESPONSE {
                        ocsp_responses.push(info.raw);
                    }
                }
            }
        }
    }

    let infos =
        next(&mut kids, "SignedData.signerInfos")?.expect(Tag::Set, "SignedData.signerInfos")?;
    let infos = infos.children("SignedData.signerInfos")?;
    if infos.len() > MAX_SIGNER_INFOS {
        return Err(CmsError::TooMany {
            context: "SignedData.signerInfos",
            limit: MAX_SIGNER_INFOS,
        });
    }
    let signer_infos = infos
        .iter()
        .map(read_signer_info)
        .collect::<Result<Vec<_>, _>>()?;

    Ok(SignedData {
        digest_algorithms,
        econtent_type,
        econtent,
        certificates,
        crls,
        ocsp_responses,
        signer_infos,
    })
}

/// eContentType and eContent.
type EncapContent<'a> = (String, Option<Cow<'a, [u8]>>);

/// EncapsulatedContentInfo (RFC 5652 §5.2): type and the eContent octets, if present.
fn read_encap_content<'a>(tlv: &Tlv<'a>) -> Result<EncapContent<'a>, CmsError> {
    const CTX: &str = "EncapsulatedContentInfo";
    let seq = tlv.clone().expect(Tag::Sequence, CTX)?;
    let mut kids = seq.children(CTX)?.into_iter();
    let ctype = kids
        .next()
        .ok_or(CmsError::Missing {
            context: "eContentType",
        })?
        .oid("eContentType")?;
    let econtent = match kids.next() {
        None => None,
        Some(wrapper) if wrapper.is_context(0) => {
            let (octets, _) = ber::read(wrapper.content(), "eContent")?;
            let octets = octets.expect(Tag::OctetString, "eContent")?;
            Some(octets.octets("eContent")?)
        }
        Some(other) => {
            return Err(CmsError::UnexpectedTag {
                context: "eContent",
                expected: "[0]".into(),
                found: ber::tag_name(other.class(), other.tag()),
            })
        }
    };
    Ok((ctype, econtent))
}

/// SignerInfo (RFC 5652 §5.3).
fn read_signer_info<'a>(tlv: &Tlv<'a>) -> Result<SignerInfo<'a>, CmsError> {
    const CTX: &str = "SignerInfo";
    let seq = tlv.clone().expect(Tag::Sequence, CTX)?;
    let mut kids = seq.children(CTX)?.into_iter().peekable();
    let mut next = |context: &'static str| kids.next().ok_or(CmsError::Missing { context });

    next("SignerInfo.version")?.small_uint("SignerInfo.version")?;
    let sid_tlv = next("SignerInfo.sid")?;
    let sid = if sid_tlv.is_universal(Tag::Sequence) {
        let parts = sid_tlv.children("IssuerAndSerialNumber")?;
        match parts.as_slice() {
            [issuer, serial] => SignerId::IssuerSerial {
                issuer: issuer
                    .clone()
                    .expect(Tag::Sequence, "IssuerAndSerialNumber")?
                    .raw,
                serial: serial.integer_bytes("IssuerAndSerialNumber.serialNumber")?,
            },
            _ => {
                return Err(CmsError::Asn1 {
                    context: "IssuerAndSerialNumber",
                    detail: "expected issuer and serialNumber".into(),
                })
            }
        }
    } else if sid_tlv.is_context(0) {
        SignerId::SubjectKeyId(sid_tlv.octets("SubjectKeyIdentifier")?)
    } else {
        return Err(CmsError::UnexpectedTag {
            context: "SignerInfo.sid",
            expected: "SEQUENCE or [0]".into(),
            found: ber::tag_name(sid_tlv.class(), sid_tlv.tag()),
        });
    };
    let digest_algorithm = AlgorithmId::read(
        &next("SignerInfo.digestAlgorithm")?,
        "SignerInfo.digestAlgorithm",
    )?;
    let mut after_digest = next("SignerInfo.signatureAlgorithm")?;
    let signed_attrs = if after_digest.is_context(0) {
        let attrs = after_digest;
        after_digest = next("SignerInfo.signatureAlgorithm")?;
        Some(read_signed_attributes(&attrs)?)
    } else {
        None
    };
    let signature_algorithm = AlgorithmId::read(&after_digest, "SignerInfo.signatureAlgorithm")?;
    let signature = next("SignerInfo.signature")?
        .expect(Tag::OctetString, "SignerInfo.signature")?
        .octets("SignerInfo.signature")?;
    let mut unsigned_attrs_error = None;
    let unsigned_attrs = match kids.next() {
        Some(u) if u.is_context(1) => match read_attributes(&u, "SignerInfo.unsignedAttrs") {
            Ok((attrs, _)) => attrs,
            Err(e) => {
                unsigned_attrs_error = Some(e);
                Vec::new()
            }
        },
        Some(other) => {
            return Err(CmsError::UnexpectedTag {
                context: "SignerInfo.unsignedAttrs",
                expected: "[1]".into(),
                found: ber::tag_name(other.class(), other.tag()),
            })
        }
        None => Vec::new(),
    };
    Ok(SignerInfo {
        sid,
        digest_algorithm,
        signed_attrs,
        signature_algorithm,
        signature,
        unsigned_attrs,
        unsigned_attrs_error,
    })
}

fn read_signed_attributes<'a>(tlv: &Tlv<'a>) -> Result<SignedAttributes<'a>, CmsError> {
    let (attributes, der_sorted) = read_attributes(tlv, "SignerInfo.signedAttrs")?;
    Ok(SignedAttributes {
        raw: tlv.raw,
        attributes,
        der_sorted: der_sorted && !tlv.is_indefinite(),
    })
}

/// Reads a SET OF Attribute given as an IMPLICIT-tagged element.
fn read_attributes<'a>(
    tlv: &Tlv<'a>,
    context: &'static str,
) -> Result<(Vec<Attribute<'a>>, bool), CmsError> {
    let elements = tlv.children(context)?;
    if elements.len() > MAX_ATTRIBUTES {
        return Err(CmsError::TooMany {
            context,
            limit: MAX_ATTRIBUTES,
        });
    }
    let der_sorted = ber::is_der_sorted(&elements);
    let mut out = Vec::with_capacity(elements.len());
    for element in &elements {
        let element = element.clone().expect(Tag::Sequence, context)?;
        let mut parts = element.children(context)?.into_iter();
        let oid = parts
            .next()
            .ok_or(CmsError::Missing { context })?
            .oid(context)?;
        let values = parts
            .next()
            .ok_or(CmsError::Missing { context })?
            .expect(Tag::Set, context)?
            .children(context)?;
        if values.len() > MAX_ATTRIBUTES {
            return Err(CmsError::TooMany {
                context,
                limit: MAX_ATTRIBUTES,
            });
        }
        out.push(Attribute { oid, values });
    }
    Ok((out, der_sorted))
}
