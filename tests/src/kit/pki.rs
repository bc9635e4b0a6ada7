//! The test PKI: a government-like root and sub-CA, one organisation certificate per agency,
//! person certificates for its leaders, a timestamp authority, CRLs and the special cases
//! (expired, not yet valid, revoked, look-alike root, ECDSA P-256, RSA-PSS, SHA-1, RSA-1024).
//!
//! Everything is deterministic: keys are committed PKCS#8 files (tests/kit-keys/), serials are
//! derived from the label, validity dates are fixed, and RSA PKCS#1 v1.5 signatures (RFC 8017
//! §8.2) are deterministic. Subjects follow research/domain.md §3.2 (RFC 5280 §4.1.2.6).

use std::sync::{Arc, OnceLock};

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
    CustomExtension, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa,
    KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason, RevokedCertParams, SerialNumber,
};
use rsa::pkcs8::DecodePrivateKey;
use sha2::Digest;

use super::data::{Agency, Leader, AGENCIES, EXPIRED_LEADER, NOT_YET_VALID_LEADER, REVOKED_LEADER};
use super::der;
use super::KitTime;

/// OID of the LDAP userid attribute used by VGCA subjects for `MST:`/`CCCD:` (RFC 4519 §2.39).
pub const OID_UID: &[u64] = &[0, 9, 2342, 19_200_300, 100, 1, 1];
/// X.520 title (2.5.4.12).
pub const OID_TITLE: &[u64] = &[2, 5, 4, 12];

/// A private key from tests/kit-keys/.
#[derive(Debug)]
pub enum KeyMaterial {
    Rsa(Box<rsa::RsaPrivateKey>),
    /// PKCS#8 DER of a P-256 key (signed through ring).
    EcdsaP256(Vec<u8>),
}

#[derive(Debug)]
pub struct KitKey {
    pub name: String,
    pub pem: String,
    pub material: KeyMaterial,
}

impl KitKey {
    pub fn load(name: &str) -> Arc<KitKey> {
        let path = super::crate_dir()
            .join("kit-keys")
            .join(format!("{name}.pem"));
        let pem = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("kit key {}: {e}", path.display()));
        let material = if name.starts_with("ecdsa") {
            let der = pem_body(&pem);
            KeyMaterial::EcdsaP256(der)
        } else {
            KeyMaterial::Rsa(Box::new(
                rsa::RsaPrivateKey::from_pkcs8_pem(&pem).expect("RSA PKCS#8 key"),
            ))
        };
        Arc::new(KitKey {
            name: name.to_string(),
            pem,
            material,
        })
    }

    fn rcgen(&self) -> KeyPair {
        let alg = match self.material {
            KeyMaterial::Rsa(_) => &rcgen::PKCS_RSA_SHA256,
            KeyMaterial::EcdsaP256(_) => &rcgen::PKCS_ECDSA_P256_SHA256,
        };
        KeyPair::from_pkcs8_pem_and_sign_algo(&self.pem, alg).expect("rcgen key")
    }

    pub fn rsa_bits(&self) -> usize {
        match &self.material {
            KeyMaterial::Rsa(k) => rsa::traits::PublicKeyParts::size(k.as_ref()) * 8,
            KeyMaterial::EcdsaP256(_) => 256,
        }
    }
}

fn pem_body(pem: &str) -> Vec<u8> {
    let b64: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in b64.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A certificate with its private key and the chain above it (issuer first, root last).
#[derive(Debug, Clone)]
pub struct Identity {
    pub label: String,
    pub cert: Vec<u8>,
    pub key: Arc<KitKey>,
    pub chain: Vec<Vec<u8>>,
    /// Common name, for registers and expectations.
    pub common_name: String,
}

impl Identity {
    pub fn pem(&self) -> String {
        der::pem("CERTIFICATE", &self.cert)
    }
}

/// An agency's organisation certificate and its leaders' person certificates.
#[derive(Debug, Clone)]
pub struct AgencyPki {
    pub agency: &'static Agency,
    pub org: Identity,
    pub persons: Vec<Identity>,
}

/// The whole test PKI.
#[derive(Debug)]
pub struct Pki {
    pub root: Identity,
    pub subca: Identity,
    pub tsa: Identity,
    pub agencies: Vec<AgencyPki>,
    /// Person of Sở Tài chính whose certificate expired on 2020-12-31.
    pub expired: Identity,
    /// Person of Sở Y tế whose certificate is valid only from 2025-01-01.
    pub not_yet_valid: Identity,
    /// Person of Sở Nội vụ revoked on 2021-01-15 (listed in the sub-CA CRL).
    pub revoked: Identity,
    /// Look-alike root and sub-CA with names identical to the real ones, different keys.
    pub lookalike_root: Identity,
    pub lookalike_subca: Identity,
    /// "Sở Tài chính" organisation certificate issued by the look-alike sub-CA.
    pub lookalike_org: Identity,
    pub ecdsa: Identity,
    /// RSA key used with RSASSA-PSS CMS signatures (the certificate itself is PKCS#1 v1.5-signed:
    /// rcgen 0.13 on ring cannot sign certificates with PSS).
    pub pss: Identity,
    /// Certificate signed with sha1WithRSAEncryption by the sub-CA.
    pub sha1: Identity,
    pub rsa1024: Identity,
    pub root_crl: Vec<u8>,
    pub subca_crl: Vec<u8>,
    pub lookalike_crl: Vec<u8>,
}

pub const REVOKED_AT: KitTime = KitTime::ymd_hms(2021, 1, 15, 2, 0, 0);
pub const CRL_THIS_UPDATE: KitTime = KitTime::ymd(2021, 3, 31);
pub const CRL_NEXT_UPDATE: KitTime = KitTime::ymd(2031, 3, 31);
const VALID_FROM: KitTime = KitTime::ymd(2020, 1, 1);
const VALID_TO: KitTime = KitTime::ymd(2030, 1, 1);
const CRL_URL: &str = "http://ca.kyso.test/pki/crl/subca.crl";

struct Ca {
    cert: rcgen::Certificate,
    key: Option<KeyPair>,
    id: Identity,
}

impl Ca {
    fn key(&self) -> &KeyPair {
        self.key.as_ref().expect("CA key usable by ring")
    }
}

/// An RSA public key ring refuses to load as a key pair (RSA-1024): rcgen only needs the
/// RSAPublicKey DER of the subject to issue its certificate.
struct RawRsaPublic(Vec<u8>);

impl rcgen::PublicKeyData for RawRsaPublic {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }
    fn algorithm(&self) -> &rcgen::SignatureAlgorithm {
        &rcgen::PKCS_RSA_SHA256
    }
}

fn serial(label: &str) -> SerialNumber {
    let h = sha2::Sha256::digest(label.as_bytes());
    let mut b = h[..16].to_vec();
    b[0] &= 0x3f;
    b[0] |= 0x10;
    SerialNumber::from_slice(&b)
}

/// Subject attribute list, in the order written.
fn dn(attrs: &[(DnType, &str)]) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    for (t, v) in attrs {
        if *t == DnType::CountryName {
            d.push(
                t.clone(),
                DnValue::PrintableString((*v).try_into().expect("printable")),
            );
        } else {
            d.push(t.clone(), DnValue::Utf8String((*v).to_string()));
        }
    }
    d
}

fn params(
    label: &str,
    subject: DistinguishedName,
    from: KitTime,
    to: KitTime,
) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = subject;
    p.serial_number = Some(serial(label));
    p.not_before = from.to_offset();
    p.not_after = to.to_offset();
    p.key_identifier_method = KeyIdMethod::Sha256;
    p.use_authority_key_identifier_extension = true;
    p
}

fn ca_params(label: &str, cn: &str, from: KitTime, to: KitTime) -> CertificateParams {
    let mut p = params(
        label,
        dn(&[
            (DnType::CountryName, "VN"),
            (DnType::OrganizationName, "Ban Cơ yếu Chính phủ (TEST)"),
            (DnType::CommonName, cn),
        ]),
        from,
        to,
    );
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p
}

fn leaf_usage(p: &mut CertificateParams) {
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
        KeyUsagePurpose::KeyEncipherment,
    ];
    p.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ClientAuth,
        ExtendedKeyUsagePurpose::EmailProtection,
    ];
    p.crl_distribution_points = vec![CrlDistributionPoint {
        uris: vec![CRL_URL.to_string()],
    }];
}

fn issue(label: &str, key_name: &str, p: CertificateParams, issuer: Option<&Ca>, cn: &str) -> Ca {
    let kk = KitKey::load(key_name);
    let (cert, kp) = if matches!(kk.material, KeyMaterial::Rsa(_)) && kk.rsa_bits() < 2048 {
        let KeyMaterial::Rsa(k) = &kk.material else {
            unreachable!()
        };
        use rsa::pkcs1::EncodeRsaPublicKey;
        let public = RawRsaPublic(
            k.to_public_key()
                .to_pkcs1_der()
                .expect("pkcs1")
                .as_bytes()
                .to_vec(),
        );
        let ca = issuer.expect("RSA-1024 leaf has an issuer");
        (
            p.signed_by(&public, &ca.cert, ca.key())
                .expect("sign certificate"),
            None,
        )
    } else {
        let kp = kk.rcgen();
        let cert = match issuer {
            Some(ca) => p
                .signed_by(&kp, &ca.cert, ca.key())
                .expect("sign certificate"),
            None => p.self_signed(&kp).expect("self-sign"),
        };
        (cert, Some(kp))
    };
    let mut chain = Vec::new();
    if let Some(ca) = issuer {
        chain.push(ca.id.cert.clone());
        chain.extend(ca.id.chain.iter().cloned());
    }
    let id = Identity {
        label: label.to_string(),
        cert: cert.der().to_vec(),
        key: kk,
        chain,
        common_name: cn.to_string(),
    };
    Ca { cert, key: kp, id }
}

fn person_params(
    label: &str,
    agency: &Agency,
    leader: &Leader,
    from: KitTime,
    to: KitTime,
) -> CertificateParams {
    let uid = format!("CCCD:{}", leader.cccd);
    let mut p = params(
        label,
        dn(&[
            (DnType::CountryName, "VN"),
            (DnType::StateOrProvinceName, "Nghệ An"),
            (DnType::OrganizationName, agency.name),
            (DnType::CustomDnType(OID_TITLE.to_vec()), leader.title),
            (DnType::CommonName, leader.name),
            (DnType::CustomDnType(OID_UID.to_vec()), &uid),
        ]),
        from,
        to,
    );
    leaf_usage(&mut p);
    p
}

fn org_params(label: &str, agency: &Agency) -> CertificateParams {
    let uid = format!("MST:{}", agency.mst);
    let mut p = params(
        label,
        dn(&[
            (DnType::CountryName, "VN"),
            (DnType::StateOrProvinceName, "Nghệ An"),
            (DnType::OrganizationName, agency.parent),
            (DnType::CommonName, agency.name),
            (DnType::CustomDnType(OID_UID.to_vec()), &uid),
        ]),
        VALID_FROM,
        VALID_TO,
    );
    leaf_usage(&mut p);
    p
}

/// Re-signs an rcgen certificate with sha1WithRSAEncryption (RFC 3279 §2.2.1): the
/// AlgorithmIdentifier of sha256WithRSAEncryption and of sha1WithRSAEncryption have the same
/// length, so the TBS is patched in place and signed again by the issuer.
fn resign_sha1(cert: &[u8], issuer_key: &KitKey) -> Vec<u8> {
    let sha256_alg = der::alg(&[1, 2, 840, 113_549, 1, 1, 11], true);
    let sha1_alg = der::alg(&[1, 2, 840, 113_549, 1, 1, 5], true);
    let parts = der::cert_parts(cert);
    let mut tbs = parts.tbs.clone();
    let pos = tbs
        .windows(sha256_alg.len())
        .position(|w| w == sha256_alg.as_slice())
        .expect("signature algorithm in TBS");
    tbs[pos..pos + sha1_alg.len()].copy_from_slice(&sha1_alg);
    let sig = super::cms::rsa_pkcs1_sign(issuer_key, super::cms::DigestAlg::Sha1, &tbs);
    let mut bits = vec![0u8];
    bits.extend_from_slice(&sig);
    der::seq(&[&tbs, &sha1_alg, &der::tlv(0x03, &bits)])
}

fn crl(ca: &Ca, number: u64, revoked: Vec<RevokedCertParams>) -> Vec<u8> {
    CertificateRevocationListParams {
        this_update: CRL_THIS_UPDATE.to_offset(),
        next_update: CRL_NEXT_UPDATE.to_offset(),
        crl_number: SerialNumber::from(number),
        issuing_distribution_point: None,
        revoked_certs: revoked,
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&ca.cert, ca.key())
    .expect("CRL")
    .der()
    .to_vec()
}

impl Pki {
    /// The kit's PKI, built once per process (about a second: ~50 RSA signatures).
    pub fn get() -> &'static Pki {
        static PKI: OnceLock<Pki> = OnceLock::new();
        PKI.get_or_init(Pki::build)
    }

    fn build() -> Pki {
        let root = issue(
            "root",
            "root",
            ca_params(
                "root",
                "Test RootCA chuyên dùng Chính phủ",
                KitTime::ymd(2019, 1, 1),
                KitTime::ymd(2039, 1, 1),
            ),
            None,
            "Test RootCA chuyên dùng Chính phủ",
        );
        let subca = issue(
            "subca",
            "subca",
            ca_params(
                "subca",
                "Test CA phục vụ các cơ quan Nhà nước",
                KitTime::ymd(2019, 1, 1),
                KitTime::ymd(2035, 1, 1),
            ),
            Some(&root),
            "Test CA phục vụ các cơ quan Nhà nước",
        );

        // Timestamp authority: EKU id-kp-timeStamping, critical (RFC 3161 §2.3).
        let mut tp = params(
            "tsa",
            dn(&[
                (DnType::CountryName, "VN"),
                (DnType::OrganizationName, "Ban Cơ yếu Chính phủ (TEST)"),
                (DnType::CommonName, "Test TSA chuyên dùng Chính phủ"),
            ]),
            VALID_FROM,
            VALID_TO,
        );
        tp.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        let mut eku = CustomExtension::from_oid_content(
            &[2, 5, 29, 37],
            der::seq(&[&der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 8])]),
        );
        eku.set_criticality(true);
        tp.custom_extensions = vec![eku];
        let tsa = issue(
            "tsa",
            "tsa",
            tp,
            Some(&subca),
            "Test TSA chuyên dùng Chính phủ",
        );

        let mut agencies = Vec::new();
        for (i, a) in AGENCIES.iter().enumerate() {
            let n = i + 1;
            let org_label = format!("org-{n:02}");
            let org = issue(
                &org_label,
                &org_label,
                org_params(&org_label, a),
                Some(&subca),
                a.name,
            )
            .id;
            let mut persons = Vec::new();
            for (j, l) in a.leaders.iter().enumerate() {
                let label = format!("person-{n:02}-{}", j + 1);
                persons.push(
                    issue(
                        &label,
                        &label,
                        person_params(&label, a, l, VALID_FROM, VALID_TO),
                        Some(&subca),
                        l.name,
                    )
                    .id,
                );
            }
            agencies.push(AgencyPki {
                agency: a,
                org,
                persons,
            });
        }

        let stc = &AGENCIES[0];
        let snv = &AGENCIES[1];
        let syt = &AGENCIES[3];
        let special = |label: &str,
                       agency: &Agency,
                       leader: &Leader,
                       from: KitTime,
                       to: KitTime,
                       key: &str| {
            issue(
                label,
                key,
                person_params(label, agency, leader, from, to),
                Some(&subca),
                leader.name,
            )
            .id
        };
        let gd = &stc.leaders[0];
        let expired = special(
            "expired",
            stc,
            &EXPIRED_LEADER,
            KitTime::ymd(2016, 1, 1),
            KitTime::ymd(2020, 12, 31),
            "expired",
        );
        let not_yet_valid = special(
            "notyet",
            syt,
            &NOT_YET_VALID_LEADER,
            KitTime::ymd(2025, 1, 1),
            KitTime::ymd(2030, 1, 1),
            "notyet",
        );
        let revoked = special(
            "revoked",
            snv,
            &REVOKED_LEADER,
            VALID_FROM,
            VALID_TO,
            "revoked",
        );
        let pss = special("pss", stc, gd, VALID_FROM, VALID_TO, "pss");
        let rsa1024 = special("rsa1024", stc, gd, VALID_FROM, VALID_TO, "rsa1024");
        let ecdsa = special("ecdsa", stc, gd, VALID_FROM, VALID_TO, "ecdsa-p256");
        let mut sha1 = special("sha1", stc, gd, VALID_FROM, VALID_TO, "sha1");
        sha1.cert = resign_sha1(&sha1.cert, &subca.id.key);

        let lroot = issue(
            "lookalike-root",
            "lookalike-root",
            ca_params(
                "root",
                "Test RootCA chuyên dùng Chính phủ",
                KitTime::ymd(2019, 1, 1),
                KitTime::ymd(2039, 1, 1),
            ),
            None,
            "Test RootCA chuyên dùng Chính phủ",
        );
        let lsub = issue(
            "lookalike-subca",
            "lookalike-subca",
            ca_params(
                "subca",
                "Test CA phục vụ các cơ quan Nhà nước",
                KitTime::ymd(2019, 1, 1),
                KitTime::ymd(2035, 1, 1),
            ),
            Some(&lroot),
            "Test CA phục vụ các cơ quan Nhà nước",
        );
        let lorg = issue(
            "lookalike-org",
            "lookalike-org",
            org_params("org-01", stc),
            Some(&lsub),
            stc.name,
        )
        .id;

        let revoked_serial = der::cert_parts(&revoked.cert);
        let serial_content = der::read(&revoked_serial.serial)
            .map(|(t, _)| t.content.to_vec())
            .unwrap_or_default();
        let subca_crl = crl(
            &subca,
            2,
            vec![RevokedCertParams {
                serial_number: SerialNumber::from_slice(&serial_content),
                revocation_time: REVOKED_AT.to_offset(),
                reason_code: Some(RevocationReason::KeyCompromise),
                invalidity_date: None,
            }],
        );
        let root_crl = crl(&root, 1, vec![]);
        let lookalike_crl = crl(&lsub, 1, vec![]);

        Pki {
            root: root.id,
            subca: subca.id,
            tsa: tsa.id,
            agencies,
            expired,
            not_yet_valid,
            revoked,
            lookalike_root: lroot.id,
            lookalike_subca: lsub.id,
            lookalike_org: lorg,
            ecdsa,
            pss,
            sha1,
            rsa1024,
            root_crl,
            subca_crl,
            lookalike_crl,
        }
    }

    pub fn agency(&self, id: &str) -> &AgencyPki {
        self.agencies
            .iter()
            .find(|a| a.agency.id == id)
            .unwrap_or(&self.agencies[0])
    }
}
