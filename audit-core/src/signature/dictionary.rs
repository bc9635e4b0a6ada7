//! Signature dictionaries (ISO 32000-2 §12.8.1 Table 255) as written in the revision that
//! introduced them: their type, /SubFilter, /ByteRange and /Contents as written, the signer's
//! claims (/M, /Name, /Reason …), and the DocMDP / FieldMDP references (§12.8.2.2, §12.8.2.4)
//! with typed values ([`TransformMethod`], [`DocMdpPermission`], [`FieldMdpAction`]).

use crate::pdf::{Dictionary, Document, Object, ObjectId, Span};
use crate::report::SubFilter;

/// The /Type of a signature dictionary (§12.8.1 Table 255, §12.8.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureKind {
    /// `/Type /Sig`
    Signature,
    /// `/Type /DocTimeStamp`
    DocTimeStamp,
    /// No /Type (optional in the specification).
    Untyped,
    /// Any other /Type (reported, never trusted).
    Other(String),
}

/// /TransformMethod of a signature reference (§12.8.1 Table 256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransformMethod {
    /// Certification: what may change in the whole document (§12.8.2.2).
    DocMdp,
    /// Locked form fields (§12.8.2.4).
    FieldMdp,
    /// Usage rights (§12.8.2.3).
    Ur3,
    Identity,
    /// Any other name (not a transform kyso knows).
    Other(String),
}

impl TransformMethod {
    pub fn from_name(name: &str) -> Self {
        match name {
            "DocMDP" => Self::DocMdp,
            "FieldMDP" => Self::FieldMdp,
            "UR3" => Self::Ur3,
            "Identity" => Self::Identity,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// The DocMDP access permissions /P (§12.8.2.2 Table 257), strictest first: a later signature
/// can only restrict further, so the minimum of those in force holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocMdpPermission {
    /// P=1: no changes permitted.
    NoChanges,
    /// P=2: filling in forms, instantiating page templates, signing.
    FormFilling,
    /// P=3: as P=2, plus annotation creation, deletion and modification.
    Annotations,
}

impl DocMdpPermission {
    /// The permission of a /P value. Table 257 allows 1, 2 and 3 only; any other value is read as
    /// the strictest (fail closed).
    pub fn from_value(p: i64) -> Self {
        match p {
            2 => Self::FormFilling,
            3 => Self::Annotations,
            _ => Self::NoChanges,
        }
    }

    /// What an absent /P means (§12.8.2.2 Table 257: default 2).
    pub const DEFAULT: Self = Self::FormFilling;

    /// The /P value.
    pub fn value(self) -> i64 {
        match self {
            Self::NoChanges => 1,
            Self::FormFilling => 2,
            Self::Annotations => 3,
        }
    }
}

/// Which fields a FieldMDP reference locks (§12.8.2.4 Table 258 /Action).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldMdpAction {
    /// Every field.
    All,
    /// The fields listed in /Fields.
    Include,
    /// Every field except those listed in /Fields.
    Exclude,
}

impl FieldMdpAction {
    /// The action of an /Action name; an unknown name is read as `All` (the strictest).
    pub fn from_name(name: &str) -> Self {
        match name {
            "Include" => Self::Include,
            "Exclude" => Self::Exclude,
            _ => Self::All,
        }
    }
}

/// /TransformParams of a DocMDP or FieldMDP signature reference (§12.8.2.2, §12.8.2.4).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignatureReference {
    /// /TransformMethod: DocMDP, FieldMDP, UR3, Identity.
    pub transform_method: Option<TransformMethod>,
    /// /P of DocMDP (absent: [`DocMdpPermission::DEFAULT`]) or of FieldMDP (ISO 32000-2: the
    /// document's permissions after the signature), when /P is an integer.
    pub docmdp_permissions: Option<DocMdpPermission>,
    /// FieldMDP /Action (absent: read as `All`).
    pub fieldmdp_action: Option<FieldMdpAction>,
    /// FieldMDP /Fields (fully qualified names).
    pub fieldmdp_fields: Vec<String>,
}

/// The values of a signature dictionary, as written in the revision that introduced it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureDictionary {
    /// The object, when /V is an indirect reference.
    pub id: Option<ObjectId>,
    /// The revision whose cross-reference section introduced this dictionary.
    pub revision: usize,
    /// Where the dictionary `<< … >>` sits in the file (`None` inside an object stream).
    pub span: Option<Span>,
    /// True when the dictionary is stored in an object stream (no file spans known).
    pub in_object_stream: bool,
    pub kind: SignatureKind,
    pub filter: Option<String>,
    pub sub_filter: Option<SubFilter>,
    /// /ByteRange exactly as written (validated by `byte_range::parse_byte_range`).
    pub byte_range: Option<Object>,
    /// /Contents exactly as written: a string with its decoded bytes and token span, or whatever
    /// else was there (validated by coverage).
    pub contents: Option<Object>,
    /// /M, /Name, /Reason, /Location, /ContactInfo: *claimed* by the signer's software, for display
    /// as claims only, never as identity or time evidence.
    pub claimed_time: Option<String>,
    pub claimed_name: Option<String>,
    pub claimed_reason: Option<String>,
    pub claimed_location: Option<String>,
    pub claimed_contact: Option<String>,
    /// /Reference entries.
    pub references: Vec<SignatureReference>,
    /// /Cert (adbe.x509.rsa_sha1): the signer certificate first, then the chain.
    pub cert: Vec<Vec<u8>>,
    /// Keys that appear more than once in the dictionary.
    pub duplicate_keys: Vec<String>,
    /// Later revisions whose cross-reference sections redefine the same object number.
    pub redefined_in: Vec<usize>,
}

impl SignatureDictionary {
    /// The file span of the /Contents string token, `<` to `>` inclusive, when it was read from
    /// the file (not from an object stream).
    pub fn contents_span(&self) -> Option<Span> {
        match &self.contents {
            Some(Object::String(s)) => s.span,
            _ => None,
        }
    }

    /// The /SubFilter the CMS is to be verified as: an absent one is an unknown type (never
    /// "unsigned").
    pub fn sub_filter_or_unknown(&self) -> SubFilter {
        self.sub_filter
            .clone()
            .unwrap_or_else(|| SubFilter::Other(String::new()))
    }

    /// Decoded /Contents bytes, if /Contents is a string.
    pub fn contents_bytes(&self) -> Option<&[u8]> {
        match &self.contents {
            Some(Object::String(s)) => Some(&s.bytes),
            _ => None,
        }
    }
}

fn text_of(doc: &Document<'_>, d: &Dictionary, key: &[u8], rev: usize) -> Option<String> {
    match doc.deref(d.get(key)?, rev).ok()? {
        Object::String(s) => Some(s.to_text()),
        Object::Name(n) => Some(n.as_text()),
        _ => None,
    }
}

fn name_of(doc: &Document<'_>, d: &Dictionary, key: &[u8], rev: usize) -> Option<String> {
    doc.deref(d.get(key)?, rev)
        .ok()?
        .as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

pub(super) fn read_dictionary(
    doc: &Document<'_>,
    d: &Dictionary,
    id: Option<ObjectId>,
    revision: usize,
    in_object_stream: bool,
    redefined_in: Vec<usize>,
) -> SignatureDictionary {
    let kind = match d.get_name(b"Type") {
        Some(b"Sig") => SignatureKind::Signature,
        Some(b"DocTimeStamp") => SignatureKind::DocTimeStamp,
        Some(other) => SignatureKind::Other(String::from_utf8_lossy(other).into_owned()),
        None => SignatureKind::Untyped,
    };
    let mut references = Vec::new();
    if let Some(refs) = d
        .get(b"Reference")
        .and_then(|r| doc.deref(r, revision).ok())
    {
        for item in refs.as_array().unwrap_or_default() {
            let Some(rd) = doc
                .deref(item, revision)
                .ok()
                .and_then(|o| o.as_dict().cloned())
            else {
                continue;
            };
            let params = rd
                .get(b"TransformParams")
                .and_then(|p| doc.deref(p, revision).ok())
                .and_then(|p| p.as_dict().cloned());
            let mut r = SignatureReference {
                transform_method: name_of(doc, &rd, b"TransformMethod", revision)
                    .map(|n| TransformMethod::from_name(&n)),
                ..Default::default()
            };
            if let Some(p) = params {
                r.docmdp_permissions = p
                    .get(b"P")
                    .and_then(|v| doc.deref(v, revision).ok())
                    .and_then(|v| v.as_integer())
                    .map(DocMdpPermission::from_value);
                r.fieldmdp_action =
                    name_of(doc, &p, b"Action", revision).map(|n| FieldMdpAction::from_name(&n));
                if let Some(fields) = p.get(b"Fields").and_then(|f| doc.deref(f, revision).ok()) {
                    for f in fields.as_array().unwrap_or_default() {
                        if let Ok(Object::String(s)) = doc.deref(f, revision) {
                            r.fieldmdp_fields.push(s.to_text());
                        }
                    }
                }
            }
            references.push(r);
        }
    }
    let mut cert = Vec::new();
    match d.get(b"Cert").and_then(|c| doc.deref(c, revision).ok()) {
        Some(Object::String(s)) => cert.push(s.bytes),
        Some(Object::Array(items)) => {
            for item in items {
                if let Ok(Object::String(s)) = doc.deref(&item, revision) {
                    cert.push(s.bytes);
                }
            }
        }
        _ => {}
    }
    SignatureDictionary {
        id,
        revision,
        span: d.span,
        in_object_stream,
        kind,
        filter: name_of(doc, d, b"Filter", revision),
        sub_filter: name_of(doc, d, b"SubFilter", revision).map(|n| SubFilter::from_name(&n)),
        byte_range: d.get(b"ByteRange").cloned(),
        contents: d.get(b"Contents").cloned(),
        claimed_time: text_of(doc, d, b"M", revision),
        claimed_name: text_of(doc, d, b"Name", revision),
        claimed_reason: text_of(doc, d, b"Reason", revision),
        claimed_location: text_of(doc, d, b"Location", revision),
        claimed_contact: text_of(doc, d, b"ContactInfo", revision),
        references,
        cert,
        duplicate_keys: d.duplicate_keys.iter().map(|k| k.as_text()).collect(),
        redefined_in,
    }
}
