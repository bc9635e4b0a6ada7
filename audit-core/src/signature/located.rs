//! What locating found: signature fields and their values ([`SignatureField`],
//! [`SignatureValue`]), the widgets that show them, the certification signature, and the
//! problems met walking the trees ([`Located`], [`LocateProblem`]).

use super::dictionary::SignatureDictionary;
use crate::pdf::ObjectId;

/// The widget annotation showing a signature field.
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    pub id: Option<ObjectId>,
    /// Zero-based page index, if the widget is on a page's /Annots (or names one with /P).
    pub page: Option<usize>,
    /// /Rect `[llx lly urx ury]`.
    pub rect: Option<[f64; 4]>,
}

/// What a signature field's /V holds.
#[derive(Debug, Clone, PartialEq)]
pub enum SignatureValue {
    /// No /V (or null): an empty signature field waiting to be signed.
    Unsigned,
    Signed(Box<SignatureDictionary>),
    /// /V is present but cannot be read as a dictionary (fail closed: never "unsigned").
    Malformed(String),
}

/// A signature field (or a signature widget outside the field tree) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureField {
    /// Fully qualified field name (§12.7.4.2), partial names joined with '.'.
    pub name: String,
    pub field_id: Option<ObjectId>,
    /// /FT as found (own or inherited), e.g. "Sig".
    pub field_type: Option<String>,
    /// Reached through /AcroForm /Fields (false: only through a page's /Annots).
    pub in_field_tree: bool,
    /// Present in the newest revision's form or pages (false: only in older revisions).
    pub in_newest_revision: bool,
    pub widget: Option<Widget>,
    pub value: SignatureValue,
    /// Other fields whose /V is the same signature dictionary (DSS
    /// `signature-referenced-from-multiple-fields.pdf`): one signature, several fields.
    pub shared_with: Vec<String>,
}

impl SignatureField {
    /// The signature dictionary, when the field is signed and readable.
    pub fn dictionary(&self) -> Option<&SignatureDictionary> {
        match &self.value {
            SignatureValue::Signed(d) => Some(d),
            _ => None,
        }
    }
}

/// Facts about the form and page trees found while locating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocateProblem {
    /// The field tree or page tree visits an object twice (cycle or shared node).
    CircularTree { id: ObjectId },
    /// The node budget ran out; the rest of the trees was not visited.
    TooManyNodes,
    /// More signatures than the limit; the rest were not reported.
    TooManySignatures,
    /// A revision's /Root, /AcroForm or /Fields could not be read.
    Unreadable { revision: usize, error: String },
}

/// Everything found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Located {
    /// Signature fields in field-tree order of the newest revision, then those only in older
    /// revisions, then widgets outside the field tree.
    pub fields: Vec<SignatureField>,
    pub problems: Vec<LocateProblem>,
    /// The signature dictionary named by the newest catalog's /Perms /DocMDP (§12.8.4.2): the
    /// certification signature, if any. Compare with [`SignatureDictionary::id`].
    pub certification: Option<ObjectId>,
}

impl Located {
    /// Fields that hold a signature value (signed or malformed), i.e. the ones to verify.
    pub fn signatures(&self) -> impl Iterator<Item = &SignatureField> {
        self.fields
            .iter()
            .filter(|f| !matches!(f.value, SignatureValue::Unsigned))
    }
}
