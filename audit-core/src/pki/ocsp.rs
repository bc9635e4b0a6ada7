//! OCSP responses (RFC 6960 §4.2): parsing of OCSPResponse / BasicOCSPResponse with a small
//! bounds-checked DER reader, CertID matching, responder authorisation (the CA itself or a
//! delegated responder it issued with id-kp-OCSPSigning, §4.2.2.2) and signature verification.

use x509_parser::prelude::FromDer;
use x509_parser::x509::AlgorithmIdentifier;

use super::cert::{Certificate, EKU_OCSP_SIGNING};
use super::crl::RevocationReason;
use super::der::{self, Tlv};
use super::name::DistinguishedName;
use super::sig::{verify_signature, HashAlgorithm, SignatureAlgorithm, SignatureError};

const ID_PKIX_OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";
/// Bound on SingleResponses and embedded certificates read from one response.
const MAX_ITEMS: usize = 256;

/// Why bytes are not a usable OCSP response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcspError {
    #[error("malformed OCSP response: {0}")]
    Malformed(&'static str),
    /// responseStatus other than successful (0), e.g. tryLater (3) or unauthorized (6).
    #[error("OCSP response status {0} (not successful)")]
    NotSuccessful(u8),
    #[error("unsupported OCSP response type {0}")]
    UnsupportedType(String),
}

/// Why an OCSP response could not answer for a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcspProblem {
    #[error("the response has no entry for this certificate's serial number")]
    NoMatchingResponse,
    #[error("OCSP response issuer name hash does not match")]
    IssuerNameHashMismatch,
    #[error("OCSP response issuer key hash does not match")]
    IssuerKeyHashMismatch,
    #[error("unsupported CertID hash algorithm {0}")]
    UnsupportedHash(String),
    #[error("response signing certificate could not be located")]
    ResponderNotFound,
    #[error("response signing certificate could not be validated: {0}")]
    ResponderNotValid(String),
    #[error("delegated responder lacks extKeyUsage OCSPSigning")]
    ResponderNotAuthorized,
    #[error("unable to verify OCSP response signature: {0}")]
    BadSignature(SignatureError),
    #[error("OCSP response is not recent enough (nextUpdate {0})")]
    Stale(i64),
}

/// The certStatus of a SingleResponse (RFC 6960 §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcspCertStatus {
    Good,
    Revoked {
        at: i64,
        reason: Option<RevocationReason>,
    },
    Unknown,
}

#[derive(Debug, Clone)]
struct SingleResponse {
    hash: Option<HashAlgorithm>,
    hash_oid: String,
    issuer_name_hash: Vec<u8>,
    issuer_key_hash: Vec<u8>,
    serial: Vec<u8>,
    status: OcspCertStatus,
    this_update: i64,
    next_update: Option<i64>,
}

#[derive(Debug, Clone)]
enum ResponderId {
    ByName(DistinguishedName),
    ByKey(Vec<u8>),
}

/// A parsed, successful BasicOCSPResponse.
#[derive(Debug, Clone)]
pub struct OcspResponse {
    tbs: Vec<u8>,
    signature_algorithm: SignatureAlgorithm,
    signature: Vec<u8>,
    responder: ResponderId,
    produced_at: i64,
    responses: Vec<SingleResponse>,
    certs: Vec<Certificate>,
}

/// What a verified OCSP response says about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspAnswer {
    pub status: OcspCertStatus,
    pub produced_at: i64,
    pub this_update: i64,
    pub next_update: Option<i64>,
    /// The response was signed by a delegated responder rather than the CA itself.
    pub delegated: bool,
}

fn bad(what: &'static str) -> OcspError {
    OcspError::Malformed(what)
}

fn integer_u8(tlv: &Tlv<'_>) -> Option<u8> {
    match tlv.content {
        [b] => Some(*b),
        _ => None,
    }
}

impl OcspResponse {
    /// Parses an OCSPResponse (DER). Responses whose status is not `successful` are errors.
    pub fn from_der(bytes: &[u8]) -> Result<Self, OcspError> {
        let (outer, _) = der::expect(bytes, 0x30).ok_or(bad("OCSPResponse"))?;
        let (status, rest) = der::expect(outer.content, 0x0a).ok_or(bad("responseStatus"))?;
        let status = integer_u8(&status).ok_or(bad("responseStatus"))?;
        if status != 0 {
            return Err(OcspError::NotSuccessful(status));
        }
        let (rb, _) = der::expect(rest, 0xa0).ok_or(bad("responseBytes"))?;
        let (rb, _) = der::expect(rb.content, 0x30).ok_or(bad("ResponseBytes"))?;
        let (ty, rest) = der::expect(rb.content, 0x06).ok_or(bad("responseType"))?;
        let ty = der::oid_string(ty.content).ok_or(bad("responseType"))?;
        if ty != ID_PKIX_OCSP_BASIC {
            return Err(OcspError::UnsupportedType(ty));
        }
        let (octets, _) = der::expect(rest, 0x04).ok_or(bad("response"))?;
        Self::from_basic_der(octets.content)
    }

    /// Parses a BasicOCSPResponse (DER), as embedded in CMS RevocationInfoChoices or the /DSS.
    pub fn from_basic_der(bytes: &[u8]) -> Result<Self, OcspError> {
        let (basic, _) = der::expect(bytes, 0x30).ok_or(bad("BasicOCSPResponse"))?;
        let (tbs, rest) = der::expect(basic.content, 0x30).ok_or(bad("tbsResponseData"))?;
        let (alg, rest) = der::expect(rest, 0x30).ok_or(bad("signatureAlgorithm"))?;
        let (_, alg) =
            AlgorithmIdentifier::from_der(alg.raw).map_err(|_| bad("signatureAlgorithm"))?;
        let signature_algorithm = SignatureAlgorithm::from_x509(&alg);
        let (sig, rest) = der::expect(rest, 0x03).ok_or(bad("signature"))?;
        let signature = match sig.content.split_first() {
            Some((0, s)) => s.to_vec(),
            _ => return Err(bad("signature")),
        };
        let mut certs = Vec::new();
        if let (Some(c), _) = der::optional(rest, 0xa0).ok_or(bad("certs"))? {
            let (seq, _) = der::expect(c.content, 0x30).ok_or(bad("certs"))?;
            for cert in der::elements(seq.content, MAX_ITEMS).ok_or(bad("certs"))? {
                certs.push(
                    Certificate::from_der(cert.raw).map_err(|_| bad("embedded certificate"))?,
                );
            }
        }
        // ResponseData
        let (_version, rest) = der::optional(tbs.content, 0xa0).ok_or(bad("version"))?;
        let (rid, rest) = der::read_tlv(rest).ok_or(bad("responderID"))?;
        let responder = match rid.tag {
            0xa1 => ResponderId::ByName(
                DistinguishedName::from_raw_der(rid.content).ok_or(bad("responderID byName"))?,
            ),
            0xa2 => {
                let (k, _) = der::expect(rid.content, 0x04).ok_or(bad("responderID byKey"))?;
                ResponderId::ByKey(k.content.to_vec())
            }
            _ => return Err(bad("responderID")),
        };
        let (produced, rest) = der::expect(rest, 0x18).ok_or(bad("producedAt"))?;
        let produced_at = der::generalized_time(produced.content).ok_or(bad("producedAt"))?;
        let (list, _) = der::expect(rest, 0x30).ok_or(bad("responses"))?;
        let mut responses = Vec::new();
        for single in der::elements(list.content, MAX_ITEMS).ok_or(bad("responses"))? {
            responses.push(parse_single(&single).ok_or(bad("SingleResponse"))?);
        }
        Ok(OcspResponse {
            tbs: tbs.raw.to_vec(),
            signature_algorithm,
            signature,
            responder,
            produced_at,
            responses,
            certs,
        })
    }

    /// Whether one of the responses names `cert` (serial number and issuer name hash of its
    /// CertID, RFC 6960 §4.1.1), without checking the response: used to tell whether a /DSS
    /// holds revocation data for a certificate (PAdES B-LT, ETSI EN 319 142-1 §5.4.2).
    pub fn names_certificate(&self, cert: &Certificate) -> bool {
        self.responses.iter().any(|s| {
            s.serial == cert.serial
                && s.hash
                    .and_then(|h| h.digest(cert.issuer.der()))
                    .is_some_and(|d| d[..] == s.issuer_name_hash[..])
        })
    }

    pub fn produced_at(&self) -> i64 {
        self.produced_at
    }

    /// Certificates embedded in the response (delegated responder certificates).
    pub fn certificates(&self) -> &[Certificate] {
        &self.certs
    }

    /// Answers for `cert`, issued by `issuer`, at time `at`: CertID match (RFC 6960 §4.1.1),
    /// responder authorisation (§4.2.2.2), signature, and freshness (§4.2.2.1: nextUpdate not
    /// before `at`; a response produced after `at` is accepted, since revocation is permanent).
    /// `extra` are further candidate responder certificates.
    pub fn answer_for(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        extra: &[Certificate],
        at: i64,
    ) -> Result<OcspAnswer, OcspProblem> {
        let single = self.matching(cert, issuer)?;
        let delegated = self.verify_responder(issuer, extra, at)?;
        if let Some(next) = single.next_update {
            if next < at {
                return Err(OcspProblem::Stale(next));
            }
        }
        Ok(OcspAnswer {
            status: single.status,
            produced_at: self.produced_at,
            this_update: single.this_update,
            next_update: single.next_update,
            delegated,
        })
    }

    fn matching(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
    ) -> Result<&SingleResponse, OcspProblem> {
        let mut problem = OcspProblem::NoMatchingResponse;
        for s in self.responses.iter().filter(|s| s.serial == cert.serial) {
            let Some(hash) = s.hash else {
                problem = OcspProblem::UnsupportedHash(s.hash_oid.clone());
                continue;
            };
            // RFC 6960 §4.1.1: hashes of the issuer's DN and of its public key BIT STRING value.
            let name_hash = hash.digest(issuer.subject.der());
            let key_hash = hash.digest(&issuer.public_key.key);
            if name_hash.as_deref() != Some(&s.issuer_name_hash[..]) {
                problem = OcspProblem::IssuerNameHashMismatch;
                continue;
            }
            if key_hash.as_deref() != Some(&s.issuer_key_hash[..]) {
                problem = OcspProblem::IssuerKeyHashMismatch;
                continue;
            }
            return Ok(s);
        }
        Err(problem)
    }

    fn responder_matches(&self, c: &Certificate) -> bool {
        match &self.responder {
            ResponderId::ByName(n) => &c.subject == n,
            ResponderId::ByKey(k) => {
                HashAlgorithm::Sha1.digest(&c.public_key.key).as_deref() == Some(&k[..])
            }
        }
    }

    /// Finds the responder and verifies the response signature; true when delegated.
    fn verify_responder(
        &self,
        issuer: &Certificate,
        extra: &[Certificate],
        at: i64,
    ) -> Result<bool, OcspProblem> {
        if self.responder_matches(issuer) {
            verify_signature(
                &self.signature_algorithm,
                &issuer.public_key,
                &self.tbs,
                &self.signature,
            )
            .map_err(OcspProblem::BadSignature)?;
            return Ok(false);
        }
        let candidates: Vec<&Certificate> = self
            .certs
            .iter()
            .chain(extra)
            .filter(|c| self.responder_matches(c))
            .collect();
        let mut problem = OcspProblem::ResponderNotFound;
        for responder in candidates {
            // The response signature first, then the responder's authority (RFC 6960 §4.2.2.2).
            if let Err(e) = verify_signature(
                &self.signature_algorithm,
                &responder.public_key,
                &self.tbs,
                &self.signature,
            ) {
                problem = OcspProblem::BadSignature(e);
                continue;
            }
            if responder.issuer != issuer.subject {
                problem =
                    OcspProblem::ResponderNotValid("not issued by the certificate's issuer".into());
                continue;
            }
            if let Err(e) = verify_signature(
                &responder.signature_algorithm,
                &issuer.public_key,
                &responder.tbs,
                &responder.signature,
            ) {
                problem = OcspProblem::ResponderNotValid(e.to_string());
                continue;
            }
            if !responder.has_eku(EKU_OCSP_SIGNING) {
                problem = OcspProblem::ResponderNotAuthorized;
                continue;
            }
            if !responder.valid_at(at) && !responder.valid_at(self.produced_at) {
                problem = OcspProblem::ResponderNotValid("outside its validity period".into());
                continue;
            }
            return Ok(true);
        }
        Err(problem)
    }
}

fn parse_single(single: &Tlv<'_>) -> Option<SingleResponse> {
    if single.tag != 0x30 {
        return None;
    }
    let (cert_id, rest) = der::expect(single.content, 0x30)?;
    let (alg, id_rest) = der::expect(cert_id.content, 0x30)?;
    let (alg_oid, _) = der::expect(alg.content, 0x06)?;
    let hash_oid = der::oid_string(alg_oid.content)?;
    let (name_hash, id_rest) = der::expect(id_rest, 0x04)?;
    let (key_hash, id_rest) = der::expect(id_rest, 0x04)?;
    let (serial, _) = der::expect(id_rest, 0x02)?;
    let (status, rest) = der::read_tlv(rest)?;
    let status = match status.tag {
        0x80 => OcspCertStatus::Good,
        0xa1 => {
            let (time, r) = der::expect(status.content, 0x18)?;
            let at = der::generalized_time(time.content)?;
            let reason = match der::optional(r, 0xa0)? {
                (Some(reason), _) => {
                    let (e, _) = der::expect(reason.content, 0x0a)?;
                    Some(RevocationReason::from_code(integer_u8(&e)?))
                }
                (None, _) => None,
            };
            OcspCertStatus::Revoked { at, reason }
        }
        0x82 => OcspCertStatus::Unknown,
        _ => return None,
    };
    let (this_update, rest) = der::expect(rest, 0x18)?;
    let this_update = der::generalized_time(this_update.content)?;
    let next_update = match der::optional(rest, 0xa0)? {
        (Some(n), _) => {
            let (t, _) = der::expect(n.content, 0x18)?;
            Some(der::generalized_time(t.content)?)
        }
        (None, _) => None,
    };
    Some(SingleResponse {
        hash: HashAlgorithm::from_oid(&hash_oid),
        hash_oid,
        issuer_name_hash: name_hash.content.to_vec(),
        issuer_key_hash: key_hash.content.to_vec(),
        serial: serial.content.to_vec(),
        status,
        this_update,
        next_update,
    })
}
