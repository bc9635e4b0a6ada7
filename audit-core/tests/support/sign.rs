//! A minimal CMS signer for pipeline tests and the benchmark: detached SignedData (RFC 5652
//! §5) with contentType, signingTime and messageDigest signed attributes, over the /ByteRange
//! parts of a PDF written with `common::PdfBuilder`. Keys: rcgen-generated ECDSA/Ed25519, or the
//! committed openssl RSA keys of `fixtures/cms/keys`. The verifier shares no code with it.

#![allow(dead_code)]

use ring::rand::SystemRandom;
use ring::signature as rs;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::common::{PdfBuilder, Placeholder};

pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut chunk = vec![(arc & 0x7f) as u8];
        let mut v = arc >> 7;
        while v > 0 {
            chunk.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

fn alg(dotted: &str, null: bool) -> Vec<u8> {
    if null {
        seq(&[&oid(dotted), &[0x05, 0x00]])
    } else {
        seq(&[&oid(dotted)])
    }
}

/// The message digest algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    fn ring(self) -> &'static ring::digest::Algorithm {
        match self {
            Digest::Sha1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            Digest::Sha256 => &ring::digest::SHA256,
            Digest::Sha384 => &ring::digest::SHA384,
            Digest::Sha512 => &ring::digest::SHA512,
        }
    }
    fn oid(self) -> &'static str {
        match self {
            Digest::Sha1 => "1.3.14.3.2.26",
            Digest::Sha256 => "2.16.840.1.101.3.4.2.1",
            Digest::Sha384 => "2.16.840.1.101.3.4.2.2",
            Digest::Sha512 => "2.16.840.1.101.3.4.2.3",
        }
    }
}

/// A signing key and its certificate.
pub enum Key {
    Rsa(rs::RsaKeyPair),
    Ecdsa(rs::EcdsaKeyPair, &'static str),
    Ed25519(rs::Ed25519KeyPair),
}

pub struct Signer {
    pub key: Key,
    pub cert: Vec<u8>,
}

fn pem_body(pem: &str) -> Vec<u8> {
    let (_, p) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).expect("PEM");
    p.contents
}

fn fixture(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cms/keys");
    std::fs::read_to_string(dir.join(name)).expect("fixture key")
}

impl Signer {
    /// The openssl fixture RSA key `rsa2048` or `rsa1024` and its certificate.
    pub fn rsa(name: &str) -> Self {
        let key = rs::RsaKeyPair::from_pkcs8(&pem_body(&fixture(&format!("{name}.key"))))
            .expect("RSA PKCS#8");
        Signer {
            key: Key::Rsa(key),
            cert: pem_body(&fixture(&format!("{name}.crt"))),
        }
    }

    /// A fresh rcgen key of `alg` with a self-signed certificate named `common_name`.
    pub fn generated(alg: &'static rcgen::SignatureAlgorithm, common_name: &str) -> Self {
        let kp = rcgen::KeyPair::generate_for(alg).expect("keygen");
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, common_name);
        let cert = params.self_signed(&kp).expect("self-signed").der().to_vec();
        let pkcs8 = kp.serialize_der();
        let rng = SystemRandom::new();
        let key = if alg == &rcgen::PKCS_ED25519 {
            Key::Ed25519(rs::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&pkcs8).expect("ed25519"))
        } else if alg == &rcgen::PKCS_ECDSA_P384_SHA384 {
            Key::Ecdsa(
                rs::EcdsaKeyPair::from_pkcs8(&rs::ECDSA_P384_SHA384_ASN1_SIGNING, &pkcs8, &rng)
                    .expect("p384"),
                "1.2.840.10045.4.3.3",
            )
        } else {
            Key::Ecdsa(
                rs::EcdsaKeyPair::from_pkcs8(&rs::ECDSA_P256_SHA256_ASN1_SIGNING, &pkcs8, &rng)
                    .expect("p256"),
                "1.2.840.10045.4.3.2",
            )
        };
        Signer { key, cert }
    }

    /// (signatureAlgorithm, signature) over `data`; RSA uses PKCS#1 v1.5 with `rsa_hash`.
    fn sign(&self, data: &[u8], rsa_hash: Digest) -> (Vec<u8>, Vec<u8>) {
        let rng = SystemRandom::new();
        match &self.key {
            Key::Rsa(k) => {
                let (enc, oid_s) = match rsa_hash {
                    Digest::Sha384 => (&rs::RSA_PKCS1_SHA384, "1.2.840.113549.1.1.12"),
                    Digest::Sha512 => (&rs::RSA_PKCS1_SHA512, "1.2.840.113549.1.1.13"),
                    _ => (&rs::RSA_PKCS1_SHA256, "1.2.840.113549.1.1.11"),
                };
                let mut sig = vec![0; k.public().modulus_len()];
                k.sign(enc, &rng, data, &mut sig).expect("rsa sign");
                (alg(oid_s, true), sig)
            }
            Key::Ecdsa(k, o) => (
                alg(o, false),
                k.sign(&rng, data).expect("ecdsa").as_ref().to_vec(),
            ),
            Key::Ed25519(k) => (alg("1.3.101.112", false), k.sign(data).as_ref().to_vec()),
        }
    }
}

/// Options of one CMS signature.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub digest: Digest,
    /// UTCTime `YYMMDDHHMMSSZ`.
    pub signing_time: &'static str,
    pub include_certificate: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            digest: Digest::Sha256,
            signing_time: "210315021000Z",
            include_certificate: true,
        }
    }
}

/// Detached CMS SignedData over `parts`.
pub fn cms(signer: &Signer, parts: &[&[u8]], opts: &Options) -> Vec<u8> {
    let mut ctx = ring::digest::Context::new(opts.digest.ring());
    for p in parts {
        ctx.update(p);
    }
    let md = ctx.finish();
    let attr = |id: &str, value: Vec<u8>| seq(&[&oid(id), &tlv(0x31, &value)]);
    let mut attrs = [
        attr("1.2.840.113549.1.9.3", oid("1.2.840.113549.1.7.1")),
        attr(
            "1.2.840.113549.1.9.5",
            tlv(0x17, opts.signing_time.as_bytes()),
        ),
        attr("1.2.840.113549.1.9.4", tlv(0x04, md.as_ref())),
    ];
    attrs.sort();
    let set = tlv(0x31, &attrs.concat());
    let rsa_hash = if opts.digest == Digest::Sha1 {
        Digest::Sha256
    } else {
        opts.digest
    };
    let (sig_alg, signature) = signer.sign(&set, rsa_hash);
    let digest_alg = alg(opts.digest.oid(), true);
    let (_, x) = X509Certificate::from_der(&signer.cert).expect("cert");
    let sid = seq(&[
        x.tbs_certificate.issuer.as_raw(),
        &tlv(0x02, x.tbs_certificate.raw_serial()),
    ]);
    let mut signed_attrs = set.clone();
    signed_attrs[0] = 0xa0;
    let signer_info = seq(&[
        &tlv(0x02, &[1]),
        &sid,
        &digest_alg,
        &signed_attrs,
        &sig_alg,
        &tlv(0x04, &signature),
    ]);
    let certs = if opts.include_certificate {
        tlv(0xa0, &signer.cert)
    } else {
        Vec::new()
    };
    let signed_data = seq(&[
        &tlv(0x02, &[1]),
        &tlv(0x31, &digest_alg),
        &seq(&[&oid("1.2.840.113549.1.7.1")]),
        &certs,
        &tlv(0x31, &signer_info),
    ]);
    seq(&[&oid("1.2.840.113549.1.7.2"), &tlv(0xa0, &signed_data)])
}

/// Width of /Contents placeholders written by [`signature_revision`] (bytes).
pub const CONTENTS_LEN: usize = 8192;

/// Adds an incremental update with signature field `name` (signature dictionary `sig`, field
/// `sig + 1`), listing `fields` before it in /AcroForm and the page's /Annots.
pub fn signature_revision(
    b: &mut PdfBuilder,
    sig: u32,
    name: &str,
    fields: &[u32],
    extra: &str,
) -> Placeholder {
    let p = b.signature_object(sig, CONTENTS_LEN, extra);
    let field = sig + 1;
    b.object(
        field,
        &format!("<< /FT /Sig /T ({name}) /V {sig} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /F 132 >>"),
    );
    let list: Vec<String> = fields
        .iter()
        .chain(std::iter::once(&field))
        .map(|f| format!("{f} 0 R"))
        .collect();
    let list = list.join(" ");
    b.object(
        1,
        &format!("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{list}] /SigFlags 3 >> >>"),
    );
    b.object(3, &format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R /Annots [{list}] >>"));
    p
}

/// Seals the placeholder to `end` and fills /Contents with a CMS over the signed bytes.
pub fn seal_and_sign(
    b: &mut PdfBuilder,
    p: &Placeholder,
    end: usize,
    signer: &Signer,
    opts: &Options,
) {
    b.seal(p, end);
    let der = {
        let parts: [&[u8]; 2] = [&b.buf[..p.contents_start], &b.buf[p.contents_end..end]];
        cms(signer, &parts, opts)
    };
    fill_contents(b, p, &der);
}

/// Writes `der` as hex into the /Contents placeholder (zero padded).
pub fn fill_contents(b: &mut PdfBuilder, p: &Placeholder, der: &[u8]) {
    let hex: String = der.iter().map(|x| format!("{x:02X}")).collect();
    assert!(
        hex.len() <= p.contents_end - p.contents_start - 2,
        "CMS larger than placeholder"
    );
    b.buf[p.contents_start + 1..p.contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
}

/// A one-page document whose page content stream (object 10) holds `content`.
pub fn document_with_content(content: &[u8]) -> PdfBuilder {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    b.object(
        3,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R >>",
    );
    b.stream(10, "", content);
    b.finish_table("/Root 1 0 R");
    b
}

/// `document_with_content` signed by the person (field Sig1) then by the agency (Sig2), each in
/// its own incremental update.
pub fn two_signatures(content: &[u8], person: &Signer, agency: &Signer) -> Vec<u8> {
    let mut b = document_with_content(content);
    let p1 = signature_revision(&mut b, 4, "Sig1", &[], "");
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    seal_and_sign(&mut b, &p1, end, person, &Options::default());
    let p2 = signature_revision(&mut b, 6, "Sig2", &[5], "");
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    let opts = Options {
        signing_time: "210315044000Z",
        ..Options::default()
    };
    seal_and_sign(&mut b, &p2, end, agency, &opts);
    b.buf
}
