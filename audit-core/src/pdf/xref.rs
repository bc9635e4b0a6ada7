//! Cross-reference sections (ISO 32000-2 §7.5.4 tables, §7.5.8 streams, §7.5.8.4 hybrids).
//!
//! Each section is read exactly where its startxref or /Prev says; the only tolerance is
//! white-space before the `xref` keyword or object header, which is recorded.

use super::error::{Anomaly, PdfError};
use super::filters;
use super::lexer::{is_whitespace, Token};
use super::object::{Dictionary, Object, Span};
use super::parser::{delimit_stream, Parser};
use crate::limits::{Budget, Limits};

/// One cross-reference entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefEntry {
    /// Type 0 / `f`: the object number is free.
    Free { next: u32, generation: u16 },
    /// Type 1 / `n`: the object starts at `offset`.
    InUse { offset: usize, generation: u16 },
    /// Type 2: object `index` of the object stream `stream` (generation 0).
    Compressed { stream: u32, index: u32 },
}

/// How a section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefKind {
    Table,
    Stream,
}

/// One cross-reference section with its trailer.
#[derive(Debug, Clone, PartialEq)]
pub struct XrefSection {
    /// Where the section starts (the `xref` keyword or the stream's object header).
    pub offset: usize,
    pub kind: XrefKind,
    /// Entries in file order (first entry kept on duplicates).
    pub entries: Vec<(u32, XrefEntry)>,
    /// The trailer dictionary (for a stream: the stream dictionary).
    pub trailer: Dictionary,
    /// From the section start to the end of the trailer dictionary / `endobj`.
    pub span: Span,
    pub prev: Option<usize>,
    /// /XRefStm of a classic trailer (hybrid file).
    pub xref_stm: Option<usize>,
}

/// Shared counters while reading a document's sections.
#[derive(Debug)]
pub(crate) struct SectionBudget {
    pub entries: Budget,
    pub decoded: Budget,
}

fn offset_value(
    obj: Option<&Object>,
    at: usize,
    what: &'static str,
) -> Result<Option<usize>, PdfError> {
    match obj {
        None => Ok(None),
        Some(Object::Integer(i)) => usize::try_from(*i).map(Some).map_err(|_| PdfError::Xref {
            offset: at,
            message: what,
        }),
        Some(_) => Err(PdfError::Xref {
            offset: at,
            message: what,
        }),
    }
}

/// Reads the section at `offset`.
pub(crate) fn parse_section(
    bytes: &[u8],
    offset: usize,
    limits: &Limits,
    budget: &mut SectionBudget,
    anomalies: &mut Vec<Anomaly>,
) -> Result<XrefSection, PdfError> {
    if offset >= bytes.len() {
        return Err(PdfError::Xref {
            offset,
            message: "offset beyond the end of the file",
        });
    }
    let mut start = offset;
    while bytes.get(start).is_some_and(|b| is_whitespace(*b)) {
        start += 1;
    }
    if start != offset {
        anomalies.push(Anomaly::XrefOffsetAdjusted {
            offset,
            skipped: start - offset,
        });
    }
    let mut section = if bytes.get(start..start + 4) == Some(b"xref") {
        parse_table(bytes, start, limits, budget, anomalies)?
    } else if bytes.get(start).is_some_and(u8::is_ascii_digit) {
        parse_stream(bytes, start, limits, budget, anomalies)?
    } else {
        return Err(PdfError::Xref {
            offset,
            message: "no `xref` keyword or xref stream here",
        });
    };
    section.prev = offset_value(section.trailer.get(b"Prev"), start, "invalid /Prev")?;
    if section.kind == XrefKind::Table {
        section.xref_stm =
            offset_value(section.trailer.get(b"XRefStm"), start, "invalid /XRefStm")?;
    }
    Ok(section)
}

fn parse_table(
    bytes: &[u8],
    start: usize,
    limits: &Limits,
    budget: &mut SectionBudget,
    anomalies: &mut Vec<Anomaly>,
) -> Result<XrefSection, PdfError> {
    let mut p = Parser::new(bytes, start + 4, true, limits.max_depth);
    let mut entries: Vec<(u32, XrefEntry)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut layout_reported = false;
    loop {
        let (token, span) = p.lexer.expect_token()?;
        match token {
            Token::Keyword(b"trailer") => break,
            Token::Integer(first) => {
                let (count_tok, _) = p.lexer.expect_token()?;
                let Token::Integer(count) = count_tok else {
                    return Err(PdfError::Xref {
                        offset: span.start,
                        message: "malformed subsection header",
                    });
                };
                let first = u32::try_from(first).map_err(|_| PdfError::Xref {
                    offset: span.start,
                    message: "invalid first object number",
                })?;
                let count = u32::try_from(count).map_err(|_| PdfError::Xref {
                    offset: span.start,
                    message: "invalid entry count",
                })?;
                if first.checked_add(count).is_none() {
                    return Err(PdfError::Xref {
                        offset: span.start,
                        message: "object numbers overflow",
                    });
                }
                for i in 0..count {
                    let num = first + i;
                    let (t1, s1) = p.lexer.expect_token()?;
                    let (t2, s2) = p.lexer.expect_token()?;
                    let (t3, s3) = p.lexer.expect_token()?;
                    let (Token::Integer(field1), Token::Integer(generation), Token::Keyword(kind)) =
                        (t1, t2, t3)
                    else {
                        return Err(PdfError::Xref {
                            offset: s1.start,
                            message: "malformed entry",
                        });
                    };
                    // §7.5.4: "nnnnnnnnnn ggggg n" + 2-byte EOL, exactly 20 bytes.
                    let eol_ok = bytes
                        .get(s3.end..s3.end + 2)
                        .is_some_and(|e| e.iter().all(|b| is_whitespace(*b)));
                    if !layout_reported
                        && (s1.len() != 10
                            || s2.len() != 5
                            || s2.start != s1.end + 1
                            || s3.start != s2.end + 1
                            || s3.len() != 1
                            || !eol_ok)
                    {
                        layout_reported = true;
                        anomalies.push(Anomaly::XrefEntryLayout { offset: s1.start });
                    }
                    let generation = u16::try_from(generation).map_err(|_| PdfError::Xref {
                        offset: s2.start,
                        message: "generation out of range",
                    })?;
                    let entry = match kind {
                        b"n" => XrefEntry::InUse {
                            offset: usize::try_from(field1).map_err(|_| PdfError::Xref {
                                offset: s1.start,
                                message: "negative offset",
                            })?,
                            generation,
                        },
                        b"f" => XrefEntry::Free {
                            next: u32::try_from(field1).map_err(|_| PdfError::Xref {
                                offset: s1.start,
                                message: "invalid free-list link",
                            })?,
                            generation,
                        },
                        _ => {
                            return Err(PdfError::Xref {
                                offset: s3.start,
                                message: "entry type is not n or f",
                            })
                        }
                    };
                    if !budget.entries.take(1) {
                        return Err(PdfError::TooManyObjects {
                            limit: limits.max_objects,
                        });
                    }
                    if seen.insert(num) {
                        entries.push((num, entry));
                    } else {
                        anomalies.push(Anomaly::DuplicateXrefEntry {
                            offset: s1.start,
                            num,
                        });
                    }
                }
            }
            _ => {
                return Err(PdfError::Xref {
                    offset: span.start,
                    message: "expected a subsection or `trailer`",
                })
            }
        }
    }
    let trailer = match p.parse_object(0)? {
        Object::Dictionary(d) => d,
        _ => {
            return Err(PdfError::Xref {
                offset: start,
                message: "trailer is not a dictionary",
            })
        }
    };
    let end = trailer.span.map_or(p.lexer.pos(), |s| s.end);
    Ok(XrefSection {
        offset: start,
        kind: XrefKind::Table,
        entries,
        trailer,
        span: Span { start, end },
        prev: None,
        xref_stm: None,
    })
}

fn parse_stream(
    bytes: &[u8],
    start: usize,
    limits: &Limits,
    budget: &mut SectionBudget,
    anomalies: &mut Vec<Anomaly>,
) -> Result<XrefSection, PdfError> {
    let bad = |message| PdfError::Xref {
        offset: start,
        message,
    };
    let mut p = Parser::new(bytes, start, true, limits.max_depth);
    let head = p.parse_indirect()?;
    let Object::Dictionary(dict) = head.object else {
        return Err(bad("xref stream object is not a stream"));
    };
    let Some(keyword_end) = head.stream_keyword_end else {
        return Err(bad("xref stream object is not a stream"));
    };
    if !dict.has_name(b"Type", b"XRef") {
        return Err(bad("stream at startxref is not /Type /XRef"));
    }
    // §7.5.8.2: the values of an xref stream dictionary are direct objects.
    let length = match dict.get(b"Length") {
        Some(Object::Integer(n)) => usize::try_from(*n).ok(),
        _ => return Err(bad("xref stream /Length is not a direct integer")),
    };
    let (data, after) = delimit_stream(bytes, keyword_end, length, anomalies)?;
    let raw = bytes
        .get(data.start..data.end)
        .ok_or(PdfError::OutOfBounds { offset: data.start })?;
    let specs = filters::filter_specs(dict.get(b"Filter"), dict.get(b"DecodeParms"))
        .ok_or(bad("malformed /Filter or /DecodeParms"))?;
    let limit = limits.max_decoded_stream.min(budget.decoded.remaining());
    let decoded = filters::decode(raw, &specs, limit).map_err(|e| match e {
        filters::FilterError::LimitExceeded => PdfError::DecodeLimit {
            offset: start,
            limit,
        },
        filters::FilterError::Unsupported(name) => PdfError::UnsupportedFilter {
            offset: start,
            name,
        },
        filters::FilterError::Corrupt(message) => PdfError::Filter {
            offset: start,
            message,
        },
    })?;
    budget.decoded.take(decoded.len());

    let widths: Vec<usize> = match dict.get(b"W") {
        Some(Object::Array(items)) if items.len() == 3 => items
            .iter()
            .map(|o| match o {
                Object::Integer(i) if (0..=8).contains(i) => usize::try_from(*i).ok(),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or(bad("invalid /W"))?,
        _ => return Err(bad("missing or invalid /W")),
    };
    let (w0, w1, w2) = match widths.as_slice() {
        [a, b, c] => (*a, *b, *c),
        _ => return Err(bad("invalid /W")),
    };
    let row = w0 + w1 + w2;
    if row == 0 {
        return Err(bad("/W describes empty entries"));
    }
    let size = dict
        .get_integer(b"Size")
        .and_then(|s| u32::try_from(s).ok())
        .ok_or(bad("missing or invalid /Size"))?;
    let index: Vec<(u32, u32)> = match dict.get(b"Index") {
        None => vec![(0, size)],
        Some(Object::Array(items)) if items.len() % 2 == 0 => items
            .chunks(2)
            .map(|c| match c {
                [Object::Integer(a), Object::Integer(b)] => {
                    Some((u32::try_from(*a).ok()?, u32::try_from(*b).ok()?))
                }
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or(bad("invalid /Index"))?,
        Some(_) => return Err(bad("invalid /Index")),
    };
    let mut entries = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut pos = 0usize;
    let read = |from: usize, width: usize| -> u64 {
        decoded.get(from..from + width).map_or(0, |b| {
            b.iter().fold(0u64, |acc, x| acc << 8 | u64::from(*x))
        })
    };
    for (first, count) in index {
        if first.checked_add(count).is_none() {
            return Err(bad("object numbers overflow"));
        }
        let needed = usize::try_from(count)
            .ok()
            .and_then(|c| c.checked_mul(row))
            .ok_or(bad("entry count overflows"))?;
        if pos
            .checked_add(needed)
            .is_none_or(|end| end > decoded.len())
        {
            return Err(bad("xref stream data shorter than /Index and /W describe"));
        }
        for i in 0..count {
            let num = first + i;
            let entry_type = if w0 == 0 { 1 } else { read(pos, w0) };
            let f2 = read(pos + w0, w1);
            let f3 = read(pos + w0 + w1, w2);
            pos += row;
            if !budget.entries.take(1) {
                return Err(PdfError::TooManyObjects {
                    limit: limits.max_objects,
                });
            }
            let entry = match entry_type {
                0 => XrefEntry::Free {
                    next: u32::try_from(f2).unwrap_or(0),
                    generation: u16::try_from(f3).unwrap_or(u16::MAX),
                },
                1 => XrefEntry::InUse {
                    offset: usize::try_from(f2).map_err(|_| bad("offset out of range"))?,
                    generation: u16::try_from(f3).map_err(|_| bad("generation out of range"))?,
                },
                2 => XrefEntry::Compressed {
                    stream: u32::try_from(f2)
                        .map_err(|_| bad("object stream number out of range"))?,
                    index: u32::try_from(f3)
                        .map_err(|_| bad("object stream index out of range"))?,
                },
                other => {
                    anomalies.push(Anomaly::UnknownXrefEntryType {
                        offset: start,
                        entry_type: other,
                    });
                    continue;
                }
            };
            if seen.insert(num) {
                entries.push((num, entry));
            } else {
                anomalies.push(Anomaly::DuplicateXrefEntry { offset: start, num });
            }
        }
    }
    if pos < decoded.len() {
        anomalies.push(Anomaly::XrefStreamExtraData { offset: start });
    }
    // The section ends after `endobj` (or `endstream` if `endobj` is missing).
    let mut end = after;
    let mut q = after;
    while bytes.get(q).is_some_and(|b| is_whitespace(*b)) {
        q += 1;
    }
    if bytes.get(q..q + 6) == Some(b"endobj") {
        end = q + 6;
    } else {
        anomalies.push(Anomaly::MissingEndobj { offset: after });
    }
    Ok(XrefSection {
        offset: start,
        kind: XrefKind::Stream,
        entries,
        trailer: dict,
        span: Span { start, end },
        prev: None,
        xref_stm: None,
    })
}
