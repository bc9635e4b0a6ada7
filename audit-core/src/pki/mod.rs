//! Trust: certification path building and validation (RFC 5280 §6), revocation (CRL, RFC 5280
//! §5/§6.3; OCSP, RFC 6960).
//!
//! Pure like the rest of audit-core: the caller passes certificates, CRLs and OCSP responses as
//! bytes and the validation time as a value; nothing here reads files, the network or a clock.
//! The module reports facts (`PathFacts`, `RevocationFacts`); the policy module decides.

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
