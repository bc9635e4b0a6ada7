//! Signatures in a PDF (ISO 32000-2 §12.8): where they are ([`locate()`]) and exactly which bytes
//! each one covers ([`coverage`]). Facts only; the policy judges.

pub mod byte_range;
pub mod coverage;
pub mod locate;

pub use byte_range::{parse_byte_range, signed_slices, ByteRange, ByteRangeProblem};
pub use coverage::{evaluate, evaluate_all, CoverageProblem, CoverageReport};
pub use locate::{
    locate, LocateProblem, Located, SignatureDictionary, SignatureField, SignatureKind,
    SignatureReference, SignatureValue, Widget,
};
