//! Digest and signature algorithms of a SignerInfo (RFC 5652 §10.1, RFC 3370, RFC 4055, RFC 5758,
//! RFC 8419) and their verification with `ring`.

use ring::{digest, signature};

use super::ber::{self, Tlv};
use super::error::{CmsError, CmsProblem};
use super::oid;

/// A message digest algorithm (RFC 5652 §10.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    /// Any other algorithm, by dotted OID.
    Other(String),
}

impl DigestAlgorithm {
    pub fn from_oid(oid: &str) -> Self {
        match oid {
            oid::MD5 => Self::Md5,
            oid::SHA1 => Self::Sha1,
            oid::SHA224 => Self::Sha224,
            oid::SHA256 => Self::Sha256,
            oid::SHA384 => Self::Sha384,
            oid::SHA512 => Self::Sha512,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Md5 => "MD5",
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Other(oid) => oid,
        }
    }

    pub fn oid(&self) -> &str {
        match self {
            Self::Md5 => oid::MD5,
            Self::Sha1 => oid::SHA1,
            Self::Sha224 => oid::SHA224,
            Self::Sha256 => oid::SHA256,
            Self::Sha384 => oid::SHA384,
            Self::Sha512 => oid::SHA512,
            Self::Other(oid) => oid,
        }
    }

    /// Considered weak for document signatures (collisions: MD5 broken, SHA-1 shattered).
    pub fn is_weak(&self) -> bool {
        matches!(self, Self::Md5 | Self::Sha1)
    }

    /// The `ring` implementation, when there is one (ring has no MD5 nor SHA-224).
    pub(crate) fn ring(&self) -> Option<&'static digest::Algorithm> {
        match self {
            Self::Sha1 => Some(&digest::SHA1_FOR_LEGACY_USE_ONLY),
            Self::Sha256 => Some(&digest::SHA256),
            Self::Sha384 => Some(&digest::SHA384),
            Self::Sha512 => Some(&digest::SHA512),
            _ => None,
        }
    }

    /// Digest of `parts` hashed one after the other, exactly as received (no copies).
    pub(crate) fn digest(&self, parts: &[&[u8]]) -> Option<Vec<u8>> {
        let mut ctx = digest::Context::new(self.ring()?);
        for part in parts {
            ctx.update(part);
        }
        Some(ctx.finish().as_ref().to_vec())
    }

    fn unsupported(&self) -> CmsProblem {
        CmsProblem::UnsupportedDigestAlgorithm {
            oid: self.oid().to_owned(),
        }
    }
}

/// Elliptic curve of an ECDSA key (RFC 5480 §2.1.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    Other(String),
}

/// A signature algorithm, as resolved from SignerInfo.signatureAlgorithm (and, for bare
/// `rsaEncryption` / `id-ecPublicKey`, SignerInfo.digestAlgorithm: RFC 3370 §3.2, RFC 5753 §2.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).
    RsaPkcs1 { hash: DigestAlgorithm },
    /// RSASSA-PSS (RFC 4055 §3.1) with its parameters.
    RsaPss {
        hash: DigestAlgorithm,
        mgf_hash: DigestAlgorithm,
        salt_length: u32,
    },
    /// ECDSA with the named hash (RFC 5758 §3.2); the curve comes from the key.
    Ecdsa { hash: DigestAlgorithm },
    /// ECDSA with the plain `r || s` signature format (BSI TR-03111 §5.2.1), used by some
    /// European qualified signature devices.
    EcdsaPlain { hash: DigestAlgorithm },
    /// Ed25519 (RFC 8419).
    Ed25519,
    /// Anything else, by dotted OID.
    Other(String),
}

impl SignatureAlgorithm {
    /// Readable name for reports.
    pub fn name(&self) -> String {
        match self {
            Self::RsaPkcs1 { hash } => format!("RSA PKCS#1 v1.5 with {}", hash.name()),
            Self::RsaPss {
                hash,
                mgf_hash,
                salt_length,
            } => format!(
                "RSASSA-PSS with {}, MGF1 {}, salt {salt_length}",
                hash.name(),
                mgf_hash.name()
            ),
            Self::Ecdsa { hash } => format!("ECDSA with {}", hash.name()),
            Self::EcdsaPlain { hash } => format!("plain ECDSA with {}", hash.name()),
            Self::Ed25519 => "Ed25519".to_owned(),
            Self::Other(oid) => oid.clone(),
        }
    }

    /// The hash the signature itself is computed with, if it has a separate one.
    pub fn hash(&self) -> Option<&DigestAlgorithm> {
        match self {
            Self::RsaPkcs1 { hash }
            | Self::RsaPss { hash, .. }
            | Self::Ecdsa { hash }
            | Self::EcdsaPlain { hash } => Some(hash),
            Self::Ed25519 | Self::Other(_) => None,
        }
    }

    /// Resolves an AlgorithmIdentifier. `digest` is the SignerInfo digest algorithm, used when
    /// the OID names only the key type. Problems found in the parameters are appended.
    pub(crate) fn resolve(
        oid_str: &str,
        params: Option<&Tlv<'_>>,
        digest: &DigestAlgorithm,
        problems: &mut Vec<CmsProblem>,
    ) -> Self {
        match oid_str {
            oid::RSA_ENCRYPTION => Self::RsaPkcs1 {
                hash: digest.clone(),
            },
            oid::MD5_WITH_RSA => Self::RsaPkcs1 {
                hash: DigestAlgorithm::Md5,
            },
            oid::SHA1_WITH_RSA => Self::RsaPkcs1 {
                hash: DigestAlgorithm::Sha1,
            },
            oid::SHA224_WITH_RSA => Self::RsaPkcs1 {
                hash: DigestAlgorithm::Sha224,
            },
            oid::SHA256_WITH_RSA => Self::RsaPkcs1 {
                hash: DigestAlgorithm::Sha256,
            },
            oid::SHA384_WITH_RSA => Self::RsaPkcs1 {
                hash: DigestAlgorithm::Sha384,
            },
            oid::SHA512_WITH_RSA => Self::RsaPkcs1 {
                hash: DigestAlgorithm::Sha512,
            },
            oid::RSASSA_PSS => match parse_pss_params(params) {
                Ok(pss) => pss,
                Err(e) => {
                    problems.push(CmsProblem::UnsupportedSignatureAlgorithm {
                        algorithm: "RSASSA-PSS".into(),
                        reason: e.to_string(),
                    });
                    Self::Other(oid_str.to_owned())
                }
            },
            oid::EC_PUBLIC_KEY => Self::Ecdsa {
                hash: digest.clone(),
            },
            oid::ECDSA_WITH_SHA1 => Self::Ecdsa {
                hash: DigestAlgorithm::Sha1,
            },
            oid::ECDSA_WITH_SHA224 => Self::Ecdsa {
                hash: DigestAlgorithm::Sha224,
            },
            oid::ECDSA_WITH_SHA256 => Self::Ecdsa {
                hash: DigestAlgorithm::Sha256,
            },
            oid::ECDSA_WITH_SHA384 => Self::Ecdsa {
                hash: DigestAlgorithm::Sha384,
            },
            oid::ECDSA_WITH_SHA512 => Self::Ecdsa {
                hash: DigestAlgorithm::Sha512,
            },
            oid::ECDSA_PLAIN_SHA256 => Self::EcdsaPlain {
                hash: DigestAlgorithm::Sha256,
            },
            oid::ECDSA_PLAIN_SHA384 => Self::EcdsaPlain {
                hash: DigestAlgorithm::Sha384,
            },
            oid::ED25519 => Self::Ed25519,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// RSASSA-PSS-params (RFC 4055 §3.1): every field is optional with SHA-1 / MGF1-SHA-1 / 20
/// defaults; trailerField must be 1.
fn parse_pss_params(params: Option<&Tlv<'_>>) -> Result<SignatureAlgorithm, CmsError> {
    const CTX: &str = "RSASSA-PSS-params";
    let mut hash = DigestAlgorithm::Sha1;
    let mut mgf_hash = DigestAlgorithm::Sha1;
    let mut salt_length = 20u32;
    let fields = match params {
        Some(p) if p.is_universal(x509_parser::asn1_rs::Tag::Sequence) => p.children(CTX)?,
        Some(p) if p.is_universal(x509_parser::asn1_rs::Tag::Null) => Vec::new(),
        None => Vec::new(),
        Some(_) => {
            return Err(CmsError::Asn1 {
                context: CTX,
                detail: "parameters are not a SEQUENCE".into(),
            })
        }
    };
    for field in fields {
        let inner = || -> Result<Tlv<'_>, CmsError> {
            let (t, _) = ber::read(field.content(), CTX)?;
            Ok(t)
        };
        if field.is_context(0) {
            hash = DigestAlgorithm::from_oid(&algorithm_oid(&inner()?, CTX)?.0);
        } else if field.is_context(1) {
            let mgf = inner()?;
            let (mgf_oid, mgf_params) = algorithm_oid(&mgf, CTX)?;
            if mgf_oid != oid::MGF1 {
                return Err(CmsError::Asn1 {
                    context: CTX,
                    detail: format!("mask generation function {mgf_oid} is not MGF1"),
                });
            }
            let mgf_params = mgf_params.ok_or(CmsError::Missing {
                context: "MGF1 hash algorithm",
            })?;
            mgf_hash = DigestAlgorithm::from_oid(&algorithm_oid(&mgf_params, CTX)?.0);
        } else if field.is_context(2) {
            salt_length = inner()?.small_uint(CTX)?;
        } else if field.is_context(3) {
            if inner()?.small_uint(CTX)? != 1 {
                return Err(CmsError::Asn1 {
                    context: CTX,
                    detail: "trailerField is not 1".into(),
                });
            }
        } else {
            return Err(CmsError::Asn1 {
                context: CTX,
                detail: "unknown field".into(),
            });
        }
    }
    Ok(SignatureAlgorithm::RsaPss {
        hash,
        mgf_hash,
        salt_length,
    })
}

/// Reads an AlgorithmIdentifier (RFC 5280 §4.1.1.2): OID and optional parameters.
pub(crate) fn algorithm_oid<'a>(
    tlv: &Tlv<'a>,
    context: &'static str,
) -> Result<(String, Option<Tlv<'a>>), CmsError> {
    let tlv = tlv
        .clone()
        .expect(x509_parser::asn1_rs::Tag::Sequence, context)?;
    let mut kids = tlv.children(context)?.into_iter();
    let oid = kids
        .next()
        .ok_or(CmsError::Missing { context })?
        .oid(context)?;
    Ok((oid, kids.next()))
}

/// The signer's public key, as far as the verifier needs it.
#[derive(Debug, Clone)]
pub(crate) enum PublicKey<'a> {
    /// RSAPublicKey DER (RFC 8017 §A.1.1) and the modulus size in bits.
    Rsa {
        der: &'a [u8],
        bits: usize,
    },
    /// Uncompressed point.
    Ec {
        curve: Curve,
        point: &'a [u8],
    },
    Ed25519 {
        key: &'a [u8],
    },
    Other {
        oid: String,
    },
}

impl PublicKey<'_> {
    /// Key size in bits (RSA modulus, curve order size, 256 for Ed25519).
    pub fn bits(&self) -> Option<usize> {
        match self {
            Self::Rsa { bits, .. } => Some(*bits),
            Self::Ec {
                curve: Curve::P256, ..
            } => Some(256),
            Self::Ec {
                curve: Curve::P384, ..
            } => Some(384),
            Self::Ed25519 { .. } => Some(256),
            _ => None,
        }
    }
}

/// Extracts the public key from a parsed certificate's SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
pub(crate) fn public_key<'a>(
    spki: &'a x509_parser::x509::SubjectPublicKeyInfo<'a>,
) -> Result<PublicKey<'a>, CmsError> {
    const CTX: &str = "subjectPublicKeyInfo";
    let alg = spki.algorithm.algorithm.to_id_string();
    let key: &'a [u8] = spki.subject_public_key.data.as_ref();
    match alg.as_str() {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => {
            let (seq, _) = ber::read(key, CTX)?;
            let seq = seq.expect(x509_parser::asn1_rs::Tag::Sequence, CTX)?;
            let modulus = seq
                .children(CTX)?
                .into_iter()
                .next()
                .ok_or(CmsError::Missing { context: CTX })?;
            let bits = ber::bit_length(modulus.integer_bytes(CTX)?);
            Ok(PublicKey::Rsa { der: key, bits })
        }
        oid::EC_PUBLIC_KEY => {
            let curve = match spki.algorithm.parameters.as_ref().map(|p| p.as_oid()) {
                Some(Ok(c)) => match c.to_id_string().as_str() {
                    oid::P256 => Curve::P256,
                    oid::P384 => Curve::P384,
                    other => Curve::Other(other.to_owned()),
                },
                _ => Curve::Other("implicit or specified curve".to_owned()),
            };
            Ok(PublicKey::Ec { curve, point: key })
        }
        oid::ED25519 => Ok(PublicKey::Ed25519 { key }),
        other => Ok(PublicKey::Other {
            oid: other.to_owned(),
        }),
    }
}

/// Outcome of a signature check.
#[derive(Debug)]
pub(crate) enum Verification {
    Valid,
    Invalid,
    Unsupported(CmsProblem),
}

/// Verifies `sig` over `message` with `key` using `alg`, choosing the `ring` algorithm that
/// accepts this key size, so that weak keys (RSA-1024) are verified and reported as weak by a
/// separate fact rather than silently rejected.
pub(crate) fn verify_signature(
    alg: &SignatureAlgorithm,
    key: &PublicKey<'_>,
    message: &[u8],
    sig: &[u8],
) -> Verification {
    let unsupported = |reason: &str| {
        Verification::Unsupported(CmsProblem::UnsupportedSignatureAlgorithm {
            algorithm: alg.name(),
            reason: reason.to_owned(),
        })
    };
    let params: &'static dyn signature::VerificationAlgorithm;
    let key_bytes: &[u8];
    match (alg, key) {
        (SignatureAlgorithm::RsaPkcs1 { hash }, PublicKey::Rsa { der, bits }) => {
            if *bits < 1024 || *bits > 8192 {
                return Verification::Unsupported(CmsProblem::UnsupportedPublicKey {
                    reason: format!("RSA modulus of {bits} bits (supported: 1024 to 8192)"),
                });
            }
            params = match hash {
                DigestAlgorithm::Sha1 => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                DigestAlgorithm::Sha256 => {
                    &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
                }
                DigestAlgorithm::Sha512 => {
                    &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
                }
                // ring offers SHA-384 with PKCS#1 only from 2048 bits.
                DigestAlgorithm::Sha384 if *bits >= 2048 => &signature::RSA_PKCS1_2048_8192_SHA384,
                DigestAlgorithm::Sha384 => {
                    return unsupported("SHA-384 with an RSA key under 2048 bits")
                }
                other => return Verification::Unsupported(other.unsupported()),
            };
            key_bytes = der;
        }
        (
            SignatureAlgorithm::RsaPss {
                hash,
                mgf_hash,
                salt_length,
            },
            PublicKey::Rsa { der, bits },
        ) => {
            if hash != mgf_hash {
                return unsupported("MGF1 hash differs from the message hash");
            }
            let hash_len = hash.ring().map(|d| d.output_len());
            if hash_len.and_then(|l| u32::try_from(l).ok()) != Some(*salt_length) {
                return unsupported("salt length differs from the hash length");
            }
            if *bits < 2048 || *bits > 8192 {
                return Verification::Unsupported(CmsProblem::UnsupportedPublicKey {
                    reason: format!("RSA-PSS modulus of {bits} bits (supported: 2048 to 8192)"),
                });
            }
            params = match hash {
                DigestAlgorithm::Sha256 => &signature::RSA_PSS_2048_8192_SHA256,
                DigestAlgorithm::Sha384 => &signature::RSA_PSS_2048_8192_SHA384,
                DigestAlgorithm::Sha512 => &signature::RSA_PSS_2048_8192_SHA512,
                _ => return unsupported("PSS is supported with SHA-256/384/512 only"),
            };
            key_bytes = der;
        }
        (SignatureAlgorithm::Ecdsa { hash }, PublicKey::Ec { curve, point }) => {
            params = match (curve, hash) {
                (Curve::P256, DigestAlgorithm::Sha256) => &signature::ECDSA_P256_SHA256_ASN1,
                (Curve::P256, DigestAlgorithm::Sha384) => &signature::ECDSA_P256_SHA384_ASN1,
                (Curve::P384, DigestAlgorithm::Sha256) => &signature::ECDSA_P384_SHA256_ASN1,
                (Curve::P384, DigestAlgorithm::Sha384) => &signature::ECDSA_P384_SHA384_ASN1,
                (Curve::Other(c), _) => {
                    return Verification::Unsupported(CmsProblem::UnsupportedPublicKey {
                        reason: format!("elliptic curve {c}"),
                    })
                }
                _ => return unsupported("curve and hash combination"),
            };
            key_bytes = point;
        }
        (SignatureAlgorithm::EcdsaPlain { hash }, PublicKey::Ec { curve, point }) => {
            params = match (curve, hash) {
                (Curve::P256, DigestAlgorithm::Sha256) => &signature::ECDSA_P256_SHA256_FIXED,
                (Curve::P384, DigestAlgorithm::Sha384) => &signature::ECDSA_P384_SHA384_FIXED,
                (Curve::Other(c), _) => {
                    return Verification::Unsupported(CmsProblem::UnsupportedPublicKey {
                        reason: format!("elliptic curve {c}"),
                    })
                }
                _ => return unsupported("curve and hash combination"),
            };
            key_bytes = point;
        }
        (SignatureAlgorithm::Ed25519, PublicKey::Ed25519 { key }) => {
            params = &signature::ED25519;
            key_bytes = key;
        }
        (SignatureAlgorithm::Other(oid), _) => {
            return Verification::Unsupported(CmsProblem::UnsupportedSignatureAlgorithm {
                algorithm: oid.clone(),
                reason: "unknown algorithm".into(),
            })
        }
        (_, PublicKey::Other { oid }) => {
            return Verification::Unsupported(CmsProblem::UnsupportedPublicKey {
                reason: format!("key algorithm {oid}"),
            })
        }
        _ => return unsupported("does not match the signer certificate's key type"),
    }
    match signature::UnparsedPublicKey::new(params, key_bytes).verify(message, sig) {
        Ok(()) => Verification::Valid,
        Err(_) => Verification::Invalid,
    }
}
