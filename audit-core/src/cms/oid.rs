//! Object identifiers used by CMS signatures in PDFs, in dotted form.
//!
//! Compared as strings: `asn1-rs` renders any OID with `to_id_string`, which keeps this table
//! readable against the RFCs it cites.

// RFC 5652 §3, §5, §11 — content types and attributes.
pub const DATA: &str = "1.2.840.113549.1.7.1";
pub const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
pub const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
pub const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
pub const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
// RFC 2634 §5.4 / RFC 5035 §3 — ESS signing-certificate (v1, v2).
pub const SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
pub const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
// RFC 3161 §2.4.2 and Appendix A — TSTInfo and the signature-time-stamp attribute.
pub const TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
pub const SIGNATURE_TIME_STAMP_TOKEN: &str = "1.2.840.113549.1.9.16.2.14";
// ISO 32000-1 §12.8.3.3.2 — Adobe revocation information archival.
pub const ADBE_REVOCATION_INFO_ARCHIVAL: &str = "1.2.840.113583.1.1.8";
// RFC 5940 §4.1 — OCSP response inside RevocationInfoChoice `other`.
pub const RI_OCSP_RESPONSE: &str = "1.3.6.1.5.5.7.16.2";

// Digests (RFC 3370 §2, RFC 5754 §2).
pub const MD5: &str = "1.2.840.113549.2.5";
pub const SHA1: &str = "1.3.14.3.2.26";
pub const SHA224: &str = "2.16.840.1.101.3.4.2.4";
pub const SHA256: &str = "2.16.840.1.101.3.4.2.1";
pub const SHA384: &str = "2.16.840.1.101.3.4.2.2";
pub const SHA512: &str = "2.16.840.1.101.3.4.2.3";

// RSA (RFC 8017 Appendix A, RFC 4055).
pub const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
pub const MD5_WITH_RSA: &str = "1.2.840.113549.1.1.4";
pub const SHA1_WITH_RSA: &str = "1.2.840.113549.1.1.5";
pub const MGF1: &str = "1.2.840.113549.1.1.8";
pub const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
pub const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
pub const SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
pub const SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
pub const SHA224_WITH_RSA: &str = "1.2.840.113549.1.1.14";

// Elliptic curves (RFC 5480, RFC 5758 §3.2, RFC 8410).
pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub const P256: &str = "1.2.840.10045.3.1.7";
pub const P384: &str = "1.3.132.0.34";
pub const ECDSA_WITH_SHA1: &str = "1.2.840.10045.4.1";
pub const ECDSA_WITH_SHA224: &str = "1.2.840.10045.4.3.1";
pub const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
pub const ECDSA_WITH_SHA384: &str = "1.2.840.10045.4.3.3";
pub const ECDSA_WITH_SHA512: &str = "1.2.840.10045.4.3.4";
pub const ED25519: &str = "1.3.101.112";
// BSI TR-03111 §5.2.1 — "plain" ECDSA (r || s, fixed length).
pub const ECDSA_PLAIN_SHA256: &str = "0.4.0.127.0.7.1.1.4.1.3";
pub const ECDSA_PLAIN_SHA384: &str = "0.4.0.127.0.7.1.1.4.1.4";
