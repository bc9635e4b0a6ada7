//! Decryption as objects are read (ISO 32000-2 §7.6.2): which key decrypts which object, and
//! what stays in clear.
//!
//! Each revision is decrypted with the /Encrypt of its own trailer: an incremental update keeps
//! the encryption of the document it updates (§7.6.1), and when one does not, the objects it wrote
//! were still encrypted with the keys in force when it was written. In clear by the standard:
//! the /Encrypt dictionary itself, cross-reference streams, the trailer, objects inside object
//! streams (the object stream is decrypted as a whole), and the /Contents of signature
//! dictionaries (§7.6.2; the signature covers the file as written).
//!
//! A document whose encryption cannot be opened (public-key handler, wrong or missing password,
//! unsupported algorithm) is still read: its structure, names, numbers, references and the
//! signature dictionaries' /ByteRange and /Contents need no key, so the signatures can be listed.
//! Strings stay encrypted and stream data cannot be decoded ([`PdfError::Locked`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::rc::Rc;

use super::crypt::{CryptError, EncryptionFacts, PasswordKind, SecurityHandler};
use super::document::Document;
use super::error::PdfError;
use super::object::{Object, ObjectId, Stream};

impl Document<'_> {
    /// The encryption of the newest revision; `None` when it is not encrypted.
    pub fn encryption(&self) -> Option<&Encryption> {
        self.security.summary()
    }

    /// Whether any revision of the document is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.security.is_encrypted()
    }

    /// Revisions (index) whose encryption differs from the revision before: an update that
    /// added, removed or replaced the /Encrypt dictionary (or the /ID its keys depend on).
    pub fn encryption_changed_in(&self) -> &[usize] {
        self.security.changed_in()
    }

    /// The data of `stream` as written, decrypted when the document is encrypted (not decoded).
    pub fn stream_data(&self, stream: &Stream) -> Result<Cow<'_, [u8]>, PdfError> {
        let offset = stream.data.start;
        let raw = self
            .bytes
            .get(stream.data.start..stream.data.end)
            .ok_or(PdfError::OutOfBounds { offset })?;
        if stream.origin.is_none() || !self.security.is_encrypted() {
            return Ok(Cow::Borrowed(raw));
        }
        let crypt = self.crypt_filter_of(stream)?;
        Ok(
            match self
                .security
                .decrypt_stream(stream, crypt.as_ref().map(|c| c.as_deref()), raw)?
            {
                Some(plain) => Cow::Owned(plain),
                None => Cow::Borrowed(raw),
            },
        )
    }

    /// The crypt filter a stream names with a first /Crypt filter (§7.4.10): `None` when it has
    /// none, `Some(None)` for /Identity by default.
    fn crypt_filter_of(&self, stream: &Stream) -> Result<Option<Option<Vec<u8>>>, PdfError> {
        let rev = stream.origin.map_or(self.newest(), |(_, r)| r);
        let filter = stream
            .dict
            .get(b"Filter")
            .map(|f| self.deref(f, rev))
            .transpose()?;
        let first_is_crypt = match &filter {
            Some(Object::Name(n)) => n.0 == b"Crypt",
            Some(Object::Array(items)) => items.first().and_then(Object::as_name) == Some(b"Crypt"),
            _ => false,
        };
        if !first_is_crypt {
            return Ok(None);
        }
        let parms = stream
            .dict
            .get(b"DecodeParms")
            .map(|p| self.deref(p, rev))
            .transpose()?;
        let first = match parms {
            Some(Object::Array(items)) => items.first().map(|p| self.deref(p, rev)).transpose()?,
            other => other,
        };
        Ok(Some(
            first
                .as_ref()
                .and_then(Object::as_dict)
                .and_then(|d| d.get_name(b"Name"))
                .map(<[u8]>::to_vec),
        ))
    }
}

/// Most different /Encrypt dictionaries opened in one document (real documents have one).
const MAX_HANDLERS: usize = 4;

/// What is known about a document's encryption (that of its newest revision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    /// The /Encrypt dictionary's facts, or why it cannot be read.
    pub facts: Result<EncryptionFacts, CryptError>,
    /// Which password opened it, or why it cannot be decrypted.
    pub opened: Result<PasswordKind, CryptError>,
    /// Whether the caller gave a password (otherwise the empty user password was tried).
    pub password_given: bool,
    /// Revisions 5-6: whether /Perms confirms /P (Algorithm 13); `Some(false)` means /P was
    /// altered after encryption.
    pub perms_match: Option<bool>,
    /// Revisions (by index, oldest first) whose /Encrypt is not the one of the revision before:
    /// updates that added, removed or changed the encryption.
    pub changed_in: Vec<usize>,
}

impl Encryption {
    /// True when the document's strings and streams can be read.
    pub fn is_open(&self) -> bool {
        self.opened.is_ok()
    }
}

/// The keys of every revision, set up once when the document is parsed.
#[derive(Debug, Default)]
pub(crate) struct Security {
    /// Per revision: `None` in clear, else the handler or why it cannot be opened.
    per_revision: Vec<Option<Result<Rc<SecurityHandler>, CryptError>>>,
    /// The /Encrypt dictionaries (never decrypted, §7.6.2).
    encrypt_objects: HashSet<ObjectId>,
    /// `None` when the newest revision is not encrypted.
    summary: Option<Encryption>,
    /// Revisions whose /Encrypt (or /ID[0]) differs from the revision before.
    changed_in: Vec<usize>,
}

impl Security {
    /// Reads every revision's /Encrypt and opens it with `password`. Must run before any other
    /// object is read (objects read here are the /Encrypt dictionaries, which are in clear).
    pub(crate) fn open(doc: &Document<'_>, password: Option<&[u8]>) -> Self {
        let mut security = Security::default();
        // Per revision: the /Encrypt dictionary as read (spans removed) and /ID[0], the inputs
        // of the key; equal inputs share one handler.
        let mut keys: Vec<Option<KeyInputs>> = Vec::new();
        let mut opened = 0usize;
        for revision in &doc.revisions {
            let Some(entry) = revision.trailer.get_non_null(b"Encrypt") else {
                keys.push(None);
                security.per_revision.push(None);
                continue;
            };
            if let Object::Reference(id) = entry {
                security.encrypt_objects.insert(*id);
            }
            let dict = doc
                .deref(entry, revision.index)
                .map_err(|_| CryptError::Malformed("/Encrypt cannot be read"))
                .and_then(|o| match o {
                    Object::Dictionary(d) => Ok(without_spans(Object::Dictionary(d))),
                    _ => Err(CryptError::Malformed("/Encrypt is not a dictionary")),
                });
            let key = Some((dict, first_id(&revision.trailer)));
            let reuse = (keys.last() == Some(&key))
                .then(|| security.per_revision.last().cloned().flatten())
                .flatten();
            let handler = match (reuse, &key) {
                (Some(h), _) => h,
                // Opening costs up to a few milliseconds (Algorithm 2.B); a hostile file must not
                // multiply that by its revision count.
                (None, _) if opened >= MAX_HANDLERS => Err(CryptError::Unsupported {
                    what: "number of different /Encrypt dictionaries, more than",
                    value: MAX_HANDLERS.to_string(),
                }),
                (None, Some((Ok(Object::Dictionary(d)), id))) => {
                    opened += 1;
                    SecurityHandler::open(d, id, password).map(Rc::new)
                }
                (None, Some((Err(e), _))) => Err(e.clone()),
                (None, _) => Err(CryptError::Malformed("/Encrypt is not a dictionary")),
            };
            security.per_revision.push(Some(handler));
            keys.push(key);
        }
        let changed_in: Vec<usize> = (1..keys.len())
            .filter(|&r| keys.get(r) != keys.get(r - 1))
            .collect();
        let facts = match keys.last() {
            Some(Some((Ok(Object::Dictionary(d)), _))) => Some(EncryptionFacts::read(d)),
            Some(Some((Err(e), _))) => Some(Err(e.clone())),
            _ => None,
        };
        let newest = security.per_revision.last().cloned().flatten();
        if let (Some(facts), Some(handler)) = (facts, newest) {
            security.summary = Some(Encryption {
                facts,
                opened: handler
                    .as_ref()
                    .map(|h| h.opened_with())
                    .map_err(Clone::clone),
                password_given: password.is_some(),
                perms_match: handler.as_ref().ok().and_then(|h| h.perms_match()),
                changed_in: changed_in.clone(),
            });
        }
        security.changed_in = changed_in;
        security
    }

    /// Revisions (index) whose encryption differs from the revision before (added, removed, or
    /// another /Encrypt dictionary or /ID).
    pub(crate) fn changed_in(&self) -> &[usize] {
        &self.changed_in
    }

    /// Whether any revision is encrypted.
    pub(crate) fn is_encrypted(&self) -> bool {
        self.per_revision.iter().any(Option::is_some)
    }

    pub(crate) fn summary(&self) -> Option<&Encryption> {
        self.summary.as_ref()
    }

    /// Decrypts the strings of `object`, read from the file as object `id` defined in revision
    /// `rev`, and marks a stream with its origin (so that its data is decrypted when decoded).
    pub(crate) fn decrypt_loaded(
        &self,
        id: ObjectId,
        rev: usize,
        object: &mut Object,
        max_depth: usize,
    ) -> Result<(), PdfError> {
        if let Object::Stream(s) = object {
            s.origin = Some((id, rev));
        }
        if self.encrypt_objects.contains(&id) {
            return Ok(());
        }
        if let Object::Stream(s) = object {
            if s.dict.has_name(b"Type", b"XRef") {
                return Ok(());
            }
        }
        match self.per_revision.get(rev) {
            Some(Some(Ok(handler))) => {
                handler
                    .decrypt_strings(id, object, max_depth)
                    .map_err(|e| PdfError::Decrypt {
                        id,
                        message: e.to_string(),
                    })
            }
            // Locked: strings stay as written (names, numbers and signature /Contents are usable).
            _ => Ok(()),
        }
    }

    /// The raw data of `stream` (`raw`), decrypted. `crypt_filter` is the stream's own /Crypt
    /// filter name when its first filter is /Crypt (§7.4.10).
    pub(crate) fn decrypt_stream(
        &self,
        stream: &Stream,
        crypt_filter: Option<Option<&[u8]>>,
        raw: &[u8],
    ) -> Result<Option<Vec<u8>>, PdfError> {
        let Some((id, rev)) = stream.origin else {
            return Ok(None);
        };
        if self.encrypt_objects.contains(&id) {
            return Ok(None);
        }
        match self.per_revision.get(rev) {
            Some(Some(Ok(handler))) => handler
                .decrypt_stream(id, &stream.dict, crypt_filter, raw)
                .map(Some)
                .map_err(|e| PdfError::Decrypt {
                    id,
                    message: e.to_string(),
                }),
            Some(Some(Err(e))) => {
                if stream.dict.has_name(b"Type", b"XRef") {
                    return Ok(None);
                }
                Err(PdfError::Locked {
                    id,
                    reason: e.to_string(),
                })
            }
            _ => Ok(None),
        }
    }
}

/// What a revision's keys are derived from: its /Encrypt dictionary as read (spans removed) and
/// its /ID[0].
type KeyInputs = (Result<Object, CryptError>, Vec<u8>);

/// The object with every file position removed, for comparing what two revisions say.
fn without_spans(object: Object) -> Object {
    match object {
        Object::String(mut s) => {
            s.span = None;
            Object::String(s)
        }
        Object::Array(items) => Object::Array(items.into_iter().map(without_spans).collect()),
        Object::Dictionary(mut d) => {
            d.span = None;
            d.entries = d
                .entries
                .into_iter()
                .map(|(k, v)| (k, without_spans(v)))
                .collect();
            Object::Dictionary(d)
        }
        other => other,
    }
}

fn first_id(trailer: &super::object::Dictionary) -> Vec<u8> {
    trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .and_then(|a| a.first())
        .and_then(Object::as_string)
        .map(|s| s.bytes.clone())
        .unwrap_or_default()
}
