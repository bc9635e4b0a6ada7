//! One call for the signature pipeline: path validation plus revocation, as the facts the report
//! and the policy module need (`certificate.trust`, `validity_at_signing`, `revocation`).

use crate::report::{Revocation, Trust, ValidityAtSigning};
use crate::time::ValidationTime;

use super::cert::Certificate;
use super::path::{validate_path, PathFacts, TrustStore, ValidationOptions};
use super::revocation::{check_revocation, RevocationFacts, RevocationSources};

/// Trust facts about one certificate at one time.
#[derive(Debug, Clone)]
pub struct TrustFacts {
    pub path: PathFacts,
    pub revocation: RevocationFacts,
}

impl TrustFacts {
    pub fn trust(&self) -> Trust {
        self.path.trust
    }

    pub fn validity_at_signing(&self) -> ValidityAtSigning {
        self.path.validity_at_signing
    }

    pub fn revocation_summary(&self) -> Revocation {
        self.revocation.summary()
    }

    /// True when some certificate of the path was revoked at or before `time` (e.g. a proven
    /// signing time). A revocation after a *proven* signing time leaves the signature valid; the
    /// policy module decides with this fact and the revocation time.
    pub fn revoked_at_or_before(&self, time: i64) -> bool {
        self.revocation
            .earliest_revocation()
            .is_some_and(|(_, at, _)| at <= time)
    }
}

/// Validates the path of `leaf` at `at` and checks the revocation of every certificate on it.
/// `extra` are candidate intermediates and responder/CRL-signer certificates (CMS set, /DSS).
pub fn assess(
    leaf: &Certificate,
    extra: &[Certificate],
    store: &TrustStore,
    sources: &RevocationSources,
    at: ValidationTime,
    options: &ValidationOptions,
) -> TrustFacts {
    let path = validate_path(leaf, extra, store, at, options);
    let revocation = check_revocation(&path, sources, store, extra, at);
    TrustFacts { path, revocation }
}
