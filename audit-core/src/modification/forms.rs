//! Changes to form fields, widgets, signature fields and annotations: filling a field or
//! signing a prepared one, a new signature and where its widget is drawn (Sneaky Signature), an
//! appearance stream overwritten or shared, annotations added, changed or removed.

use std::collections::BTreeSet;

use super::change::{annotation_changed, raw, Class, Raw};
use super::compare::{changed_keys, keys_text, visible};
use super::diff::Ctx;
use super::overlap;
use super::survey::{self, FieldInfo};
use crate::pdf::structure;
use crate::pdf::{Dictionary, Object, ObjectId};
use crate::report::ChangeKind;

impl Ctx<'_, '_, '_> {
    /// The dictionary of object `id` as of revision `rev`, if it is one.
    fn dict_at(&self, id: ObjectId, rev: usize) -> Option<Dictionary> {
        self.doc
            .resolve(id, rev)
            .ok()
            .flatten()
            .and_then(|o| o.object.as_dict().cloned())
    }

    /// Whether any of `widgets` draws something in this revision.
    fn any_visible(&self, widgets: &[ObjectId]) -> bool {
        widgets.iter().any(|w| {
            self.dict_at(*w, self.rev)
                .is_some_and(|d| visible(self.doc, &d, self.rev, true))
        })
    }

    /// An appearance stream changed in place: form filling only when it belongs to exactly one
    /// widget and nothing else uses it (pyHanko's `form-update-*-sneaky*.pdf`).
    pub(super) fn appearance_overwritten(&self, id: ObjectId, ro: u32, out: &mut Vec<Raw>) {
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
                .dict_at(owner, self.rev)
                .and_then(|d| d.get_name(b"Subtype").map(<[u8]>::to_vec))
                .unwrap_or_default();
            out.push(annotation_changed(id, subtype));
        }
    }

    /// A pre-existing field or widget changed: only /V, /AS and /AP (with an appearance of its
    /// own) may change, i.e. filling in the field or signing an empty signature field.
    pub(super) fn field_changed(
        &self,
        id: ObjectId,
        old: &Object,
        new: &Object,
        out: &mut Vec<Raw>,
    ) {
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

    pub(super) fn appearance_reuses_shared(&self, owner: ObjectId, ap: Option<&Object>) -> bool {
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
    pub(super) fn signature_class(
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
        let is_visible = self.any_visible(widgets);
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
    pub(super) fn covers_text(&self, widgets: &[ObjectId]) -> bool {
        let rect_at = |id: ObjectId, rev: usize| {
            self.dict_at(id, rev)
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
    pub(super) fn fields(&self, out: &mut Vec<Raw>, explained: &mut BTreeSet<ObjectId>) {
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

    pub(super) fn new_field(&self, id: ObjectId, info: &FieldInfo) -> Raw {
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
            r.visible = self.any_visible(&info.widgets);
            r
        }
    }

    /// Annotations added to or removed from page /Annots.
    pub(super) fn annotations(&self, out: &mut Vec<Raw>, explained: &BTreeSet<ObjectId>) {
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

    pub(super) fn added_annotation(&self, id: ObjectId) -> Option<Raw> {
        let dict = self.dict_at(id, self.rev)?;
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
}
