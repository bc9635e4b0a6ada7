//! The object diff: one revision compared with the one before it, entry by entry of its
//! cross-reference section, each changed or added object classified by the roles the
//! [`Survey`]s give it; the catalog and /AcroForm key by key.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use super::change::{annotation_changed, raw, Class, Raw};
use super::compare::{changed_keys, keys_text, resource_kind, same};
use super::constraints::SigFact;
use super::survey::{self, Survey};
use crate::pdf::{Dictionary, Document, Object, ObjectId, XrefEntry};
use crate::report::ChangeKind;

/// Comparing one revision with the one before it.
pub(super) struct Ctx<'c, 'd, 'a> {
    pub(super) doc: &'d Document<'a>,
    /// Text boxes per page of this revision (computed on demand).
    pub(super) text: RefCell<HashMap<ObjectId, Vec<[f64; 4]>>>,
    pub(super) rev: usize,
    pub(super) old: &'c Survey,
    pub(super) new: &'c Survey,
    pub(super) sigs: &'c [SigFact],
    pub(super) by_dict: &'c HashMap<ObjectId, usize>,
}

impl Ctx<'_, '_, '_> {
    pub(super) fn diff(&self) -> Vec<Raw> {
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

    pub(super) fn previous_entry(&self, num: u32) -> Option<XrefEntry> {
        self.doc
            .revisions
            .get(..self.rev)?
            .iter()
            .rev()
            .find_map(|r| r.entries.get(&num).copied())
    }

    pub(super) fn entry(&self, num: u32, entry: XrefEntry, rev_start: usize, out: &mut Vec<Raw>) {
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
    pub(super) fn added(&self, id: ObjectId, obj: &Object, rn: u32, out: &mut Vec<Raw>) {
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
    pub(super) fn changed(
        &self,
        id: ObjectId,
        old: &Object,
        new: &Object,
        ro: u32,
        out: &mut Vec<Raw>,
    ) {
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
            out.push(annotation_changed(id, subtype));
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

    /// The catalog, key by key (§7.7.2): only /AcroForm (itself judged key by key), /DSS,
    /// /Perms, /Metadata and /Extensions may change.
    pub(super) fn catalog(&self, out: &mut Vec<Raw>) {
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

    pub(super) fn docmdp_of(&self, catalog: &Dictionary, rev: usize) -> Option<Object> {
        let perms = self.doc.deref(catalog.get(b"Perms")?, rev).ok()?;
        perms.as_dict()?.get(b"DocMDP").cloned()
    }

    /// /AcroForm (§12.7.3): /Fields (judged field by field), /DR, /DA, /SigFlags,
    /// /NeedAppearances may change; /XFA and the rest may not.
    pub(super) fn acroform(
        &self,
        old_catalog: &Dictionary,
        new_catalog: &Dictionary,
        out: &mut Vec<Raw>,
    ) {
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
