//! The judging rules: the verdict on one change, from what it is ([`Class`]), the DocMDP and
//! FieldMDP constraints in force ([`Constraints`]) and the [`ModificationPolicy`] (the table in
//! the module documentation of [`super`]).

use super::change::{Class, Raw};
use super::constraints::Constraints;
use super::ModificationPolicy;
use crate::report::Modification;
use crate::signature::DocMdpPermission;

/// Annotation subtypes P=3 permits here: markup that cannot pass for document content.
pub(super) const CONSERVATIVE_ANNOTATIONS: &[&[u8]] = &[
    b"Text",
    b"Highlight",
    b"Underline",
    b"StrikeOut",
    b"Squiggly",
    b"Popup",
];

pub(super) fn judge(raw: &Raw, c: &Constraints, policy: ModificationPolicy) -> Modification {
    use DocMdpPermission::{Annotations, FormFilling, NoChanges};
    use Modification::{Allowed, Disallowed};
    let p = c.docmdp;
    let government = policy == ModificationPolicy::Government;
    match &raw.class {
        Class::Benign | Class::Dss => Allowed,
        Class::Forbidden => Disallowed,
        // Writers touch /Info and XMP when they add LTV data; pyHanko's DocInfoRule and
        // MetadataUpdateRule count this at the LTA-update level, which P=1 permits.
        Class::Metadata => Allowed,
        Class::Signature {
            timestamp,
            certification,
            covering,
            covers_text,
        } => {
            if *certification && c.earlier_signature {
                Disallowed
            } else if government && raw.visible && *covers_text {
                // Sneaky Signature Attack: a valid signature whose widget paints over the body.
                Disallowed
            } else if *timestamp {
                // PAdES: document timestamps extend any document, even under P=1.
                if raw.visible && !covering {
                    Disallowed
                } else {
                    Allowed
                }
            } else if p == Some(NoChanges) || (raw.visible && !covering) {
                Disallowed
            } else {
                Allowed
            }
        }
        Class::UnsignedSignatureField => {
            if p == Some(NoChanges) || raw.visible {
                Disallowed
            } else {
                Allowed
            }
        }
        Class::FormFill { field } => {
            let locked = field.as_deref().is_some_and(|f| c.locked(f));
            if (government && !c.approved_later) || p == Some(NoChanges) || locked {
                Disallowed
            } else {
                Allowed
            }
        }
        Class::TabOrder => {
            if matches!(p, Some(NoChanges | FormFilling)) {
                Disallowed
            } else {
                Allowed
            }
        }
        Class::Annotation { subtype } => {
            if government && !c.approved_later {
                return Disallowed;
            }
            match p {
                Some(NoChanges | FormFilling) => Disallowed,
                Some(Annotations) => {
                    if CONSERVATIVE_ANNOTATIONS.contains(&subtype.as_slice()) {
                        Allowed
                    } else {
                        Disallowed
                    }
                }
                None => {
                    if subtype.as_slice() == b"Widget" {
                        Disallowed
                    } else {
                        Allowed
                    }
                }
            }
        }
    }
}
