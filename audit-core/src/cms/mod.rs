//! CMS integrity of a PDF signature (ISO 32000-2 §12.8.3.3, RFC 5652, ETSI EN 319 142-1).
//!
//! Given the bytes of a signature dictionary's /Contents and the byte slices its /ByteRange
//! designates, [`verify`] decides whether the signed bytes are intact: BER-tolerant SignedData,
//! exactly one SignerInfo, the signer certificate located by its identifier, the signed
//! attributes (contentType, messageDigest, signingTime, ESS signing-certificate(-v2)), and the
//! signature checked over the signed attributes *as received* (RFC 5652 §5.4: the `[0] IMPLICIT`
//! tag replaced by SET OF, never re-encoded, so non-DER attribute sets written by some national
//! signing tools still verify).
//!
//! Only facts are produced ([`CmsFacts`]): problems with stable codes, weak-crypto facts, the
//! certificates and revocation data carried by the signature. Trust and policy are decided later.
//!
//! ```no_run
//! use audit_core::cms::{verify, verify_timestamp_token, SubFilter};
//! use audit_core::report::Integrity;
//!
//! fn check(file: &[u8], contents: &[u8], a: usize, b: usize, c: usize, sub_filter: &str) {
//!     // The two /ByteRange parts, hashed in place.
//!     let signed = [&file[..a], &file[b..b + c]];
//!     let facts = verify(contents, &signed, &SubFilter::from_name(sub_filter));
//!     if facts.integrity == Integrity::Intact {
//!         if let Some(token) = &facts.timestamp_token {
//!             // RFC 3161 Appendix A: the imprint covers the signature value.
//!             let tst = verify_timestamp_token(token, &[&facts.signature_value]);
//!             let _gen_time = tst.tst_info.map(|t| t.gen_time);
//!         }
//!     }
//! }
//! ```

mod algorithm;
mod attributes;
mod ber;
mod error;
mod identity;
mod oid;
mod signed_data;
mod timestamp;

use std::borrow::Cow;

use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

pub use algorithm::{Curve, DigestAlgorithm, SignatureAlgorithm};
pub use attributes::{EssFacts, EssVersion};
pub use error::{CmsError, CmsProblem, Effect};
pub use identity::{rfc4514, signer_identity};
pub use timestamp::TstInfo;

pub use crate::report::SubFilter;
use crate::report::{Integrity, SignerIdentity};
use algorithm::{PublicKey, Verification};
use signed_data::{SignedData, SignerId, SignerInfo};

/// A weak-crypto fact (the policy decides what it means; EN 319 102-1 crypto constraints).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WeakCrypto {
    /// The message digest (or adbe.pkcs7.sha1 / time-stamp imprint) uses MD5 or SHA-1.
    WeakMessageDigest(DigestAlgorithm),
    /// The signature algorithm hashes with MD5 or SHA-1.
    WeakSignatureHash(DigestAlgorithm),
    /// RSA modulus shorter than 2048 bits.
    ShortRsaKey { bits: usize },
}

/// Where embedded revocation data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevocationSource {
    /// SignedData.crls (RevocationInfoChoices, RFC 5652 §10.2.1).
    SignedData,
    /// The adbe-revocationInfoArchival attribute (ISO 32000-1 §12.8.3.3.2).
    AdbeArchival,
}

/// A CRL or an OCSP response embedded in the signature, as raw DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedRevocation {
    pub source: RevocationSource,
    pub der: Vec<u8>,
}

/// Everything the CMS of one signature tells, for the trust and policy stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsFacts {
    pub sub_filter: SubFilter,
    /// `intact` only when the signature verified and every digest matched; `broken` on any proof
    /// of alteration; `malformed` when integrity cannot be evaluated.
    pub integrity: Integrity,
    /// Every problem found, in the order found.
    pub problems: Vec<CmsProblem>,
    /// DER of the signer certificate (the one the SignerInfo identifies).
    pub signer_certificate: Option<Vec<u8>>,
    /// DER of every certificate in SignedData.certificates, in received order.
    pub certificates: Vec<Vec<u8>>,
    /// Identity read from the signer certificate.
    pub signer: Option<SignerIdentity>,
    /// SignerInfo.digestAlgorithm (the messageDigest algorithm).
    pub digest_algorithm: Option<DigestAlgorithm>,
    pub signature_algorithm: Option<SignatureAlgorithm>,
    /// Size of the signer's public key in bits (RSA modulus, EC field).
    pub public_key_bits: Option<usize>,
    /// eContentType of the encapsulated content.
    pub content_type: Option<String>,
    /// Whether the SignerInfo has signed attributes.
    pub has_signed_attributes: bool,
    /// Claimed signingTime (signed attribute), seconds since the Unix epoch. Unverified.
    pub signing_time: Option<i64>,
    /// ESS signing-certificate(-v2) comparison, when the attribute is present.
    pub ess: Option<EssFacts>,
    /// SignerInfo.signature (input of a signature time-stamp's message imprint, RFC 3161 App. A).
    pub signature_value: Vec<u8>,
    /// Unsigned attribute id-aa-signatureTimeStampToken, raw DER of the ContentInfo.
    pub timestamp_token: Option<Vec<u8>>,
    /// TSTInfo, when the CMS is itself a time-stamp token (ETSI.RFC3161).
    pub tst_info: Option<TstInfo>,
    pub crls: Vec<EmbeddedRevocation>,
    pub ocsp_responses: Vec<EmbeddedRevocation>,
    pub weak_crypto: Vec<WeakCrypto>,
}

impl CmsFacts {
    fn new(sub_filter: SubFilter) -> Self {
        Self {
            sub_filter,
            integrity: Integrity::Malformed,
            problems: Vec::new(),
            signer_certificate: None,
            certificates: Vec::new(),
            signer: None,
            digest_algorithm: None,
            signature_algorithm: None,
            public_key_bits: None,
            content_type: None,
            has_signed_attributes: false,
            signing_time: None,
            ess: None,
            signature_value: Vec::new(),
            timestamp_token: None,
            tst_info: None,
            crls: Vec::new(),
            ocsp_responses: Vec::new(),
            weak_crypto: Vec::new(),
        }
    }

    /// Whether a problem with this code was reported.
    pub fn has_problem(&self, code: &str) -> bool {
        self.problems.iter().any(|p| p.code() == code)
    }

    fn weak(&mut self, fact: WeakCrypto) {
        if !self.weak_crypto.contains(&fact) {
            self.weak_crypto.push(fact);
        }
    }
}

/// Verifies the CMS in `contents` (the /Contents bytes, trailing zero padding allowed) over the
/// `signed` byte slices (the /ByteRange parts, hashed in order as received) for `sub_filter`.
/// Never panics; every failure is a problem in the returned facts.
pub fn verify(contents: &[u8], signed: &[&[u8]], sub_filter: &SubFilter) -> CmsFacts {
    let mut facts = CmsFacts::new(sub_filter.clone());
    if let SubFilter::Other(name) = sub_filter {
        facts
            .problems
            .push(CmsProblem::UnsupportedSubFilter(name.clone()));
    }
    let verified = match run(contents, signed, &mut facts) {
        Ok(verified) => verified,
        Err(e) => {
            facts.problems.push(CmsProblem::Unparseable(e));
            false
        }
    };
    facts.integrity = error::integrity_of(&facts.problems, verified);
    facts
}

/// Verifies an RFC 3161 TimeStampToken (a CMS SignedData whose content is a TSTInfo) against the
/// data it time-stamps: `message` parts are hashed with the token's imprint algorithm and must
/// equal the messageImprint. For a signature time-stamp pass the signature value
/// ([`CmsFacts::signature_value`]); for a document time-stamp, the /ByteRange parts.
/// The genTime is in [`CmsFacts::tst_info`], the TSA certificate in
/// [`CmsFacts::signer_certificate`].
pub fn verify_timestamp_token(token: &[u8], message: &[&[u8]]) -> CmsFacts {
    verify(token, message, &SubFilter::EtsiRfc3161)
}

/// A certificate from the CMS, parsed, with its raw DER.
struct ParsedCert<'a> {
    raw: &'a [u8],
    cert: X509Certificate<'a>,
}

/// The verification proper. Returns whether the signature value verified.
fn run(contents: &[u8], signed: &[&[u8]], facts: &mut CmsFacts) -> Result<bool, CmsError> {
    let outer = signed_data::read_content_info(contents)?;
    if outer.trailing.iter().any(|&b| b != 0) {
        facts.problems.push(CmsProblem::TrailingData);
    }
    if outer.content_type != oid::SIGNED_DATA {
        facts.problems.push(CmsProblem::NotSignedData {
            content_type: outer.content_type,
        });
        return Ok(false);
    }
    let sd = signed_data::read_signed_data(&outer.content)?;
    facts.content_type = Some(sd.econtent_type.clone());

    let certs = parse_certificates(&sd, facts);
    for crl in &sd.crls {
        facts.crls.push(EmbeddedRevocation {
            source: RevocationSource::SignedData,
            der: crl.to_vec(),
        });
    }
    for ocsp in &sd.ocsp_responses {
        facts.ocsp_responses.push(EmbeddedRevocation {
            source: RevocationSource::SignedData,
            der: ocsp.to_vec(),
        });
    }

    let si = match sd.signer_infos.as_slice() {
        [si] => si,
        others => {
            facts.problems.push(CmsProblem::SignerInfoCount {
                found: others.len(),
            });
            return Ok(false);
        }
    };
    facts.signature_value = si.signature.to_vec();
    read_unsigned_attributes(si, facts);

    let signer = find_signer(&si.sid, &certs, facts);
    if let Some(signer) = signer {
        facts.signer_certificate = Some(signer.raw.to_vec());
        facts.signer = Some(signer_identity(&signer.cert));
    }

    let content = content_to_digest(&sd, signed, facts);

    let digest = DigestAlgorithm::from_oid(&si.digest_algorithm.oid);
    if !sd.digest_algorithms.contains(&si.digest_algorithm.oid) {
        facts.problems.push(CmsProblem::DigestAlgorithmNotDeclared);
    }
    if digest.is_weak() {
        facts.weak(WeakCrypto::WeakMessageDigest(digest.clone()));
    }
    facts.digest_algorithm = Some(digest.clone());
    if digest.ring().is_none() {
        facts.problems.push(digest.unsupported_problem());
    }

    let sig_alg = SignatureAlgorithm::resolve(
        &si.signature_algorithm.oid,
        si.signature_algorithm.params.as_ref(),
        &digest,
        &mut facts.problems,
    );
    if let Some(hash) = sig_alg.hash() {
        if hash.is_weak() {
            facts.weak(WeakCrypto::WeakSignatureHash(hash.clone()));
        }
        if *hash != digest {
            facts
                .problems
                .push(CmsProblem::SignatureHashDiffersFromDigest {
                    signature_hash: hash.name().to_owned(),
                    digest: digest.name().to_owned(),
                });
        }
    }
    if let SignatureAlgorithm::RsaPss { hash, mgf_hash, .. } = &sig_alg {
        if hash != mgf_hash {
            facts.problems.push(CmsProblem::PssMgfDiscrepancy {
                hash: hash.name().to_owned(),
                mgf_hash: mgf_hash.name().to_owned(),
            });
        }
    }
    facts.signature_algorithm = Some(sig_alg.clone());

    // The message the signature covers: the signed attributes as received, re-tagged as SET OF
    // (RFC 5652 §5.4), or the content itself when there are none.
    let message: Vec<u8> = match &si.signed_attrs {
        Some(attrs) => {
            facts.has_signed_attributes = true;
            if !attrs.der_sorted {
                facts.problems.push(CmsProblem::SignedAttributesNotDer);
            }
            let values = attributes::read_signed(
                &attrs.attributes,
                signer.map(|s| &s.cert),
                &mut facts.problems,
            );
            facts.signing_time = values.signing_time;
            facts.ess = values.ess;
            if let Some(ct) = values.content_type {
                if ct != sd.econtent_type {
                    facts.problems.push(CmsProblem::ContentTypeMismatch {
                        signed: ct,
                        encapsulated: sd.econtent_type.clone(),
                    });
                }
            }
            if let (Some(md), Some(content)) = (values.message_digest, &content) {
                let parts: Vec<&[u8]> = content.iter().map(|c| c.as_ref()).collect();
                if let Some(actual) = digest.digest(&parts) {
                    if actual != md.as_ref() {
                        facts.problems.push(CmsProblem::MessageDigestMismatch);
                    }
                }
            }
            for attr in attrs
                .attributes
                .iter()
                .filter(|a| a.oid == oid::ADBE_REVOCATION_INFO_ARCHIVAL)
            {
                add_archival(attr, facts);
            }
            let mut retagged = attrs.raw.to_vec();
            match retagged.first_mut() {
                Some(tag) if *tag == 0xA0 => *tag = 0x31,
                _ => {
                    return Err(CmsError::Asn1 {
                        context: "SignerInfo.signedAttrs",
                        detail: "not encoded as [0] IMPLICIT".into(),
                    })
                }
            }
            retagged
        }
        None => {
            facts.problems.push(CmsProblem::NoSignedAttributes);
            // ring verifies a contiguous message: without signed attributes the content itself
            // is signed, so the parts are joined once (RFC 5652 §5.4, last paragraph).
            match &content {
                Some(parts) => parts.concat(),
                None => return Ok(false),
            }
        }
    };

    let Some(signer) = signer else {
        return Ok(false);
    };
    let key = match algorithm::public_key(signer.cert.public_key()) {
        Ok(k) => k,
        Err(e) => {
            facts.problems.push(CmsProblem::UnsupportedPublicKey {
                reason: e.to_string(),
            });
            return Ok(false);
        }
    };
    facts.public_key_bits = key.bits();
    if let PublicKey::Rsa { bits, .. } = key {
        if bits < 2048 {
            facts.weak(WeakCrypto::ShortRsaKey { bits });
        }
    }
    if matches!(sig_alg, SignatureAlgorithm::Other(_))
        && facts
            .problems
            .iter()
            .any(|p| matches!(p, CmsProblem::UnsupportedSignatureAlgorithm { .. }))
    {
        return Ok(false);
    }
    let mut outcome = algorithm::verify_signature(&sig_alg, &key, &message, &si.signature);
    if let (Verification::Invalid, SignatureAlgorithm::RsaPkcs1 { hash }) = (&outcome, &sig_alg) {
        // Some signers hash the signed attributes with SignerInfo.digestAlgorithm although the
        // signature algorithm names another hash (RFC 5652 §5.4 says the signer's message digest
        // algorithm is used). PKCS#1 v1.5 binds the hash OID inside DigestInfo, so accepting the
        // digest algorithm's hash cannot confuse one hash for another.
        if *hash != digest {
            let alt = SignatureAlgorithm::RsaPkcs1 {
                hash: digest.clone(),
            };
            if let Verification::Valid =
                algorithm::verify_signature(&alt, &key, &message, &si.signature)
            {
                outcome = Verification::Valid;
            }
        }
    }
    Ok(match outcome {
        Verification::Valid => true,
        Verification::Invalid => {
            facts.problems.push(CmsProblem::SignatureMismatch);
            false
        }
        Verification::Unsupported(problem) => {
            if !facts.problems.contains(&problem) {
                facts.problems.push(problem);
            }
            false
        }
    })
}

impl DigestAlgorithm {
    fn unsupported_problem(&self) -> CmsProblem {
        CmsProblem::UnsupportedDigestAlgorithm {
            oid: self.oid().to_owned(),
        }
    }
}

/// What the messageDigest covers, per SubFilter (ISO 32000-2 §12.8.3.3): the ByteRange parts for
/// detached signatures; the encapsulated content for adbe.pkcs7.sha1 and time-stamp tokens, after
/// checking that it commits to the ByteRange. `None` when there is nothing sound to hash.
fn content_to_digest<'c>(
    sd: &'c SignedData<'_>,
    signed: &[&'c [u8]],
    facts: &mut CmsFacts,
) -> Option<Vec<Cow<'c, [u8]>>> {
    match &facts.sub_filter {
        SubFilter::AdbePkcs7Detached | SubFilter::EtsiCadesDetached | SubFilter::Other(_) => {
            if sd.econtent.is_some() {
                facts
                    .problems
                    .push(CmsProblem::EncapsulatedContentInDetached);
                return None;
            }
            if sd.econtent_type != oid::DATA {
                facts.problems.push(CmsProblem::UnexpectedContentType {
                    expected: oid::DATA.into(),
                    found: sd.econtent_type.clone(),
                });
            }
            Some(signed.iter().map(|s| Cow::Borrowed(*s)).collect())
        }
        SubFilter::AdbePkcs7Sha1 => {
            let Some(econtent) = &sd.econtent else {
                facts.problems.push(CmsProblem::MissingEncapsulatedContent);
                return None;
            };
            facts.weak(WeakCrypto::WeakMessageDigest(DigestAlgorithm::Sha1));
            if DigestAlgorithm::Sha1.digest(signed).as_deref() != Some(econtent.as_ref()) {
                facts.problems.push(CmsProblem::EncapsulatedDigestMismatch);
            }
            Some(vec![Cow::Borrowed(econtent.as_ref())])
        }
        SubFilter::EtsiRfc3161 => {
            let Some(econtent) = &sd.econtent else {
                facts.problems.push(CmsProblem::MissingEncapsulatedContent);
                return None;
            };
            if sd.econtent_type != oid::TST_INFO {
                facts.problems.push(CmsProblem::UnexpectedContentType {
                    expected: oid::TST_INFO.into(),
                    found: sd.econtent_type.clone(),
                });
                return None;
            }
            match timestamp::read_tst_info(econtent) {
                Ok(tst) => {
                    if tst.imprint_algorithm.is_weak() {
                        facts.weak(WeakCrypto::WeakMessageDigest(tst.imprint_algorithm.clone()));
                    }
                    match tst.imprint_algorithm.digest(signed) {
                        None => facts
                            .problems
                            .push(tst.imprint_algorithm.unsupported_problem()),
                        Some(d) if d != tst.imprint => {
                            facts.problems.push(CmsProblem::MessageImprintMismatch)
                        }
                        Some(_) => {}
                    }
                    facts.tst_info = Some(tst);
                }
                Err(e) => facts.problems.push(CmsProblem::TstInfoUnparseable(e)),
            }
            Some(vec![Cow::Borrowed(econtent.as_ref())])
        }
    }
}

fn parse_certificates<'a>(sd: &SignedData<'a>, facts: &mut CmsFacts) -> Vec<ParsedCert<'a>> {
    let mut out = Vec::new();
    for (index, raw) in sd.certificates.iter().enumerate() {
        facts.certificates.push(raw.to_vec());
        match X509Certificate::from_der(raw) {
            Ok((_, cert)) => out.push(ParsedCert { raw, cert }),
            Err(e) => facts.problems.push(CmsProblem::CertificateUnparseable {
                index,
                detail: e.to_string(),
            }),
        }
    }
    out
}

/// Finds the certificate the SignerIdentifier designates (RFC 5652 §5.3): by issuer and serial
/// number, or by subjectKeyIdentifier. Several *different* matching certificates are ambiguous
/// (certificate doubling) and reported as such.
fn find_signer<'c, 'a>(
    sid: &SignerId<'_>,
    certs: &'c [ParsedCert<'a>],
    facts: &mut CmsFacts,
) -> Option<&'c ParsedCert<'a>> {
    let matches: Vec<&ParsedCert<'a>> = certs
        .iter()
        .filter(|c| match sid {
            SignerId::IssuerSerial { issuer, serial } => {
                c.cert.issuer().as_raw() == *issuer
                    && ber::trim_unsigned(c.cert.raw_serial()) == ber::trim_unsigned(serial)
            }
            SignerId::SubjectKeyId(ski) => c.cert.extensions().iter().any(|ext| {
                matches!(
                    ext.parsed_extension(),
                    x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(k)
                        if k.0 == ski.as_ref()
                )
            }),
        })
        .collect();
    let Some(&first) = matches.first() else {
        facts.problems.push(CmsProblem::NoSigningCertificateFound);
        return None;
    };
    let distinct = matches.iter().filter(|c| c.raw != first.raw).count() + 1;
    if distinct > 1 {
        facts
            .problems
            .push(CmsProblem::AmbiguousSigningCertificate { count: distinct });
        return None;
    }
    Some(first)
}

fn read_unsigned_attributes(si: &SignerInfo<'_>, facts: &mut CmsFacts) {
    if let Some(e) = &si.unsigned_attrs_error {
        facts
            .problems
            .push(CmsProblem::UnsignedAttributeUnparseable {
                name: "unsignedAttrs",
                detail: e.to_string(),
            });
    }
    for attr in &si.unsigned_attrs {
        match attr.oid.as_str() {
            oid::SIGNATURE_TIME_STAMP_TOKEN if facts.timestamp_token.is_none() => {
                facts.timestamp_token = attr.values.first().map(|v| v.raw.to_vec());
            }
            oid::ADBE_REVOCATION_INFO_ARCHIVAL => add_archival(attr, facts),
            _ => {}
        }
    }
}

fn add_archival(attr: &signed_data::Attribute<'_>, facts: &mut CmsFacts) {
    for value in &attr.values {
        match attributes::read_archival(value) {
            Ok(a) => {
                facts
                    .crls
                    .extend(a.crls.into_iter().map(|der| EmbeddedRevocation {
                        source: RevocationSource::AdbeArchival,
                        der,
                    }));
                facts
                    .ocsp_responses
                    .extend(a.ocsp_responses.into_iter().map(|der| EmbeddedRevocation {
                        source: RevocationSource::AdbeArchival,
                        der,
                    }));
            }
            Err(e) => facts
                .problems
                .push(CmsProblem::UnsignedAttributeUnparseable {
                    name: "adbe-revocationInfoArchival",
                    detail: e.to_string(),
                }),
        }
    }
}
