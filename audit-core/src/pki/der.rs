//! A minimal, bounds-checked DER reader for the few structures x509-parser does not cover
//! (RFC 6960 OCSP responses). Every read is checked; hostile input yields `None`, never a panic.

/// One tag-length-value element (X.690 §8.1). Only single-byte tags are supported, which is all
/// RFC 6960 and RFC 5280 use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// The whole element, header included (what a signature or hash covers).
    pub raw: &'a [u8],
}

/// Reads one definite-length DER element from the start of `input`; returns it and the rest.
pub(crate) fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags are not used by the structures read here
    }
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2usize)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None; // indefinite length (BER) or absurd sizes
        }
        let mut len = 0usize;
        for i in 0..n {
            len = len
                .checked_mul(256)?
                .checked_add(usize::from(*input.get(2 + i)?))?;
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    let content = input.get(header..end)?;
    let raw = input.get(..end)?;
    let rest = input.get(end..)?;
    Some((Tlv { tag, content, raw }, rest))
}

/// Reads an element and requires its tag.
pub(crate) fn expect(input: &[u8], tag: u8) -> Option<(Tlv<'_>, &[u8])> {
    let (tlv, rest) = read_tlv(input)?;
    (tlv.tag == tag).then_some((tlv, rest))
}

/// Reads an element if (and only if) it carries `tag`; otherwise returns the input untouched.
pub(crate) fn optional(input: &[u8], tag: u8) -> Option<(Option<Tlv<'_>>, &[u8])> {
    match input.first() {
        Some(t) if *t == tag => {
            let (tlv, rest) = read_tlv(input)?;
            Some((Some(tlv), rest))
        }
        _ => Some((None, input)),
    }
}

/// Splits the content of a SEQUENCE OF / SET OF into its elements (bounded by `max`).
pub(crate) fn elements(mut content: &[u8], max: usize) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        if out.len() >= max {
            return None;
        }
        let (tlv, rest) = read_tlv(content)?;
        out.push(tlv);
        content = rest;
    }
    Some(out)
}

/// Dotted-decimal form of an OBJECT IDENTIFIER's content octets (X.690 §8.19).
pub(crate) fn oid_string(content: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for (i, b) in content.iter().enumerate() {
        acc = acc.checked_mul(128)?.checked_add(u64::from(b & 0x7f))?;
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = if acc < 40 {
                    0
                } else if acc < 80 {
                    1
                } else {
                    2
                };
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        } else if i + 1 == content.len() {
            return None;
        }
    }
    if arcs.is_empty() {
        return None;
    }
    Some(
        arcs.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// Seconds since the Unix epoch of a GeneralizedTime `YYYYMMDDHHMMSS[.f*]Z` (RFC 5280 §4.1.2.5.2;
/// fractional seconds, which OCSP responders emit, are truncated).
pub(crate) fn generalized_time(content: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(content).ok()?;
    let s = s.strip_suffix('Z')?;
    let main = s.split('.').next()?;
    if main.len() != 14 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { main.get(r)?.parse().ok() };
    unix_time(
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
        num(8..10)?,
        num(10..12)?,
        num(12..14)?,
    )
}

/// Seconds since the Unix epoch of a UTC civil date and time (proleptic Gregorian calendar).
pub(crate) fn unix_time(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if mo <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(generalized_time(b"19700101000000Z"), Some(0));
        assert_eq!(generalized_time(b"20121011084113Z"), Some(1_349_944_873));
        assert_eq!(
            generalized_time(b"20121011084113.123Z"),
            Some(1_349_944_873)
        );
        assert_eq!(generalized_time(b"2012101108411Z"), None);
    }

    #[test]
    fn oids() {
        assert_eq!(
            oid_string(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]).as_deref(),
            Some("1.3.6.1.5.5.7.48.1.1")
        );
    }

    #[test]
    fn hostile_lengths() {
        assert!(read_tlv(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        assert!(read_tlv(&[0x30, 0x80]).is_none());
        assert!(read_tlv(&[0x30]).is_none());
    }
}
