//! CMS SignedData for PDF signatures, written by the kit's own DER writer.
//!
//! RFC 5652 §5 (SignedData, SignerInfo; the signature covers the DER SET OF signed attributes,
//! §5.4), RFC 5035 (ESS signing-certificate-v2), RFC 3161 §2.4.2 and ETSI EN 319 122-1 (the
//! signature timestamp as the unsigned attribute id-aa-signatureTimeStampToken).

use sha2::Digest;

use super::der::{self, alg, explicit, implicit_constructed, int, octets, oid, seq, set_of, tlv};
use super::pki::{Identity, KeyMaterial, KitKey};
use super::KitTime;

pub const OID_DATA: &[u64] = &[1, 2, 840, 113_549, 1, 7, 1];
pub const OID_SIGNED_DATA: &[u64] = &[1, 2, 840, 113_549, 1, 7, 2];
pub const OID_CONTENT_TYPE: &[u64] = &[1, 2, 840, 113_549, 1, 9, 3];
pub const OID_MESSAGE_DIGEST: &[u64] = &[1, 2, 840, 113_549, 1, 9, 4];
pub const OID_SIGNING_TIME: &[u64] = &[1, 2, 840, 113_549, 1, 9, 5];
pub const OID_SIGNING_CERT_V2: &[u64] = &[1, 2, 840, 113_549, 1, 9, 16, 2, 47];
pub const OID_TIMESTAMP_TOKEN: &[u64] = &[1, 2, 840, 113_549, 1, 9, 16, 2, 14];
pub const OID_TST_INFO: &[u64] = &[1, 2, 840, 113_549, 1, 9, 16, 1, 4];
pub const OID_RSA: &[u64] = &[1, 2, 840, 113_549, 1, 1, 1];
pub const OID_RSA_PSS: &[u64] = &[1, 2, 840, 113_549, 1, 1, 10];
pub const OID_MGF1: &[u64] = &[1, 2, 840, 113_549, 1, 1, 8];
pub const OID_ECDSA_SHA256: &[u64] = &[1, 2, 840, 10_045, 4, 3, 2];
/// adbe-revocationInfoArchival (ISO 32000-2 §12.8.3.3.2).
pub const OID_ADBE_REVOCATION: &[u64] = &[1, 2, 840, 113_583, 1, 1, 8];

/// Message digest algorithm of the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlg {
    Sha1,
    Sha256,
    Sha512,
}

impl DigestAlg {
    pub fn oid(self) -> &'static [u64] {
        match self {
            DigestAlg::Sha1 => &[1, 3, 14, 3, 2, 26],
            DigestAlg::Sha256 => &[2, 16, 840, 1, 101, 3, 4, 2, 1],
            DigestAlg::Sha512 => &[2, 16, 840, 1, 101, 3, 4, 2, 3],
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlg::Sha1 => sha1::Sha1::digest(data).to_vec(),
            DigestAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
            DigestAlg::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    /// Digest over several slices (the two byte ranges of a PDF signature).
    pub fn digest_parts(self, parts: &[&[u8]]) -> Vec<u8> {
        match self {
            DigestAlg::Sha1 => {
                let mut h = sha1::Sha1::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
            DigestAlg::Sha256 => {
                let mut h = sha2::Sha256::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
            DigestAlg::Sha512 => {
                let mut h = sha2::Sha512::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
        }
    }

    pub fn alg_id(self) -> Vec<u8> {
        alg(self.oid(), false)
    }
}

/// How the signer's key signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigScheme {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2): deterministic.
    Pkcs1,
    /// RSASSA-PSS with MGF1 and salt length = digest length (RFC 8017 §8.1, RFC 4055).
    Pss,
}

/// Options of one CMS signature.
#[derive(Debug, Clone)]
pub struct CmsOptions {
    pub digest: DigestAlg,
    pub scheme: SigScheme,
    /// The claimed signing time (signed attribute signingTime, RFC 5652 §11.3).
    pub signing_time: Option<KitTime>,
    /// ESS signing-certificate-v2 (RFC 5035), required by CAdES/PAdES.
    pub ess_v2: bool,
    /// Include the issuing chain (sub-CA, root) in `certificates`.
    pub include_chain: bool,
    /// Omit the signer's own certificate (fault: no signer certificate).
    pub omit_signer_cert: bool,
    /// Signature timestamp from the kit's TSA at this time.
    pub timestamp_at: Option<KitTime>,
    /// CRLs in SignedData.crls (RevocationInfoChoices, RFC 5652 §10.2.1).
    pub crls: Vec<Vec<u8>>,
    /// Write the signed attributes in a non-DER order (BER-tolerance test input).
    pub unsorted_attrs: bool,
}

impl Default for CmsOptions {
    fn default() -> Self {
        Self {
            digest: DigestAlg::Sha256,
            scheme: SigScheme::Pkcs1,
            signing_time: None,
            ess_v2: true,
            include_chain: true,
            omit_signer_cert: false,
            timestamp_at: None,
            crls: Vec::new(),
            unsorted_attrs: false,
        }
    }
}

pub fn attribute(id: &[u64], value: &[u8]) -> Vec<u8> {
    seq(&[&oid(id), &set_of(&[value.to_vec()])])
}

/// ESSCertIDv2 with IssuerSerial (RFC 5035 §4); hashAlgorithm omitted = SHA-256 (DEFAULT).
pub fn signing_certificate_v2(cert: &[u8]) -> Vec<u8> {
    let parts = der::cert_parts(cert);
    let hash = sha2::Sha256::digest(cert);
    let general_names = seq(&[&explicit(4, &parts.issuer)]);
    let issuer_serial = seq(&[&general_names, &parts.serial]);
    let ess_cert_id = seq(&[&octets(&hash), &issuer_serial]);
    seq(&[&seq(&[&ess_cert_id])])
}

pub fn rsa_pkcs1_sign(key: &KitKey, digest: DigestAlg, message: &[u8]) -> Vec<u8> {
    let KeyMaterial::Rsa(k) = &key.material else {
        panic!("{} is not an RSA key", key.name)
    };
    let h = digest.digest(message);
    let padding = match digest {
        DigestAlg::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        DigestAlg::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        DigestAlg::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
    };
    k.sign(padding, &h).expect("RSA sign")
}

fn sign_raw(key: &KitKey, opts: &CmsOptions, message: &[u8]) -> (Vec<u8>, Vec<u8>) {
    match (&key.material, opts.scheme) {
        (KeyMaterial::Rsa(_), SigScheme::Pkcs1) => (
            alg(OID_RSA, true),
            rsa_pkcs1_sign(key, opts.digest, message),
        ),
        (KeyMaterial::Rsa(k), SigScheme::Pss) => {
            let h = opts.digest.digest(message);
            let mut rng = rsa::rand_core::OsRng;
            let (pss, hlen) = match opts.digest {
                DigestAlg::Sha1 => (rsa::Pss::new::<sha1::Sha1>(), 20),
                DigestAlg::Sha256 => (rsa::Pss::new::<sha2::Sha256>(), 32),
                DigestAlg::Sha512 => (rsa::Pss::new::<sha2::Sha512>(), 64),
            };
            let sig = k.sign_with_rng(&mut rng, pss, &h).expect("PSS sign");
            let halg = alg(opts.digest.oid(), true);
            let params = seq(&[
                &explicit(0, &halg),
                &explicit(1, &seq(&[&oid(OID_MGF1), &halg])),
                &explicit(2, &int(hlen)),
            ]);
            (seq(&[&oid(OID_RSA_PSS), &params]), sig)
        }
        (KeyMaterial::EcdsaP256(pkcs8), _) => {
            use ring::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
            let rng = ring::rand::SystemRandom::new();
            let kp = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8, &rng)
                .expect("P-256 key");
            let sig = kp.sign(&rng, message).expect("ECDSA sign");
            (alg(OID_ECDSA_SHA256, false), sig.as_ref().to_vec())
        }
    }
}

/// Builds a SignerInfo and the SignedData ContentInfo around it.
///
/// `econtent`: `None` for detached signatures (PDF), `Some((type, bytes))` for encapsulated
/// content (TSTInfo). `message_digest` is the digest of the (detached or encapsulated) content.
pub fn build_signed_data(
    signer: &Identity,
    opts: &CmsOptions,
    econtent: Option<(&[u64], &[u8])>,
    message_digest: &[u8],
    extra_signed: Vec<Vec<u8>>,
) -> Vec<u8> {
    let content_type = econtent.map(|(t, _)| t).unwrap_or(OID_DATA);
    let mut attrs = vec![
        attribute(OID_CONTENT_TYPE, &oid(content_type)),
        attribute(OID_MESSAGE_DIGEST, &octets(message_digest)),
    ];
    if let Some(t) = opts.signing_time {
        attrs.insert(1, attribute(OID_SIGNING_TIME, &der::time(&t)));
    }
    if opts.ess_v2 {
        attrs.push(attribute(
            OID_SIGNING_CERT_V2,
            &signing_certificate_v2(&signer.cert),
        ));
    }
    attrs.extend(extra_signed);
    let signed_set = if opts.unsorted_attrs {
        let mut a = attrs.clone();
        a.sort();
        a.reverse();
        der::set_unsorted(&a)
    } else {
        set_of(&attrs)
    };
    let (sig_alg, signature) = sign_raw(&signer.key, opts, &signed_set);

    let mut unsigned = Vec::new();
    if let Some(at) = opts.timestamp_at {
        let token = super::tsa::timestamp_token(&signature, at, DigestAlg::Sha256);
        unsigned.push(attribute(OID_TIMESTAMP_TOKEN, &token));
    }

    let parts = der::cert_parts(&signer.cert);
    let sid = seq(&[&parts.issuer, &parts.serial]);
    let mut si = vec![
        int(1),
        sid,
        opts.digest.alg_id(),
        implicit_constructed(0, &inner(&signed_set)),
        sig_alg,
        octets(&signature),
    ];
    if !unsigned.is_empty() {
        si.push(implicit_constructed(1, &inner(&set_of(&unsigned))));
    }
    let signer_info = tlv(0x30, &si.concat());

    let mut certs = Vec::new();
    if !opts.omit_signer_cert {
        certs.push(signer.cert.clone());
    }
    if opts.include_chain {
        certs.extend(signer.chain.iter().cloned());
    }
    let econtent_info = match econtent {
        None => seq(&[&oid(OID_DATA)]),
        Some((t, bytes)) => seq(&[&oid(t), &explicit(0, &octets(bytes))]),
    };
    let mut sd = vec![
        int(if econtent.is_some() { 3 } else { 1 }),
        set_of(&[opts.digest.alg_id()]),
        econtent_info,
    ];
    if !certs.is_empty() {
        sd.push(tlv(0xa0, &certs.concat()));
    }
    if !opts.crls.is_empty() {
        sd.push(tlv(0xa1, &opts.crls.concat()));
    }
    sd.push(set_of(&[signer_info]));
    let signed_data = tlv(0x30, &sd.concat());
    seq(&[&oid(OID_SIGNED_DATA), &explicit(0, &signed_data)])
}

/// The content octets of a DER element (to re-tag a SET OF as [n] IMPLICIT).
fn inner(b: &[u8]) -> Vec<u8> {
    der::read(b)
        .map(|(t, _)| t.content.to_vec())
        .unwrap_or_default()
}

/// A detached CMS signature over the PDF's signed byte ranges.
pub fn sign_detached(signer: &Identity, opts: &CmsOptions, signed_parts: &[&[u8]]) -> Vec<u8> {
    let md = opts.digest.digest_parts(signed_parts);
    build_signed_data(signer, opts, None, &md, Vec::new())
}
