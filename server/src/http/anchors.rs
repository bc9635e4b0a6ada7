//! `GET /api/trust-anchors`: the anchors this server trusts, so that the browser app verifies
//! against the same ones. One function, [`trust_anchors`], lists them from the verification
//! context's trust store: anchors built into kyso (a later issue) join the store and appear here
//! without another change.

use audit_core::pki::{Certificate, TrustStore};
use audit_core::report::AnchorKind;
use serde::Serialize;
use x509_parser::prelude::FromDer;

/// One trust anchor.
#[derive(Debug, Clone, Serialize)]
pub struct TrustAnchor {
    /// The certificate's common name (else its subject).
    pub label: String,
    /// Whose CA it is (DESIGN.md "Decree 30 profile": a signature trusted only through a
    /// public CA is a finding).
    pub kind: AnchorKind,
    pub subject: String,
    pub issuer: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    /// Of the DER certificate, lower-case hex.
    pub sha256: String,
    pub pem: String,
}

fn common_name(cert: &Certificate) -> Option<String> {
    let (_, parsed) = x509_parser::certificate::X509Certificate::from_der(cert.der()).ok()?;
    let cn = parsed.subject().iter_common_name().next()?;
    cn.as_str().ok().map(str::to_owned)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every anchor of the trust store, in the store's order.
pub fn trust_anchors(store: &TrustStore) -> Vec<TrustAnchor> {
    store
        .anchors()
        .iter()
        .map(|cert| TrustAnchor {
            label: common_name(cert).unwrap_or_else(|| cert.subject().to_string()),
            kind: store.kind_of(cert),
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_before: audit_core::time::rfc3339(cert.not_before()),
            not_after: audit_core::time::rfc3339(cert.not_after()),
            sha256: hex(cert.fingerprint()),
            pem: pem::encode_config(
                &pem::Pem::new("CERTIFICATE", cert.der().to_vec()),
                pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
            ),
        })
        .collect()
}
