//! The document structure that signatures live in, walked once per revision: the page tree
//! (ISO 32000-2 §7.7.3) and the interactive form's field tree (§12.7.4), with what both the
//! signature locator and the modification analysis need to know about their nodes.
//!
//! This module owns the *walks* (cycle detection, the shared node budget, depth bounds, fully
//! qualified field names, inherited /FT, which kids are fields and which are widgets) and the two
//! readings both consumers share: whether a dictionary is a signature value
//! ([`is_signature_like`]) and an annotation's rectangle ([`rect`]). What a node *means*
//! (a signature field to verify, an object whose change is judged) is decided by the consumers,
//! `signature::locate` and `modification::survey`.

use std::collections::HashSet;

use super::document::Document;
use super::object::{Dictionary, Object, ObjectId};
use crate::limits::Budget;

/// What stopped or disturbed a walk. Facts only: the consumers decide what they mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeProblem {
    /// A node reached a second time (a cycle or a shared subtree); it was visited once.
    Circular(ObjectId),
    /// The node budget ran out; the rest of the tree was not visited.
    BudgetExhausted,
    /// A node, or a kid being classified, could not be read.
    Unreadable(String),
}

/// A node of the page tree: an intermediate /Pages node or a page (§7.7.3.2, §7.7.3.3).
#[derive(Debug, Clone, PartialEq)]
pub struct PageNode {
    /// The node's object, when it is an indirect reference (as it should be).
    pub id: Option<ObjectId>,
    pub dict: Dictionary,
    /// Distance from the root of the page tree (the root is 0).
    pub depth: usize,
}

/// One revision's page tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTree {
    /// Intermediate nodes, in walk order.
    pub nodes: Vec<PageNode>,
    /// Pages in document order (index = zero-based page number).
    pub pages: Vec<PageNode>,
    pub problems: Vec<TreeProblem>,
    /// Some nodes at the depth bound have kids, which were not entered.
    pub truncated: bool,
}

/// A node of the field tree (§12.7.4.1), with what it inherits from its ancestors.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldNode {
    pub id: Option<ObjectId>,
    pub dict: Dictionary,
    /// Fully qualified name (§12.7.4.2): the partial names (/T) of the path joined with `.`;
    /// `None` while no node of the path has a /T.
    pub name: Option<String>,
    /// /FT, the node's own or inherited (e.g. `Sig`).
    pub field_type: Option<String>,
    /// Kids that are fields themselves (a /T, or /Kids or /FT without being a widget), in order.
    pub field_kids: Vec<Object>,
    /// Kids that are this field's widget annotations (§12.7.4.1: a terminal field's kids).
    pub widget_kids: Vec<Object>,
    /// Distance from the /AcroForm /Fields array (its entries are 0).
    pub depth: usize,
}

impl FieldNode {
    /// A field without field kids: the one that holds a value (§12.7.4.1 "terminal field").
    pub fn is_terminal(&self) -> bool {
        self.field_kids.is_empty()
    }

    /// The node is its own (only) widget: field and widget annotation merged (§12.7.4.1).
    pub fn is_merged_widget(&self) -> bool {
        self.dict.has_name(b"Subtype", b"Widget")
    }
}

/// One revision's field tree, in depth-first order of /AcroForm /Fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldTree {
    pub fields: Vec<FieldNode>,
    pub problems: Vec<TreeProblem>,
    /// Some nodes at the depth bound have field kids, which were not entered.
    pub truncated: bool,
}

/// §12.8.1: /Type /Sig or /DocTimeStamp, or (/Type being optional) both /ByteRange and /Contents.
pub fn is_signature_like(d: &Dictionary) -> bool {
    d.has_name(b"Type", b"Sig")
        || d.has_name(b"Type", b"DocTimeStamp")
        || (d.contains_key(b"ByteRange") && d.contains_key(b"Contents"))
}

/// Whether `value` (a field's /V, possibly a reference) is a signature dictionary.
pub fn is_signature_value(doc: &Document<'_>, value: &Object, rev: usize) -> bool {
    matches!(doc.deref(value, rev), Ok(Object::Dictionary(d)) if is_signature_like(&d))
}

/// An annotation's /Rect `[llx lly urx ury]` (§12.5.2): four numbers, each possibly indirect.
/// Entries that are not numbers are passed over; anything but four numbers is no rectangle.
pub fn rect(doc: &Document<'_>, dict: &Dictionary, rev: usize) -> Option<[f64; 4]> {
    let r = doc.deref(dict.get(b"Rect")?, rev).ok()?;
    let numbers: Vec<f64> = r
        .as_array()?
        .iter()
        .filter_map(|i| doc.deref(i, rev).ok().and_then(|o| o.as_number()))
        .collect();
    match numbers.as_slice() {
        [a, b, c, d] => Some([*a, *b, *c, *d]),
        _ => None,
    }
}

/// A page's /Annots array (§12.5.1), its entries as written (usually references); empty when
/// absent or not an array.
pub fn annotations(doc: &Document<'_>, page: &Dictionary, rev: usize) -> Vec<Object> {
    match page.get(b"Annots").map(|a| doc.deref(a, rev)) {
        Some(Ok(Object::Array(items))) => items,
        _ => Vec::new(),
    }
}

/// The dictionary of `obj` (following references) as of `rev`; unreadable objects are reported.
fn dict_of(
    doc: &Document<'_>,
    obj: &Object,
    rev: usize,
    problems: &mut Vec<TreeProblem>,
) -> Option<Dictionary> {
    match doc.deref(obj, rev) {
        Ok(o) => o.as_dict().cloned(),
        Err(e) => {
            problems.push(TreeProblem::Unreadable(e.to_string()));
            None
        }
    }
}

/// The array `key` of `dict` (following references), if it is one.
fn array_of(doc: &Document<'_>, dict: &Dictionary, key: &[u8], rev: usize) -> Option<Vec<Object>> {
    dict.get(key)
        .and_then(|k| doc.deref(k, rev).ok())
        .and_then(|k| k.as_array().map(<[Object]>::to_vec))
}

/// Walks the page tree rooted at `root` (the catalog's /Pages) as of revision `rev`, taking one
/// unit of `budget` per node. A node with a /Kids array that is not `/Type /Page` is an
/// intermediate node; any other node is a page. Kids of nodes at `max_depth` are not entered.
pub fn walk_pages(
    doc: &Document<'_>,
    root: &Object,
    rev: usize,
    budget: &mut Budget,
    max_depth: usize,
) -> PageTree {
    let mut tree = PageTree::default();
    let mut stack = vec![(root.clone(), 0usize)];
    let mut visited = HashSet::new();
    while let Some((node, depth)) = stack.pop() {
        if !budget.take(1) {
            tree.problems.push(TreeProblem::BudgetExhausted);
            break;
        }
        let id = node.as_reference();
        if let Some(id) = id {
            if !visited.insert(id) {
                tree.problems.push(TreeProblem::Circular(id));
                continue;
            }
        }
        let Some(dict) = dict_of(doc, &node, rev, &mut tree.problems) else {
            continue;
        };
        match array_of(doc, &dict, b"Kids", rev) {
            Some(kids) if !dict.has_name(b"Type", b"Page") => {
                if depth < max_depth {
                    stack.extend(kids.into_iter().rev().map(|kid| (kid, depth + 1)));
                } else if !kids.is_empty() {
                    tree.truncated = true;
                }
                tree.nodes.push(PageNode { id, dict, depth });
            }
            _ => tree.pages.push(PageNode { id, dict, depth }),
        }
    }
    tree
}

/// Walks the field tree from `roots` (the /AcroForm /Fields entries) as of revision `rev`,
/// depth-first in order, taking one unit of `budget` per node. Field kids of nodes at
/// `max_depth` are not entered (the node itself is still listed).
pub fn walk_fields(
    doc: &Document<'_>,
    roots: &[Object],
    rev: usize,
    budget: &mut Budget,
    max_depth: usize,
) -> FieldTree {
    struct Pending {
        node: Object,
        parent_name: Option<String>,
        inherited_ft: Option<String>,
        depth: usize,
    }
    let mut tree = FieldTree::default();
    let mut stack: Vec<Pending> = roots
        .iter()
        .rev()
        .map(|node| Pending {
            node: node.clone(),
            parent_name: None,
            inherited_ft: None,
            depth: 0,
        })
        .collect();
    let mut visited: HashSet<ObjectId> = HashSet::new();
    while let Some(p) = stack.pop() {
        if !budget.take(1) {
            tree.problems.push(TreeProblem::BudgetExhausted);
            break;
        }
        let id = p.node.as_reference();
        if let Some(id) = id {
            if !visited.insert(id) {
                tree.problems.push(TreeProblem::Circular(id));
                continue;
            }
        }
        let Some(dict) = dict_of(doc, &p.node, rev, &mut tree.problems) else {
            continue;
        };
        let partial = dict
            .get(b"T")
            .and_then(|t| doc.deref(t, rev).ok())
            .and_then(|t| t.as_string().map(|s| s.to_text()));
        let name = match (&p.parent_name, partial) {
            (Some(parent), Some(t)) => Some(format!("{parent}.{t}")),
            (None, Some(t)) => Some(t),
            (parent, None) => parent.clone(),
        };
        let field_type = dict
            .get_name(b"FT")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .or(p.inherited_ft);
        // A kid with a partial name is a field; so is a kid that is not a widget annotation but
        // has kids or a field type of its own. Other kids are this field's widgets (a widget may
        // repeat its field's /FT).
        let mut field_kids = Vec::new();
        let mut widget_kids = Vec::new();
        for kid in array_of(doc, &dict, b"Kids", rev).unwrap_or_default() {
            let is_field = dict_of(doc, &kid, rev, &mut tree.problems).is_some_and(|d| {
                d.contains_key(b"T")
                    || (!d.has_name(b"Subtype", b"Widget")
                        && (d.contains_key(b"Kids") || d.contains_key(b"FT")))
            });
            if is_field {
                field_kids.push(kid);
            } else {
                widget_kids.push(kid);
            }
        }
        if p.depth < max_depth {
            stack.extend(field_kids.iter().rev().map(|kid| Pending {
                node: kid.clone(),
                parent_name: name.clone(),
                inherited_ft: field_type.clone(),
                depth: p.depth + 1,
            }));
        } else if !field_kids.is_empty() {
            tree.truncated = true;
        }
        tree.fields.push(FieldNode {
            id,
            dict,
            name,
            field_type,
            field_kids,
            widget_kids,
            depth: p.depth,
        });
    }
    tree
}
