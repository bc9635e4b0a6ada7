//! The kit's timestamp authority: RFC 3161 TimeStampToken (§2.4.2) with a TSTInfo whose
//! messageImprint is the hash of the signature value it stamps (ETSI EN 319 122-1 §5.3), signed
//! by the TSA certificate (EKU id-kp-timeStamping, critical) with signing-certificate-v2 (RFC 5816).

use super::cms::{build_signed_data, CmsOptions, DigestAlg, OID_TST_INFO};
use super::der::{self, generalized_time, int, octets, oid, seq};
use super::pki::Pki;
use super::KitTime;

/// Kit TSA policy OID (under a private test arc).
pub const TSA_POLICY: &[u64] = &[1, 3, 6, 1, 4, 1, 99_999, 1, 3161];

/// TimeStampToken (a ContentInfo) over `data` (the SignerInfo signature value) at `at`.
pub fn timestamp_token(data: &[u8], at: KitTime, hash: DigestAlg) -> Vec<u8> {
    let pki = Pki::get();
    let imprint = seq(&[&hash.alg_id(), &octets(&hash.digest(data))]);
    let serial = {
        let d = DigestAlg::Sha256.digest(&[data, at.rfc3339().as_bytes()].concat());
        der::uint(&d[..8])
    };
    let tst_info = seq(&[
        &int(1),
        &oid(TSA_POLICY),
        &imprint,
        &serial,
        &generalized_time(&at),
    ]);
    let opts = CmsOptions {
        signing_time: Some(at),
        ..CmsOptions::default()
    };
    let md = DigestAlg::Sha256.digest(&tst_info);
    build_signed_data(
        &pki.tsa,
        &opts,
        Some((OID_TST_INFO, &tst_info)),
        &md,
        Vec::new(),
    )
}
