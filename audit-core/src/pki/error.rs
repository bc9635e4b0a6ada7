//! Problems found while building and validating a certification path (RFC 5280 §6.1), ranked so
//! that, when every candidate path fails, the most specific failure is the one reported.

use crate::codes::{self, Code};

/// Position in a path: 0 is the end-entity (target) certificate, 1 the certificate that issued
/// it, and so on towards the trust anchor.
pub type Depth = usize;

/// Why a certification path is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// No certificate (trust anchor or intermediate) whose subject matches the issuer of the
    /// certificate at `depth` verifies its signature.
    #[error("no issuer found for the certificate at depth {depth} (issuer {issuer})")]
    NoIssuer { depth: Depth, issuer: String },
    /// The work budget (signature checks / candidates) ran out before a path was found.
    #[error("path building budget exhausted")]
    BudgetExhausted,
    /// The path would be longer than the configured maximum.
    #[error("path longer than {max} certificates")]
    TooLong { max: usize },
    #[error(
        "signature of the certificate at depth {depth} uses an unsupported algorithm: {algorithm}"
    )]
    UnsupportedAlgorithm { depth: Depth, algorithm: String },
    #[error("signature of the certificate at depth {depth} does not verify with its issuer's key")]
    BadSignature { depth: Depth },
    /// §6.1.3 (a)(2): the validation time is after notAfter.
    #[error("certificate at depth {depth} expired at {not_after}")]
    Expired { depth: Depth, not_after: i64 },
    /// §6.1.3 (a)(2): the validation time is before notBefore.
    #[error("certificate at depth {depth} is not valid before {not_before}")]
    NotYetValid { depth: Depth, not_before: i64 },
    /// §6.1.4 (k): an issuing certificate without basicConstraints cA=TRUE.
    #[error("certificate at depth {depth} is not a CA certificate")]
    NotCa { depth: Depth },
    /// §6.1.4 (l): more non-self-issued intermediates than a pathLenConstraint allows.
    #[error("pathLenConstraint exceeded at depth {depth}")]
    PathLenExceeded { depth: Depth },
    /// §6.1.4 (n): an issuing certificate whose keyUsage lacks keyCertSign.
    #[error("certificate at depth {depth} lacks keyUsage keyCertSign")]
    MissingKeyCertSign { depth: Depth },
    /// §6.1.3 (o)/§6.1.5 (f): a critical extension this validator does not process.
    #[error("certificate at depth {depth} has an unknown critical extension {oid}")]
    UnknownCriticalExtension { depth: Depth, oid: String },
    /// §6.1.3 (b)(c): a name outside the permitted or inside the excluded subtrees.
    #[error("certificate at depth {depth} violates name constraints")]
    NameConstraints { depth: Depth },
    /// §6.1.3 (f), §6.1.5 (g): an explicit policy is required and none is valid.
    #[error("no valid certificate policy (explicit policy required) at depth {depth}")]
    NoValidPolicy { depth: Depth },
    /// §6.1.4 (a): policyMappings maps to or from anyPolicy.
    #[error("policy mapping to or from anyPolicy at depth {depth}")]
    InvalidPolicyMapping { depth: Depth },
    #[error("certificate policy tree too large")]
    PolicyTreeTooLarge,
    /// The end-entity certificate's keyUsage or extKeyUsage does not allow the required use.
    #[error("end-entity certificate key usage does not allow {required}")]
    EndEntityKeyUsage { required: String },
}

impl PathError {
    /// How specific the failure is: higher means the path got further and the reason is more
    /// telling. "No issuer" is the least specific; a constraint violated on an otherwise
    /// cryptographically sound path the most.
    pub fn rank(&self) -> u8 {
        match self {
            PathError::NoIssuer { .. } => 0,
            PathError::TooLong { .. } => 1,
            PathError::BudgetExhausted => 2,
            PathError::UnsupportedAlgorithm { .. } => 3,
            PathError::BadSignature { .. } => 4,
            PathError::Expired { .. } | PathError::NotYetValid { .. } => 5,
            PathError::NotCa { .. }
            | PathError::PathLenExceeded { .. }
            | PathError::MissingKeyCertSign { .. }
            | PathError::UnknownCriticalExtension { .. }
            | PathError::NameConstraints { .. }
            | PathError::NoValidPolicy { .. }
            | PathError::InvalidPolicyMapping { .. }
            | PathError::PolicyTreeTooLarge
            | PathError::EndEntityKeyUsage { .. } => 6,
        }
    }

    /// Time problems do not make a path untrusted: they are reported as
    /// `validity_at_signing` and the policy module decides.
    pub fn is_time_problem(&self) -> bool {
        matches!(
            self,
            PathError::Expired { .. } | PathError::NotYetValid { .. }
        )
    }

    /// The catalogue entry of this problem ([`crate::codes`]).
    pub fn catalogue(&self) -> &'static Code {
        match self {
            PathError::NoIssuer { .. } => &codes::PATH_NO_ISSUER,
            PathError::BudgetExhausted => &codes::PATH_BUDGET_EXHAUSTED,
            PathError::TooLong { .. } => &codes::PATH_TOO_LONG,
            PathError::UnsupportedAlgorithm { .. } => &codes::PATH_UNSUPPORTED_ALGORITHM,
            PathError::BadSignature { .. } => &codes::PATH_BAD_SIGNATURE,
            PathError::Expired { .. } => &codes::EXPIRED,
            PathError::NotYetValid { .. } => &codes::NOT_YET_VALID,
            PathError::NotCa { .. } => &codes::PATH_NOT_CA,
            PathError::PathLenExceeded { .. } => &codes::PATH_LENGTH_EXCEEDED,
            PathError::MissingKeyCertSign { .. } => &codes::PATH_MISSING_KEY_CERT_SIGN,
            PathError::UnknownCriticalExtension { .. } => &codes::PATH_UNKNOWN_CRITICAL_EXTENSION,
            PathError::NameConstraints { .. } => &codes::PATH_NAME_CONSTRAINTS,
            PathError::NoValidPolicy { .. } => &codes::PATH_NO_VALID_POLICY,
            PathError::InvalidPolicyMapping { .. } => &codes::PATH_INVALID_POLICY_MAPPING,
            PathError::PolicyTreeTooLarge => &codes::PATH_POLICY_TREE_TOO_LARGE,
            PathError::EndEntityKeyUsage { .. } => &codes::END_ENTITY_KEY_USAGE,
        }
    }

    /// The stable code ([`crate::codes`]).
    pub fn code(&self) -> &'static str {
        self.catalogue().code
    }
}
