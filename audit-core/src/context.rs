//! Explicit inputs of a verification. Nothing here is read from the environment.
//!
//! ```
//! use audit_core::{RevocationPolicy, ValidationTime, VerifyContext};
//! use audit_core::pki::TrustStore;
//!
//! let ctx = VerifyContext::new(ValidationTime(1_617_235_200))
//!     .with_trust_store(TrustStore::new())
//!     .with_revocation_policy(RevocationPolicy::Require);
//! assert_eq!(ctx.revocation_policy, RevocationPolicy::Require);
//! ```

use crate::limits::Limits;
use crate::modification::ModificationPolicy;
use crate::pki::{Certificate, RevocationSources, TrustStore};
use crate::time::ValidationTime;

/// What a missing revocation answer means (issue 5; ETSI EN 319 102-1 §5.2.6 leaves it to the
/// signature validation policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RevocationPolicy {
    /// No CRL/OCSP answer is a finding, not a failure (I-Office exports rarely embed any).
    #[default]
    BestEffort,
    /// No CRL/OCSP answer makes the signature `indeterminate` (`TRY_LATER`).
    Require,
}

/// Cryptographic constraints on the document signature (EN 319 102-1 §5.2.8, "crypto
/// constraints"). The defaults follow issue 4: SHA-1/MD5 message digests and RSA keys under 2048
/// bits make the signature invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CryptoPolicy {
    /// Reject a message digest (or adbe.pkcs7.sha1 digest) computed with MD5 or SHA-1.
    pub reject_weak_digest: bool,
    /// Smallest accepted RSA modulus of the signer key, in bits.
    pub min_rsa_bits: usize,
}

impl Default for CryptoPolicy {
    fn default() -> Self {
        Self {
            reject_weak_digest: true,
            min_rsa_bits: 2048,
        }
    }
}

/// Everything a verification depends on besides the document bytes. The validation time is the
/// one required input; everything else has a conservative default (empty trust store: every
/// signature is `untrusted`, hence at best `indeterminate`).
#[derive(Debug, Clone)]
pub struct VerifyContext {
    /// When the verification is made (used when the document proves no signing time).
    pub at: ValidationTime,
    /// Trust anchors (labelled: government vs public CA) and known intermediates.
    pub trust: TrustStore,
    /// Further candidate intermediates, CRL signers and OCSP responders (`--certs`).
    pub extra_certificates: Vec<Certificate>,
    /// CRLs and OCSP responses supplied by the caller (`--crl`); embedded ones are added per
    /// signature.
    pub revocation: RevocationSources,
    pub revocation_policy: RevocationPolicy,
    pub crypto: CryptoPolicy,
    /// How changes after signing are judged (default: the government profile, nothing visible
    /// may change after the agency signs).
    pub modification: ModificationPolicy,
    pub limits: Limits,
    /// The password of an encrypted document (UTF-8), tried as user then owner password
    /// (ISO 32000-2 §7.6.4.4). `None`: the empty user password, with which documents that are
    /// encrypted only to restrict permissions open without a prompt.
    pub password: Option<Vec<u8>>,
}

impl VerifyContext {
    pub fn new(at: ValidationTime) -> Self {
        Self {
            at,
            trust: TrustStore::new(),
            extra_certificates: Vec::new(),
            revocation: RevocationSources::new(),
            revocation_policy: RevocationPolicy::default(),
            crypto: CryptoPolicy::default(),
            modification: ModificationPolicy::default(),
            limits: Limits::default(),
            password: None,
        }
    }

    pub fn with_trust_store(mut self, trust: TrustStore) -> Self {
        self.trust = trust;
        self
    }

    pub fn with_extra_certificates(mut self, certs: Vec<Certificate>) -> Self {
        self.extra_certificates = certs;
        self
    }

    pub fn with_revocation_sources(mut self, sources: RevocationSources) -> Self {
        self.revocation = sources;
        self
    }

    pub fn with_revocation_policy(mut self, policy: RevocationPolicy) -> Self {
        self.revocation_policy = policy;
        self
    }

    pub fn with_crypto_policy(mut self, crypto: CryptoPolicy) -> Self {
        self.crypto = crypto;
        self
    }

    pub fn with_modification_policy(mut self, policy: ModificationPolicy) -> Self {
        self.modification = policy;
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn with_password(mut self, password: Option<Vec<u8>>) -> Self {
        self.password = password;
        self
    }
}
