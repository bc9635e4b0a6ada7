//! What every reachable object *is* in one revision: a bounded walk from the trailer that tags
//! each indirect object with the roles under which the document uses it (catalog, page tree node,
//! page, content stream, page resource, annotation, widget, form field, appearance stream,
//! signature value, DSS, metadata …).
//!
//! The difference analysis needs this because a changed object is judged by what it is used for:
//! a changed content stream or font is a shadow attack (anchors.md §6.2), a changed appearance
//! stream is form filling only when no other object uses it (pyHanko's reference tracker,
//! `form-update-*-sneaky*.pdf`). Roles come from references only (ISO 32000-2 §7.7 document
//! structure, §12.5 annotations, §12.7 interactive forms, §12.8.4.3 DSS), never from scanning.
//! The page tree and the field tree are walked by [`crate::pdf::structure`], the same walk the
//! signature locator uses; this module owns the roles.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::limits::Budget;
use crate::pdf::structure::{self, FieldNode, TreeProblem};
use crate::pdf::{Dictionary, Document, Object, ObjectId};

/// Role bits (an object may have several).
pub(super) const CATALOG: u32 = 1;
pub(super) const PAGE_TREE: u32 = 1 << 1;
pub(super) const PAGE: u32 = 1 << 2;
pub(super) const CONTENT: u32 = 1 << 3;
pub(super) const RESOURCE: u32 = 1 << 4;
pub(super) const ANNOTATION: u32 = 1 << 5;
pub(super) const WIDGET: u32 = 1 << 6;
pub(super) const FIELD: u32 = 1 << 7;
pub(super) const APPEARANCE: u32 = 1 << 8;
pub(super) const SIG_VALUE: u32 = 1 << 9;
pub(super) const DSS: u32 = 1 << 10;
pub(super) const METADATA: u32 = 1 << 11;
pub(super) const INFO: u32 = 1 << 12;
pub(super) const PERMS: u32 = 1 << 13;
pub(super) const ACROFORM: u32 = 1 << 14;
pub(super) const FORM_RESOURCE: u32 = 1 << 15;
pub(super) const ANNOTS_ARRAY: u32 = 1 << 16;
pub(super) const FIELDS_ARRAY: u32 = 1 << 17;
pub(super) const OTHER: u32 = 1 << 18;
/// The catalog's name dictionary (§7.7.4).
pub(super) const NAMES: u32 = 1 << 19;
/// Appearance streams in the /Names /AP tree (icons viewers use for new annotations).
pub(super) const NAMED_APPEARANCE: u32 = 1 << 20;
/// The catalog's developer extensions (§7.12): version declarations, nothing shown.
pub(super) const EXTENSIONS: u32 = 1 << 21;
/// The logical structure tree (§14.7): tags for accessibility and reflow, nothing drawn.
pub(super) const STRUCT: u32 = 1 << 22;

/// The walking context of one item (one role, bit values above).
type Role = u32;

/// A terminal form field (§12.7.4.1) as seen in one revision.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FieldInfo {
    /// Fully qualified name (§12.7.4.2).
    pub name: String,
    /// /FT, own or inherited.
    pub ft: Option<String>,
    /// /V as written (possibly a reference).
    pub value: Option<Object>,
    /// Its widget annotations (the field itself when merged).
    pub widgets: Vec<ObjectId>,
}

/// The roles of one revision.
#[derive(Debug, Default)]
pub(super) struct Survey {
    pub roles: HashMap<ObjectId, u32>,
    /// Appearance object → the annotations whose /AP reaches it.
    pub owners: HashMap<ObjectId, BTreeSet<ObjectId>>,
    /// Page → the annotation references in its /Annots.
    pub page_annots: BTreeMap<ObjectId, BTreeSet<ObjectId>>,
    /// Terminal fields reached through /AcroForm /Fields.
    pub fields: BTreeMap<ObjectId, FieldInfo>,
    /// Widget → its terminal field.
    pub widget_field: HashMap<ObjectId, ObjectId>,
    pub catalog: Option<Dictionary>,
    /// The walk stopped at a limit: the roles are incomplete (fail closed).
    pub incomplete: bool,
}

impl Survey {
    pub fn roles_of(&self, id: ObjectId) -> u32 {
        self.roles.get(&id).copied().unwrap_or(0)
    }

    /// The terminal field shown by `id` (a widget, or a merged field/widget).
    pub fn field_of(&self, id: ObjectId) -> Option<(ObjectId, &FieldInfo)> {
        if let Some(f) = self.fields.get(&id) {
            return Some((id, f));
        }
        let fid = *self.widget_field.get(&id)?;
        self.fields.get(&fid).map(|f| (fid, f))
    }
}

#[derive(Debug)]
struct Item {
    obj: Object,
    role: Role,
    depth: usize,
    /// For appearance items: the annotation whose /AP this is.
    owner: Option<ObjectId>,
}

struct Walker<'d, 'a> {
    doc: &'d Document<'a>,
    rev: usize,
    budget: Budget,
    /// (object, role, appearance owner).
    visited: HashSet<(ObjectId, Role, Option<ObjectId>)>,
    stack: Vec<Item>,
    out: Survey,
}

/// Surveys revision `rev`.
pub(super) fn survey(doc: &Document<'_>, rev: usize) -> Survey {
    let mut w = Walker {
        doc,
        rev,
        budget: Budget::new(doc.limits().max_tree_nodes),
        visited: HashSet::new(),
        stack: Vec::new(),
        out: Survey::default(),
    };
    let Some(trailer) = doc.revisions.get(rev).map(|r| r.trailer.clone()) else {
        return w.out;
    };
    w.out.catalog = doc.catalog(rev).ok().flatten();
    if let Some(root) = trailer.get(b"Root") {
        w.push(root.clone(), CATALOG, 0, None);
    }
    if let Some(info) = trailer.get(b"Info") {
        w.push(info.clone(), INFO, 0, None);
    }
    w.run();
    w.out
}

impl Walker<'_, '_> {
    fn push(&mut self, obj: Object, role: Role, depth: usize, owner: Option<ObjectId>) {
        // Scalars reference nothing.
        if matches!(
            obj,
            Object::Reference(_) | Object::Array(_) | Object::Dictionary(_) | Object::Stream(_)
        ) {
            self.stack.push(Item {
                obj,
                role,
                depth,
                owner,
            });
        }
    }

    fn mark(&mut self, id: ObjectId, bits: u32) {
        *self.out.roles.entry(id).or_insert(0) |= bits;
    }

    fn run(&mut self) {
        let max_depth = self.doc.limits().max_depth;
        while let Some(item) = self.stack.pop() {
            if item.role == PAGE_TREE {
                // The page tree is walked as a whole by `pdf::structure`.
                self.page_tree(&item.obj, item.depth);
                continue;
            }
            if !self.budget.take(1) {
                self.out.incomplete = true;
                return;
            }
            if item.depth > max_depth {
                self.out.incomplete = true;
                continue;
            }
            let (id, value) = match &item.obj {
                Object::Reference(id) => {
                    let owner = if item.role == APPEARANCE {
                        item.owner
                    } else {
                        None
                    };
                    if !self.visited.insert((*id, item.role, owner)) {
                        // Still record another owner of a shared appearance.
                        if item.role == APPEARANCE {
                            if let Some(o) = item.owner {
                                self.out.owners.entry(*id).or_default().insert(o);
                            }
                        }
                        continue;
                    }
                    match self.doc.resolve(*id, self.rev) {
                        Ok(Some(o)) => (Some(*id), o.object),
                        _ => continue,
                    }
                }
                other => (None, other.clone()),
            };
            self.expand(id, value, item);
        }
    }

    fn expand(&mut self, id: Option<ObjectId>, value: Object, item: Item) {
        let depth = item.depth + 1;
        let dict = value.as_dict().cloned();
        let mut role = item.role;
        // Refine the role from what the object says it is.
        if role == ANNOTATION
            && dict
                .as_ref()
                .is_some_and(|d| d.has_name(b"Subtype", b"Widget"))
        {
            role = WIDGET;
        }
        if let Some(id) = id {
            let mut bits = role;
            if role == FIELD
                && dict
                    .as_ref()
                    .is_some_and(|d| d.has_name(b"Subtype", b"Widget"))
            {
                bits |= WIDGET;
            }
            self.mark(id, bits);
            if role == APPEARANCE {
                if let Some(o) = item.owner {
                    self.out.owners.entry(id).or_default().insert(o);
                }
            }
        }
        match role {
            CATALOG => self.catalog(dict, depth),
            WIDGET | ANNOTATION => self.annotation(id, dict, depth),
            FIELD => self.field(id, dict, depth),
            ACROFORM => self.acroform(dict, depth),
            NAMES => {
                for (k, v) in dict.map(|d| d.entries).unwrap_or_default() {
                    let role = if k.as_bytes() == b"AP" {
                        NAMED_APPEARANCE
                    } else {
                        OTHER
                    };
                    self.push(v, role, depth, None);
                }
            }
            PERMS => {
                for (_, v) in dict.map(|d| d.entries).unwrap_or_default() {
                    self.push(v, SIG_VALUE, depth, None);
                }
            }
            STRUCT => {
                // Structure elements point back at pages, annotations and streams (/Pg, /Obj,
                // /Stm); those keep their own roles.
                if let Object::Array(items) = &value {
                    for v in items {
                        self.push(v.clone(), STRUCT, depth, None);
                    }
                }
                for (k, v) in dict.map(|d| d.entries).unwrap_or_default() {
                    if !matches!(
                        k.as_bytes(),
                        b"P" | b"Parent" | b"Pg" | b"Obj" | b"Stm" | b"StmOwn"
                    ) {
                        self.push(v, STRUCT, depth, None);
                    }
                }
            }
            _ => self.generic(&value, role, depth, item.owner),
        }
    }

    /// Every child keeps the role (resources, content, DSS, metadata, appearance …), except
    /// back-pointers to parents and pages.
    fn generic(&mut self, value: &Object, role: Role, depth: usize, owner: Option<ObjectId>) {
        match value {
            Object::Array(items) => {
                for v in items {
                    self.push(v.clone(), role, depth, owner);
                }
            }
            Object::Dictionary(_) | Object::Stream(_) => {
                if let Some(d) = value.as_dict() {
                    for (k, v) in &d.entries {
                        // Back-pointers, and a signature reference's /Data (the catalog it
                        // certifies, §12.8.1 Table 256), are not part of what points to them.
                        if matches!(k.as_bytes(), b"Parent" | b"P" | b"Data") {
                            continue;
                        }
                        self.push(v.clone(), role, depth, owner);
                    }
                }
            }
            _ => {}
        }
    }

    fn catalog(&mut self, dict: Option<Dictionary>, depth: usize) {
        for (k, v) in dict.map(|d| d.entries).unwrap_or_default() {
            let role = match k.as_bytes() {
                b"Pages" => PAGE_TREE,
                b"AcroForm" => ACROFORM,
                b"DSS" => DSS,
                b"Metadata" => METADATA,
                b"Perms" => PERMS,
                b"Names" => NAMES,
                b"Extensions" => EXTENSIONS,
                b"StructTreeRoot" => STRUCT,
                _ => OTHER,
            };
            self.push(v, role, depth, None);
        }
    }

    /// How much deeper than `depth` a structure walk may go (`None`, and the survey incomplete,
    /// when `depth` is already beyond the bound).
    fn room(&mut self, depth: usize) -> Option<usize> {
        let room = self.doc.limits().max_depth.checked_sub(depth);
        if room.is_none() {
            self.out.incomplete = true;
        }
        room
    }

    /// A structure walk that stopped at a bound leaves the roles incomplete (fail closed).
    fn note_walk(&mut self, truncated: bool, problems: &[TreeProblem]) {
        if truncated || problems.contains(&TreeProblem::BudgetExhausted) {
            self.out.incomplete = true;
        }
    }

    /// The page tree from the catalog's /Pages (`root`, an item at `depth`): intermediate nodes
    /// and pages get their roles; their other entries are page resources, contents and
    /// annotations.
    fn page_tree(&mut self, root: &Object, depth: usize) {
        let Some(room) = self.room(depth) else {
            return;
        };
        let tree = structure::walk_pages(self.doc, root, self.rev, &mut self.budget, room);
        self.note_walk(tree.truncated, &tree.problems);
        for node in tree.nodes {
            if let Some(id) = node.id {
                self.mark(id, PAGE_TREE);
            }
            for (k, v) in node.dict.entries {
                if !matches!(k.as_bytes(), b"Parent" | b"Kids") {
                    self.push(v, RESOURCE, depth + node.depth + 1, None);
                }
            }
        }
        for page in tree.pages {
            if let Some(id) = page.id {
                self.mark(id, PAGE);
            }
            self.page(page.id, page.dict, depth + page.depth + 1);
        }
    }

    fn page(&mut self, id: Option<ObjectId>, dict: Dictionary, depth: usize) {
        if let Some(pid) = id {
            self.out.page_annots.entry(pid).or_default();
        }
        for (k, v) in dict.entries {
            match k.as_bytes() {
                b"Parent" => {}
                b"Contents" => self.push(v, CONTENT, depth, None),
                b"Annots" => {
                    if let Some(aid) = v.as_reference() {
                        self.mark(aid, ANNOTS_ARRAY);
                    }
                    let list = match self.doc.deref(&v, self.rev) {
                        Ok(Object::Array(a)) => a,
                        _ => Vec::new(),
                    };
                    let mut set = BTreeSet::new();
                    for a in list {
                        if let Some(r) = a.as_reference() {
                            set.insert(r);
                        }
                        self.push(a, ANNOTATION, depth, None);
                    }
                    if let Some(pid) = id {
                        self.out.page_annots.entry(pid).or_default().extend(set);
                    }
                }
                _ => self.push(v, RESOURCE, depth, None),
            }
        }
    }

    fn value_role(&self, v: &Object) -> Role {
        if structure::is_signature_value(self.doc, v, self.rev) {
            SIG_VALUE
        } else {
            FIELD
        }
    }

    fn annotation(&mut self, id: Option<ObjectId>, dict: Option<Dictionary>, depth: usize) {
        for (k, v) in dict.map(|d| d.entries).unwrap_or_default() {
            match k.as_bytes() {
                b"P" | b"IRT" => {}
                b"Parent" => self.push(v, FIELD, depth, None),
                b"Popup" => self.push(v, ANNOTATION, depth, None),
                b"V" | b"DV" => {
                    let role = self.value_role(&v);
                    self.push(v, role, depth, None);
                }
                b"Lock" | b"SV" => self.push(v, SIG_VALUE, depth, None),
                b"Kids" => {}
                // /AP, /MK icons, actions: what the annotation shows or does.
                _ => self.push(v, APPEARANCE, depth, id),
            }
        }
    }

    fn acroform(&mut self, dict: Option<Dictionary>, depth: usize) {
        for (k, v) in dict.map(|d| d.entries).unwrap_or_default() {
            match k.as_bytes() {
                b"Fields" => {
                    if let Some(fid) = v.as_reference() {
                        self.mark(fid, FIELDS_ARRAY);
                    }
                    let list = match self.doc.deref(&v, self.rev) {
                        Ok(Object::Array(a)) => a,
                        _ => Vec::new(),
                    };
                    self.field_tree(&list, depth);
                }
                b"DR" => self.push(v, FORM_RESOURCE, depth, None),
                // Calculation order lists fields already reached through /Fields.
                b"CO" => {}
                _ => self.push(v, OTHER, depth, None),
            }
        }
    }

    /// The field tree from /AcroForm /Fields (entries at `depth`): terminal fields are recorded
    /// with their names and widgets; every node's own entries are walked as a field's.
    fn field_tree(&mut self, roots: &[Object], depth: usize) {
        let Some(room) = self.room(depth) else {
            return;
        };
        let tree = structure::walk_fields(self.doc, roots, self.rev, &mut self.budget, room);
        self.note_walk(tree.truncated, &tree.problems);
        for node in tree.fields {
            self.field_node(node, depth);
        }
    }

    fn field_node(&mut self, node: FieldNode, base: usize) {
        let depth = base + node.depth + 1;
        let merged = node.is_merged_widget();
        if let Some(id) = node.id {
            self.mark(id, if merged { FIELD | WIDGET } else { FIELD });
            if node.is_terminal() {
                self.out.fields.insert(
                    id,
                    FieldInfo {
                        name: node.name.clone().unwrap_or_default(),
                        ft: node.field_type.clone(),
                        value: node.dict.get_non_null(b"V").cloned(),
                        widgets: if merged { vec![id] } else { Vec::new() },
                    },
                );
            }
        }
        for widget in node.widget_kids {
            if let (Some(wid), Some(fid)) = (widget.as_reference(), node.id) {
                self.out.widget_field.insert(wid, fid);
                if let Some(f) = self.out.fields.get_mut(&fid) {
                    if !f.widgets.contains(&wid) {
                        f.widgets.push(wid);
                    }
                }
            }
            // The widget annotation itself: walked like any field object (roles FIELD, WIDGET).
            self.push(widget, FIELD, depth, None);
        }
        self.field_entries(node.id, node.dict, depth);
    }

    /// A field or widget object reached outside the field tree (through an annotation's
    /// /Parent or a widget kid): its own entries and its kids.
    fn field(&mut self, id: Option<ObjectId>, dict: Option<Dictionary>, depth: usize) {
        let Some(dict) = dict else {
            return;
        };
        if let Some(kids) = dict.get(b"Kids") {
            if let Ok(Object::Array(kids)) = self.doc.deref(kids, self.rev) {
                for kid in kids {
                    self.push(kid, FIELD, depth, None);
                }
            }
        }
        self.field_entries(id, dict, depth);
    }

    /// A field's entries other than the tree links (/Parent, /Kids, /P, /IRT).
    fn field_entries(&mut self, id: Option<ObjectId>, dict: Dictionary, depth: usize) {
        for (k, v) in dict.entries {
            match k.as_bytes() {
                b"Parent" | b"P" | b"IRT" | b"Kids" => {}
                b"V" | b"DV" => {
                    let role = self.value_role(&v);
                    self.push(v, role, depth, None);
                }
                b"Lock" | b"SV" => self.push(v, SIG_VALUE, depth, None),
                b"Popup" => self.push(v, ANNOTATION, depth, None),
                b"AP" | b"MK" | b"A" | b"AA" => self.push(v, APPEARANCE, depth, id),
                _ => self.push(v, FIELD, depth, None),
            }
        }
    }
}
