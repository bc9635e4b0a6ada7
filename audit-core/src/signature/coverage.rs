//! What a signature covers (ISO 32000-2 §12.8.1; PAdES EN 319 142-1 §5.1): the check that
//! defeats Universal Signature Forgery and Signature Wrapping (anchors.md §6.1, §7 items 2-3).
//!
//! A signature covers a whole revision only when:
//! - /ByteRange is `[0 a b c]` within the file ([`parse_byte_range`]);
//! - the gap `[a, b)` is exactly this dictionary's /Contents hex string token, `<` to `>`, with
//!   nothing else in it, and the dictionary itself lies in the signed bytes;
//! - the signed zone ends at the end of a revision (its `%%EOF`, optionally with the EOL) whose
//!   startxref and cross-reference data lie inside the signed zone, and that revision is the one
//!   that introduced the signature dictionary;
//! - no other signature's gap collides with it.
//!
//! Anything else is [`Coverage::Partial`] with the precise problems; this module states facts and
//! leaves the verdict to the policy.

use super::byte_range::{parse_byte_range, ByteRange, ByteRangeProblem};
use super::located::{SignatureField, SignatureValue};
use crate::pdf::{Document, Object, Span, StringForm, XrefEntry};
use crate::report::Coverage;

/// Why a signature's coverage is not a whole revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverageProblem {
    /// The signature dictionary could not be read at all.
    SignatureUnreadable(String),
    ByteRange(ByteRangeProblem),
    ContentsMissing,
    ContentsNull,
    /// /Contents is not a string (the kind found).
    ContentsNotString(&'static str),
    /// /Contents is a literal `( … )` string, not hex (§12.8.1 requires a hex string in the gap).
    ContentsNotHex,
    ContentsEmpty,
    /// The hex token contains white-space or an odd number of digits.
    ContentsNotPlainHex,
    /// The dictionary is in an object stream: its /Contents has no place in the file.
    DictionaryInObjectStream,
    /// The gap is not exactly the /Contents token.
    GapNotContents {
        gap: Span,
        contents: Option<Span>,
    },
    /// The signature dictionary is not entirely within the signed bytes plus the gap.
    DictionaryNotSigned {
        dictionary: Option<Span>,
    },
    /// The signed zone does not end at the end of any revision of the /Prev chain.
    NotAtRevisionEnd {
        end: usize,
    },
    /// The signed revision's startxref points outside the signed bytes.
    StartxrefNotSigned {
        revision: usize,
        startxref: usize,
    },
    /// The `startxref` before the `%%EOF` ending the signed zone points elsewhere than the signed
    /// revision's cross-reference section.
    EofStartxrefMismatch {
        revision: usize,
        found: Option<usize>,
    },
    /// A cross-reference container of the signed revision lies outside the signed bytes.
    XrefNotSigned {
        revision: usize,
        xref: Span,
    },
    /// The signature dictionary is not physically within the bytes of the signed revision (its
    /// cross-reference entry points back into an earlier revision's bytes).
    DictionaryOutsideRevision {
        revision: usize,
        dictionary: Option<Span>,
    },
    /// A cross-reference entry visible at the signed revision points at or beyond the end of the
    /// signed zone: that object's bytes were never signed and can be changed at will.
    ObjectOutsideSignedZone {
        num: u32,
        offset: usize,
    },
    /// The signed revision is not the one that introduced the signature dictionary.
    RevisionMismatch {
        introduced: usize,
        signed: usize,
    },
    /// This signature's gap collides with another signature (index into the field list): the
    /// gaps overlap, or an earlier-ending signature's signed bytes contain this gap.
    Collision {
        other: usize,
    },
}

impl CoverageProblem {
    /// True when the problem means the signature cannot even be evaluated (ETSI FORMAT_FAILURE):
    /// malformed /ByteRange or /Contents, or a gap that is not the /Contents token.
    pub fn is_format_failure(&self) -> bool {
        !matches!(
            self,
            CoverageProblem::NotAtRevisionEnd { .. }
                | CoverageProblem::StartxrefNotSigned { .. }
                | CoverageProblem::XrefNotSigned { .. }
                | CoverageProblem::RevisionMismatch { .. }
        )
    }
}

/// The coverage facts of one signature.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageReport {
    pub coverage: Coverage,
    /// The validated /ByteRange, when well-formed (hash [`super::signed_slices`] of it).
    pub byte_range: Option<ByteRange>,
    /// The revision whose end the signed zone reaches.
    pub signed_revision: Option<usize>,
    pub problems: Vec<CoverageProblem>,
}

impl CoverageReport {
    /// True when any problem is a format failure (see [`CoverageProblem::is_format_failure`]).
    pub fn has_format_failure(&self) -> bool {
        self.problems.iter().any(CoverageProblem::is_format_failure)
    }
}

/// Evaluates the coverage of every field that holds a signature value (unsigned fields get
/// `None`), in the order of `fields`.
pub fn evaluate_all(doc: &Document<'_>, fields: &[SignatureField]) -> Vec<Option<CoverageReport>> {
    let file_len = doc.bytes().len();
    let ranges = consistent_ranges(fields, file_len);
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| match f.value {
            SignatureValue::Unsigned => None,
            _ => Some(evaluate_with(doc, f, i, &ranges)),
        })
        .collect()
}

/// Evaluates the coverage of `fields[index]`, checking collisions against the other fields.
pub fn evaluate(doc: &Document<'_>, fields: &[SignatureField], index: usize) -> CoverageReport {
    let file_len = doc.bytes().len();
    let ranges = consistent_ranges(fields, file_len);
    match fields.get(index) {
        Some(f) => evaluate_with(doc, f, index, &ranges),
        None => partial(vec![CoverageProblem::SignatureUnreadable(
            "no such signature".to_owned(),
        )]),
    }
}

/// The byte ranges of the signatures whose gap is exactly their own /Contents token: only those
/// can collide with another signature (a bogus dictionary copying a genuine signature's
/// /ByteRange is flagged itself, it does not taint the genuine one).
fn consistent_ranges(fields: &[SignatureField], file_len: usize) -> Vec<Option<ByteRange>> {
    fields
        .iter()
        .map(|f| {
            let d = f.dictionary()?;
            let range = parse_byte_range(d.byte_range.as_ref(), file_len).ok()?;
            let contents = match &d.contents {
                Some(Object::String(s)) => s.span,
                _ => None,
            };
            (contents == Some(range.gap())).then_some(range)
        })
        .collect()
}

fn partial(problems: Vec<CoverageProblem>) -> CoverageReport {
    CoverageReport {
        coverage: Coverage::Partial,
        byte_range: None,
        signed_revision: None,
        problems,
    }
}

fn intersects(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn evaluate_with(
    doc: &Document<'_>,
    field: &SignatureField,
    index: usize,
    ranges: &[Option<ByteRange>],
) -> CoverageReport {
    let dict = match &field.value {
        SignatureValue::Signed(d) => d,
        SignatureValue::Malformed(e) => {
            return partial(vec![CoverageProblem::SignatureUnreadable(e.clone())])
        }
        SignatureValue::Unsigned => return partial(vec![CoverageProblem::ContentsMissing]),
    };
    let bytes = doc.bytes();
    let mut problems = Vec::new();

    // /Contents: a direct, plain hex string in the file.
    let contents_span = match &dict.contents {
        None => {
            problems.push(CoverageProblem::ContentsMissing);
            None
        }
        Some(Object::Null) => {
            problems.push(CoverageProblem::ContentsNull);
            None
        }
        Some(Object::String(s)) => {
            match s.form {
                StringForm::Literal => problems.push(CoverageProblem::ContentsNotHex),
                StringForm::Hex { plain: false } => {
                    problems.push(CoverageProblem::ContentsNotPlainHex)
                }
                StringForm::Hex { plain: true } => {}
            }
            if s.bytes.is_empty() {
                problems.push(CoverageProblem::ContentsEmpty);
            }
            s.span
        }
        Some(other) => {
            problems.push(CoverageProblem::ContentsNotString(other.kind()));
            None
        }
    };
    if dict.in_object_stream {
        problems.push(CoverageProblem::DictionaryInObjectStream);
    }

    let range = match parse_byte_range(dict.byte_range.as_ref(), bytes.len()) {
        Ok(r) => r,
        Err(p) => {
            problems.push(CoverageProblem::ByteRange(p));
            return partial(problems);
        }
    };
    let gap = range.gap();
    if contents_span != Some(gap) {
        problems.push(CoverageProblem::GapNotContents {
            gap,
            contents: contents_span,
        });
    }
    let end = range.signed_end();
    match dict.span {
        Some(s) if s.start < gap.start && s.end > gap.end && s.end <= end => {}
        other => problems.push(CoverageProblem::DictionaryNotSigned { dictionary: other }),
    }

    // The signed zone must end where a revision ends: at its `%%EOF`, or after it where only
    // white-space (the EOL, padding) follows the marker.
    let signed = doc.revisions.iter().find(|r| {
        r.eof.is_some_and(|m| {
            m.marker_end <= end
                && bytes.get(m.marker_end..end).is_some_and(|tail| {
                    tail.iter()
                        .all(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t' | 0 | 12))
                })
        })
    });
    let signed_revision = signed.map(|r| r.index);
    match signed {
        None => problems.push(CoverageProblem::NotAtRevisionEnd { end }),
        Some(rev) => {
            let in_signed = |s: Span| s.end <= end && !intersects(s, gap);
            if !in_signed(Span {
                start: rev.startxref,
                end: rev.startxref.saturating_add(1),
            }) {
                problems.push(CoverageProblem::StartxrefNotSigned {
                    revision: rev.index,
                    startxref: rev.startxref,
                });
            }
            if let Some(m) = rev.eof.filter(|m| m.startxref != Some(rev.startxref)) {
                problems.push(CoverageProblem::EofStartxrefMismatch {
                    revision: rev.index,
                    found: m.startxref,
                });
            }
            for x in &rev.xrefs {
                if !in_signed(x.span) {
                    problems.push(CoverageProblem::XrefNotSigned {
                        revision: rev.index,
                        xref: x.span,
                    });
                }
            }
            if !dict
                .span
                .is_some_and(|d| d.start >= rev.start && d.end <= end)
            {
                problems.push(CoverageProblem::DictionaryOutsideRevision {
                    revision: rev.index,
                    dictionary: dict.span,
                });
            }
            // Every object the signed revision can see must lie in the signed bytes.
            let outside = doc
                .revisions
                .iter()
                .take(rev.index + 1)
                .flat_map(|r| r.entries.iter())
                .filter_map(|(num, e)| match e {
                    XrefEntry::InUse { offset, .. }
                        if *offset >= end || (*offset >= gap.start && *offset < gap.end) =>
                    {
                        Some(CoverageProblem::ObjectOutsideSignedZone {
                            num: *num,
                            offset: *offset,
                        })
                    }
                    _ => None,
                })
                .take(16);
            problems.extend(outside);
            if rev.index != dict.revision {
                problems.push(CoverageProblem::RevisionMismatch {
                    introduced: dict.revision,
                    signed: rev.index,
                });
            }
        }
    }

    for (j, other) in ranges.iter().enumerate() {
        let Some(other) = other.filter(|_| j != index) else {
            continue;
        };
        let other_gap = other.gap();
        let collides = intersects(gap, other_gap)
            || (other.signed_end() <= end
                && intersects(
                    gap,
                    Span {
                        start: 0,
                        end: other.signed_end(),
                    },
                ));
        if collides {
            problems.push(CoverageProblem::Collision { other: j });
        }
    }

    let coverage = if !problems.is_empty() {
        Coverage::Partial
    } else if end == bytes.len() {
        Coverage::EntireFile
    } else {
        Coverage::EntireRevision
    };
    CoverageReport {
        coverage,
        byte_range: Some(range),
        signed_revision,
        problems,
    }
}
