//! The revision-aware document: bytes, revisions oldest to newest, and objects resolved on demand
//! as of any revision (ISO 32000-2 §7.5.6).
//!
//! Unlike general-purpose readers, nothing is merged or repaired silently: objects are read only
//! where a cross-reference entry says, each object carries the revision that defined it, and
//! every tolerance is an [`Anomaly`].
//!
//! This module owns the [`Document`] value and stream decoding; the revision history is read by
//! [`super::history`], objects by [`super::resolve`] (the one resolution path) and
//! [`super::objstm`].

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use super::error::{Anomaly, PdfError};
use super::filters;
use super::history;
use super::object::{Object, ObjectId, Span, Stream};
use super::objstm::ObjStm;
use super::revision::{EofMarker, Revision};
use super::security::Security;
use super::xref::XrefEntry;
use crate::limits::Limits;

/// Where an indirect object was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectLocation {
    /// Directly in the file: `span` runs from the object number to after `endobj` (or the end of
    /// the object when `endobj` is missing).
    File { span: Span },
    /// Inside an object stream (§7.5.7); no file spans are known for its parts.
    ObjectStream { stream: u32, index: u32 },
}

/// An object together with the revision whose cross-reference entry defined it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndirectObject {
    pub id: ObjectId,
    pub revision: usize,
    pub location: ObjectLocation,
    pub object: Object,
}

/// A parsed PDF. Holds the file bytes by reference (no copy).
#[derive(Debug)]
pub struct Document<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) limits: Limits,
    /// Oldest (index 0) to newest.
    pub revisions: Vec<Revision>,
    /// Every `%%EOF` marker in the file, in file order.
    pub eof_markers: Vec<EofMarker>,
    /// Tolerances and layout facts found while reading the structure.
    pub anomalies: Vec<Anomaly>,
    /// Offset of `%PDF-`.
    pub header_offset: usize,
    /// Anomalies found while resolving objects, each once.
    pub(super) lazy_anomalies: RefCell<(Vec<Anomaly>, HashSet<Anomaly>)>,
    /// Bytes decoded so far, against [`Limits::max_decoded_document`].
    pub(super) decoded: Cell<usize>,
    /// Decoded object streams by (stream object number, defining revision).
    pub(super) objstm_cache: RefCell<HashMap<(u32, usize), ObjStm>>,
    /// The keys of an encrypted document (ISO 32000-2 §7.6), per revision.
    pub(super) security: Security,
}

impl<'a> Document<'a> {
    /// Reads the structure of `bytes`: header, every `%%EOF` marker, the /Prev chain from the
    /// last startxref, and the revisions. Objects are read later, on demand.
    pub fn parse(bytes: &'a [u8], limits: &Limits) -> Result<Self, PdfError> {
        Self::parse_with_password(bytes, limits, None)
    }

    /// [`Document::parse`] for an encrypted document: `password` (UTF-8) is tried as the user,
    /// then the owner password; `None` tries the empty user password (ISO 32000-2 §7.6.4.4). A
    /// document that cannot be decrypted is still returned, with [`Document::encryption`] saying
    /// why: its structure and signature dictionaries are readable, its strings and streams not.
    pub fn parse_with_password(
        bytes: &'a [u8],
        limits: &Limits,
        password: Option<&[u8]>,
    ) -> Result<Self, PdfError> {
        let history = history::read(bytes, limits)?;
        let mut doc = Document {
            bytes,
            limits: limits.clone(),
            revisions: history.revisions,
            eof_markers: history.eof_markers,
            anomalies: history.anomalies,
            header_offset: history.header_offset,
            lazy_anomalies: RefCell::new((Vec::new(), HashSet::new())),
            decoded: Cell::new(history.decoded),
            objstm_cache: RefCell::new(HashMap::new()),
            security: Security::default(),
        };
        doc.security = Security::open(&doc, password);
        // Anything read while the keys were set up was read without them.
        doc.objstm_cache.borrow_mut().clear();
        Ok(doc)
    }

    /// The whole file.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Index of the newest revision.
    pub fn newest(&self) -> usize {
        self.revisions.len().saturating_sub(1)
    }

    /// Anomalies found while resolving objects (in addition to [`Document::anomalies`]).
    pub fn resolution_anomalies(&self) -> Vec<Anomaly> {
        self.lazy_anomalies.borrow().0.clone()
    }

    /// Structural and resolution anomalies together.
    pub fn all_anomalies(&self) -> Vec<Anomaly> {
        let mut all = self.anomalies.clone();
        all.extend(self.resolution_anomalies());
        all
    }

    /// The document catalog (/Root) as of revision `rev`, if present and a dictionary.
    pub fn catalog(&self, rev: usize) -> Result<Option<super::object::Dictionary>, PdfError> {
        let Some(revision) = self.revisions.get(rev) else {
            return Err(PdfError::NoSuchRevision { index: rev });
        };
        let Some(root) = revision.trailer.get(b"Root") else {
            return Ok(None);
        };
        Ok(self.deref(root, rev)?.as_dict().cloned())
    }

    /// The revision whose bytes `[start, end)` contain `offset` (`None` after the newest
    /// revision's end, or when the revision's end is unknown).
    pub fn revision_at(&self, offset: usize) -> Option<usize> {
        self.revisions
            .iter()
            .find(|r| {
                r.span()
                    .is_some_and(|s| offset >= s.start && offset < s.end)
            })
            .map(|r| r.index)
    }

    /// The revisions (oldest first) whose cross-reference section has an entry for `num`.
    pub fn object_versions(&self, num: u32) -> Vec<(usize, XrefEntry)> {
        self.revisions
            .iter()
            .filter_map(|r| r.entries.get(&num).map(|e| (r.index, *e)))
            .collect()
    }

    /// Decodes a stream's data through its filters, within the per-stream and per-document
    /// limits. `rev` is the revision used to resolve indirect /Filter or /DecodeParms.
    pub fn decode_stream(&self, stream: &Stream, rev: usize) -> Result<Vec<u8>, PdfError> {
        self.decode_stream_inner(stream, rev, 0)
    }

    pub(super) fn decode_stream_inner(
        &self,
        stream: &Stream,
        rev: usize,
        _depth: usize,
    ) -> Result<Vec<u8>, PdfError> {
        let offset = stream.data.start;
        let resolve_shallow = |o: Option<&Object>| -> Result<Option<Object>, PdfError> {
            match o {
                None => Ok(None),
                Some(o) => {
                    let d = self.deref(o, rev)?;
                    Ok(Some(match d {
                        Object::Array(items) => Object::Array(
                            items
                                .iter()
                                .map(|i| self.deref(i, rev))
                                .collect::<Result<Vec<_>, _>>()?,
                        ),
                        other => other,
                    }))
                }
            }
        };
        let filter = resolve_shallow(stream.dict.get(b"Filter"))?;
        let parms = resolve_shallow(stream.dict.get(b"DecodeParms"))?;
        let specs =
            filters::filter_specs(filter.as_ref(), parms.as_ref()).ok_or(PdfError::Filter {
                offset,
                message: "malformed /Filter or /DecodeParms",
            })?;
        let raw = self.stream_data(stream)?;
        let raw = raw.as_ref();
        let remaining = self
            .limits
            .max_decoded_document
            .saturating_sub(self.decoded.get());
        let limit = self.limits.max_decoded_stream.min(remaining);
        let out = filters::decode(raw, &specs, limit).map_err(|e| match e {
            filters::FilterError::LimitExceeded => PdfError::DecodeLimit { offset, limit },
            filters::FilterError::Unsupported(name) => PdfError::UnsupportedFilter { offset, name },
            filters::FilterError::Corrupt(message) => PdfError::Filter { offset, message },
        })?;
        self.decoded
            .set(self.decoded.get().saturating_add(out.len()));
        Ok(out)
    }
}
