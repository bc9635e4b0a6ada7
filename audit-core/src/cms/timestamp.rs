//! RFC 3161 time-stamp tokens: the TSTInfo content (§2.4.2) of a SignedData.

use x509_parser::asn1_rs::Tag;

use super::algorithm::{algorithm_oid, DigestAlgorithm};
use super::attributes::time_of;
use super::ber;
use super::error::CmsError;

/// The facts of a TSTInfo (RFC 3161 §2.4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TstInfo {
    /// TSA policy OID.
    pub policy: String,
    pub imprint_algorithm: DigestAlgorithm,
    pub imprint: Vec<u8>,
    /// Serial number, lower-case hex.
    pub serial: String,
    /// genTime, seconds since the Unix epoch (fractions dropped).
    pub gen_time: i64,
    /// Nonce, lower-case hex, if any.
    pub nonce: Option<String>,
}

/// Parses the DER of a TSTInfo.
pub(crate) fn read_tst_info(bytes: &[u8]) -> Result<TstInfo, CmsError> {
    const CTX: &str = "TSTInfo";
    let (seq, _) = ber::read(bytes, CTX)?;
    let mut kids = seq.expect(Tag::Sequence, CTX)?.children(CTX)?.into_iter();
    let mut next = |context: &'static str| kids.next().ok_or(CmsError::Missing { context });
    next("TSTInfo.version")?.small_uint("TSTInfo.version")?;
    let policy = next("TSTInfo.policy")?.oid("TSTInfo.policy")?;
    let imprint = next("TSTInfo.messageImprint")?.expect(Tag::Sequence, "MessageImprint")?;
    let (imprint_algorithm, imprint) = match imprint.children("MessageImprint")?.as_slice() {
        [alg, hashed] => (
            DigestAlgorithm::from_oid(&algorithm_oid(alg, "MessageImprint.hashAlgorithm")?.0),
            hashed
                .clone()
                .expect(Tag::OctetString, "MessageImprint.hashedMessage")?
                .octets("MessageImprint.hashedMessage")?
                .into_owned(),
        ),
        _ => {
            return Err(CmsError::Asn1 {
                context: "MessageImprint",
                detail: "expected hashAlgorithm and hashedMessage".into(),
            })
        }
    };
    let serial = crate::hex::encode(ber::trim_unsigned(
        next("TSTInfo.serialNumber")?.integer_bytes("TSTInfo.serialNumber")?,
    ));
    let gen_time = next("TSTInfo.genTime")?;
    if !gen_time.is_universal(Tag::GeneralizedTime) {
        return Err(CmsError::UnexpectedTag {
            context: "TSTInfo.genTime",
            expected: "GeneralizedTime".into(),
            found: ber::tag_name(gen_time.class(), gen_time.tag()),
        });
    }
    let gen_time = time_of(&gen_time, "TSTInfo.genTime")?;
    let mut nonce = None;
    for rest in kids {
        if rest.is_universal(Tag::Integer) {
            nonce = Some(crate::hex::encode(rest.integer_bytes("TSTInfo.nonce")?));
        }
    }
    Ok(TstInfo {
        policy,
        imprint_algorithm,
        imprint,
        serial,
        gen_time,
        nonce,
    })
}
