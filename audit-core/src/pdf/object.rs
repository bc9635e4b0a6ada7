//! The PDF object model (ISO 32000-2 §7.3), keeping what a signature verifier needs beyond the
//! values: where each string and dictionary sits in the file, and duplicate keys.

use std::fmt;

/// A half-open byte range `[start, end)` of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An object number and generation (§7.3.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId {
    pub num: u32,
    pub generation: u16,
}

impl ObjectId {
    pub fn new(num: u32, generation: u16) -> Self {
        Self { num, generation }
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} R", self.num, self.generation)
    }
}

/// How a string was written (§7.3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringForm {
    /// `( … )`
    Literal,
    /// `< … >`; `plain` is true when the token holds only an even number of hex digits (no
    /// whitespace, no odd final digit), i.e. its length is exactly `2 * bytes + 2`.
    Hex { plain: bool },
}

/// A string object with its decoded bytes and, when parsed directly from the file (not from an
/// object stream), the span of its token including the delimiters.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfString {
    pub bytes: Vec<u8>,
    pub form: StringForm,
    pub span: Option<Span>,
}

impl PdfString {
    /// Decodes a text string (§7.9.2.2): UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding.
    pub fn to_text(&self) -> String {
        decode_text(&self.bytes)
    }
}

/// Decodes PDF text string bytes (§7.9.2.2) lossily.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| match c {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => 0xfffd,
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc_char(b)).collect()
}

/// PDFDocEncoding (ISO 32000-2 Annex D.2): Latin-1 except 0x18-0x1F and 0x80-0x9F.
fn pdf_doc_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203a}', '\u{2212}', '\u{2030}', '\u{201e}', '\u{201c}',
        '\u{201d}', '\u{2018}', '\u{2019}', '\u{201a}', '\u{2122}', '\u{fb01}', '\u{fb02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017d}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017e}', '\u{fffd}',
    ];
    const LOW: [char; 8] = [
        '\u{02d8}', '\u{02c7}', '\u{02c6}', '\u{02d9}', '\u{02dd}', '\u{02db}', '\u{02da}',
        '\u{02dc}',
    ];
    match b {
        0x18..=0x1f => LOW
            .get(usize::from(b - 0x18))
            .copied()
            .unwrap_or('\u{fffd}'),
        0x80..=0x9f => HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{fffd}'),
        0xa0 => '\u{20ac}',
        0xad => '\u{fffd}',
        _ => char::from(b),
    }
}

/// A name object (§7.3.5), `#xx` escapes decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(pub Vec<u8>);

impl Name {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The name as text (lossy UTF-8), for reports.
    pub fn as_text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// A dictionary (§7.3.7) in file order. Duplicate keys are a syntax anomaly: the last value wins
/// for [`Dictionary::get`] and the duplicated keys are kept in `duplicate_keys`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dictionary {
    pub entries: Vec<(Name, Object)>,
    pub duplicate_keys: Vec<Name>,
    /// Span from `<<` to `>>` when parsed from the file.
    pub span: Option<Span>,
}

impl Dictionary {
    /// The value of `key` (the last one if duplicated). A `null` value is returned as such;
    /// use [`Dictionary::get_non_null`] for the §7.3.7 "null means absent" reading.
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.0 == key)
            .map(|(_, v)| v)
    }

    /// The value of `key` unless it is absent or `null`.
    pub fn get_non_null(&self, key: &[u8]) -> Option<&Object> {
        self.get(key).filter(|v| !matches!(v, Object::Null))
    }

    pub fn contains_key(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    /// The value of `key` if it is a name.
    pub fn get_name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key) {
            Some(Object::Name(n)) => Some(n.as_bytes()),
            _ => None,
        }
    }

    /// The value of `key` if it is an integer.
    pub fn get_integer(&self, key: &[u8]) -> Option<i64> {
        match self.get(key) {
            Some(Object::Integer(i)) => Some(*i),
            _ => None,
        }
    }

    /// True when /Type (or `key`) is the name `value`.
    pub fn has_name(&self, key: &[u8], value: &[u8]) -> bool {
        self.get_name(key) == Some(value)
    }
}

/// A stream (§7.3.8): its dictionary and the span of its raw (still encoded) data in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub dict: Dictionary,
    pub data: Span,
    /// The indirect object it was read as (streams are always indirect, §7.3.8.1) and the
    /// revision that defined it: in an encrypted document, the key of its data (§7.6.2).
    pub origin: Option<(ObjectId, usize)>,
}

/// A PDF object.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Integer(i64),
    Real(f64),
    Name(Name),
    String(PdfString),
    Array(Vec<Object>),
    Dictionary(Dictionary),
    Stream(Stream),
    Reference(ObjectId),
}

impl Object {
    /// The name of the variant, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Null => "null",
            Object::Bool(_) => "boolean",
            Object::Integer(_) => "integer",
            Object::Real(_) => "real",
            Object::Name(_) => "name",
            Object::String(_) => "string",
            Object::Array(_) => "array",
            Object::Dictionary(_) => "dictionary",
            Object::Stream(_) => "stream",
            Object::Reference(_) => "reference",
        }
    }

    pub fn as_dict(&self) -> Option<&Dictionary> {
        match self {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Object::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// Integer or real as `f64` (for rectangles).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(*r),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n.as_bytes()),
            _ => None,
        }
    }

    pub fn as_string(&self) -> Option<&PdfString> {
        match self {
            Object::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_reference(&self) -> Option<ObjectId> {
        match self {
            Object::Reference(r) => Some(*r),
            _ => None,
        }
    }
}
