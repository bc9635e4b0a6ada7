//! A tiny DER writer and reader for the kit's own CMS, TSA and certificate surgery.
//!
//! Deliberately independent of the verifier (audit-core) and of x509-parser: agreement between
//! the kit and the verifier must not come from shared code (X.690 §8, §10 DER rules).

/// Tag-length-value with a definite, minimal length (X.690 §8.1.3, §10.1).
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SET OF with DER ordering of the elements (X.690 §11.6).
pub fn set_of(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut sorted: Vec<&Vec<u8>> = parts.iter().collect();
    sorted.sort();
    let body: Vec<u8> = sorted.into_iter().flatten().copied().collect();
    tlv(0x31, &body)
}

/// SET OF kept in the given order (for non-DER-sorted test inputs).
pub fn set_unsorted(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = Vec::new();
    let first = arcs[0] * 40 + arcs[1];
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        body.extend_from_slice(&tmp);
    };
    push(first);
    for a in &arcs[2..] {
        push(*a);
    }
    tlv(0x06, &body)
}

/// INTEGER from big-endian unsigned bytes (adds a leading zero when the high bit is set).
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes
        .iter()
        .take_while(|b| **b == 0)
        .count()
        .min(bytes.len().saturating_sub(1));
    let b = &bytes[skip..];
    if b.is_empty() {
        return tlv(0x02, &[0]);
    }
    if b[0] & 0x80 != 0 {
        let mut v = vec![0];
        v.extend_from_slice(b);
        tlv(0x02, &v)
    } else {
        tlv(0x02, b)
    }
}

pub fn int(v: u64) -> Vec<u8> {
    uint(&v.to_be_bytes())
}

pub fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

pub fn boolean(v: bool) -> Vec<u8> {
    vec![0x01, 0x01, if v { 0xff } else { 0 }]
}

/// EXPLICIT [n] constructed context tag.
pub fn explicit(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, content)
}

/// IMPLICIT [n] constructed (replaces a SET/SEQUENCE tag).
pub fn implicit_constructed(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, content)
}

/// UTCTime (RFC 5280 §4.1.2.5.1) for years 1950..2049, GeneralizedTime otherwise.
pub fn time(t: &crate::kit::KitTime) -> Vec<u8> {
    if (1950..2050).contains(&t.year) {
        let s = format!(
            "{:02}{:02}{:02}{:02}{:02}{:02}Z",
            t.year % 100,
            t.month,
            t.day,
            t.hour,
            t.minute,
            t.second
        );
        tlv(0x17, s.as_bytes())
    } else {
        generalized_time(t)
    }
}

pub fn generalized_time(t: &crate::kit::KitTime) -> Vec<u8> {
    let s = format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    tlv(0x18, s.as_bytes())
}

/// AlgorithmIdentifier with NULL parameters (RSA family) or absent parameters.
pub fn alg(arcs: &[u64], null_params: bool) -> Vec<u8> {
    if null_params {
        seq(&[&oid(arcs), &null()])
    } else {
        seq(&[&oid(arcs)])
    }
}

/// One parsed TLV: tag, the whole element and its content.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub whole: &'a [u8],
    pub content: &'a [u8],
}

/// Reads one DER element from the front of `b`; returns it and the rest.
/// Only used on DER the kit or rcgen produced, so errors are `None`.
pub fn read(b: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *b.first()?;
    let l0 = *b.get(1)? as usize;
    let (len, hdr) = if l0 < 0x80 {
        (l0, 2)
    } else {
        let n = l0 & 0x7f;
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *b.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let end = hdr.checked_add(len)?;
    let whole = b.get(..end)?;
    Some((
        Tlv {
            tag,
            whole,
            content: &whole[hdr..],
        },
        &b[end..],
    ))
}

/// All elements inside a constructed element's content.
pub fn children(content: &[u8]) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some((t, r)) = read(rest) {
        out.push(t);
        rest = r;
    }
    out
}

/// The parts of an X.509 certificate the CMS builder needs (RFC 5280 §4.1).
#[derive(Debug, Clone)]
pub struct CertParts {
    pub tbs: Vec<u8>,
    pub serial: Vec<u8>,
    pub issuer: Vec<u8>,
    pub subject: Vec<u8>,
    pub spki: Vec<u8>,
}

pub fn cert_parts(cert: &[u8]) -> CertParts {
    let (c, _) = read(cert).expect("certificate");
    let top = children(c.content);
    let tbs = top[0];
    let f = children(tbs.content);
    let off = usize::from(f[0].tag == 0xa0);
    CertParts {
        tbs: tbs.whole.to_vec(),
        serial: f[off].whole.to_vec(),
        issuer: f[off + 2].whole.to_vec(),
        subject: f[off + 4].whole.to_vec(),
        spki: f[off + 5].whole.to_vec(),
    }
}

pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push_str(&format!("{x:02X}"));
    }
    s
}

pub fn pem(label: &str, der: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::new();
    for chunk in der.chunks(3) {
        let n = chunk.len();
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= n {
                b64.push(T[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or(""));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
