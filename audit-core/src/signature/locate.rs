//! Finding signatures (ISO 32000-2 §12.7.5.5 signature fields, §12.8.1 signature dictionaries).
//!
//! Signature fields are found through the interactive form (/Root /AcroForm /Fields, following
//! /Kids with inherited /FT and fully qualified names `a.b`) of every revision, newest first, and
//! through page /Annots widgets (a signature widget missing from /Fields is reported with
//! `in_field_tree == false`: viewers differ on whether they show it, attackers rely on that).
//! The trees themselves are walked by [`crate::pdf::structure`] (shared with the modification
//! analysis); this module decides which nodes are signatures and reads their values.
//!
//! Each signature dictionary is read as written in the revision that introduced it; later
//! redefinitions of the same object are reported (`redefined_in`), never used: /Reason or /M
//! replaced after signing must not be displayed (DSS `pades-spoofing-replaced-reason.pdf`).

use std::collections::{HashMap, HashSet};

use super::dictionary::read_dictionary;
use super::located::{LocateProblem, Located, SignatureField, SignatureValue, Widget};
use crate::limits::Budget;
use crate::pdf::structure::{self, TreeProblem};
use crate::pdf::{
    Dictionary, Document, IndirectObject, Object, ObjectId, ObjectLocation, PdfError, XrefEntry,
};

/// Finds every signature field of `doc`.
pub fn locate(doc: &Document<'_>) -> Located {
    let mut state = State {
        doc,
        budget: Budget::new(doc.limits().max_tree_nodes),
        out: Located::default(),
        seen_values: HashSet::new(),
        seen_fields: HashSet::new(),
        budget_reported: false,
        newest_pages: Pages::default(),
    };
    for rev in (0..doc.revisions.len()).rev() {
        state.revision(rev, rev == doc.newest());
    }
    state.out
}

struct State<'d, 'a> {
    doc: &'d Document<'a>,
    budget: Budget,
    out: Located,
    /// Keys of signature values already reported: the dictionary's object, or the field's.
    seen_values: HashSet<(Option<ObjectId>, Option<ObjectId>)>,
    seen_fields: HashSet<ObjectId>,
    budget_reported: bool,
    /// The newest revision's page map, reused for older revisions' widgets.
    newest_pages: Pages,
}

impl State<'_, '_> {
    fn tick(&mut self) -> bool {
        if self.budget.take(1) {
            return true;
        }
        if !self.budget_reported {
            self.budget_reported = true;
            self.out.problems.push(LocateProblem::TooManyNodes);
        }
        false
    }

    fn unreadable(&mut self, revision: usize, error: &PdfError) {
        self.problem(LocateProblem::Unreadable {
            revision,
            error: error.to_string(),
        });
    }

    fn problem(&mut self, p: LocateProblem) {
        if !self.out.problems.contains(&p) {
            self.out.problems.push(p);
        }
    }

    /// Reports what a structure walk of revision `rev` ran into.
    fn tree_problems(&mut self, rev: usize, problems: Vec<TreeProblem>) {
        for p in problems {
            match p {
                TreeProblem::Circular(id) => self.problem(LocateProblem::CircularTree { id }),
                TreeProblem::BudgetExhausted => {
                    if !self.budget_reported {
                        self.budget_reported = true;
                        self.out.problems.push(LocateProblem::TooManyNodes);
                    }
                }
                TreeProblem::Unreadable(error) => self.problem(LocateProblem::Unreadable {
                    revision: rev,
                    error,
                }),
            }
        }
    }

    fn dict_of(&mut self, obj: &Object, rev: usize) -> Option<Dictionary> {
        match self.doc.deref(obj, rev) {
            Ok(o) => o.as_dict().cloned(),
            Err(e) => {
                self.unreadable(rev, &e);
                None
            }
        }
    }

    fn revision(&mut self, rev: usize, newest: bool) {
        let Some(trailer) = self.doc.revisions.get(rev).map(|r| r.trailer.clone()) else {
            return;
        };
        let Some(root_ref) = trailer.get(b"Root") else {
            return;
        };
        let Some(root) = self.dict_of(root_ref, rev) else {
            return;
        };
        // Pages are walked in the newest revision only (widget pages and widgets outside the
        // field tree); older revisions contribute their field trees. This keeps the walk linear
        // in the document size rather than in size × revisions.
        let pages = if newest {
            self.walk_pages(&root, rev)
        } else {
            std::mem::take(&mut self.newest_pages)
        };
        if newest {
            self.out.certification = root
                .get(b"Perms")
                .and_then(|p| self.dict_of(p, rev))
                .and_then(|p| p.get(b"DocMDP").and_then(Object::as_reference));
        }
        let mut tree_fields: HashSet<ObjectId> = HashSet::new();
        if let Some(form) = root.get(b"AcroForm").and_then(|f| self.dict_of(f, rev)) {
            if let Some(fields) = form
                .get(b"Fields")
                .and_then(|f| self.doc.deref(f, rev).ok())
            {
                let kids = fields
                    .as_array()
                    .map(<[Object]>::to_vec)
                    .unwrap_or_default();
                self.walk_fields(&kids, rev, newest, &pages, &mut tree_fields);
            }
        }
        if !newest {
            self.newest_pages = pages;
            return;
        }
        // Signature widgets on pages that the field tree does not list.
        for (widget_id, (page, rect)) in &pages.widgets {
            if tree_fields.contains(widget_id) {
                continue;
            }
            let Ok(Some(obj)) = self.doc.resolve(*widget_id, rev) else {
                continue;
            };
            let Some(dict) = obj.object.as_dict().cloned() else {
                continue;
            };
            // The field is the widget itself or its /Parent chain.
            let (field_id, field, name, ft) = self.field_of_widget(*widget_id, dict, rev);
            if tree_fields.contains(&field_id) {
                continue;
            }
            let looks_signed = self.value_looks_like_signature(&field, rev);
            if ft.as_deref() != Some("Sig") && !looks_signed {
                continue;
            }
            let widget = Widget {
                id: Some(*widget_id),
                page: Some(*page),
                rect: *rect,
            };
            self.report(
                name,
                Some(field_id),
                ft,
                false,
                newest,
                Some(widget),
                &field,
                rev,
            );
        }
        self.newest_pages = pages;
    }

    /// Walks up /Parent from a widget to the field holding /V, building the qualified name.
    fn field_of_widget(
        &mut self,
        id: ObjectId,
        dict: Dictionary,
        rev: usize,
    ) -> (ObjectId, Dictionary, String, Option<String>) {
        let mut names = Vec::new();
        let mut ft = None;
        let mut current = (id, dict);
        let mut holder: Option<(ObjectId, Dictionary)> = None;
        let mut visited = HashSet::new();
        for _ in 0..self.doc.limits().max_depth {
            if !visited.insert(current.0) {
                break;
            }
            let d = &current.1;
            if let Some(t) = d
                .get(b"T")
                .and_then(|t| self.doc.deref(t, rev).ok())
                .and_then(|t| t.as_string().map(|s| s.to_text()))
            {
                names.push(t);
            }
            if ft.is_none() {
                ft = d
                    .get_name(b"FT")
                    .map(|n| String::from_utf8_lossy(n).into_owned());
            }
            if holder.is_none() && (d.contains_key(b"V") || d.contains_key(b"T")) {
                holder = Some(current.clone());
            }
            let Some(parent) = d.get(b"Parent").and_then(Object::as_reference) else {
                break;
            };
            let Ok(Some(p)) = self.doc.resolve(parent, rev) else {
                break;
            };
            let Some(pd) = p.object.as_dict().cloned() else {
                break;
            };
            current = (parent, pd);
        }
        names.reverse();
        let (hid, hd) = holder.unwrap_or(current);
        (hid, hd, names.join("."), ft)
    }

    fn value_looks_like_signature(&mut self, field: &Dictionary, rev: usize) -> bool {
        field
            .get_non_null(b"V")
            .is_some_and(|v| structure::is_signature_value(self.doc, v, rev))
    }

    /// The signature fields of one revision's field tree (terminal fields with /FT /Sig or a
    /// signature value), in tree order; every field and widget object met goes to `tree_fields`.
    fn walk_fields(
        &mut self,
        roots: &[Object],
        rev: usize,
        newest: bool,
        pages: &Pages,
        tree_fields: &mut HashSet<ObjectId>,
    ) {
        let max_depth = self.doc.limits().max_depth;
        let tree = structure::walk_fields(self.doc, roots, rev, &mut self.budget, max_depth);
        self.tree_problems(rev, tree.problems);
        for node in tree.fields {
            tree_fields.extend(node.id);
            tree_fields.extend(node.widget_kids.iter().filter_map(Object::as_reference));
            if node.depth >= max_depth {
                continue;
            }
            let is_sig_field = node.field_type.as_deref() == Some("Sig")
                || self.value_looks_like_signature(&node.dict, rev);
            if !is_sig_field || node.dict.contains_key(b"Kids") && node.widget_kids.is_empty() {
                continue;
            }
            let widget_ref = if node.is_merged_widget() || node.widget_kids.is_empty() {
                node.id.map(Object::Reference)
            } else {
                node.widget_kids.first().cloned()
            };
            let widget = widget_ref.map(|w| self.widget_info(&w, rev, pages));
            self.report(
                node.name.unwrap_or_default(),
                node.id,
                node.field_type,
                true,
                newest,
                widget,
                &node.dict,
                rev,
            );
        }
    }

    fn widget_info(&mut self, w: &Object, rev: usize, pages: &Pages) -> Widget {
        let id = w.as_reference();
        if let Some((page, rect)) = id.and_then(|i| pages.widgets.get(&i)) {
            return Widget {
                id,
                page: Some(*page),
                rect: *rect,
            };
        }
        let dict = self.dict_of(w, rev).unwrap_or_default();
        let page = dict
            .get(b"P")
            .and_then(Object::as_reference)
            .and_then(|p| pages.index.get(&p).copied());
        Widget {
            id,
            page,
            rect: structure::rect(self.doc, &dict, rev),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        name: String,
        field_id: Option<ObjectId>,
        field_type: Option<String>,
        in_field_tree: bool,
        newest: bool,
        widget: Option<Widget>,
        field: &Dictionary,
        rev: usize,
    ) {
        let v = field.get_non_null(b"V").cloned();
        let key = (v.as_ref().and_then(Object::as_reference), field_id);
        let key = if key.0.is_some() { (key.0, None) } else { key };
        if v.is_none() {
            // Unsigned field: report once per field object.
            if let Some(fid) = field_id {
                if !self.seen_fields.insert(fid) {
                    return;
                }
            }
        } else if !self.seen_values.insert(key) {
            if let Some(dict_id) = key.0 {
                let owner = self.out.fields.iter_mut().find(|f| {
                    f.dictionary().is_some_and(|d| d.id == Some(dict_id)) && f.field_id != field_id
                });
                if let Some(owner) = owner {
                    if owner.name != name && !owner.shared_with.contains(&name) {
                        owner.shared_with.push(name);
                    }
                }
            }
            return;
        }
        if self.out.fields.len() >= self.doc.limits().max_signatures {
            if !self
                .out
                .problems
                .contains(&LocateProblem::TooManySignatures)
            {
                self.out.problems.push(LocateProblem::TooManySignatures);
            }
            return;
        }
        let value = match v {
            None => SignatureValue::Unsigned,
            Some(v) => self.read_value(&v, field, field_id, rev),
        };
        self.out.fields.push(SignatureField {
            name,
            field_id,
            field_type,
            in_field_tree,
            in_newest_revision: newest,
            widget,
            value,
            shared_with: Vec::new(),
        });
    }

    /// Reads /V as written in the revision that introduced it.
    fn read_value(
        &mut self,
        v: &Object,
        field: &Dictionary,
        field_id: Option<ObjectId>,
        rev: usize,
    ) -> SignatureValue {
        match v {
            Object::Dictionary(d) => {
                // A direct /V lives in the field object; its revision is the field's.
                let (field_rev, in_objstm) = match field_id.map(|id| self.doc.resolve(id, rev)) {
                    Some(Ok(Some(IndirectObject {
                        revision, location, ..
                    }))) => (
                        revision,
                        matches!(location, ObjectLocation::ObjectStream { .. }),
                    ),
                    _ => (rev, field.span.is_none()),
                };
                SignatureValue::Signed(Box::new(read_dictionary(
                    self.doc,
                    d,
                    None,
                    field_rev,
                    in_objstm,
                    Vec::new(),
                )))
            }
            Object::Reference(id) => self.read_versioned(*id, rev),
            other => {
                SignatureValue::Malformed(format!("/V is a {}, not a dictionary", other.kind()))
            }
        }
    }

    fn read_versioned(&mut self, id: ObjectId, rev: usize) -> SignatureValue {
        // The versions of this object number that lead, without a free entry, to the one
        // visible at `rev`.
        let versions: Vec<(usize, XrefEntry)> = self
            .doc
            .object_versions(id.num)
            .into_iter()
            .filter(|(r, _)| *r <= rev)
            .collect();
        let mut chain: Vec<usize> = Vec::new();
        for (r, entry) in versions.iter().rev() {
            if matches!(entry, XrefEntry::Free { .. }) {
                break;
            }
            chain.push(*r);
        }
        chain.reverse();
        let later: Vec<usize> = self
            .doc
            .object_versions(id.num)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        let mut last_error = None;
        for (i, r) in chain.iter().enumerate() {
            match self.doc.resolve(id, *r) {
                Ok(Some(obj)) => {
                    let Some(d) = obj.object.as_dict() else {
                        last_error = Some(format!(
                            "/V {id} is a {}, not a dictionary",
                            obj.object.kind()
                        ));
                        continue;
                    };
                    if i + 1 < chain.len() && !structure::is_signature_like(d) {
                        // An unrelated earlier use of the object number.
                        continue;
                    }
                    let in_objstm = matches!(obj.location, ObjectLocation::ObjectStream { .. });
                    let redefined: Vec<usize> = later.iter().copied().filter(|x| x > r).collect();
                    return SignatureValue::Signed(Box::new(read_dictionary(
                        self.doc,
                        d,
                        Some(id),
                        obj.revision,
                        in_objstm,
                        redefined,
                    )));
                }
                Ok(None) => last_error = Some(format!("/V {id} is not defined")),
                Err(e) => last_error = Some(format!("/V {id} cannot be read: {e}")),
            }
        }
        SignatureValue::Malformed(last_error.unwrap_or_else(|| format!("/V {id} is not defined")))
    }

    /// The newest revision's pages and the signature-capable widgets on them.
    fn walk_pages(&mut self, root: &Dictionary, rev: usize) -> Pages {
        let mut pages = Pages::default();
        let Some(start) = root.get(b"Pages") else {
            return pages;
        };
        let max_depth = self.doc.limits().max_depth;
        let tree = structure::walk_pages(self.doc, start, rev, &mut self.budget, max_depth);
        self.tree_problems(rev, tree.problems);
        for (index, page) in tree.pages.iter().enumerate() {
            if let Some(id) = page.id {
                pages.index.insert(id, index);
            }
            for annot in structure::annotations(self.doc, &page.dict, rev) {
                if !self.tick() {
                    break;
                }
                let Some(aid) = annot.as_reference() else {
                    continue;
                };
                let Some(ad) = self.dict_of(&annot, rev) else {
                    continue;
                };
                if ad.get_name(b"Subtype") == Some(b"Widget") {
                    pages
                        .widgets
                        .insert(aid, (index, structure::rect(self.doc, &ad, rev)));
                }
            }
        }
        pages
    }
}

#[derive(Debug, Default, Clone)]
struct Pages {
    /// Page object → zero-based index.
    index: HashMap<ObjectId, usize>,
    /// Widget annotation → (page index, /Rect).
    widgets: std::collections::BTreeMap<ObjectId, (usize, Option<[f64; 4]>)>,
}
