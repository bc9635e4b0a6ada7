//! Trust: certification path building and validation (RFC 5280 §6), revocation (CRL, RFC 5280
//! §5 and §6.3; OCSP, RFC 6960).
//!
//! Pure like the rest of audit-core: the caller passes certificates, CRLs and OCSP responses as
//! bytes and the validation time as a value; nothing here reads files, the network or a clock.
//! The module reports facts ([`PathFacts`], [`RevocationFacts`], [`TrustFacts`]); the policy
//! module decides.
//!
//! ```text
//! TrustStore (anchors + intermediate pool) ─┐
//! leaf + extra certificates (CMS set, /DSS) ─┼─ validate_path ─ PathFacts ─┐
//! ValidationTime, ValidationOptions ────────┘                             ├─ TrustFacts (assess)
//! RevocationSources (CRLs, OCSP) ─────────────── check_revocation ─ RevocationFacts ┘
//! ```
//!
//! What is implemented:
//! - path building: depth-first over every candidate issuer whose subject matches (normalised,
//!   RFC 5280 §7.1 simplified: whitespace collapsed, case folded), AKI/SKI preferred, cycle
//!   avoidance by certificate and by (name, key), bounded by signature checks and candidates;
//! - §6.1 validation: signatures (ring; RSA PKCS#1 v1.5 with SHA-1/256/384/512 down to 1024-bit
//!   keys, RSA-PSS, ECDSA P-256/P-384, Ed25519), validity at the given time (reported as
//!   `validity_at_signing`, not as distrust), name chaining, basicConstraints and
//!   pathLenConstraint, keyUsage keyCertSign, unknown critical extensions, name constraints
//!   (directoryName, rfc822Name, dNSName, URI, iPAddress), the full valid_policy_tree
//!   (policy mapping, inhibitPolicyMapping, requireExplicitPolicy, inhibitAnyPolicy), and the
//!   end-entity key usage ([`EndEntityUsage`]);
//! - CRLs: issuer name, signature by the issuer or by another certificate of the same name with
//!   its own valid, unrevoked path, cRLSign, nextUpdate freshness, issuingDistributionPoint scope
//!   (user/CA/attribute certificates, distribution point names, onlySomeReasons), indirect CRLs
//!   (cRLIssuer, certificateIssuer entries), delta CRLs applied to their complete CRL
//!   (removeFromCRL, certificateHold), unknown critical CRL and entry extensions, revocation
//!   time and reason;
//! - OCSP: BasicOCSPResponse parsing, CertID matching (name and key hashes with the CertID's
//!   hash), responder by name or key hash, the CA itself or a delegated responder it certified
//!   with id-kp-OCSPSigning, signature, nextUpdate freshness, good/revoked/unknown.
//!
//! Evidence: NIST PKITS (`tests/pkits.rs`) passes 243 of 246 cases, every in-scope case, with the
//! failure reason PKITS names; out of scope are the 3 DSA cases (ring has no DSA). OpenSSL's
//! OCSP fixtures (`tests/ocsp.rs`) agree 29 of 29 (one with a different but equally failing
//! reason, documented there).

mod cert;
mod crl;
mod der;
mod error;
mod name;
mod ocsp;
mod path;
mod policy;
mod revocation;
mod sig;
mod trust;

pub use cert::{Certificate, CertificateError};
pub use crl::{Crl, CrlError, CrlProblem, RevocationReason};
pub use error::{Depth, PathError};
pub use name::DistinguishedName;
pub use ocsp::{OcspAnswer, OcspCertStatus, OcspError, OcspProblem, OcspResponse};
pub use path::{
    validate_path, ChainLink, EndEntityUsage, PathFacts, PathFinding, TrustStore, ValidationOptions,
};
pub use policy::PolicySettings;
pub use revocation::{
    check_revocation, CertRevocation, RevocationFacts, RevocationProblem, RevocationSource,
    RevocationSources, RevocationStatus,
};
pub use sig::{
    verify_signature, HashAlgorithm, KeyAlgorithm, PublicKeyInfo, SignatureAlgorithm,
    SignatureError, SignatureFacts,
};
pub use trust::{assess, TrustFacts};
