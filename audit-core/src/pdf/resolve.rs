//! Object resolution (ISO 32000-2 §7.3.10 indirect objects, §7.5.4 and §7.5.8 cross-reference
//! entries): which definition of an object is visible at a revision, and reading it from the file
//! or from an object stream.
//!
//! [`Document::load`] is the *one* place where an indirect object's bytes become an [`Object`]:
//! every read of every object — by the signature locator, the modification analysis, stream
//! decoding, /Length resolution — goes through it. A step that must see every object as it is
//! read (decrypting strings and streams of an encrypted file, ISO 32000-2 §7.6.2, keyed by the
//! object number and generation) belongs there, and only there.

use super::document::{Document, IndirectObject, ObjectLocation};
use super::error::{Anomaly, PdfError};
use super::lexer::is_whitespace;
use super::object::{Object, ObjectId, Span, Stream};
use super::parser::{delimit_stream, Parser};
use super::xref::XrefEntry;

impl Document<'_> {
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

    /// The newest cross-reference entry for `id.num` at or before revision `as_of`, and the
    /// object it defines. `depth` counts nested resolutions (a stream's indirect /Length, an
    /// object stream) and is bounded by [`crate::limits::Limits::max_depth`].
    pub(super) fn resolve_at(
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
            let generation_matches = match *entry {
                XrefEntry::Free { .. } => false,
                XrefEntry::InUse { generation, .. } => generation == id.generation,
                XrefEntry::Compressed { .. } => id.generation == 0,
            };
            if !generation_matches {
                // A free entry or another generation: the reference reads as null (§7.3.10).
                self.note(Anomaly::DanglingReference {
                    id,
                    revision: rev.index,
                });
                return Ok(None);
            }
            let (object, location) = self.load(id, *entry, rev.index, depth)?;
            return Ok(Some(IndirectObject {
                id,
                revision: rev.index,
                location,
                object,
            }));
        }
        Ok(None)
    }

    /// Reads object `id` where its in-use cross-reference `entry` of revision `rev` says: the one
    /// place where object bytes become an [`Object`].
    ///
    /// Decryption of an encrypted file (ISO 32000-2 §7.6.2, [`super::security`]) happens here,
    /// after reading: the strings of objects read directly from the file
    /// (`ObjectLocation::File`) are decrypted with their own key, and their streams marked with
    /// their origin so that the data is decrypted when decoded; objects inside an object stream
    /// are already plain, because the object stream itself was decrypted as a stream when it was
    /// decoded (§7.5.7).
    fn load(
        &self,
        id: ObjectId,
        entry: XrefEntry,
        rev: usize,
        depth: usize,
    ) -> Result<(Object, ObjectLocation), PdfError> {
        match entry {
            XrefEntry::InUse { offset, .. } => {
                let (mut object, span) = self.read_object_at(offset, id, rev, depth)?;
                self.security
                    .decrypt_loaded(id, rev, &mut object, self.limits.max_depth)?;
                Ok((object, ObjectLocation::File { span }))
            }
            XrefEntry::Compressed { stream, index } => {
                let object = self.read_compressed(id, stream, index, rev, depth)?;
                Ok((object, ObjectLocation::ObjectStream { stream, index }))
            }
            // Filtered out by `resolve_at`; a free entry defines no object.
            XrefEntry::Free { .. } => Err(PdfError::WrongType {
                id,
                expected: "object in use",
            }),
        }
    }

    /// Records an anomaly found while resolving (each distinct one once, at most 10 000).
    pub(super) fn note(&self, anomaly: Anomaly) {
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
        Ok((
            Object::Stream(Stream {
                dict,
                data,
                origin: None,
            }),
            Span { start, end },
        ))
    }
}
