//! The revision-aware document: bytes, revisions oldest to newest, and objects resolved on demand
//! as of any revision (ISO 32000-2 §7.5.6).
//!
//! Unlike general-purpose readers, nothing is merged or repaired silently: objects are read only
//! where a cross-reference entry says, each object carries the revision that defined it, and
//! every tolerance is an [`Anomaly`].

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};

use super::error::{Anomaly, PdfError};
use super::filters;
use super::lexer::{find_bytes, is_whitespace, Token};
use super::object::{Object, ObjectId, Span, Stream};
use super::parser::{delimit_stream, Parser};
use super::revision::{EofMarker, Revision, XrefContainer};
use super::xref::{parse_section, SectionBudget, XrefEntry, XrefKind, XrefSection};
use crate::limits::{Budget, Limits};

/// Most `%%EOF` markers examined (each costs a short backward scan).
const MAX_EOF_MARKERS: usize = 100_000;
/// Most `%%EOF` markers that end no revision reported individually.
const MAX_UNMATCHED_MARKERS: usize = 1000;
/// Most earlier markers tried when the newest startxref is unusable, and most unreachable
/// sections parsed to classify unmatched markers.
const MAX_FALLBACK_ATTEMPTS: usize = 32;

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

#[derive(Debug)]
struct ObjStm {
    data: Vec<u8>,
    first: usize,
    offsets: Vec<(u32, usize)>,
}

/// A parsed PDF. Holds the file bytes by reference (no copy).
#[derive(Debug)]
pub struct Document<'a> {
    bytes: &'a [u8],
    limits: Limits,
    /// Oldest (index 0) to newest.
    pub revisions: Vec<Revision>,
    /// Every `%%EOF` marker in the file, in file order.
    pub eof_markers: Vec<EofMarker>,
    /// Tolerances and layout facts found while reading the structure.
    pub anomalies: Vec<Anomaly>,
    /// Offset of `%PDF-`.
    pub header_offset: usize,
    lazy_anomalies: RefCell<(Vec<Anomaly>, HashSet<Anomaly>)>,
    decoded: Cell<usize>,
    objstm_cache: RefCell<HashMap<(u32, usize), ObjStm>>,
}

impl<'a> Document<'a> {
    /// Reads the structure of `bytes`: header, every `%%EOF` marker, the /Prev chain from the
    /// last startxref, and the revisions. Objects are read later, on demand.
    pub fn parse(bytes: &'a [u8], limits: &Limits) -> Result<Self, PdfError> {
        if bytes.len() > limits.max_file_size {
            return Err(PdfError::FileTooLarge {
                size: bytes.len(),
                limit: limits.max_file_size,
            });
        }
        let mut anomalies = Vec::new();
        let window = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
        let header_offset = find_bytes(window, b"%PDF-", 0).ok_or(PdfError::NoHeader)?;
        if header_offset != 0 {
            anomalies.push(Anomaly::HeaderNotAtStart {
                offset: header_offset,
            });
        }
        let version = bytes
            .get(header_offset + 5..header_offset + 8)
            .unwrap_or_default();
        if !matches!(version, [a, b'.', c] if a.is_ascii_digit() && c.is_ascii_digit()) {
            anomalies.push(Anomaly::IllegalHeaderVersion {
                offset: header_offset,
            });
        }
        let eof_markers = scan_eof_markers(bytes, &mut anomalies);

        let mut budget = SectionBudget {
            entries: Budget::new(limits.max_objects),
            decoded: Budget::new(limits.max_decoded_document),
        };
        let candidates: Vec<(Option<usize>, usize)> = if eof_markers.is_empty() {
            tail_startxref(bytes)
                .map(|s| (None, s))
                .into_iter()
                .collect()
        } else {
            eof_markers
                .iter()
                .rev()
                .filter_map(|m| m.startxref.map(|s| (Some(m.offset), s)))
                .take(MAX_FALLBACK_ATTEMPTS)
                .collect()
        };
        let newest_marker = eof_markers.last().map(|m| (m.offset, m.startxref));
        let mut first_error: Option<PdfError> = None;
        let mut chain = None;
        for (marker, start) in candidates {
            let mut attempt_anomalies = Vec::new();
            match build_chain(bytes, start, limits, &mut budget, &mut attempt_anomalies) {
                Ok(c) => {
                    if let (Some(err), Some((newest, xref))) = (&first_error, newest_marker) {
                        anomalies.push(Anomaly::NewestXrefUnusable {
                            marker: newest,
                            xref,
                            error: err.to_string(),
                        });
                    } else if first_error.is_none() && marker != newest_marker.map(|m| m.0) {
                        // The newest marker has no startxref at all.
                        if let Some((newest, xref)) = newest_marker {
                            anomalies.push(Anomaly::NewestXrefUnusable {
                                marker: newest,
                                xref,
                                error: "no startxref before the last %%EOF".to_owned(),
                            });
                        }
                    }
                    anomalies.extend(attempt_anomalies);
                    chain = Some(c);
                    break;
                }
                Err(e) => {
                    if first_error.is_none() {
                        first_error = Some(e);
                    }
                }
            }
        }
        let Some(chain) = chain else {
            return Err(first_error.unwrap_or(PdfError::NoStartxref));
        };

        let revisions = build_revisions(chain, &eof_markers, &mut anomalies);
        classify_markers(bytes, &revisions, &eof_markers, limits, &mut anomalies);

        let doc = Document {
            bytes,
            limits: limits.clone(),
            revisions,
            eof_markers,
            anomalies,
            header_offset,
            lazy_anomalies: RefCell::new((Vec::new(), HashSet::new())),
            decoded: Cell::new(
                limits
                    .max_decoded_document
                    .saturating_sub(budget.decoded.remaining()),
            ),
            objstm_cache: RefCell::new(HashMap::new()),
        };
        doc.check_encryption()?;
        Ok(doc)
    }

    fn check_encryption(&self) -> Result<(), PdfError> {
        let Some(newest) = self.revisions.last() else {
            return Ok(());
        };
        let Some(enc) = newest.trailer.get_non_null(b"Encrypt") else {
            return Ok(());
        };
        let filter = self
            .deref(enc, newest.index)
            .ok()
            .and_then(|o| {
                o.as_dict()
                    .and_then(|d| d.get_name(b"Filter"))
                    .map(|n| String::from_utf8_lossy(n).into_owned())
            })
            .unwrap_or_else(|| "?".to_owned());
        Err(PdfError::Encrypted { filter })
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

    /// The object `id` as seen at revision `as_of`: the newest definition at or before it.
    /// `Ok(None)` when the object is undefined, free or of another generation there (a reference
    /// to it reads as null, §7.3.10).
    pub fn resolve(&self, id: ObjectId, as_of: usize) -> Result<Option<IndirectObject>, PdfError> {
        self.resolve_at(id, as_of, 0)
    }

    /// Follows references until a direct object (null for dangling references).
    pub fn deref(&self, obj: &Object, as_of: usize) -> Result<Object, PdfError> {
        let mut current = obj.clone();
        for _ in 0..self.limits.max_depth {
            match current {
                Object::Reference(id) => {
                    current = match self.resolve(id, as_of)? {
                        Some(o) => o.object,
                        None => Object::Null,
                    };
                }
                other => return Ok(other),
            }
        }
        Err(PdfError::TooDeep {
            offset: 0,
            limit: self.limits.max_depth,
        })
    }

    fn resolve_at(
        &self,
        id: ObjectId,
        as_of: usize,
        depth: usize,
    ) -> Result<Option<IndirectObject>, PdfError> {
        if as_of >= self.revisions.len() {
            return Err(PdfError::NoSuchRevision { index: as_of });
        }
        if depth > self.limits.max_depth {
            return Err(PdfError::TooDeep {
                offset: 0,
                limit: self.limits.max_depth,
            });
        }
        for rev in self.revisions.iter().take(as_of + 1).rev() {
            let Some(entry) = rev.entries.get(&id.num) else {
                continue;
            };
            return match *entry {
                XrefEntry::Free { .. } => {
                    self.note(Anomaly::DanglingReference {
                        id,
                        revision: rev.index,
                    });
                    Ok(None)
                }
                XrefEntry::InUse { offset, generation } => {
                    if generation != id.generation {
                        self.note(Anomaly::DanglingReference {
                            id,
                            revision: rev.index,
                        });
                        return Ok(None);
                    }
                    let (object, span) = self.read_object_at(offset, id, rev.index, depth)?;
                    Ok(Some(IndirectObject {
                        id,
                        revision: rev.index,
                        location: ObjectLocation::File { span },
                        object,
                    }))
                }
                XrefEntry::Compressed { stream, index } => {
                    if id.generation != 0 {
                        self.note(Anomaly::DanglingReference {
                            id,
                            revision: rev.index,
                        });
                        return Ok(None);
                    }
                    let object = self.read_compressed(id, stream, index, rev.index, depth)?;
                    Ok(Some(IndirectObject {
                        id,
                        revision: rev.index,
                        location: ObjectLocation::ObjectStream { stream, index },
                        object,
                    }))
                }
            };
        }
        Ok(None)
    }

    fn note(&self, anomaly: Anomaly) {
        let mut guard = self.lazy_anomalies.borrow_mut();
        let (list, seen) = &mut *guard;
        if list.len() < 10_000 && seen.insert(anomaly.clone()) {
            list.push(anomaly);
        }
    }

    /// Reads the indirect object at `offset`, which must be `expected`.
    fn read_object_at(
        &self,
        offset: usize,
        expected: ObjectId,
        rev: usize,
        depth: usize,
    ) -> Result<(Object, Span), PdfError> {
        if offset >= self.bytes.len() {
            return Err(PdfError::OutOfBounds { offset });
        }
        let mut start = offset;
        while self.bytes.get(start).is_some_and(|b| is_whitespace(*b)) {
            start += 1;
        }
        if start != offset {
            self.note(Anomaly::ObjectOffsetAdjusted {
                id: expected,
                offset,
            });
        }
        let mut parser = Parser::new(self.bytes, start, true, self.limits.max_depth);
        let head = parser.parse_indirect()?;
        if head.id != expected {
            return Err(PdfError::ObjectMismatch {
                offset: start,
                expected,
                found: head.id,
            });
        }
        if let Object::Dictionary(d) = &head.object {
            for key in &d.duplicate_keys {
                self.note(Anomaly::DuplicateKey {
                    offset: d.span.map(|s| s.start),
                    key: key.as_text(),
                });
            }
        }
        let Some(keyword_end) = head.stream_keyword_end else {
            if !head.has_endobj {
                self.note(Anomaly::MissingEndobj { offset: head.end });
            }
            return Ok((
                head.object,
                Span {
                    start,
                    end: head.end,
                },
            ));
        };
        let Object::Dictionary(dict) = head.object else {
            return Err(PdfError::Syntax {
                offset: start,
                message: "stream without dictionary",
            });
        };
        let length = match dict.get(b"Length") {
            Some(Object::Integer(n)) => usize::try_from(*n).ok(),
            Some(Object::Reference(r)) => {
                if *r == expected {
                    return Err(PdfError::Syntax {
                        offset: start,
                        message: "stream /Length refers to itself",
                    });
                }
                match self.resolve_at(*r, rev, depth + 1)? {
                    Some(IndirectObject {
                        object: Object::Integer(n),
                        ..
                    }) => usize::try_from(n).ok(),
                    _ => None,
                }
            }
            _ => None,
        };
        let mut local = Vec::new();
        let (data, after) = delimit_stream(self.bytes, keyword_end, length, &mut local)?;
        for a in local {
            self.note(a);
        }
        let mut end = after;
        let mut q = after;
        while self.bytes.get(q).is_some_and(|b| is_whitespace(*b)) {
            q += 1;
        }
        if self.bytes.get(q..q + 6) == Some(b"endobj") {
            end = q + 6;
        } else {
            self.note(Anomaly::MissingEndobj { offset: after });
        }
        Ok((Object::Stream(Stream { dict, data }), Span { start, end }))
    }

    fn read_compressed(
        &self,
        id: ObjectId,
        stream: u32,
        index: u32,
        rev: usize,
        depth: usize,
    ) -> Result<Object, PdfError> {
        let stm_id = ObjectId::new(stream, 0);
        if stream == id.num {
            return Err(PdfError::NotInObjectStream { id, stream });
        }
        let Some(stm) = self.resolve_at(stm_id, rev, depth + 1)? else {
            return Err(PdfError::NotInObjectStream { id, stream });
        };
        let key = (stream, stm.revision);
        if !self.objstm_cache.borrow().contains_key(&key) {
            let Object::Stream(s) = &stm.object else {
                return Err(PdfError::WrongType {
                    id: stm_id,
                    expected: "object stream",
                });
            };
            let loaded = self.load_objstm(stm_id, s, stm.revision, depth)?;
            self.objstm_cache.borrow_mut().insert(key, loaded);
        }
        let cache = self.objstm_cache.borrow();
        let Some(os) = cache.get(&key) else {
            return Err(PdfError::NotInObjectStream { id, stream });
        };
        let i = usize::try_from(index).map_err(|_| PdfError::NotInObjectStream { id, stream })?;
        let Some(&(num, rel)) = os.offsets.get(i) else {
            return Err(PdfError::NotInObjectStream { id, stream });
        };
        if num != id.num {
            return Err(PdfError::NotInObjectStream { id, stream });
        }
        let pos = os
            .first
            .checked_add(rel)
            .filter(|p| *p <= os.data.len())
            .ok_or(PdfError::NotInObjectStream { id, stream })?;
        let mut parser = Parser::new(&os.data, pos, false, self.limits.max_depth);
        parser.parse_object(0)
    }

    fn load_objstm(
        &self,
        id: ObjectId,
        s: &Stream,
        rev: usize,
        depth: usize,
    ) -> Result<ObjStm, PdfError> {
        let bad = || PdfError::WrongType {
            id,
            expected: "object stream",
        };
        if !s.dict.has_name(b"Type", b"ObjStm") {
            return Err(bad());
        }
        let n = s
            .dict
            .get(b"N")
            .map(|o| self.deref(o, rev))
            .transpose()?
            .and_then(|o| o.as_integer());
        let first = s
            .dict
            .get(b"First")
            .map(|o| self.deref(o, rev))
            .transpose()?
            .and_then(|o| o.as_integer());
        let (Some(n), Some(first)) = (n, first) else {
            return Err(bad());
        };
        let n = usize::try_from(n).map_err(|_| bad())?;
        let first = usize::try_from(first).map_err(|_| bad())?;
        let data = self.decode_stream_inner(s, rev, depth)?;
        if first > data.len() || n > data.len() {
            return Err(bad());
        }
        let mut lexer = super::lexer::Lexer::new(&data, 0);
        // Each pair takes at least 4 bytes: bound the allocation by the data, not by /N.
        let mut offsets = Vec::with_capacity(n.min(data.len() / 4));
        for _ in 0..n {
            match (lexer.next_token()?, lexer.next_token()?) {
                (Some((Token::Integer(num), _)), Some((Token::Integer(off), _))) => {
                    let num = u32::try_from(num).map_err(|_| bad())?;
                    let off = usize::try_from(off).map_err(|_| bad())?;
                    offsets.push((num, off));
                }
                _ => return Err(bad()),
            }
        }
        Ok(ObjStm {
            data,
            first,
            offsets,
        })
    }

    /// Decodes a stream's data through its filters, within the per-stream and per-document
    /// limits. `rev` is the revision used to resolve indirect /Filter or /DecodeParms.
    pub fn decode_stream(&self, stream: &Stream, rev: usize) -> Result<Vec<u8>, PdfError> {
        self.decode_stream_inner(stream, rev, 0)
    }

    fn decode_stream_inner(
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
        let raw = self
            .bytes
            .get(stream.data.start..stream.data.end)
            .ok_or(PdfError::OutOfBounds { offset })?;
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

/// Finds every `%%EOF` and the `startxref <offset>` right before it.
fn scan_eof_markers(bytes: &[u8], anomalies: &mut Vec<Anomaly>) -> Vec<EofMarker> {
    let mut markers = Vec::new();
    let mut from = 0;
    while let Some(p) = find_bytes(bytes, b"%%EOF", from) {
        if markers.len() >= MAX_EOF_MARKERS {
            anomalies.push(Anomaly::TooManyEofMarkers {
                limit: MAX_EOF_MARKERS,
            });
            break;
        }
        let marker_end = p + 5;
        let end = match (bytes.get(marker_end), bytes.get(marker_end + 1)) {
            (Some(b'\r'), Some(b'\n')) => marker_end + 2,
            (Some(b'\r' | b'\n'), _) => marker_end + 1,
            _ => marker_end,
        };
        markers.push(EofMarker {
            offset: p,
            marker_end,
            end,
            startxref: startxref_before(bytes, p),
        });
        from = marker_end;
    }
    markers
}

/// Parses `startxref <digits>` followed only by white-space up to `marker`.
fn startxref_before(bytes: &[u8], marker: usize) -> Option<usize> {
    let window_start = marker.saturating_sub(64);
    let window = bytes.get(window_start..marker)?;
    let rel = window.windows(9).rposition(|w| w == b"startxref")?;
    let mut p = window_start + rel + 9;
    while bytes.get(p).is_some_and(|b| is_whitespace(*b)) {
        p += 1;
    }
    let digits_start = p;
    let mut value: usize = 0;
    while let Some(d) = bytes.get(p).filter(|b| b.is_ascii_digit()) {
        value = value.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
        p += 1;
    }
    if p == digits_start {
        return None;
    }
    while p < marker && bytes.get(p).is_some_and(|b| is_whitespace(*b)) {
        p += 1;
    }
    (p == marker).then_some(value)
}

/// Without any `%%EOF`: the last `startxref <digits>` in the final 1 KiB (truncated file).
fn tail_startxref(bytes: &[u8]) -> Option<usize> {
    let from = bytes.len().saturating_sub(1024);
    let tail = bytes.get(from..)?;
    let rel = tail.windows(9).rposition(|w| w == b"startxref")?;
    let mut lexer = super::lexer::Lexer::new(bytes, from + rel + 9);
    match lexer.next_token() {
        Ok(Some((Token::Integer(n), _))) => usize::try_from(n).ok(),
        _ => None,
    }
}

/// One revision's sections as found on the chain.
struct Group {
    pointed: usize,
    /// Sections reached through startxref or /Prev, in lookup precedence order.
    sections: Vec<XrefSection>,
    /// Hybrid /XRefStm streams of those sections (§7.5.8.4), with `owns_entries` false when an
    /// older revision references the same stream (its entries belong to the oldest one).
    hidden: Vec<(XrefSection, bool)>,
}

/// Follows startxref and /Prev (with loop detection) and the hybrid /XRefStm streams. Returns
/// the sections newest first, grouped into revisions.
fn build_chain(
    bytes: &[u8],
    start: usize,
    limits: &Limits,
    budget: &mut SectionBudget,
    anomalies: &mut Vec<Anomaly>,
) -> Result<Vec<Group>, PdfError> {
    let mut visited = HashSet::new();
    let mut groups: Vec<Group> = Vec::new();
    // Hidden stream offset → (group index, position in its `hidden`) of the latest reference.
    let mut hidden_refs: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut next = Some((start, false));
    let mut count = 0usize;
    while let Some((offset, same_group)) = next {
        count += 1;
        if count > limits.max_revisions {
            return Err(PdfError::TooManyRevisions {
                limit: limits.max_revisions,
            });
        }
        if !visited.insert(offset) {
            return Err(PdfError::PrevLoop { offset });
        }
        let section = parse_section(bytes, offset, limits, budget, anomalies)?;
        let hidden = match section.xref_stm {
            None => None,
            Some(stm) => {
                // Update trailers often repeat the original /XRefStm: read it again (its entries
                // are attributed to the oldest revision referencing it, below).
                let hidden = parse_section(bytes, stm, limits, budget, anomalies)?;
                if hidden.kind != XrefKind::Stream {
                    return Err(PdfError::Xref {
                        offset: stm,
                        message: "/XRefStm does not point to an xref stream",
                    });
                }
                anomalies.push(Anomaly::HybridXref {
                    table: section.offset,
                    stream: hidden.offset,
                });
                Some((stm, hidden))
            }
        };
        let section_offset = section.offset;
        let prev = section.prev;
        if groups.is_empty() || !same_group {
            groups.push(Group {
                pointed: offset,
                sections: Vec::new(),
                hidden: Vec::new(),
            });
        }
        let group_index = groups.len() - 1;
        if let Some(g) = groups.last_mut() {
            g.sections.push(section);
            if let Some((stm, hidden)) = hidden {
                g.hidden.push((hidden, true));
                let position = g.hidden.len() - 1;
                if let Some((gi, hi)) = hidden_refs.insert(stm, (group_index, position)) {
                    if let Some(h) = groups.get_mut(gi).and_then(|g| g.hidden.get_mut(hi)) {
                        h.1 = false;
                    }
                }
            }
        }
        // A /Prev pointing forward: linearized first-page section → main section (Annex F).
        next = prev.map(|p| (p, p > section_offset));
        if let Some(p) = prev.filter(|p| *p > section_offset) {
            anomalies.push(Anomaly::ForwardPrev {
                section: section_offset,
                prev: p,
            });
        }
    }
    Ok(groups)
}

fn build_revisions(
    groups: Vec<Group>,
    markers: &[EofMarker],
    anomalies: &mut Vec<Anomaly>,
) -> Vec<Revision> {
    let mut revisions: Vec<Revision> = Vec::with_capacity(groups.len());
    let groups: Vec<Group> = groups.into_iter().rev().collect();
    let lower_bounds: Vec<usize> = groups
        .iter()
        .map(|g| {
            g.sections
                .iter()
                .map(|s| s.span.start)
                .min()
                .unwrap_or(g.pointed)
        })
        .collect();
    for (index, group) in groups.into_iter().enumerate() {
        let mut entries = BTreeMap::new();
        let mut xrefs = Vec::new();
        let mut hybrid = false;
        let mut trailer = None;
        let mut max_end = 0usize;
        for section in group.sections {
            hybrid |= section.xref_stm.is_some();
            max_end = max_end.max(section.span.end);
            xrefs.push(XrefContainer {
                kind: section.kind,
                span: section.span,
            });
            for (num, entry) in section.entries {
                entries.entry(num).or_insert(entry);
            }
            if trailer.is_none() {
                trailer = Some(section.trailer);
            }
        }
        // §7.5.8.4: a hybrid table's own entries take precedence over its /XRefStm stream's.
        for (hidden, owns_entries) in group.hidden {
            xrefs.push(XrefContainer {
                kind: hidden.kind,
                span: hidden.span,
            });
            if owns_entries {
                for (num, entry) in hidden.entries {
                    entries.entry(num).or_insert(entry);
                }
            }
        }
        let upper = lower_bounds.get(index + 1).copied().unwrap_or(usize::MAX);
        let in_range: Vec<&EofMarker> = markers
            .iter()
            .filter(|m| m.offset >= max_end && m.offset < upper)
            .collect();
        let eof = match in_range.iter().find(|m| m.startxref == Some(group.pointed)) {
            Some(m) => Some(**m),
            None => {
                let fallback = in_range.first().map(|m| **m);
                match fallback {
                    Some(m) => anomalies.push(Anomaly::StartxrefMismatch {
                        revision: index,
                        marker: m.offset,
                    }),
                    None => anomalies.push(Anomaly::MissingEofMarker { revision: index }),
                }
                fallback
            }
        };
        let start = match revisions.last() {
            None => 0,
            Some(prev) => prev
                .end()
                .unwrap_or_else(|| prev.xrefs.iter().map(|x| x.span.end).max().unwrap_or(0)),
        };
        let first = lower_bounds.get(index).copied().unwrap_or(0);
        if index > 0 && first < start {
            anomalies.push(Anomaly::RevisionOrder { revision: index });
        }
        let trailer = trailer.unwrap_or_default();
        if let (Some(prev), Some(size)) = (revisions.last(), trailer.get_integer(b"Size")) {
            if prev.trailer.get_integer(b"Size").is_some_and(|p| size < p) {
                anomalies.push(Anomaly::SizeDecreased { revision: index });
            }
        }
        if let Some(end) = eof.map(|m| m.end) {
            let beyond = entries
                .iter()
                .filter_map(|(num, e)| match e {
                    XrefEntry::InUse { offset, .. } if *offset >= end => Some((*num, *offset)),
                    _ => None,
                })
                .take(16);
            for (num, offset) in beyond {
                anomalies.push(Anomaly::EntryBeyondRevision {
                    revision: index,
                    num,
                    offset,
                });
            }
        }
        revisions.push(Revision {
            index,
            startxref: group.pointed,
            xrefs,
            hybrid,
            trailer,
            entries,
            start,
            eof,
        });
    }
    revisions
}

/// Reports `%%EOF` markers that end no revision, revisions not reachable through /Prev, and bytes
/// after the newest revision: the "unaccounted bytes" facts the modification analysis needs.
fn classify_markers(
    bytes: &[u8],
    revisions: &[Revision],
    markers: &[EofMarker],
    limits: &Limits,
    anomalies: &mut Vec<Anomaly>,
) {
    let used: HashSet<usize> = revisions
        .iter()
        .filter_map(|r| r.eof.map(|m| m.offset))
        .collect();
    let pointed: HashSet<usize> = revisions.iter().map(|r| r.startxref).collect();
    let mut attempts = 0usize;
    // One small shared budget: classifying markers must not cost more than reading the file.
    let mut scratch = SectionBudget {
        entries: Budget::new(limits.max_objects),
        decoded: Budget::new(limits.max_decoded_stream.min(16 * 1024 * 1024)),
    };
    for (count, m) in markers
        .iter()
        .filter(|m| !used.contains(&m.offset))
        .enumerate()
    {
        if count >= MAX_UNMATCHED_MARKERS {
            anomalies.push(Anomaly::TooManyEofMarkers {
                limit: MAX_UNMATCHED_MARKERS,
            });
            break;
        }
        let within = revisions
            .iter()
            .find(|r| {
                r.span()
                    .is_some_and(|s| m.offset >= s.start && m.offset < s.end)
            })
            .map(|r| r.index);
        anomalies.push(Anomaly::UnmatchedEofMarker {
            offset: m.offset,
            startxref: m.startxref,
            within_revision: within,
        });
        if let Some(x) = m.startxref.filter(|x| !pointed.contains(x)) {
            if attempts < MAX_FALLBACK_ATTEMPTS {
                attempts += 1;
                if parse_section(bytes, x, limits, &mut scratch, &mut Vec::new()).is_ok() {
                    anomalies.push(Anomaly::UnreachableRevision {
                        marker: m.offset,
                        xref: x,
                    });
                }
            }
        }
    }
    if let Some(end) = revisions.last().and_then(Revision::end) {
        if end < bytes.len() {
            let rest = bytes.get(end..).unwrap_or_default();
            anomalies.push(Anomaly::TrailingBytes {
                start: end,
                len: rest.len(),
                only_whitespace: rest.iter().all(|b| is_whitespace(*b)),
                mentions_byte_range: find_bytes(rest, b"/ByteRange", 0).is_some(),
            });
        }
    }
}
