//! Where a page shows text (ISO 32000-2 §9.4 text objects, §8.4.4 graphics state): a cheap,
//! conservative estimate used to tell a signature widget stamped over the body text (Sneaky
//! Signature Attack, anchors.md §6.3) from an agency seal placed over the person's signature.
//!
//! Only the page's own content streams are read; each text-showing operator yields a box from
//! the text origin, the font size and the number of bytes shown (half an em per byte), mapped
//! through the text and current transformation matrices. Form XObjects are not entered.

use crate::pdf::{Document, Object, ObjectId};

/// Most tokens read from one page's content (bounded work on hostile streams).
const MAX_TOKENS: usize = 2_000_000;
/// Most text boxes kept per page.
const MAX_BOXES: usize = 100_000;

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Text boxes `[llx, lly, urx, ury]` in default user space of page `page` at revision `rev`.
pub(super) fn text_boxes(doc: &Document<'_>, page: ObjectId, rev: usize) -> Vec<[f64; 4]> {
    let Ok(Some(p)) = doc.resolve(page, rev) else {
        return Vec::new();
    };
    let Some(dict) = p.object.as_dict() else {
        return Vec::new();
    };
    let contents = match dict.get(b"Contents").map(|c| doc.deref(c, rev)) {
        Some(Ok(Object::Array(items))) => items,
        Some(Ok(other)) => vec![other],
        _ => Vec::new(),
    };
    let mut data = Vec::new();
    for c in contents.iter().take(1024) {
        if let Ok(Object::Stream(s)) = doc.deref(c, rev) {
            if let Ok(d) = doc.decode_stream(&s, rev) {
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
        }
    }
    scan(&data)
}

#[derive(Debug)]
enum Tok {
    Num(f64),
    Op(Vec<u8>),
    /// A string operand: its byte length.
    Str(usize),
    Other,
}

struct Lexer<'b> {
    data: &'b [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn next(&mut self) -> Option<Tok> {
        let d = self.data;
        while let Some(&b) = d.get(self.pos) {
            if b == b'%' {
                while d.get(self.pos).is_some_and(|c| *c != b'\n' && *c != b'\r') {
                    self.pos += 1;
                }
            } else if b.is_ascii_whitespace() || b == 0 {
                self.pos += 1;
            } else {
                break;
            }
        }
        let b = *d.get(self.pos)?;
        let start = self.pos;
        match b {
            b'(' => {
                let mut depth = 0usize;
                let mut len = 0usize;
                while let Some(&c) = d.get(self.pos) {
                    self.pos += 1;
                    match c {
                        b'\\' => {
                            self.pos += 1;
                            len += 1;
                        }
                        b'(' => {
                            depth += 1;
                            if depth > 1 {
                                len += 1;
                            }
                        }
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                            len += 1;
                        }
                        _ => len += 1,
                    }
                }
                Some(Tok::Str(len))
            }
            b'<' if d.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(Tok::Other)
            }
            b'>' if d.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                Some(Tok::Other)
            }
            b'<' => {
                let mut digits = 0usize;
                self.pos += 1;
                while let Some(&c) = d.get(self.pos) {
                    self.pos += 1;
                    if c == b'>' {
                        break;
                    }
                    if c.is_ascii_hexdigit() {
                        digits += 1;
                    }
                }
                Some(Tok::Str(digits.div_ceil(2)))
            }
            b'[' | b']' | b'{' | b'}' => {
                self.pos += 1;
                Some(Tok::Other)
            }
            b'/' => {
                self.pos += 1;
                while d.get(self.pos).is_some_and(|c| is_regular(*c)) {
                    self.pos += 1;
                }
                Some(Tok::Other)
            }
            _ => {
                while d.get(self.pos).is_some_and(|c| is_regular(*c)) {
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                    return Some(Tok::Other);
                }
                let word = d.get(start..self.pos).unwrap_or_default();
                if word
                    .first()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.'))
                {
                    let n = std::str::from_utf8(word)
                        .ok()
                        .and_then(|s| s.parse::<f64>().ok())
                        .filter(|n| n.is_finite());
                    return Some(n.map_or(Tok::Other, Tok::Num));
                }
                if word == b"ID" {
                    // Inline image data (§8.9.7): skip to `EI`.
                    while self.pos + 2 <= d.len() {
                        if d.get(self.pos..self.pos + 2) == Some(b"EI")
                            && d.get(self.pos - 1).is_some_and(u8::is_ascii_whitespace)
                        {
                            self.pos += 2;
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Tok::Other);
                }
                Some(Tok::Op(word.to_vec()))
            }
        }
    }
}

fn is_regular(c: u8) -> bool {
    !c.is_ascii_whitespace()
        && c != 0
        && !matches!(
            c,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

fn scan(data: &[u8]) -> Vec<[f64; 4]> {
    let mut lx = Lexer { data, pos: 0 };
    let mut nums: Vec<f64> = Vec::new();
    let mut shown = 0usize;
    let mut ctm = IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let (mut size, mut leading) = (12.0_f64, 0.0_f64);
    let mut out = Vec::new();
    for _ in 0..MAX_TOKENS {
        let Some(tok) = lx.next() else {
            break;
        };
        let op = match tok {
            Tok::Num(n) => {
                nums.push(n);
                if nums.len() > 16 {
                    nums.remove(0);
                }
                continue;
            }
            Tok::Str(len) => {
                shown = shown.saturating_add(len);
                continue;
            }
            Tok::Other => continue,
            Tok::Op(op) => op,
        };
        let last =
            |k: usize| -> Option<&[f64]> { nums.len().checked_sub(k).and_then(|s| nums.get(s..)) };
        match op.as_slice() {
            b"q" if stack.len() < 256 => stack.push(ctm),
            b"Q" => ctm = stack.pop().unwrap_or(IDENTITY),
            b"cm" => {
                if let Some(&[a, b, c, d, e, f]) = last(6) {
                    ctm = mul(&[a, b, c, d, e, f], &ctm);
                }
            }
            b"BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            b"Tf" => {
                if let Some(&[s]) = last(1) {
                    size = s.abs();
                }
            }
            b"TL" => {
                if let Some(&[l]) = last(1) {
                    leading = l;
                }
            }
            b"Tm" => {
                if let Some(&[a, b, c, d, e, f]) = last(6) {
                    tm = [a, b, c, d, e, f];
                    tlm = tm;
                }
            }
            b"Td" | b"TD" => {
                if let Some(&[x, y]) = last(2) {
                    if op.as_slice() == b"TD" {
                        leading = -y;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, x, y], &tlm);
                    tm = tlm;
                }
            }
            b"T*" | b"'" | b"\"" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            _ => {}
        }
        if matches!(op.as_slice(), b"Tj" | b"TJ" | b"'" | b"\"") && shown > 0 {
            #[allow(clippy::cast_precision_loss)]
            let width = shown as f64 * size * 0.5;
            let m = mul(&tm, &ctm);
            let corners = [
                apply(&m, 0.0, -0.2 * size),
                apply(&m, width, -0.2 * size),
                apply(&m, 0.0, size),
                apply(&m, width, size),
            ];
            let xs = corners.iter().map(|c| c.0);
            let ys = corners.iter().map(|c| c.1);
            let b = [
                xs.clone().fold(f64::INFINITY, f64::min),
                ys.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
                ys.fold(f64::NEG_INFINITY, f64::max),
            ];
            if b.iter().all(|v| v.is_finite()) && out.len() < MAX_BOXES {
                out.push(b);
            }
            // Advance roughly past the shown text (keeps later runs on the line apart).
            tm = mul(&[1.0, 0.0, 0.0, 1.0, width, 0.0], &tm);
        }
        // Operands belong to one operator only.
        nums.clear();
        shown = 0;
    }
    out
}

/// True when the two rectangles `[llx lly urx ury]` (any corner order) share an area.
pub(super) fn intersects(a: &[f64; 4], b: &[f64; 4]) -> bool {
    let norm = |r: &[f64; 4]| {
        [
            r[0].min(r[2]),
            r[1].min(r[3]),
            r[0].max(r[2]),
            r[1].max(r[3]),
        ]
    };
    let (a, b) = (norm(a), norm(b));
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_runs_become_boxes() {
        let boxes = scan(b"BT /F1 12 Tf 72 720 Td (Hello) Tj 0 -20 Td [(Wor) -20 (ld)] TJ ET");
        assert_eq!(boxes.len(), 2);
        assert!(intersects(&boxes[0], &[80.0, 715.0, 90.0, 725.0]));
        assert!(intersects(&boxes[1], &[80.0, 700.0, 90.0, 705.0]));
        assert!(!intersects(&boxes[0], &[300.0, 100.0, 400.0, 150.0]));
    }

    #[test]
    fn cm_and_tm_are_applied() {
        let boxes = scan(b"q 1 0 0 1 100 100 cm BT /F1 10 Tf 1 0 0 1 50 50 Tm (ab) Tj ET Q");
        assert_eq!(boxes.len(), 1);
        assert!(intersects(&boxes[0], &[151.0, 151.0, 152.0, 152.0]));
    }
}
