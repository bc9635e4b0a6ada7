//! A revision-aware, strict-by-default PDF reader (ISO 32000-2 §7).
//!
//! Why not a general-purpose crate: signature verification must see the file exactly as written,
//! revision by revision. Readers that merge revisions or repair broken cross-reference data
//! silently let incremental-saving and shadow attacks through. Here every object knows the
//! revision that defined it, and every tolerance is an [`Anomaly`].

pub mod crypt;
mod document;
mod error;
pub mod filters;
mod history;
mod lexer;
mod object;
mod objstm;
mod parser;
mod resolve;
mod revision;
mod security;
pub mod structure;
mod xref;

pub use document::{Document, IndirectObject, ObjectLocation};
pub use error::{Anomaly, PdfError};
pub use object::{
    decode_text, Dictionary, Name, Object, ObjectId, PdfString, Span, Stream, StringForm,
};
pub use revision::{EofMarker, Revision, XrefContainer};
pub use security::Encryption;
pub use xref::{XrefEntry, XrefKind};
