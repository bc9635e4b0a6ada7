//! What changed after each signature (ISO 32000-2 §7.5.6 incremental updates, §12.8.2.2 DocMDP,
//! §12.8.2.4 FieldMDP; PAdES EN 319 142-1 §5.4), and whether the change is allowed.
//!
//! Every published attack on PDF signatures keeps the signature intact and changes what the
//! reader sees in a later revision: incremental saving, shadow hide / replace / hide-and-replace,
//! evil annotation, sneaky signature (anchors.md §6). So for each signature, every revision after
//! the signed one is compared *object by object* with the revision before it, following the
//! cross-reference entries (never scanning the file for `obj`), and each change is classified:
//!
//! | change | rule |
//! |---|---|
//! | signature or document timestamp added (field + widget + signature dictionary, `/Fields` and page `/Annots` gaining exactly them) | allowed, unless DocMDP P=1 (document timestamps even then); a *visible* widget only when its signature is signed and covers its revision, and under `Government` only when it sits on an earlier signature's widget or off the page text (Sneaky Signature) |
//! | unsigned signature field added | allowed when invisible (and not P=1); visible = sneaky signature, disallowed |
//! | DSS / VRI update (catalog `/DSS`) | allowed (PAdES LTV), even under P=1 |
//! | form fill of a pre-existing field (`/V`, `/AS`, `/I`, its own new appearance) | P=2/P=3 or no DocMDP, not a locked field (FieldMDP); under `Government` only when a later signature approved it |
//! | page /Tabs (tab order) | as annotations under DocMDP: not under P=1/P=2 |
//! | annotation added or changed | P=3: Text, Highlight, Underline, StrikeOut, Squiggly, Popup only; no DocMDP: any non-widget kind; under `Government` only when a later signature approved it |
//! | metadata / Info, catalog /Version, /MarkInfo, /Extensions, /Names /AP, the structure tree (§14.7), page /StructParents | allowed (writers update them with LTV data, signatures or annotations; nothing is drawn) |
//! | anything else | disallowed: other catalog keys; /Pages; page tree nodes; page /Contents, /Resources or other page keys; content streams, fonts, XObjects; an appearance stream also used elsewhere; a rewritten signature dictionary; freed objects; removed fields or annotations; new non-signature fields or widgets; xref redirections to different bytes; duplicate object numbers; bytes no revision accounts for; a walk stopped by a limit |
//!
//! Certification (§12.8.4.2): a certification signature after an approval signature, or a second
//! certification signature, is disallowed. [`ModificationPolicy::Government`] (the default) treats
//! any visible change that no later signature approved — form filling, annotations, visible
//! unsigned signature widgets, a signature widget painted over the text — as disallowed: the
//! agency's seal must certify exactly what the inspector sees.
//!
//! Facts first: each [`Change`] carries what was found (kind, object, revision, detail,
//! visibility) and the verdict the rules above give it; the policy module decides what a
//! disallowed change means for the document.
//!
//! ```
//! use audit_core::limits::Limits;
//! use audit_core::modification::{analyse, ModificationPolicy};
//! use audit_core::pdf::Document;
//! use audit_core::signature::{evaluate_all, locate};
//!
//! fn changes(bytes: &[u8]) -> Result<(), audit_core::pdf::PdfError> {
//!     let doc = Document::parse(bytes, &Limits::default())?;
//!     let located = locate(&doc);
//!     let coverage = evaluate_all(&doc, &located.fields);
//!     for m in analyse(&doc, &located, &coverage, ModificationPolicy::Government) {
//!         let field = &located.fields[m.field];
//!         for change in &m.changes {
//!             // e.g. revision 3, 12 0 R, ContentStreamChanged, disallowed
//!             let _ = (&field.name, change.revision, change.object, change.kind, change.verdict);
//!         }
//!     }
//!     Ok(())
//! }
//! ```

mod overlap;
mod survey;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::pdf::structure;
use crate::pdf::{Anomaly, Dictionary, Document, Object, ObjectId, XrefEntry};
pub use crate::report::ChangeKind;
use crate::report::Modification;
use crate::signature::{
    CoverageReport, DocMdpPermission, FieldMdpAction, Located, SignatureKind, TransformMethod,
};

use survey::{FieldInfo, Survey};

/// How changes that DocMDP would permit but that alter what the reader sees are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModificationPolicy {
    /// Decree 30 audits: after the agency signs, nothing visible may change. Form filling and
    /// annotations are disallowed, whatever DocMDP says, unless a later signature approved them;
    /// a new signature's widget may not paint over the page text (except over an earlier
    /// signature's widget, where the agency seal belongs).
    #[default]
    Government,
    /// What DocMDP/FieldMDP permit (§12.8.2.2): form filling under P=2/P=3, annotations under
    /// P=3 (a conservative subset) or without DocMDP.
    Permissive,
}

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
enum Class {
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
struct Raw {
    object: Option<ObjectId>,
    kind: ChangeKind,
    class: Class,
    detail: Option<String>,
    visible: bool,
}

/// What is known about each signature value (by the dictionary's object).
#[derive(Debug, Clone)]
struct SigFact {
    field: usize,
    signed_revision: Option<usize>,
    /// Revision used for the analysis (signed revision, else where the dictionary was written).
    base: usize,
    timestamp: bool,
    certification: Option<DocMdpPermission>,
    locks: Vec<(FieldMdpAction, Vec<String>)>,
    /// /P of a FieldMDP lock (ISO 32000-2 §12.8.2.4 Table 258): DocMDP-like permissions for
    /// the document after this signature.
    lock_permissions: Option<DocMdpPermission>,
}

/// Analyses every signature of `located` (those with a value; `coverage` is
/// [`crate::signature::evaluate_all`]'s output, aligned with `located.fields`).
pub fn analyse(
    doc: &Document<'_>,
    located: &Located,
    coverage: &[Option<CoverageReport>],
    policy: ModificationPolicy,
) -> Vec<SignatureModification> {
    let sigs = signature_facts(located, coverage);
    if sigs.is_empty() {
        return Vec::new();
    }
    let by_dict: HashMap<ObjectId, usize> = located
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.dictionary().and_then(|d| d.id).map(|id| (id, i)))
        .collect();
    let first = sigs.iter().map(|s| s.base).min().unwrap_or(0);
    let newest = doc.newest();
    let mut surveys: BTreeMap<usize, Survey> = BTreeMap::new();
    // Nothing to compare when every signature signs the newest revision.
    if first < newest {
        for r in first..=newest {
            surveys.insert(r, survey::survey(doc, r));
        }
    }
    let mut per_revision: BTreeMap<usize, Vec<Change>> = BTreeMap::new();
    for r in first.saturating_add(1)..=newest {
        let (Some(old), Some(new)) = (surveys.get(&(r - 1)), surveys.get(&r)) else {
            continue;
        };
        let ctx = Ctx {
            doc,
            text: RefCell::new(HashMap::new()),
            rev: r,
            old,
            new,
            sigs: &sigs,
            by_dict: &by_dict,
        };
        let raws = ctx.diff();
        let constraints = Constraints::at(&sigs, r);
        let judged = raws
            .into_iter()
            .map(|raw| Change {
                revision: r,
                object: raw.object,
                kind: raw.kind,
                verdict: judge(&raw, &constraints, policy),
                detail: raw.detail,
                visible: raw.visible,
            })
            .collect();
        per_revision.insert(r, judged);
    }
    let tail = anomaly_changes(doc);
    let certifications: Vec<&SigFact> = sigs.iter().filter(|s| s.certification.is_some()).collect();
    sigs.iter()
        .map(|s| {
            let mut changes = Vec::new();
            if s.signed_revision.is_none() {
                changes.push(Change {
                    revision: s.base,
                    object: None,
                    kind: ChangeKind::SignedRevisionUnknown,
                    detail: None,
                    visible: false,
                    verdict: Modification::Disallowed,
                });
            }
            if s.certification.is_some() {
                let own = located
                    .fields
                    .get(s.field)
                    .and_then(|f| f.dictionary())
                    .and_then(|d| d.id);
                if sigs
                    .iter()
                    .any(|o| o.base < s.base && o.certification.is_none() && !o.timestamp)
                {
                    changes.push(forbidden_fact(
                        s.base,
                        own,
                        ChangeKind::CertificationAfterApproval,
                    ));
                }
                if certifications.iter().any(|c| c.base < s.base) {
                    changes.push(forbidden_fact(s.base, own, ChangeKind::SecondCertification));
                }
            }
            for (_, list) in per_revision.range(s.base.saturating_add(1)..) {
                changes.extend(list.iter().cloned());
            }
            let end = doc.revisions.get(s.base).and_then(|r| r.end()).unwrap_or(0);
            for (after, change) in &tail {
                let applies = match change.kind {
                    ChangeKind::DuplicateObjectNumber => change.revision > s.base,
                    _ => *after >= end,
                };
                if applies {
                    changes.push(change.clone());
                }
            }
            let modification = changes
                .iter()
                .map(|c| c.verdict)
                .max()
                .unwrap_or(Modification::None);
            SignatureModification {
                field: s.field,
                signed_revision: s.signed_revision,
                modification,
                changes,
            }
        })
        .collect()
}

fn forbidden_fact(revision: usize, object: Option<ObjectId>, kind: ChangeKind) -> Change {
    Change {
        revision,
        object,
        kind,
        detail: None,
        visible: false,
        verdict: Modification::Disallowed,
    }
}

fn signature_facts(located: &Located, coverage: &[Option<CoverageReport>]) -> Vec<SigFact> {
    let mut out = Vec::new();
    for (i, field) in located.fields.iter().enumerate() {
        let Some(dict) = field.dictionary() else {
            continue;
        };
        let signed_revision = coverage
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|c| c.signed_revision);
        let mut certification = None;
        let mut locks = Vec::new();
        let mut lock_permissions: Option<DocMdpPermission> = None;
        for r in &dict.references {
            match r.transform_method {
                Some(TransformMethod::DocMdp) => {
                    certification = Some(r.docmdp_permissions.unwrap_or(DocMdpPermission::DEFAULT));
                }
                Some(TransformMethod::FieldMdp) => {
                    locks.push((
                        r.fieldmdp_action.unwrap_or(FieldMdpAction::All),
                        r.fieldmdp_fields.clone(),
                    ));
                    if let Some(p) = r.docmdp_permissions {
                        lock_permissions = Some(lock_permissions.map_or(p, |q| q.min(p)));
                    }
                }
                _ => {}
            }
        }
        if certification.is_none() && dict.id.is_some() && dict.id == located.certification {
            certification = Some(DocMdpPermission::DEFAULT);
        }
        out.push(SigFact {
            field: i,
            signed_revision,
            base: signed_revision.unwrap_or(dict.revision),
            timestamp: dict.kind == SignatureKind::DocTimeStamp,
            certification,
            locks,
            lock_permissions,
        });
    }
    out
}

/// DocMDP and FieldMDP in force for changes made in one revision: those of every signature
/// signed before it.
struct Constraints {
    docmdp: Option<DocMdpPermission>,
    locks: Vec<(FieldMdpAction, Vec<String>)>,
    earlier_signature: bool,
    /// A signature (not a document timestamp) signed this revision or a later one: its signer
    /// saw and approved the change.
    approved_later: bool,
}

impl Constraints {
    fn at(sigs: &[SigFact], revision: usize) -> Self {
        let before = sigs.iter().filter(|s| s.base < revision);
        let mut c = Constraints {
            docmdp: None,
            locks: Vec::new(),
            earlier_signature: false,
            approved_later: sigs
                .iter()
                .any(|s| !s.timestamp && s.signed_revision.is_some_and(|x| x >= revision)),
        };
        for s in before {
            c.earlier_signature = true;
            // A later signature can only restrict further: the strictest level holds.
            for p in [s.certification, s.lock_permissions].into_iter().flatten() {
                c.docmdp = Some(c.docmdp.map_or(p, |q| q.min(p)));
            }
            c.locks.extend(s.locks.iter().cloned());
        }
        c
    }

    /// FieldMDP (§12.8.2.4): All, Include (listed), Exclude (all but listed). A name locks its
    /// descendants too.
    fn locked(&self, field: &str) -> bool {
        let matches = |names: &[String]| {
            names.iter().any(|n| {
                field == n
                    || field
                        .strip_prefix(n.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        self.locks.iter().any(|(action, names)| match action {
            FieldMdpAction::Include => matches(names),
            FieldMdpAction::Exclude => !matches(names),
            FieldMdpAction::All => true,
        })
    }
}

/// Annotation subtypes P=3 permits here: markup that cannot pass for document content.
const CONSERVATIVE_ANNOTATIONS: &[&[u8]] = &[
    b"Text",
    b"Highlight",
    b"Underline",
    b"StrikeOut",
    b"Squiggly",
    b"Popup",
];

fn judge(raw: &Raw, c: &Constraints, policy: ModificationPolicy) -> Modification {
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

/// Changes that are facts about the file's layout rather than objects: bytes after the signed
/// revision that no well-formed update accounts for. Each comes with the offset it starts at.
fn anomaly_changes(doc: &Document<'_>) -> Vec<(usize, Change)> {
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

/// Comparing one revision with the one before it.
struct Ctx<'c, 'd, 'a> {
    doc: &'d Document<'a>,
    /// Text boxes per page of this revision (computed on demand).
    text: RefCell<HashMap<ObjectId, Vec<[f64; 4]>>>,
    rev: usize,
    old: &'c Survey,
    new: &'c Survey,
    sigs: &'c [SigFact],
    by_dict: &'c HashMap<ObjectId, usize>,
}

fn raw(object: Option<ObjectId>, kind: ChangeKind, class: Class, detail: Option<String>) -> Raw {
    Raw {
        object,
        kind,
        class,
        detail,
        visible: false,
    }
}

fn keys_text(keys: &[Vec<u8>]) -> String {
    keys.iter()
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Ctx<'_, '_, '_> {
    fn diff(&self) -> Vec<Raw> {
        let mut out = Vec::new();
        let Some(revision) = self.doc.revisions.get(self.rev) else {
            return out;
        };
        if self.old.incomplete || self.new.incomplete {
            out.push(raw(
                None,
                ChangeKind::AnalysisIncomplete,
                Class::Forbidden,
                None,
            ));
        }
        let limit = self.doc.limits().max_tree_nodes;
        if revision.entries.len() > limit {
            out.push(raw(
                None,
                ChangeKind::AnalysisIncomplete,
                Class::Forbidden,
                None,
            ));
        }
        // ISO 32000-2 §7.6.1: an update keeps the encryption of the document it updates; one
        // that replaces /Encrypt (algorithm, keys or /P permissions) changes what the signed
        // document allowed.
        if self.doc.encryption_changed_in().contains(&self.rev) {
            out.push(raw(
                None,
                ChangeKind::EncryptionChanged,
                Class::Forbidden,
                None,
            ));
        }
        let mut explained: BTreeSet<ObjectId> = BTreeSet::new();
        self.catalog(&mut out);
        self.fields(&mut out, &mut explained);
        self.annotations(&mut out, &explained);
        for (&num, entry) in revision.entries.iter().take(limit) {
            if num == 0 {
                continue;
            }
            self.entry(num, *entry, revision.start, &mut out);
        }
        // One DSS / metadata line per revision is enough.
        let mut seen = BTreeSet::new();
        out.retain(|r| {
            !matches!(
                r.kind,
                ChangeKind::DssUpdated
                    | ChangeKind::MetadataUpdated
                    | ChangeKind::StructureTreeUpdated
            ) || seen.insert(r.kind)
        });
        out
    }

    fn previous_entry(&self, num: u32) -> Option<XrefEntry> {
        self.doc
            .revisions
            .get(..self.rev)?
            .iter()
            .rev()
            .find_map(|r| r.entries.get(&num).copied())
    }

    fn entry(&self, num: u32, entry: XrefEntry, rev_start: usize, out: &mut Vec<Raw>) {
        let old_id = match self.previous_entry(num) {
            Some(XrefEntry::InUse { generation, .. }) => Some(ObjectId::new(num, generation)),
            Some(XrefEntry::Compressed { .. }) => Some(ObjectId::new(num, 0)),
            _ => None,
        };
        let old_obj = old_id.and_then(|id| {
            self.doc
                .resolve(id, self.rev - 1)
                .ok()
                .flatten()
                .map(|o| o.object)
        });
        let id = match entry {
            XrefEntry::Free { .. } => {
                if let (Some(oid), Some(_)) = (old_id, &old_obj) {
                    if self.old.roles_of(oid) != 0 {
                        out.push(raw(
                            Some(oid),
                            ChangeKind::ObjectFreed,
                            Class::Forbidden,
                            None,
                        ));
                    }
                }
                return;
            }
            XrefEntry::InUse { generation, .. } => ObjectId::new(num, generation),
            XrefEntry::Compressed { .. } => ObjectId::new(num, 0),
        };
        let new_obj = match self.doc.resolve(id, self.rev) {
            Ok(Some(o)) => o.object,
            Ok(None) => return,
            Err(e) => {
                out.push(raw(
                    Some(id),
                    ChangeKind::ObjectUnreadable,
                    Class::Forbidden,
                    Some(e.to_string()),
                ));
                return;
            }
        };
        let redirected = matches!(entry, XrefEntry::InUse { offset, .. } if offset < rev_start)
            && self.previous_entry(num) != Some(entry);
        let ro = old_id.map_or(0, |o| self.old.roles_of(o));
        let rn = self.new.roles_of(id);
        if let Some(old) = &old_obj {
            if old_id == Some(id) && same(self.doc, old, &new_obj) {
                if redirected {
                    out.push(raw(Some(id), ChangeKind::XrefRedirect, Class::Benign, None));
                }
                return;
            }
        }
        if redirected {
            out.push(raw(
                Some(id),
                ChangeKind::XrefRedirect,
                Class::Forbidden,
                None,
            ));
        }
        match (&old_obj, ro) {
            (Some(old), ro) if ro != 0 => self.changed(id, old, &new_obj, ro, out),
            _ => self.added(id, &new_obj, rn, out),
        }
    }

    /// An object that did not exist (or was unreachable) before this revision.
    fn added(&self, id: ObjectId, obj: &Object, rn: u32, out: &mut Vec<Raw>) {
        use survey::*;
        let f = |kind| raw(Some(id), kind, Class::Forbidden, None);
        if rn == 0 {
            // Orphans (object streams, xref streams, unused objects) change nothing shown.
            return;
        }
        if rn & PAGE_TREE != 0 {
            out.push(f(ChangeKind::PageTreeChanged));
        } else if rn & PAGE != 0 {
            out.push(f(ChangeKind::PageChanged));
        } else if rn & CONTENT != 0 {
            out.push(f(ChangeKind::ContentStreamChanged));
        } else if rn & RESOURCE != 0 {
            out.push(f(resource_kind(obj)));
        } else if rn
            & (FIELD
                | WIDGET
                | ANNOTATION
                | SIG_VALUE
                | APPEARANCE
                | ANNOTS_ARRAY
                | FIELDS_ARRAY
                | ACROFORM
                | CATALOG
                | PERMS
                | FORM_RESOURCE
                | NAMES
                | NAMED_APPEARANCE
                | EXTENSIONS
                | STRUCT)
            != 0
        {
            // Judged through the field, annotation, catalog and certification rules.
        } else if rn & DSS != 0 {
            out.push(raw(Some(id), ChangeKind::DssUpdated, Class::Dss, None));
        } else if rn & (METADATA | INFO) != 0 {
            out.push(raw(
                Some(id),
                ChangeKind::MetadataUpdated,
                Class::Metadata,
                None,
            ));
        } else {
            out.push(f(ChangeKind::OtherObjectChanged));
        }
    }

    /// An object in use before this revision whose content changed.
    fn changed(&self, id: ObjectId, old: &Object, new: &Object, ro: u32, out: &mut Vec<Raw>) {
        use survey::*;
        let f = |kind, detail| Raw {
            object: Some(id),
            kind,
            class: Class::Forbidden,
            detail,
            visible: false,
        };
        if ro & CATALOG != 0 {
            // Judged key by key in `catalog`.
        } else if ro & PAGE_TREE != 0 && ro & PAGE == 0 {
            // iText stamps its version (/ITXT) into the page tree root.
            let keys: Vec<Vec<u8>> = changed_keys(self.doc, old, new)
                .into_iter()
                .filter(|k| k.as_slice() != b"ITXT")
                .collect();
            if !keys.is_empty() {
                out.push(f(ChangeKind::PageTreeChanged, Some(keys_text(&keys))));
            }
        } else if ro & PAGE != 0 {
            // /Annots is judged annotation by annotation; /Tabs (tab order, §12.5.1 Table 31)
            // shows nothing.
            let keys: Vec<Vec<u8>> = changed_keys(self.doc, old, new)
                .into_iter()
                .filter(|k| !matches!(k.as_slice(), b"Annots" | b"StructParents" | b"ITXT"))
                .collect();
            let (tabs, keys): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
                keys.into_iter().partition(|k| k.as_slice() == b"Tabs");
            if !tabs.is_empty() {
                out.push(raw(
                    Some(id),
                    ChangeKind::TabOrderChanged,
                    Class::TabOrder,
                    None,
                ));
            }
            if !keys.is_empty() {
                out.push(f(ChangeKind::PageChanged, Some(keys_text(&keys))));
            }
        } else if ro & CONTENT != 0 {
            out.push(f(ChangeKind::ContentStreamChanged, None));
        } else if ro & RESOURCE != 0 {
            out.push(f(resource_kind(old), None));
        } else if ro & SIG_VALUE != 0 {
            out.push(f(ChangeKind::SignatureDictionaryChanged, None));
        } else if ro & APPEARANCE != 0 {
            if self.new.roles_of(id) & APPEARANCE == 0 {
                // The number was an appearance stream and now serves as something else (e.g. a
                // new signature field reusing a freed number): judge what it is now.
                self.added(id, new, self.new.roles_of(id), out);
            } else {
                self.appearance_overwritten(id, ro, out);
            }
        } else if ro & (FIELD | WIDGET) != 0 {
            self.field_changed(id, old, new, out);
        } else if ro & ANNOTATION != 0 {
            let subtype = new
                .as_dict()
                .and_then(|d| d.get_name(b"Subtype"))
                .unwrap_or_default()
                .to_vec();
            let detail = Some(String::from_utf8_lossy(&subtype).into_owned());
            out.push(raw(
                Some(id),
                ChangeKind::AnnotationChanged,
                Class::Annotation { subtype },
                detail,
            ));
        } else if ro & STRUCT != 0 && ro & OTHER == 0 {
            out.push(raw(
                Some(id),
                ChangeKind::StructureTreeUpdated,
                Class::Benign,
                None,
            ));
        } else if ro == EXTENSIONS {
            // Developer extensions declare versions; nothing is shown.
        } else if ro & NAMES != 0 {
            let keys: Vec<Vec<u8>> = changed_keys(self.doc, old, new)
                .into_iter()
                .filter(|k| k.as_slice() != b"AP")
                .collect();
            if !keys.is_empty() {
                out.push(f(ChangeKind::CatalogChanged, Some(keys_text(&keys))));
            }
        } else if ro & NAMED_APPEARANCE != 0 && ro & OTHER == 0 {
            // A name tree node of /Names /AP may gain entries; a named stream may not change.
            if matches!(old, Object::Stream(_)) {
                out.push(f(ChangeKind::SharedAppearanceOverwritten, None));
            }
        } else if ro & (ANNOTS_ARRAY | FIELDS_ARRAY | ACROFORM) != 0 {
            // Judged through the annotation, field and AcroForm rules.
        } else if ro & DSS != 0 {
            out.push(raw(Some(id), ChangeKind::DssUpdated, Class::Dss, None));
        } else if ro & (METADATA | INFO) != 0 {
            out.push(raw(
                Some(id),
                ChangeKind::MetadataUpdated,
                Class::Metadata,
                None,
            ));
        } else if ro & PERMS != 0 {
            out.push(f(ChangeKind::PermsChanged, None));
        } else if ro & FORM_RESOURCE != 0 {
            out.push(raw(
                Some(id),
                ChangeKind::FieldAppearanceChanged,
                Class::FormFill { field: None },
                Some("/DR".to_owned()),
            ));
        } else {
            out.push(f(ChangeKind::OtherObjectChanged, None));
        }
    }

    /// An appearance stream changed in place: form filling only when it belongs to exactly one
    /// widget and nothing else uses it (pyHanko's `form-update-*-sneaky*.pdf`).
    fn appearance_overwritten(&self, id: ObjectId, ro: u32, out: &mut Vec<Raw>) {
        let owners = self.old.owners.get(&id);
        let single = owners
            .filter(|o| o.len() == 1)
            .and_then(|o| o.first().copied());
        let Some(owner) = single.filter(|_| ro == survey::APPEARANCE) else {
            out.push(raw(
                Some(id),
                ChangeKind::SharedAppearanceOverwritten,
                Class::Forbidden,
                None,
            ));
            return;
        };
        let owner_roles = self.old.roles_of(owner);
        if owner_roles & (survey::WIDGET | survey::FIELD) != 0 {
            let field = self.old.field_of(owner).map(|(_, f)| f.name.clone());
            out.push(raw(
                Some(id),
                ChangeKind::FieldAppearanceChanged,
                Class::FormFill {
                    field: field.clone(),
                },
                field,
            ));
        } else {
            let subtype = self
                .doc
                .resolve(owner, self.rev)
                .ok()
                .flatten()
                .and_then(|o| {
                    o.object
                        .as_dict()
                        .and_then(|d| d.get_name(b"Subtype"))
                        .map(<[u8]>::to_vec)
                })
                .unwrap_or_default();
            let detail = Some(String::from_utf8_lossy(&subtype).into_owned());
            out.push(raw(
                Some(id),
                ChangeKind::AnnotationChanged,
                Class::Annotation { subtype },
                detail,
            ));
        }
    }

    /// A pre-existing field or widget changed: only /V, /AS and /AP (with an appearance of its
    /// own) may change, i.e. filling in the field or signing an empty signature field.
    fn field_changed(&self, id: ObjectId, old: &Object, new: &Object, out: &mut Vec<Raw>) {
        let field = self.new.field_of(id).or_else(|| self.old.field_of(id));
        let is_sig = field.is_some_and(|(_, f)| f.ft.as_deref() == Some("Sig"));
        let old_v = old.as_dict().and_then(|d| d.get_non_null(b"V")).is_some();
        let new_v = new.as_dict().and_then(|d| d.get_non_null(b"V")).is_some();
        // Signing a prepared signature field: Acrobat also sets the widget flags (/F).
        let being_signed = is_sig && !old_v && new_v;
        let keys = changed_keys(self.doc, old, new)
            .into_iter()
            .filter(|k| !(being_signed && k.as_slice() == b"F"));
        let (other, form): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
            keys.partition(|k| !matches!(k.as_slice(), b"V" | b"AP" | b"AS" | b"I" | b"Kids"));
        let name = field.map(|(_, f)| f.name.clone());
        if !other.is_empty() {
            out.push(raw(
                Some(id),
                ChangeKind::FieldChanged,
                Class::Forbidden,
                Some(format!(
                    "{} {}",
                    name.clone().unwrap_or_default(),
                    keys_text(&other)
                )),
            ));
        }
        let has = |k: &[u8]| form.iter().any(|f| f.as_slice() == k);
        let new_dict = new.as_dict();
        let mut signature_added = false;
        if has(b"V") {
            if is_sig {
                if old_v {
                    out.push(raw(
                        Some(id),
                        ChangeKind::SignatureValueReplaced,
                        Class::Forbidden,
                        name.clone(),
                    ));
                } else if let Some(v) = new_dict.and_then(|d| d.get_non_null(b"V")) {
                    let widgets = field.map(|(_, f)| f.widgets.clone()).unwrap_or_default();
                    let mut r = self.signature_class(id, Some(v), &widgets, name.clone());
                    r.object = Some(id);
                    out.push(r);
                    signature_added = true;
                }
            } else {
                out.push(raw(
                    Some(id),
                    ChangeKind::FormFilled,
                    Class::FormFill {
                        field: name.clone(),
                    },
                    name.clone(),
                ));
            }
        }
        if has(b"AP") {
            // The new appearance must not reuse a stream something else already uses.
            let ap = new_dict.and_then(|d| d.get(b"AP"));
            if self.appearance_reuses_shared(id, ap) {
                out.push(raw(
                    Some(id),
                    ChangeKind::SharedAppearanceOverwritten,
                    Class::Forbidden,
                    name.clone(),
                ));
            }
        }
        if (has(b"AP") || has(b"AS")) && !signature_added && !(has(b"V") && is_sig) {
            let visible = new_dict.is_some_and(|d| visible(self.doc, d, self.rev, true));
            let mut r = raw(
                Some(id),
                ChangeKind::FieldAppearanceChanged,
                if is_sig {
                    Class::Forbidden
                } else {
                    Class::FormFill {
                        field: name.clone(),
                    }
                },
                name,
            );
            r.visible = visible;
            out.push(r);
        }
    }

    fn appearance_reuses_shared(&self, owner: ObjectId, ap: Option<&Object>) -> bool {
        let mut refs = Vec::new();
        let mut stack: Vec<(Object, usize)> = ap.cloned().map(|o| (o, 0)).into_iter().collect();
        let mut steps = 0usize;
        while let Some((o, depth)) = stack.pop() {
            steps += 1;
            if steps > 64 || depth > 3 {
                break;
            }
            match o {
                Object::Reference(r) => {
                    refs.push(r);
                    if let Ok(Some(obj)) = self.doc.resolve(r, self.rev) {
                        if let Object::Dictionary(d) = obj.object {
                            stack.extend(d.entries.into_iter().map(|(_, v)| (v, depth + 1)));
                        }
                    }
                }
                Object::Dictionary(d) => {
                    stack.extend(d.entries.into_iter().map(|(_, v)| (v, depth + 1)));
                }
                _ => {}
            }
        }
        refs.iter().any(|r| {
            let roles = self.old.roles_of(*r);
            let others = self
                .old
                .owners
                .get(r)
                .is_some_and(|o| o.iter().any(|x| *x != owner));
            (roles != 0 && roles != survey::APPEARANCE) || others
        })
    }

    /// The change a signature value makes: kind, class and visibility of its widgets.
    fn signature_class(
        &self,
        field: ObjectId,
        value: Option<&Object>,
        widgets: &[ObjectId],
        name: Option<String>,
    ) -> Raw {
        let dict_id = value.and_then(Object::as_reference);
        let value_dict = value.and_then(|v| self.doc.deref(v, self.rev).ok());
        let signed = value_dict
            .as_ref()
            .and_then(Object::as_dict)
            .is_some_and(|d| d.contains_key(b"ByteRange") && d.contains_key(b"Contents"));
        let fact = dict_id
            .and_then(|d| self.by_dict.get(&d))
            .and_then(|i| self.sigs.iter().find(|s| s.field == *i));
        let is_visible = widgets.iter().any(|w| {
            self.doc
                .resolve(*w, self.rev)
                .ok()
                .flatten()
                .and_then(|o| o.object.as_dict().cloned())
                .is_some_and(|d| visible(self.doc, &d, self.rev, true))
        });
        let timestamp = fact.is_some_and(|f| f.timestamp)
            || value_dict
                .as_ref()
                .and_then(Object::as_dict)
                .is_some_and(|d| d.has_name(b"Type", b"DocTimeStamp"));
        let (kind, class) = if !signed {
            (
                ChangeKind::SignatureFieldAdded,
                Class::UnsignedSignatureField,
            )
        } else {
            let covering = fact.is_some_and(|f| f.signed_revision == Some(self.rev));
            let certification = fact.is_some_and(|f| f.certification.is_some());
            let covers_text = is_visible && self.covers_text(widgets);
            (
                if certification {
                    ChangeKind::CertificationAfterApproval
                } else if timestamp {
                    ChangeKind::DocumentTimestampAdded
                } else {
                    ChangeKind::SignatureAdded
                },
                Class::Signature {
                    timestamp,
                    certification,
                    covering,
                    covers_text,
                },
            )
        };
        Raw {
            object: Some(field),
            kind,
            class,
            detail: name,
            visible: is_visible,
        }
    }

    /// True when a widget lies over the text of its page and not over an earlier signature's
    /// widget.
    fn covers_text(&self, widgets: &[ObjectId]) -> bool {
        let rect_at = |id: ObjectId, rev: usize| {
            self.doc
                .resolve(id, rev)
                .ok()
                .flatten()
                .and_then(|o| o.object.as_dict().cloned())
                .and_then(|d| structure::rect(self.doc, &d, rev))
        };
        let earlier: Vec<[f64; 4]> = self
            .old
            .fields
            .values()
            .filter(|f| f.ft.as_deref() == Some("Sig"))
            .flat_map(|f| f.widgets.iter())
            .take(1000)
            .filter_map(|w| rect_at(*w, self.rev - 1))
            .collect();
        widgets.iter().any(|w| {
            let Some(r) = rect_at(*w, self.rev) else {
                return false;
            };
            if earlier.iter().any(|e| overlap::intersects(e, &r)) {
                return false;
            }
            let pages: Vec<ObjectId> = self
                .new
                .page_annots
                .iter()
                .filter(|(_, annots)| annots.contains(w))
                .map(|(p, _)| *p)
                .collect();
            pages.iter().any(|p| {
                let mut cache = self.text.borrow_mut();
                let boxes = cache
                    .entry(*p)
                    .or_insert_with(|| overlap::text_boxes(self.doc, *p, self.rev));
                boxes.iter().any(|b| overlap::intersects(b, &r))
            })
        })
    }

    /// Fields added or removed in the field tree.
    fn fields(&self, out: &mut Vec<Raw>, explained: &mut BTreeSet<ObjectId>) {
        for (id, info) in &self.new.fields {
            if self.old.fields.contains_key(id) {
                continue;
            }
            explained.insert(*id);
            explained.extend(info.widgets.iter().copied());
            out.push(self.new_field(*id, info));
        }
        for (id, info) in &self.old.fields {
            if !self.new.fields.contains_key(id) {
                out.push(raw(
                    Some(*id),
                    ChangeKind::FieldRemoved,
                    Class::Forbidden,
                    Some(info.name.clone()),
                ));
            }
        }
    }

    fn new_field(&self, id: ObjectId, info: &FieldInfo) -> Raw {
        if info.ft.as_deref() == Some("Sig") {
            let mut r = self.signature_class(
                id,
                info.value.as_ref(),
                &info.widgets,
                Some(info.name.clone()),
            );
            if let (
                Class::Signature {
                    certification: true,
                    ..
                },
                false,
            ) = (&r.class, self.sigs.iter().any(|s| s.base < self.rev))
            {
                // A certification signature on an unsigned document is the normal case.
                r.kind = ChangeKind::SignatureAdded;
            }
            r
        } else {
            let mut r = raw(
                Some(id),
                ChangeKind::FieldAdded,
                Class::Forbidden,
                Some(info.name.clone()),
            );
            r.visible = info.widgets.iter().any(|w| {
                self.doc
                    .resolve(*w, self.rev)
                    .ok()
                    .flatten()
                    .and_then(|o| o.object.as_dict().cloned())
                    .is_some_and(|d| visible(self.doc, &d, self.rev, true))
            });
            r
        }
    }

    /// Annotations added to or removed from page /Annots.
    fn annotations(&self, out: &mut Vec<Raw>, explained: &BTreeSet<ObjectId>) {
        let empty = BTreeSet::new();
        for (page, annots) in &self.new.page_annots {
            let before = self.old.page_annots.get(page).unwrap_or(&empty);
            for a in annots.difference(before) {
                if explained.contains(a) {
                    continue;
                }
                if let Some(r) = self.added_annotation(*a) {
                    out.push(r);
                }
            }
            if self.old.page_annots.contains_key(page) {
                for a in before.difference(annots) {
                    out.push(raw(
                        Some(*a),
                        ChangeKind::AnnotationRemoved,
                        Class::Forbidden,
                        None,
                    ));
                }
            }
        }
    }

    fn added_annotation(&self, id: ObjectId) -> Option<Raw> {
        let dict = self
            .doc
            .resolve(id, self.rev)
            .ok()
            .flatten()
            .and_then(|o| o.object.as_dict().cloned())?;
        let subtype = dict.get_name(b"Subtype").unwrap_or_default().to_vec();
        let detail = Some(String::from_utf8_lossy(&subtype).into_owned());
        if subtype.as_slice() == b"Widget" {
            if let Some((fid, info)) = self.new.field_of(id) {
                // An existing signature field signed in this revision places its widget.
                let old_v = self.old.fields.get(&fid).and_then(|f| f.value.clone());
                if info.ft.as_deref() == Some("Sig") && old_v.is_none() && info.value.is_some() {
                    return None;
                }
            }
            let mut r = raw(Some(id), ChangeKind::WidgetAdded, Class::Forbidden, detail);
            r.visible = visible(self.doc, &dict, self.rev, true);
            return Some(r);
        }
        let mut r = raw(
            Some(id),
            ChangeKind::AnnotationAdded,
            Class::Annotation { subtype },
            detail,
        );
        r.visible = visible(self.doc, &dict, self.rev, false);
        Some(r)
    }

    /// The catalog, key by key (§7.7.2): only /AcroForm (itself judged key by key), /DSS,
    /// /Perms, /Metadata and /Extensions may change.
    fn catalog(&self, out: &mut Vec<Raw>) {
        let (Some(old), Some(new)) = (&self.old.catalog, &self.new.catalog) else {
            if self.old.catalog.is_some() {
                out.push(raw(
                    None,
                    ChangeKind::CatalogChanged,
                    Class::Forbidden,
                    None,
                ));
            }
            return;
        };
        let root = self
            .doc
            .revisions
            .get(self.rev)
            .and_then(|r| r.trailer.get(b"Root"))
            .and_then(Object::as_reference);
        let old_obj = Object::Dictionary(old.clone());
        let new_obj = Object::Dictionary(new.clone());
        for key in changed_keys(self.doc, &old_obj, &new_obj) {
            let f = |kind| {
                raw(
                    root,
                    kind,
                    Class::Forbidden,
                    Some(keys_text(std::slice::from_ref(&key))),
                )
            };
            match key.as_slice() {
                b"Pages" => out.push(f(ChangeKind::PagesRepointed)),
                b"AcroForm" => self.acroform(old, new, out),
                b"DSS" => out.push(raw(root, ChangeKind::DssUpdated, Class::Dss, None)),
                b"Metadata" => out.push(raw(
                    root,
                    ChangeKind::MetadataUpdated,
                    Class::Metadata,
                    None,
                )),
                b"Names" => {
                    let names = |c: &Dictionary, rev: usize| {
                        c.get(b"Names")
                            .and_then(|n| self.doc.deref(n, rev).ok())
                            .filter(|n| n.as_dict().is_some())
                            .unwrap_or(Object::Dictionary(Dictionary::default()))
                    };
                    let before = names(old, self.rev - 1);
                    let after = names(new, self.rev);
                    // §12.5.2 / §7.7.4: only the /AP tree of named appearance streams.
                    if changed_keys(self.doc, &before, &after)
                        .iter()
                        .any(|k| k.as_slice() != b"AP")
                    {
                        out.push(f(ChangeKind::CatalogChanged));
                    }
                }
                // A later /Version only raises the syntax level (§7.2.2); /MarkInfo only says the
                // document is tagged (§14.7.1).
                b"Version" | b"MarkInfo" => {}
                b"StructTreeRoot" => out.push(raw(
                    root,
                    ChangeKind::StructureTreeUpdated,
                    Class::Benign,
                    None,
                )),
                b"Extensions" | b"Perms" => {
                    let old_docmdp = self.docmdp_of(old, self.rev - 1);
                    let new_docmdp = self.docmdp_of(new, self.rev);
                    if old_docmdp.is_some() && old_docmdp != new_docmdp {
                        out.push(f(ChangeKind::PermsChanged));
                    }
                }
                _ => out.push(f(ChangeKind::CatalogChanged)),
            }
        }
    }

    fn docmdp_of(&self, catalog: &Dictionary, rev: usize) -> Option<Object> {
        let perms = self.doc.deref(catalog.get(b"Perms")?, rev).ok()?;
        perms.as_dict()?.get(b"DocMDP").cloned()
    }

    /// /AcroForm (§12.7.3): /Fields (judged field by field), /DR, /DA, /SigFlags,
    /// /NeedAppearances may change; /XFA and the rest may not.
    fn acroform(&self, old_catalog: &Dictionary, new_catalog: &Dictionary, out: &mut Vec<Raw>) {
        let get = |c: &Dictionary, rev: usize| {
            c.get(b"AcroForm")
                .and_then(|a| self.doc.deref(a, rev).ok())
                .unwrap_or(Object::Null)
        };
        let old = get(old_catalog, self.rev - 1);
        let new = get(new_catalog, self.rev);
        let old = if old.as_dict().is_some() {
            old
        } else {
            Object::Dictionary(Dictionary::default())
        };
        let keys: Vec<Vec<u8>> = changed_keys(self.doc, &old, &new)
            .into_iter()
            .filter(|k| {
                !matches!(
                    k.as_slice(),
                    b"Fields" | b"DR" | b"DA" | b"SigFlags" | b"NeedAppearances"
                )
            })
            .collect();
        if !keys.is_empty() {
            let id = new_catalog.get(b"AcroForm").and_then(Object::as_reference);
            out.push(raw(
                id,
                ChangeKind::AcroFormChanged,
                Class::Forbidden,
                Some(keys_text(&keys)),
            ));
        }
    }
}

fn resource_kind(obj: &Object) -> ChangeKind {
    let Some(d) = obj.as_dict() else {
        return ChangeKind::ResourceChanged;
    };
    if d.has_name(b"Type", b"Font")
        || d.has_name(b"Type", b"FontDescriptor")
        || d.contains_key(b"Length1")
        || d.has_name(b"Subtype", b"Type1C")
        || d.has_name(b"Subtype", b"CIDFontType0C")
        || d.has_name(b"Subtype", b"OpenType")
    {
        ChangeKind::FontChanged
    } else if d.has_name(b"Type", b"XObject")
        || d.has_name(b"Subtype", b"Image")
        || d.has_name(b"Subtype", b"Form")
    {
        ChangeKind::XObjectChanged
    } else {
        ChangeKind::ResourceChanged
    }
}

/// §12.5.2: a non-zero /Rect; for widgets also a non-empty normal appearance (a widget without
/// one shows nothing). Other annotations may be drawn by the viewer without /AP.
fn visible(doc: &Document<'_>, dict: &Dictionary, rev: usize, widget: bool) -> bool {
    let Some([a, b, c, d]) = structure::rect(doc, dict, rev) else {
        return false;
    };
    let (w, h) = ((c - a).abs(), (d - b).abs());
    if w <= 0.0 || h <= 0.0 || w.is_nan() || h.is_nan() {
        return false;
    }
    if !widget {
        return true;
    }
    let Some(n) = dict
        .get(b"AP")
        .and_then(|ap| doc.deref(ap, rev).ok())
        .and_then(|ap| ap.as_dict().and_then(|d| d.get(b"N")).cloned())
        .and_then(|n| doc.deref(&n, rev).ok())
    else {
        return false;
    };
    let non_empty = |o: &Object| match o {
        Object::Stream(s) => match doc.decode_stream(s, rev) {
            Ok(data) => data.iter().any(|b| !b.is_ascii_whitespace()),
            Err(_) => true,
        },
        _ => false,
    };
    match &n {
        Object::Stream(_) => non_empty(&n),
        Object::Dictionary(states) => states
            .entries
            .iter()
            .take(16)
            .any(|(_, s)| doc.deref(s, rev).ok().is_some_and(|o| non_empty(&o))),
        _ => false,
    }
}

/// Keys whose values differ between two dictionaries (or streams).
fn changed_keys(doc: &Document<'_>, old: &Object, new: &Object) -> Vec<Vec<u8>> {
    let (Some(a), Some(b)) = (old.as_dict(), new.as_dict()) else {
        return vec![b"(type)".to_vec()];
    };
    let mut keys: BTreeSet<Vec<u8>> = a.entries.iter().map(|(k, _)| k.0.clone()).collect();
    keys.extend(b.entries.iter().map(|(k, _)| k.0.clone()));
    keys.into_iter()
        .filter(|k| match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) => !same(doc, x, y),
            (None, None) => false,
            _ => true,
        })
        .collect()
}

/// Structural equality ignoring where things sit in the file: an identical rewrite is no change.
/// Streams compare their dictionaries (without /Length) and raw data.
fn same(doc: &Document<'_>, a: &Object, b: &Object) -> bool {
    same_at(doc, a, b, 0)
}

fn same_at(doc: &Document<'_>, a: &Object, b: &Object, depth: usize) -> bool {
    if depth > doc.limits().max_depth {
        return false;
    }
    match (a, b) {
        (Object::String(x), Object::String(y)) => x.bytes == y.bytes,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_at(doc, p, q, depth + 1))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(doc, x, y, depth, false),
        (Object::Stream(x), Object::Stream(y)) => {
            let bytes = doc.bytes();
            same_dict(doc, &x.dict, &y.dict, depth, true)
                && (bytes.get(x.data.start..x.data.end) == bytes.get(y.data.start..y.data.end)
                    // Encrypted: the same data re-encrypted (AES has a fresh initialisation
                    // vector each time) is no change; compare what it decrypts to.
                    || (doc.is_encrypted()
                        && matches!(
                            (doc.stream_data(x), doc.stream_data(y)),
                            (Ok(a), Ok(b)) if a == b
                        )))
        }
        (Object::Real(x), Object::Real(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

fn same_dict(
    doc: &Document<'_>,
    a: &Dictionary,
    b: &Dictionary,
    depth: usize,
    stream: bool,
) -> bool {
    let skip = |k: &[u8]| stream && k == b"Length";
    let keys = a
        .entries
        .iter()
        .chain(&b.entries)
        .map(|(k, _)| k.as_bytes())
        .filter(|k| !skip(k));
    let mut seen: BTreeSet<&[u8]> = BTreeSet::new();
    for k in keys {
        if !seen.insert(k) {
            continue;
        }
        let equal = match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) => same_at(doc, x, y, depth + 1),
            (None, None) => true,
            _ => false,
        };
        if !equal {
            return false;
        }
    }
    true
}
