//! Signature verification with ring for certificates, CRLs and OCSP responses (RFC 5280 §4.1.1.2,
//! RFC 4055 for RSASSA-PSS, RFC 5758 for ECDSA, RFC 8410 for Ed25519).
//!
//! ring's legacy RSA variants (1024 to 8192 bits) are used so that the first-generation Vietnamese
//! government CA (SHA-1, RSA-2048) and older public CAs verify; weak choices are reported as facts
//! (`SignatureFacts::weak_hash`, `key_bits`) for the policy module instead of failing here.

use ring::signature as rs;
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;
use x509_parser::signature_algorithm::RsaSsaPssParams;
use x509_parser::x509::{AlgorithmIdentifier, SubjectPublicKeyInfo};

/// Hash functions named by signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlgorithm {
    pub(crate) fn from_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.2.840.113549.2.5" => HashAlgorithm::Md5,
            "1.3.14.3.2.26" => HashAlgorithm::Sha1,
            "2.16.840.1.101.3.4.2.1" => HashAlgorithm::Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithm::Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithm::Sha512,
            _ => return None,
        })
    }

    /// SHA-1 and MD5 no longer resist collisions (SHA-1: SHAttered, 2017).
    pub fn is_weak(self) -> bool {
        matches!(self, HashAlgorithm::Md5 | HashAlgorithm::Sha1)
    }

    pub(crate) fn digest(self, data: &[u8]) -> Option<Vec<u8>> {
        let alg = match self {
            HashAlgorithm::Md5 => return None,
            HashAlgorithm::Sha1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            HashAlgorithm::Sha256 => &ring::digest::SHA256,
            HashAlgorithm::Sha384 => &ring::digest::SHA384,
            HashAlgorithm::Sha512 => &ring::digest::SHA512,
        };
        Some(ring::digest::digest(alg, data).as_ref().to_vec())
    }
}

/// A signature algorithm as named by an AlgorithmIdentifier, parameters resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    RsaPkcs1(HashAlgorithm),
    /// RSASSA-PSS with MGF1 over the same hash and the hash's length as salt length (the only
    /// parameter sets ring verifies, and those RFC 4055 §3.1 recommends).
    RsaPss(HashAlgorithm),
    Ecdsa(HashAlgorithm),
    Ed25519,
    /// Anything else (DSA, GOST, MD2 ...), by OID.
    Unsupported(String),
}

impl SignatureAlgorithm {
    pub fn from_x509(alg: &AlgorithmIdentifier<'_>) -> Self {
        let oid = alg.algorithm.to_id_string();
        Self::from_oid_and_params(&oid, alg)
    }

    fn from_oid_and_params(oid: &str, alg: &AlgorithmIdentifier<'_>) -> Self {
        use HashAlgorithm as H;
        match oid {
            "1.2.840.113549.1.1.4" => SignatureAlgorithm::RsaPkcs1(H::Md5),
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => SignatureAlgorithm::RsaPkcs1(H::Sha1),
            "1.2.840.113549.1.1.11" => SignatureAlgorithm::RsaPkcs1(H::Sha256),
            "1.2.840.113549.1.1.12" => SignatureAlgorithm::RsaPkcs1(H::Sha384),
            "1.2.840.113549.1.1.13" => SignatureAlgorithm::RsaPkcs1(H::Sha512),
            "1.2.840.10045.4.1" => SignatureAlgorithm::Ecdsa(H::Sha1),
            "1.2.840.10045.4.3.2" => SignatureAlgorithm::Ecdsa(H::Sha256),
            "1.2.840.10045.4.3.3" => SignatureAlgorithm::Ecdsa(H::Sha384),
            "1.2.840.10045.4.3.4" => SignatureAlgorithm::Ecdsa(H::Sha512),
            "1.3.101.112" => SignatureAlgorithm::Ed25519,
            "1.2.840.113549.1.1.10" => {
                pss(alg).unwrap_or_else(|| SignatureAlgorithm::Unsupported(oid.to_owned()))
            }
            _ => SignatureAlgorithm::Unsupported(oid.to_owned()),
        }
    }

    /// The hash the algorithm uses, if known.
    pub fn hash(&self) -> Option<HashAlgorithm> {
        match self {
            SignatureAlgorithm::RsaPkcs1(h)
            | SignatureAlgorithm::RsaPss(h)
            | SignatureAlgorithm::Ecdsa(h) => Some(*h),
            SignatureAlgorithm::Ed25519 => Some(HashAlgorithm::Sha512),
            SignatureAlgorithm::Unsupported(_) => None,
        }
    }
}

fn pss(alg: &AlgorithmIdentifier<'_>) -> Option<SignatureAlgorithm> {
    let params = RsaSsaPssParams::try_from(alg.parameters()?).ok()?;
    let hash = HashAlgorithm::from_oid(&params.hash_algorithm_oid().to_id_string())?;
    let mgf = params.mask_gen_algorithm().ok()?;
    if mgf.mgf.to_id_string() != "1.2.840.113549.1.1.8"
        || HashAlgorithm::from_oid(&mgf.hash.to_id_string()) != Some(hash)
        || params.trailer_field() != 1
    {
        return None;
    }
    let expected_salt = match hash {
        HashAlgorithm::Sha256 => 32,
        HashAlgorithm::Sha384 => 48,
        HashAlgorithm::Sha512 => 64,
        _ => return None,
    };
    (params.salt_length() == expected_salt).then_some(SignatureAlgorithm::RsaPss(hash))
}

/// The kind of a subject public key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    Rsa,
    EcP256,
    EcP384,
    Ed25519,
    /// Other key types (DSA, other curves), by OID.
    Other(String),
}

/// An owned SubjectPublicKeyInfo: what ring needs to verify, and facts for the policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublicKeyInfo {
    pub algorithm: KeyAlgorithm,
    /// The subjectPublicKey BIT STRING contents (RSAPublicKey DER, EC point, Ed25519 key).
    pub key: Vec<u8>,
    /// Modulus or curve size in bits (0 when unknown).
    pub bits: usize,
    /// The whole SubjectPublicKeyInfo DER.
    pub spki_der: Vec<u8>,
}

impl PublicKeyInfo {
    pub fn from_x509(spki: &SubjectPublicKeyInfo<'_>) -> Self {
        let oid = spki.algorithm.algorithm.to_id_string();
        let key = spki.subject_public_key.data.to_vec();
        let curve = spki
            .algorithm
            .parameters()
            .and_then(|p| p.as_oid().ok())
            .map(|o| o.to_id_string());
        let algorithm = match (oid.as_str(), curve.as_deref()) {
            ("1.2.840.113549.1.1.1", _) => KeyAlgorithm::Rsa,
            ("1.2.840.10045.2.1", Some("1.2.840.10045.3.1.7")) => KeyAlgorithm::EcP256,
            ("1.2.840.10045.2.1", Some("1.3.132.0.34")) => KeyAlgorithm::EcP384,
            ("1.3.101.112", _) => KeyAlgorithm::Ed25519,
            _ => KeyAlgorithm::Other(oid),
        };
        let bits = match &algorithm {
            KeyAlgorithm::Rsa => match spki.parsed() {
                Ok(PublicKey::RSA(rsa)) => {
                    let m = rsa.modulus;
                    let m = m
                        .iter()
                        .position(|b| *b != 0)
                        .map_or(&[][..], |i| m.get(i..).unwrap_or(&[]));
                    m.first()
                        .map_or(0, |b| (m.len() - 1) * 8 + (8 - b.leading_zeros() as usize))
                }
                _ => 0,
            },
            KeyAlgorithm::EcP256 | KeyAlgorithm::Ed25519 => 256,
            KeyAlgorithm::EcP384 => 384,
            KeyAlgorithm::Other(_) => 0,
        };
        PublicKeyInfo {
            algorithm,
            key,
            bits,
            spki_der: spki.raw.to_vec(),
        }
    }

    /// Parses a DER SubjectPublicKeyInfo.
    pub fn from_der(der: &[u8]) -> Option<Self> {
        let (_, spki) = SubjectPublicKeyInfo::from_der(der).ok()?;
        Some(Self::from_x509(&spki))
    }
}

/// Facts about a signature that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureFacts {
    pub hash: HashAlgorithm,
    /// The hash is SHA-1 or MD5.
    pub weak_hash: bool,
    pub key_bits: usize,
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("unsupported signature algorithm {0}")]
    UnsupportedAlgorithm(String),
    #[error("signature algorithm {algorithm:?} does not fit key type {key:?}")]
    KeyMismatch {
        algorithm: SignatureAlgorithm,
        key: KeyAlgorithm,
    },
    #[error("signature value does not verify")]
    Invalid,
}

/// Verifies `signature` over `message` with `key` (RFC 5280 §6.1.3 (a)(1)).
pub fn verify_signature(
    algorithm: &SignatureAlgorithm,
    key: &PublicKeyInfo,
    message: &[u8],
    signature: &[u8],
) -> Result<SignatureFacts, SignatureError> {
    use HashAlgorithm as H;
    use KeyAlgorithm as K;
    use SignatureAlgorithm as S;
    let mismatch = || SignatureError::KeyMismatch {
        algorithm: algorithm.clone(),
        key: key.algorithm.clone(),
    };
    let ring_alg: &dyn rs::VerificationAlgorithm = match (algorithm, &key.algorithm) {
        (S::RsaPkcs1(h), K::Rsa) => match h {
            H::Sha1 => &rs::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            H::Sha256 => &rs::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            H::Sha384 => &rs::RSA_PKCS1_2048_8192_SHA384,
            H::Sha512 => &rs::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            H::Md5 => {
                return Err(SignatureError::UnsupportedAlgorithm(
                    "md5WithRSAEncryption".into(),
                ))
            }
        },
        (S::RsaPss(h), K::Rsa) => match h {
            H::Sha256 => &rs::RSA_PSS_2048_8192_SHA256,
            H::Sha384 => &rs::RSA_PSS_2048_8192_SHA384,
            H::Sha512 => &rs::RSA_PSS_2048_8192_SHA512,
            _ => {
                return Err(SignatureError::UnsupportedAlgorithm(format!(
                    "RSASSA-PSS with {h:?}"
                )))
            }
        },
        (S::Ecdsa(h), K::EcP256) => match h {
            H::Sha256 => &rs::ECDSA_P256_SHA256_ASN1,
            H::Sha384 => &rs::ECDSA_P256_SHA384_ASN1,
            _ => {
                return Err(SignatureError::UnsupportedAlgorithm(format!(
                    "ECDSA P-256 with {h:?}"
                )))
            }
        },
        (S::Ecdsa(h), K::EcP384) => match h {
            H::Sha256 => &rs::ECDSA_P384_SHA256_ASN1,
            H::Sha384 => &rs::ECDSA_P384_SHA384_ASN1,
            _ => {
                return Err(SignatureError::UnsupportedAlgorithm(format!(
                    "ECDSA P-384 with {h:?}"
                )))
            }
        },
        (S::Ed25519, K::Ed25519) => &rs::ED25519,
        (S::Unsupported(oid), _) => return Err(SignatureError::UnsupportedAlgorithm(oid.clone())),
        (_, K::Other(oid)) => {
            return Err(SignatureError::UnsupportedAlgorithm(format!(
                "key type {oid}"
            )))
        }
        _ => return Err(mismatch()),
    };
    rs::UnparsedPublicKey::new(ring_alg, &key.key)
        .verify(message, signature)
        .map_err(|_| SignatureError::Invalid)?;
    let hash = algorithm.hash().unwrap_or(H::Sha256);
    Ok(SignatureFacts {
        hash,
        weak_hash: hash.is_weak(),
        key_bits: key.bits,
    })
}
