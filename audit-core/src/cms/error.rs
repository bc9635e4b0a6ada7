//! What can be wrong with a CMS signature: parse errors ([`CmsError`]) and the problems a
//! verification reports ([`CmsProblem`]). Problems are facts; the policy module decides.

use thiserror::Error;

use crate::codes::{self, Code};
use crate::report::Integrity;

/// Why the bytes of /Contents are not a readable CMS SignedData (RFC 5652 §3, §5).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CmsError {
    #[error("/Contents is empty")]
    Empty,
    #[error("/Contents is only zero bytes (signature placeholder never filled)")]
    ZeroFilled,
    #[error("truncated encoding while reading {context}")]
    Truncated { context: &'static str },
    #[error("invalid encoding of {context}: {detail}")]
    Asn1 {
        context: &'static str,
        detail: String,
    },
    #[error("unexpected tag in {context}: expected {expected}, found {found}")]
    UnexpectedTag {
        context: &'static str,
        expected: String,
        found: String,
    },
    #[error("{context} is missing")]
    Missing { context: &'static str },
    #[error("{context}: more than {limit} elements")]
    TooMany { context: &'static str, limit: usize },
}

impl CmsError {
    pub(crate) fn asn1(context: &'static str, e: impl std::fmt::Display) -> Self {
        Self::Asn1 {
            context,
            detail: e.to_string(),
        }
    }
}

/// How a problem bears on [`Integrity`]: `Broken` is proof that the signed bytes or the
/// signature were altered; `Malformed` means integrity cannot be evaluated; `Note` is a fact that
/// leaves integrity as it is (the policy may still act on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Broken,
    Malformed,
    Note,
}

/// One precise problem found while verifying a CMS signature. [`CmsProblem::code`] is stable
/// (a code of the catalogue, matched by the policy); the `Display` text is an English explanation
/// with the details.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CmsProblem {
    #[error("CMS cannot be parsed: {0}")]
    Unparseable(CmsError),
    #[error("ContentInfo content type is {content_type}, not id-signedData")]
    NotSignedData { content_type: String },
    #[error("SubFilter {0} is not a supported signature type")]
    UnsupportedSubFilter(String),
    #[error("SignedData has {found} SignerInfos; exactly one is required")]
    SignerInfoCount { found: usize },
    #[error("no certificate in the CMS matches the SignerInfo signer identifier")]
    NoSigningCertificateFound,
    #[error("{count} different certificates match the SignerInfo signer identifier")]
    AmbiguousSigningCertificate { count: usize },
    #[error("certificate #{index} in the CMS cannot be parsed: {detail}")]
    CertificateUnparseable { index: usize, detail: String },
    #[error("digest algorithm {oid} is not supported")]
    UnsupportedDigestAlgorithm { oid: String },
    #[error("signature algorithm {algorithm} is not supported: {reason}")]
    UnsupportedSignatureAlgorithm { algorithm: String, reason: String },
    #[error("RSASSA-PSS mask generation uses {mgf_hash} while the message hash is {hash}")]
    PssMgfDiscrepancy { hash: String, mgf_hash: String },
    #[error("the signer's digest algorithm is not listed in SignedData.digestAlgorithms")]
    DigestAlgorithmNotDeclared,
    #[error("signature hash {signature_hash} differs from the digest algorithm {digest}")]
    SignatureHashDiffersFromDigest {
        signature_hash: String,
        digest: String,
    },
    #[error("a detached signature carries encapsulated content (eContent)")]
    EncapsulatedContentInDetached,
    #[error("encapsulated content (eContent) is required by the SubFilter but absent")]
    MissingEncapsulatedContent,
    #[error("encapsulated content type is {found}, expected {expected}")]
    UnexpectedContentType { expected: String, found: String },
    #[error("the encapsulated SHA-1 (adbe.pkcs7.sha1) does not match the signed bytes")]
    EncapsulatedDigestMismatch,
    #[error("the timestamp's message imprint does not match the signed bytes")]
    MessageImprintMismatch,
    #[error("TSTInfo cannot be parsed: {0}")]
    TstInfoUnparseable(CmsError),
    #[error("no signed attributes: the signature is computed directly over the content")]
    NoSignedAttributes,
    #[error("signed attributes are not DER (unsorted SET OF or indefinite lengths); verified as received")]
    SignedAttributesNotDer,
    #[error("signed attribute {name} is missing")]
    MissingSignedAttribute { name: &'static str },
    #[error("signed attribute {name} occurs more than once or has several values")]
    DuplicateSignedAttribute { name: &'static str },
    #[error("signed attribute {name} cannot be parsed: {detail}")]
    SignedAttributeUnparseable { name: &'static str, detail: String },
    #[error("signed contentType {signed} differs from eContentType {encapsulated}")]
    ContentTypeMismatch {
        signed: String,
        encapsulated: String,
    },
    #[error("messageDigest does not match the digest of the signed bytes")]
    MessageDigestMismatch,
    #[error("the signature value does not verify with the signer certificate's public key")]
    SignatureMismatch,
    #[error("public key of the signer certificate is not usable: {reason}")]
    UnsupportedPublicKey { reason: String },
    #[error("ESS signing-certificate{version} hash does not match the signer certificate")]
    EssCertificateMismatch { version: &'static str },
    #[error("ESS signing-certificate{version} issuerSerial does not match the signer certificate")]
    EssIssuerSerialMismatch { version: &'static str },
    #[error("unsigned attribute {name} cannot be parsed: {detail}")]
    UnsignedAttributeUnparseable { name: &'static str, detail: String },
    #[error("non-zero bytes follow the CMS structure in /Contents")]
    TrailingData,
}

impl CmsProblem {
    /// The catalogue entry of this problem ([`crate::codes`]): its stable code, severity and
    /// sentences.
    pub fn catalogue(&self) -> &'static Code {
        match self {
            Self::Unparseable(_) => &codes::CMS_UNPARSEABLE,
            Self::NotSignedData { .. } => &codes::CMS_NOT_SIGNED_DATA,
            Self::UnsupportedSubFilter(_) => &codes::UNSUPPORTED_SIGNATURE_TYPE,
            Self::SignerInfoCount { .. } => &codes::CMS_SIGNER_INFO_COUNT,
            Self::NoSigningCertificateFound => &codes::NO_SIGNING_CERTIFICATE,
            Self::AmbiguousSigningCertificate { .. } => &codes::CMS_AMBIGUOUS_SIGNING_CERTIFICATE,
            Self::CertificateUnparseable { .. } => &codes::CMS_CERTIFICATE_UNPARSEABLE,
            Self::UnsupportedDigestAlgorithm { .. } => &codes::UNSUPPORTED_DIGEST_ALGORITHM,
            Self::UnsupportedSignatureAlgorithm { .. } => &codes::UNSUPPORTED_SIGNATURE_ALGORITHM,
            Self::PssMgfDiscrepancy { .. } => &codes::PSS_MGF_DISCREPANCY,
            Self::DigestAlgorithmNotDeclared => &codes::DIGEST_ALGORITHM_NOT_DECLARED,
            Self::SignatureHashDiffersFromDigest { .. } => {
                &codes::SIGNATURE_HASH_DIFFERS_FROM_DIGEST
            }
            Self::EncapsulatedContentInDetached => &codes::ENCAPSULATED_CONTENT_IN_DETACHED,
            Self::MissingEncapsulatedContent => &codes::MISSING_ENCAPSULATED_CONTENT,
            Self::UnexpectedContentType { .. } => &codes::UNEXPECTED_CONTENT_TYPE,
            Self::EncapsulatedDigestMismatch => &codes::ENCAPSULATED_DIGEST_MISMATCH,
            Self::MessageImprintMismatch => &codes::MESSAGE_IMPRINT_MISMATCH,
            Self::TstInfoUnparseable(_) => &codes::TST_INFO_UNPARSEABLE,
            Self::NoSignedAttributes => &codes::NO_SIGNED_ATTRIBUTES,
            Self::SignedAttributesNotDer => &codes::SIGNED_ATTRIBUTES_NOT_DER,
            Self::MissingSignedAttribute { .. } => &codes::MISSING_SIGNED_ATTRIBUTE,
            Self::DuplicateSignedAttribute { .. } => &codes::DUPLICATE_SIGNED_ATTRIBUTE,
            Self::SignedAttributeUnparseable { .. } => &codes::SIGNED_ATTRIBUTE_UNPARSEABLE,
            Self::ContentTypeMismatch { .. } => &codes::CONTENT_TYPE_MISMATCH,
            Self::MessageDigestMismatch => &codes::MESSAGE_DIGEST_MISMATCH,
            Self::SignatureMismatch => &codes::SIGNATURE_MISMATCH,
            Self::UnsupportedPublicKey { .. } => &codes::UNSUPPORTED_PUBLIC_KEY,
            Self::EssCertificateMismatch { .. } => &codes::ESS_CERTIFICATE_MISMATCH,
            Self::EssIssuerSerialMismatch { .. } => &codes::ESS_ISSUER_SERIAL_MISMATCH,
            Self::UnsignedAttributeUnparseable { .. } => &codes::UNSIGNED_ATTRIBUTE_UNPARSEABLE,
            Self::TrailingData => &codes::CMS_TRAILING_DATA,
        }
    }

    /// The stable code ([`crate::codes`]), for the policy and tests.
    pub fn code(&self) -> &'static str {
        self.catalogue().code
    }

    /// How this problem bears on integrity.
    pub fn effect(&self) -> Effect {
        match self {
            Self::MessageDigestMismatch
            | Self::SignatureMismatch
            | Self::EncapsulatedDigestMismatch
            | Self::MessageImprintMismatch => Effect::Broken,
            Self::PssMgfDiscrepancy { .. }
            | Self::DigestAlgorithmNotDeclared
            | Self::SignatureHashDiffersFromDigest { .. }
            | Self::NoSignedAttributes
            | Self::SignedAttributesNotDer
            | Self::CertificateUnparseable { .. }
            | Self::UnsignedAttributeUnparseable { .. }
            | Self::TrailingData => Effect::Note,
            _ => Effect::Malformed,
        }
    }
}

/// Integrity implied by a list of problems: any proof of alteration wins (it is definitive even
/// when something else could not be evaluated), then anything that prevents evaluation.
pub(crate) fn integrity_of(problems: &[CmsProblem], signature_checked: bool) -> Integrity {
    if problems.iter().any(|p| p.effect() == Effect::Broken) {
        Integrity::Broken
    } else if !signature_checked || problems.iter().any(|p| p.effect() == Effect::Malformed) {
        Integrity::Malformed
    } else {
        Integrity::Intact
    }
}
