//! Signatures in a PDF (ISO 32000-2 §12.8): where they are ([`locate()`], walking the trees of
//! `pdf::structure`), what their dictionaries say (`dictionary`: types, /SubFilter, DocMDP and
//! FieldMDP), what was found (`located`), their /ByteRange (`byte_range`) and exactly which bytes
//! each one covers ([`evaluate_all`], `coverage`). Facts only; the policy judges.
//!
//! ```
//! use audit_core::limits::Limits;
//! use audit_core::pdf::Document;
//! use audit_core::signature::{evaluate_all, locate, signed_slices};
//!
//! fn signed_parts(bytes: &[u8]) -> Result<(), audit_core::pdf::PdfError> {
//!     let doc = Document::parse(bytes, &Limits::default())?;
//!     let located = locate(&doc);
//!     let coverage = evaluate_all(&doc, &located.fields);
//!     for (field, report) in located.fields.iter().zip(&coverage) {
//!         let (Some(dict), Some(report)) = (field.dictionary(), report) else { continue };
//!         if let Some([first, second]) = report.byte_range.and_then(|r| signed_slices(bytes, &r)) {
//!             // hash first ++ second; verify dict.contents_bytes() as CMS …
//!             let _ = (first, second, &dict.sub_filter, report.coverage, report.signed_revision);
//!         }
//!     }
//!     Ok(())
//! }
//! ```

mod byte_range;
mod coverage;
mod dictionary;
mod locate;
mod located;

pub use byte_range::{parse_byte_range, signed_slices, ByteRange, ByteRangeProblem};
pub use coverage::{evaluate, evaluate_all, CoverageProblem, CoverageReport};
pub use dictionary::{
    DocMdpPermission, FieldMdpAction, SignatureDictionary, SignatureKind, SignatureReference,
    TransformMethod,
};
pub use locate::locate;
pub use located::{LocateProblem, Located, SignatureField, SignatureValue, Widget};
