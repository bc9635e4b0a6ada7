//! What can go wrong reading a PDF ([`PdfError`], fatal for the object or document concerned) and
//! what was tolerated but must be reported ([`Anomaly`], a fact for the report and the policy).

use super::object::ObjectId;

/// A failure to read (part of) a PDF. Every variant that concerns a place in the file carries its
/// byte offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// ISO 32000-2 §7.5.2: no `%PDF-` header within the first 1024 bytes.
    #[error("not a PDF: no %PDF- header in the first 1024 bytes")]
    NoHeader,
    #[error("file of {size} bytes exceeds the limit of {limit} bytes")]
    FileTooLarge { size: usize, limit: usize },
    /// ISO 32000-2 §7.5.5: the file must end with `startxref` / offset / `%%EOF`.
    #[error("no startxref keyword with an offset found near the end of the file")]
    NoStartxref,
    #[error("syntax error at byte {offset}: {message}")]
    Syntax {
        offset: usize,
        message: &'static str,
    },
    #[error("unexpected end of data at byte {offset}")]
    UnexpectedEof { offset: usize },
    #[error("nesting deeper than {limit} levels at byte {offset}")]
    TooDeep { offset: usize, limit: usize },
    #[error("cross-reference section at byte {offset}: {message}")]
    Xref {
        offset: usize,
        message: &'static str,
    },
    #[error("/Prev chain loops back to the cross-reference section at byte {offset}")]
    PrevLoop { offset: usize },
    #[error("more than {limit} cross-reference sections")]
    TooManyRevisions { limit: usize },
    #[error("more than {limit} cross-reference entries")]
    TooManyObjects { limit: usize },
    #[error("offset arithmetic overflows or leaves the file at byte {offset}")]
    OutOfBounds { offset: usize },
    #[error("object at byte {offset} is {found}, the cross-reference table says {expected}")]
    ObjectMismatch {
        offset: usize,
        expected: ObjectId,
        found: ObjectId,
    },
    #[error("object {id} is not a {expected}")]
    WrongType {
        id: ObjectId,
        expected: &'static str,
    },
    #[error("revision index {index} does not exist")]
    NoSuchRevision { index: usize },
    #[error("stream at byte {offset}: {message}")]
    Filter {
        offset: usize,
        message: &'static str,
    },
    #[error("stream at byte {offset} uses the unsupported filter /{name}")]
    UnsupportedFilter { offset: usize, name: String },
    #[error("stream at byte {offset} decodes to more than {limit} bytes")]
    DecodeLimit { offset: usize, limit: usize },
    /// ISO 32000-2 §7.6: the stream belongs to an encrypted document that could not be opened.
    #[error("object {id} is encrypted and cannot be decrypted: {reason}")]
    Locked { id: ObjectId, reason: String },
    /// ISO 32000-2 §7.6.3: a string or stream of the object does not decrypt (bad length or
    /// padding).
    #[error("object {id} does not decrypt: {message}")]
    Decrypt { id: ObjectId, message: String },
    #[error("object {id} is not defined in the object stream {stream}")]
    NotInObjectStream { id: ObjectId, stream: u32 },
}

/// Something the reader accepted although a strict reading of ISO 32000-2 would not, or a fact
/// about the file's layout that later stages must weigh (e.g. bytes not accounted for by any
/// revision). Never silently dropped: every one ends up in the report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anomaly {
    /// The `%PDF-` header does not start at byte 0 (offsets are still taken from byte 0).
    HeaderNotAtStart { offset: usize },
    /// The header's version is not `d.d`.
    IllegalHeaderVersion { offset: usize },
    /// A startxref offset pointed at whitespace; the section was found `skipped` bytes later.
    XrefOffsetAdjusted { offset: usize, skipped: usize },
    /// Entries of a classic xref table are not in the fixed 20-byte layout (§7.5.4).
    XrefEntryLayout { offset: usize },
    /// Two entries for the same object number in one cross-reference section (first kept).
    DuplicateXrefEntry { offset: usize, num: u32 },
    /// An xref stream entry of a type other than 0, 1, 2 (treated as null, §7.5.8.3).
    UnknownXrefEntryType { offset: usize, entry_type: u64 },
    /// An xref stream holds more data than /W and /Index describe.
    XrefStreamExtraData { offset: usize },
    /// A classic table whose trailer has /XRefStm (§7.5.8.4): readers that ignore the stream see
    /// a different document than readers that honour it. pyHanko refuses to validate these.
    HybridXref { table: usize, stream: usize },
    /// A /Prev pointing forward in the file (linearized files, Annex F): both sections are
    /// treated as one revision.
    ForwardPrev { section: usize, prev: usize },
    /// Revisions reached through /Prev are not in file order.
    RevisionOrder { revision: usize },
    /// /Size decreased from one revision to the next.
    SizeDecreased { revision: usize },
    /// The startxref of the file's last `%%EOF` marker could not be used; the newest usable
    /// revision ends at an earlier marker. The newest revision as written is unreadable: the
    /// policy must not treat what the earlier revisions show as the document.
    NewestXrefUnusable {
        marker: usize,
        xref: Option<usize>,
        error: String,
    },
    /// The file has no `%%EOF` marker after the newest revision's cross-reference section.
    MissingEofMarker { revision: usize },
    /// The `%%EOF` marker ending a revision follows a startxref that points elsewhere.
    StartxrefMismatch { revision: usize, marker: usize },
    /// A `%%EOF` marker that ends no revision of the /Prev chain (e.g. an incremental update with
    /// a broken xref, or a PDF embedded in a stream). `within_revision` is the revision whose
    /// bytes contain it, `None` after the newest revision.
    UnmatchedEofMarker {
        offset: usize,
        startxref: Option<usize>,
        within_revision: Option<usize>,
    },
    /// A `%%EOF` marker whose startxref points at a well-formed cross-reference section that is
    /// not on the /Prev chain: a revision no conforming reader sees.
    UnreachableRevision { marker: usize, xref: usize },
    /// Bytes after the end of the newest revision. `mentions_byte_range` is true when they contain
    /// `/ByteRange`, i.e. probably a signature the /Prev chain does not reach (a corrupted or
    /// attacked update): such a document must never be reported as unsigned.
    TrailingBytes {
        start: usize,
        len: usize,
        only_whitespace: bool,
        mentions_byte_range: bool,
    },
    /// A cross-reference entry points to an object whose header is preceded by whitespace.
    ObjectOffsetAdjusted { id: ObjectId, offset: usize },
    /// `endobj` missing after an object.
    MissingEndobj { offset: usize },
    /// The `stream` keyword is not followed by CRLF or LF (§7.3.8.1).
    StreamKeywordEol { offset: usize },
    /// /Length does not end at `endstream`; the data was delimited by the `endstream` keyword.
    StreamLengthMismatch {
        offset: usize,
        declared: usize,
        found: usize,
    },
    /// A dictionary has the same key more than once; the last value is used.
    DuplicateKey { offset: Option<usize>, key: String },
    /// A reference to an object whose cross-reference entry is free or has another generation
    /// (resolved as null, §7.3.10).
    DanglingReference { id: ObjectId, revision: usize },
    /// A revision's cross-reference entry points at or beyond the end of that revision: the
    /// object's bytes were appended later (a revision "as written" cannot contain them).
    EntryBeyondRevision {
        revision: usize,
        num: u32,
        offset: usize,
    },
    /// More than `limit` `%%EOF` markers: the rest were not examined.
    TooManyEofMarkers { limit: usize },
}
