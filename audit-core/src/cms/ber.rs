//! Thin navigation over BER-encoded ASN.1 (X.690 §8), on top of `asn1-rs` (re-exported by
//! `x509-parser`) in BER mode.
//!
//! CMS blobs found in PDFs are BER, not DER: indefinite lengths, constructed OCTET STRINGs and
//! unsorted SET OF elements occur in the wild (RFC 5652 §1.2 only requires DER for the signed
//! attributes the signer hashed). This module never re-encodes anything: every element keeps the
//! exact bytes it was read from, so signatures can be checked over the encoding as received.

use std::borrow::Cow;

use x509_parser::asn1_rs::{Any, Class, FromBer, Length, Tag};

use super::error::CmsError;

/// Deepest nesting of constructed OCTET STRING chunks accepted (X.690 §8.7.3). Real encoders use
/// one level; the bound keeps hostile input from recursing.
const MAX_OCTET_STRING_DEPTH: usize = 8;

/// One BER element: the parsed header and content, and the exact bytes it was read from.
#[derive(Debug, Clone)]
pub(crate) struct Tlv<'a> {
    pub any: Any<'a>,
    /// Identifier, length and content octets (and the end-of-contents octets of an
    /// indefinite-length element), exactly as received.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Content octets (without the end-of-contents marker of an indefinite length).
    pub fn content(&self) -> &'a [u8] {
        self.any.data
    }

    pub fn tag(&self) -> Tag {
        self.any.tag()
    }

    pub fn class(&self) -> Class {
        self.any.class()
    }

    pub fn is_constructed(&self) -> bool {
        self.any.header.constructed()
    }

    pub fn is_indefinite(&self) -> bool {
        self.any.header.length() == Length::Indefinite
    }

    /// True for a universal-class element with the given tag.
    pub fn is_universal(&self, tag: Tag) -> bool {
        self.class() == Class::Universal && self.tag() == tag
    }

    /// True for a context-specific element `[n]`.
    pub fn is_context(&self, n: u32) -> bool {
        self.class() == Class::ContextSpecific && self.tag() == Tag(n)
    }

    /// Checks that this is a universal element with `tag`.
    pub fn expect(self, tag: Tag, context: &'static str) -> Result<Self, CmsError> {
        if self.is_universal(tag) {
            Ok(self)
        } else {
            Err(CmsError::UnexpectedTag {
                context,
                expected: tag_name(Class::Universal, tag),
                found: tag_name(self.class(), self.tag()),
            })
        }
    }

    /// The children of a constructed element, in received order.
    pub fn children(&self, context: &'static str) -> Result<Vec<Tlv<'a>>, CmsError> {
        if !self.is_constructed() {
            return Err(CmsError::Asn1 {
                context,
                detail: "constructed encoding expected".into(),
            });
        }
        read_all(self.content(), context)
    }

    /// OBJECT IDENTIFIER in dotted form.
    pub fn oid(&self, context: &'static str) -> Result<String, CmsError> {
        self.any
            .as_oid()
            .map(|oid| oid.to_id_string())
            .map_err(|e| CmsError::asn1(context, e))
    }

    /// Small non-negative INTEGER (versions).
    pub fn small_uint(&self, context: &'static str) -> Result<u32, CmsError> {
        self.any.as_u32().map_err(|e| CmsError::asn1(context, e))
    }

    /// INTEGER content octets (two's complement, as encoded).
    pub fn integer_bytes(&self, context: &'static str) -> Result<&'a [u8], CmsError> {
        let tlv = self.clone().expect(Tag::Integer, context)?;
        if tlv.content().is_empty() {
            return Err(CmsError::Asn1 {
                context,
                detail: "empty INTEGER".into(),
            });
        }
        Ok(tlv.content())
    }

    /// OCTET STRING value, primitive or constructed (X.690 §8.7): chunks are concatenated, which
    /// borrows when the encoding is primitive and copies only for constructed BER.
    pub fn octets(&self, context: &'static str) -> Result<Cow<'a, [u8]>, CmsError> {
        octets_at_depth(self, context, 0)
    }
}

fn octets_at_depth<'a>(
    tlv: &Tlv<'a>,
    context: &'static str,
    depth: usize,
) -> Result<Cow<'a, [u8]>, CmsError> {
    // A constructed OCTET STRING keeps its universal tag; an IMPLICIT-tagged one (e.g. the
    // `[0] SubjectKeyIdentifier` of a SignerIdentifier) is accepted by the caller's tag check.
    if depth > MAX_OCTET_STRING_DEPTH {
        return Err(CmsError::Asn1 {
            context,
            detail: "OCTET STRING chunks nested too deeply".into(),
        });
    }
    if depth > 0 && !tlv.is_universal(Tag::OctetString) {
        return Err(CmsError::UnexpectedTag {
            context,
            expected: tag_name(Class::Universal, Tag::OctetString),
            found: tag_name(tlv.class(), tlv.tag()),
        });
    }
    if !tlv.is_constructed() {
        return Ok(Cow::Borrowed(tlv.content()));
    }
    let mut out = Vec::with_capacity(tlv.content().len());
    for chunk in tlv.children(context)? {
        out.extend_from_slice(&octets_at_depth(&chunk, context, depth + 1)?);
    }
    Ok(Cow::Owned(out))
}

/// Reads one element from the front of `input`; returns it and the bytes after it.
pub(crate) fn read<'a>(
    input: &'a [u8],
    context: &'static str,
) -> Result<(Tlv<'a>, &'a [u8]), CmsError> {
    if input.is_empty() {
        return Err(CmsError::Truncated { context });
    }
    let (rest, any) = Any::from_ber(input).map_err(|e| match e {
        x509_parser::nom::Err::Incomplete(_) => CmsError::Truncated { context },
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => {
            CmsError::asn1(context, e)
        }
    })?;
    let used = input.len().saturating_sub(rest.len());
    let raw = input.get(..used).ok_or(CmsError::Truncated { context })?;
    Ok((Tlv { any, raw }, rest))
}

/// Reads every element of `input` (the content of a constructed element).
pub(crate) fn read_all<'a>(
    mut input: &'a [u8],
    context: &'static str,
) -> Result<Vec<Tlv<'a>>, CmsError> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let (tlv, rest) = read(input, context)?;
        out.push(tlv);
        input = rest;
    }
    Ok(out)
}

/// Human-readable tag for error messages.
pub(crate) fn tag_name(class: Class, tag: Tag) -> String {
    match class {
        Class::Universal => format!("{tag}"),
        Class::ContextSpecific => format!("[{}]", tag.0),
        Class::Application => format!("[APPLICATION {}]", tag.0),
        Class::Private => format!("[PRIVATE {}]", tag.0),
    }
}

/// Strips leading zero octets of an unsigned big-endian integer (for comparisons and bit counts).
pub(crate) fn trim_unsigned(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Bit length of an unsigned big-endian integer.
pub(crate) fn bit_length(bytes: &[u8]) -> usize {
    let trimmed = trim_unsigned(bytes);
    match trimmed.first() {
        None => 0,
        Some(&first) => {
            (trimmed.len() - 1) * 8 + (8 - usize::try_from(first.leading_zeros()).unwrap_or(8))
        }
    }
}

/// Whether the elements of a SET OF appear in DER order (X.690 §11.6: ascending order of their
/// encodings, shorter padded with zeros) and all use definite lengths.
pub(crate) fn is_der_sorted(elements: &[Tlv<'_>]) -> bool {
    elements.iter().all(|e| !e.is_indefinite())
        && elements.windows(2).all(
            |w| matches!(w, [a, b] if der_set_order(a.raw, b.raw) != std::cmp::Ordering::Greater),
        )
}

fn der_set_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    let pad = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    (0..n)
        .map(|i| pad(a, i).cmp(&pad(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_indefinite_length_and_keeps_raw_bytes() {
        // SEQUENCE (indefinite) { INTEGER 5 } EOC, then trailing zeros.
        let input = [0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00];
        let (tlv, rest) = read(&input, "test").unwrap();
        assert_eq!(tlv.raw, &input[..7]);
        assert_eq!(rest, &[0, 0]);
        assert!(tlv.is_indefinite());
        let kids = tlv.children("test").unwrap();
        assert_eq!(kids.len(), 1);
        assert_eq!(kids[0].small_uint("test").unwrap(), 5);
    }

    #[test]
    fn concatenates_constructed_octet_string() {
        let input = [
            0x24, 0x80, 0x04, 0x01, 0xaa, 0x04, 0x02, 0xbb, 0xcc, 0x00, 0x00,
        ];
        let (tlv, _) = read(&input, "test").unwrap();
        assert_eq!(&*tlv.octets("test").unwrap(), &[0xaa, 0xbb, 0xcc]);
    }

    #[test]
    fn bit_length_ignores_leading_zeros() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[]), 0);
    }

    #[test]
    fn truncated_input_is_an_error() {
        assert!(read(&[0x30, 0x05, 0x02], "test").is_err());
        assert!(read(&[], "test").is_err());
    }
}
