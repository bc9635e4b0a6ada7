//! The Document Security Store: validation material a PDF carries for its signatures
//! (ISO 32000-2 §12.8.4.3; ETSI EN 319 142-1 §5.4.2 and §5.4.3).
//!
//! The catalog's /DSS dictionary holds arrays of streams — /Certs (DER certificates), /CRLs (DER
//! CRLs) and /OCSPs (DER OCSPResponses) — and a /VRI dictionary whose keys are the upper-case
//! hexadecimal SHA-1 of one signature's /Contents bytes (ETSI EN 319 142-1 §5.4.3: "the
//! SHA-1 hash of the signature's /Contents", i.e. the decoded string, padding included), each
//! naming the /Cert, /CRL and /OCSP streams used for that signature, with the time /TU or the
//! time-stamp token /TS of that material.
//!
//! Facts only: the module reads bytes, it does not parse certificates or judge anything. A
//! malformed entry becomes a [`DssProblem`] and reading continues; nothing panics, and every
//! array walk and decoded stream is bounded ([`crate::limits::Limits`] and [`MAX_DSS_ITEMS`]).
//! The DSS is read *as of a revision*, so a signature can be judged with the validation material
//! that existed when a later document time-stamp sealed it (PAdES B-LTA, EN 319 142-1 §5.4.4).

use std::collections::BTreeMap;

use crate::pdf::{Dictionary, Document, Object};

/// Most items read from one DSS or VRI array: real files carry tens; the bound stops a hostile
/// array of a million references from costing a million stream decodes.
pub const MAX_DSS_ITEMS: usize = 10_000;

/// The DSS as of one revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DssFacts {
    /// Decoded /Certs streams (DER certificates, unparsed).
    pub certificates: Vec<Vec<u8>>,
    /// Decoded /CRLs streams (DER CRLs, unparsed).
    pub crls: Vec<Vec<u8>>,
    /// Decoded /OCSPs streams (DER OCSPResponses, unparsed).
    pub ocsps: Vec<Vec<u8>>,
    /// /VRI entries by key (upper-case hex SHA-1 of a signature's /Contents bytes).
    pub vri: BTreeMap<String, VriEntry>,
    /// The newest revision that wrote any object of the DSS as read (the /DSS dictionary or the
    /// catalog holding it directly, its arrays, streams and /VRI): a document time-stamp in a
    /// later revision covers this material (B-LTA).
    pub revision_added: usize,
    /// Everything that could not be read, in the order found.
    pub problems: Vec<DssProblem>,
}

/// One /VRI entry (ETSI EN 319 142-1 §5.4.3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VriEntry {
    /// /Cert streams (DER certificates).
    pub certificates: Vec<Vec<u8>>,
    /// /CRL streams (DER CRLs).
    pub crls: Vec<Vec<u8>>,
    /// /OCSP streams (DER OCSPResponses).
    pub ocsps: Vec<Vec<u8>>,
    /// /TU: the claimed time the material was gathered, as written (a PDF date string).
    pub time: Option<String>,
    /// /TS: a time-stamp token (DER) over the material, decoded from its stream.
    pub timestamp_token: Option<Vec<u8>>,
}

/// Why part of the DSS could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DssProblem {
    #[error("/DSS is not a dictionary (found {found})")]
    NotADictionary { found: &'static str },
    #[error("{key} is not an array (found {found})")]
    NotAnArray { key: String, found: &'static str },
    #[error("{key}[{index}] is not a stream (found {found})")]
    NotAStream {
        key: String,
        index: usize,
        found: &'static str,
    },
    #[error("{key}[{index}] cannot be decoded: {message}")]
    Undecodable {
        key: String,
        index: usize,
        message: String,
    },
    #[error("{key} has more than {limit} items; the rest were not read")]
    TooManyItems { key: String, limit: usize },
    #[error("/VRI is not a dictionary (found {found})")]
    VriNotADictionary { found: &'static str },
    #[error("/VRI key {key} is not 40 hexadecimal digits")]
    VriKey { key: String },
    #[error("/VRI {key} is not a dictionary (found {found})")]
    VriEntryNotADictionary { key: String, found: &'static str },
    #[error("{key} cannot be resolved: {message}")]
    Unresolvable { key: String, message: String },
}

/// The /VRI key of a signature: upper-case hexadecimal SHA-1 of its /Contents bytes
/// (ETSI EN 319 142-1 §5.4.3).
pub fn vri_key(contents: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, contents);
    crate::hex::encode(digest.as_ref()).to_ascii_uppercase()
}

/// Reads the DSS of the catalog as of revision `rev`. `None` when the document has no /DSS
/// then (or no catalog); `Some` with problems when it is there but partly unreadable.
pub fn read(doc: &Document<'_>, rev: usize) -> Option<DssFacts> {
    let revision = doc.revisions.get(rev)?;
    let root = revision.trailer.get(b"Root")?;
    let mut reader = Reader {
        doc,
        rev,
        newest: 0,
        problems: Vec::new(),
    };
    let catalog = reader.resolve("/Root", root)?;
    let catalog = catalog.as_dict()?.clone();
    let dss = catalog.get(b"DSS")?;
    if matches!(dss, Object::Null) {
        return None;
    }
    // The catalog's own revision counts only when it holds the DSS directly: a later catalog
    // rewrite (a new signature field) does not change an indirect DSS.
    if matches!(dss, Object::Reference(_)) {
        reader.newest = 0;
    }
    let Some(dss) = reader.resolve("/DSS", dss) else {
        return Some(DssFacts {
            revision_added: reader.newest,
            problems: reader.problems,
            ..DssFacts::default()
        });
    };
    let Some(dss) = dss.as_dict() else {
        if matches!(dss, Object::Null) {
            return None;
        }
        return Some(DssFacts {
            problems: vec![DssProblem::NotADictionary { found: dss.kind() }],
            revision_added: reader.newest,
            ..DssFacts::default()
        });
    };
    let certificates = reader.streams(dss, b"Certs", "/DSS /Certs");
    let crls = reader.streams(dss, b"CRLs", "/DSS /CRLs");
    let ocsps = reader.streams(dss, b"OCSPs", "/DSS /OCSPs");
    let vri = reader.vri(dss);
    Some(DssFacts {
        certificates,
        crls,
        ocsps,
        vri,
        revision_added: reader.newest,
        problems: reader.problems,
    })
}

struct Reader<'d, 'a> {
    doc: &'d Document<'a>,
    rev: usize,
    /// Newest revision among the objects resolved so far.
    newest: usize,
    problems: Vec<DssProblem>,
}

impl Reader<'_, '_> {
    /// Follows references (bounded by `max_depth`), noting the revision of each object reached.
    fn resolve(&mut self, key: &str, obj: &Object) -> Option<Object> {
        let mut current = obj.clone();
        for _ in 0..self.doc.limits().max_depth {
            let Object::Reference(id) = current else {
                return Some(current);
            };
            match self.doc.resolve(id, self.rev) {
                Ok(Some(found)) => {
                    self.newest = self.newest.max(found.revision);
                    current = found.object;
                }
                Ok(None) => return Some(Object::Null),
                Err(e) => {
                    self.problems.push(DssProblem::Unresolvable {
                        key: key.to_owned(),
                        message: e.to_string(),
                    });
                    return None;
                }
            }
        }
        self.problems.push(DssProblem::Unresolvable {
            key: key.to_owned(),
            message: "reference chain too long".to_owned(),
        });
        None
    }

    /// The decoded streams of the array `dict[key]` (absent or null: none).
    fn streams(&mut self, dict: &Dictionary, key: &[u8], label: &str) -> Vec<Vec<u8>> {
        let Some(value) = dict.get(key) else {
            return Vec::new();
        };
        let Some(value) = self.resolve(label, value) else {
            return Vec::new();
        };
        let items = match value {
            Object::Null => return Vec::new(),
            Object::Array(items) => items,
            // A single stream where an array is expected: read it, but say so.
            Object::Stream(_) => {
                self.problems.push(DssProblem::NotAnArray {
                    key: label.to_owned(),
                    found: "stream",
                });
                vec![value]
            }
            other => {
                self.problems.push(DssProblem::NotAnArray {
                    key: label.to_owned(),
                    found: other.kind(),
                });
                return Vec::new();
            }
        };
        if items.len() > MAX_DSS_ITEMS {
            self.problems.push(DssProblem::TooManyItems {
                key: label.to_owned(),
                limit: MAX_DSS_ITEMS,
            });
        }
        let mut out = Vec::new();
        for (index, item) in items.iter().take(MAX_DSS_ITEMS).enumerate() {
            let Some(item) = self.resolve(label, item) else {
                continue;
            };
            match item {
                Object::Stream(s) => match self.doc.decode_stream(&s, self.rev) {
                    Ok(bytes) => out.push(bytes),
                    Err(e) => self.problems.push(DssProblem::Undecodable {
                        key: label.to_owned(),
                        index,
                        message: e.to_string(),
                    }),
                },
                other => self.problems.push(DssProblem::NotAStream {
                    key: label.to_owned(),
                    index,
                    found: other.kind(),
                }),
            }
        }
        out
    }

    fn vri(&mut self, dss: &Dictionary) -> BTreeMap<String, VriEntry> {
        let mut out = BTreeMap::new();
        let Some(vri) = dss.get(b"VRI") else {
            return out;
        };
        let Some(vri) = self.resolve("/DSS /VRI", vri) else {
            return out;
        };
        let vri = match vri {
            Object::Null => return out,
            Object::Dictionary(d) => d,
            other => {
                self.problems.push(DssProblem::VriNotADictionary {
                    found: other.kind(),
                });
                return out;
            }
        };
        if vri.entries.len() > MAX_DSS_ITEMS {
            self.problems.push(DssProblem::TooManyItems {
                key: "/DSS /VRI".to_owned(),
                limit: MAX_DSS_ITEMS,
            });
        }
        for (name, value) in vri.entries.iter().take(MAX_DSS_ITEMS) {
            let raw = name.as_text();
            let key = raw.to_ascii_uppercase();
            if key.len() != 40 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
                self.problems.push(DssProblem::VriKey { key: raw });
                continue;
            }
            let label = format!("/VRI /{key}");
            let Some(value) = self.resolve(&label, value) else {
                continue;
            };
            let entry = match value {
                Object::Dictionary(d) => d,
                other => {
                    self.problems.push(DssProblem::VriEntryNotADictionary {
                        key,
                        found: other.kind(),
                    });
                    continue;
                }
            };
            let time = match entry.get(b"TU").map(|t| self.resolve(&label, t)) {
                Some(Some(Object::String(s))) => Some(s.to_text()),
                _ => None,
            };
            let timestamp_token = match entry.get(b"TS").map(|t| self.resolve(&label, t)) {
                Some(Some(Object::Stream(s))) => match self.doc.decode_stream(&s, self.rev) {
                    Ok(bytes) => Some(bytes),
                    Err(e) => {
                        self.problems.push(DssProblem::Undecodable {
                            key: format!("{label} /TS"),
                            index: 0,
                            message: e.to_string(),
                        });
                        None
                    }
                },
                _ => None,
            };
            let parsed = VriEntry {
                certificates: self.streams(&entry, b"Cert", &format!("{label} /Cert")),
                crls: self.streams(&entry, b"CRL", &format!("{label} /CRL")),
                ocsps: self.streams(&entry, b"OCSP", &format!("{label} /OCSP")),
                time,
                timestamp_token,
            };
            out.insert(key, parsed);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vri_key_is_upper_case_sha1() {
        // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d (FIPS 180-2 B.1).
        assert_eq!(vri_key(b"abc"), "A9993E364706816ABA3E25717850C26C9CD0D89D");
    }
}
