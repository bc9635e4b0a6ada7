//! Comparison helpers: structural equality of objects that ignores where they sit in the file
//! ([`same`]), the keys whose values differ ([`changed_keys`]), what kind of resource an object
//! is, and whether an annotation draws anything.

use std::collections::BTreeSet;

use crate::pdf::structure;
use crate::pdf::{Dictionary, Document, Object};
use crate::report::ChangeKind;

pub(super) fn keys_text(keys: &[Vec<u8>]) -> String {
    keys.iter()
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn resource_kind(obj: &Object) -> ChangeKind {
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
pub(super) fn visible(doc: &Document<'_>, dict: &Dictionary, rev: usize, widget: bool) -> bool {
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
pub(super) fn changed_keys(doc: &Document<'_>, old: &Object, new: &Object) -> Vec<Vec<u8>> {
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
pub(super) fn same(doc: &Document<'_>, a: &Object, b: &Object) -> bool {
    same_at(doc, a, b, 0)
}

pub(super) fn same_at(doc: &Document<'_>, a: &Object, b: &Object, depth: usize) -> bool {
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

pub(super) fn same_dict(
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
