//! Revisions (ISO 32000-2 §7.5.6 incremental updates): what each cross-reference section of the
//! /Prev chain adds, and which `%%EOF` marker ends it.

use std::collections::BTreeMap;

use super::object::{Dictionary, Span};
use super::xref::{XrefEntry, XrefKind};

/// A `%%EOF` marker found anywhere in the file, with the `startxref` value just before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EofMarker {
    /// Offset of `%%EOF`.
    pub offset: usize,
    /// Offset just after `%%EOF`.
    pub marker_end: usize,
    /// Offset after `%%EOF` and one following EOL (CRLF, LF or CR) if present.
    pub end: usize,
    /// The offset given by a `startxref` keyword immediately preceding the marker.
    pub startxref: Option<usize>,
}

/// Where one cross-reference container of a revision sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XrefContainer {
    pub kind: XrefKind,
    /// From `xref` (or the stream's object header) to the end of the trailer (or `endobj`).
    pub span: Span,
}

/// One revision: the original document (index 0) or one incremental update.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// Position in [`super::Document::revisions`] (0 = oldest).
    pub index: usize,
    /// The offset by which this revision's cross-reference section is reached (the startxref or
    /// /Prev value).
    pub startxref: usize,
    /// The cross-reference containers making up this revision, in lookup precedence order: a
    /// linearized file's first-page section before its main section; a hybrid file's table
    /// before its /XRefStm stream.
    pub xrefs: Vec<XrefContainer>,
    /// True when a classic table carries /XRefStm (§7.5.8.4).
    pub hybrid: bool,
    /// The trailer dictionary (for xref streams, the stream dictionary).
    pub trailer: Dictionary,
    /// The objects this revision defines (or frees).
    pub entries: BTreeMap<u32, XrefEntry>,
    /// First byte of the revision: 0, or the end of the previous revision.
    pub start: usize,
    /// The `%%EOF` marker ending this revision, if one was found.
    pub eof: Option<EofMarker>,
}

impl Revision {
    /// End of the revision (after `%%EOF` and its EOL), if the marker was found.
    pub fn end(&self) -> Option<usize> {
        self.eof.map(|m| m.end)
    }

    /// The bytes `[start, end)` of the revision.
    pub fn span(&self) -> Option<Span> {
        self.end().map(|end| Span {
            start: self.start,
            end,
        })
    }

    /// Smallest offset of any of its cross-reference containers.
    pub fn first_xref_offset(&self) -> usize {
        self.xrefs
            .iter()
            .map(|x| x.span.start)
            .min()
            .unwrap_or(self.startxref)
    }
}
