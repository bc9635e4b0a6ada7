//! Verification contexts for the kit's own PKI and for the committed demo export, shared by the
//! tests that verify kit products and demo letters.

use audit_core::pki::{Certificate, RevocationSources, TrustStore};
use audit_core::{ValidationTime, VerifyContext};

use crate::harness::workspace_root;
use crate::kit::pki::Pki;

/// The kit's root as anchor, its sub-CA as intermediate, and the root and sub-CA CRLs.
pub fn kit(at: ValidationTime) -> anyhow::Result<VerifyContext> {
    let pki = Pki::get();
    let mut store = TrustStore::new();
    store.add_anchors(&pki.root.cert)?;
    let mut sources = RevocationSources::new();
    sources.add_crl_der(&pki.root_crl)?;
    sources.add_crl_der(&pki.subca_crl)?;
    let subca = Certificate::from_der(&pki.subca.cert)?;
    Ok(VerifyContext::new(at)
        .with_trust_store(store)
        .with_extra_certificates(vec![subca])
        .with_revocation_sources(sources))
}

/// What `make run` passes for the demo export: `demo/trust`, `demo/certs` and `demo/crl`.
pub fn demo(at: ValidationTime) -> anyhow::Result<VerifyContext> {
    let demo = workspace_root().join("demo");
    let read = |file: &str| std::fs::read(demo.join(file));
    let mut store = TrustStore::new();
    store.add_anchors(&read("trust/root.pem")?)?;
    let mut sources = RevocationSources::new();
    for crl in ["crl/root.crl", "crl/subca.crl"] {
        sources.add_crls(&read(crl)?)?;
    }
    let certs = Certificate::parse_many(&read("certs/subca.pem")?)?;
    Ok(VerifyContext::new(at)
        .with_trust_store(store)
        .with_extra_certificates(certs)
        .with_revocation_sources(sources))
}
