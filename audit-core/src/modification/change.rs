//! The change model: what one change after a signature is ([`Change`], with its kind
//! [`ChangeKind`] and the verdict the rules gave it), the facts of one signature
//! ([`SignatureModification`]), what a change is *for judging* before its verdict ([`Raw`],
//! [`Class`]), and the changes that are facts of the file's layout rather than of objects.

use crate::pdf::{Anomaly, Document, ObjectId};
use crate::report::{ChangeKind, Modification};

/// One change found after a signature, with its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The revision that made the change; `doc.revisions.len()` for bytes after the newest
    /// readable revision.
    pub revision: usize,
    pub object: Option<ObjectId>,
    pub kind: ChangeKind,
    /// Field name, annotation subtype or changed keys.
    pub detail: Option<String>,
    /// A non-zero /Rect with something to draw.
    pub visible: bool,
    pub verdict: Modification,
}

/// The modification facts of one signature.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureModification {
    /// Index into [`Located::fields`].
    pub field: usize,
    /// The revision the analysis started from.
    pub signed_revision: Option<usize>,
    pub modification: Modification,
    pub changes: Vec<Change>,
}

/// What a change is, for judging.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Class {
    Benign,
    Forbidden,
    Dss,
    Metadata,
    Signature {
        timestamp: bool,
        certification: bool,
        covering: bool,
        /// A visible widget over the page's text that does not sit on an earlier signature's
        /// widget (a seal stamped over the person's signature is the Decree 30 pattern).
        covers_text: bool,
    },
    UnsignedSignatureField,
    FormFill {
        field: Option<String>,
    },
    Annotation {
        subtype: Vec<u8>,
    },
    /// Page /Tabs: nothing drawn, but an annotation-level change (P=3 or no DocMDP only).
    TabOrder,
}

#[derive(Debug, Clone)]
pub(super) struct Raw {
    pub(super) object: Option<ObjectId>,
    pub(super) kind: ChangeKind,
    pub(super) class: Class,
    pub(super) detail: Option<String>,
    pub(super) visible: bool,
}

pub(super) fn raw(
    object: Option<ObjectId>,
    kind: ChangeKind,
    class: Class,
    detail: Option<String>,
) -> Raw {
    Raw {
        object,
        kind,
        class,
        detail,
        visible: false,
    }
}

pub(super) fn forbidden_fact(
    revision: usize,
    object: Option<ObjectId>,
    kind: ChangeKind,
) -> Change {
    Change {
        revision,
        object,
        kind,
        detail: None,
        visible: false,
        verdict: Modification::Disallowed,
    }
}

/// Changes that are facts about the file's layout rather than objects: bytes after the signed
/// revision that no well-formed update accounts for. Each comes with the offset it starts at.
pub(super) fn anomaly_changes(doc: &Document<'_>) -> Vec<(usize, Change)> {
    let after_newest = doc.revisions.len();
    let mut out = Vec::new();
    let mut push = |at: usize, revision: usize, object: Option<ObjectId>, kind: ChangeKind| {
        out.push((at, forbidden_fact(revision, object, kind)));
    };
    for a in &doc.anomalies {
        match a {
            Anomaly::TrailingBytes {
                start,
                only_whitespace: false,
                ..
            } => push(*start, after_newest, None, ChangeKind::UnaccountedBytes),
            Anomaly::NewestXrefUnusable { marker, .. } => {
                push(
                    *marker,
                    after_newest,
                    None,
                    ChangeKind::NewestRevisionUnreadable,
                );
            }
            Anomaly::UnreachableRevision { marker, .. } => {
                let rev = doc.revision_at(*marker).unwrap_or(after_newest);
                push(*marker, rev, None, ChangeKind::UnreachableRevision);
            }
            Anomaly::DuplicateXrefEntry { offset, num } => {
                if let Some(rev) = doc.revision_at(*offset) {
                    push(
                        *offset,
                        rev,
                        Some(ObjectId::new(*num, 0)),
                        ChangeKind::DuplicateObjectNumber,
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// An existing annotation of `subtype` was changed (judged by the annotation rules).
pub(super) fn annotation_changed(id: ObjectId, subtype: Vec<u8>) -> Raw {
    let detail = Some(String::from_utf8_lossy(&subtype).into_owned());
    raw(
        Some(id),
        ChangeKind::AnnotationChanged,
        Class::Annotation { subtype },
        detail,
    )
}
