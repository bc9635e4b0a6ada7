//! The revision history of a file (ISO 32000-2 §7.5.5 file trailer, §7.5.6 incremental updates):
//! every `%%EOF` marker, the cross-reference chain from the last `startxref` through /Prev and
//! hybrid /XRefStm streams, and the revisions it adds up to, oldest first. Bytes that no revision
//! accounts for are reported as anomalies here, never repaired.
//!
//! This module owns *structure reading*; objects are read later, on demand, by [`super::resolve`].

use std::collections::{BTreeMap, HashMap, HashSet};

use super::error::{Anomaly, PdfError};
use super::lexer::{find_bytes, is_whitespace, Token};
use super::revision::{EofMarker, Revision, XrefContainer};
use super::xref::{parse_section, SectionBudget, XrefEntry, XrefKind, XrefSection};
use crate::limits::{Budget, Limits};

/// Most `%%EOF` markers examined (each costs a short backward scan).
const MAX_EOF_MARKERS: usize = 100_000;
/// Most `%%EOF` markers that end no revision reported individually.
const MAX_UNMATCHED_MARKERS: usize = 1000;
/// Most earlier markers tried when the newest startxref is unusable, and most unreachable
/// sections parsed to classify unmatched markers.
const MAX_FALLBACK_ATTEMPTS: usize = 32;

/// What reading the structure of a file found.
#[derive(Debug)]
pub(super) struct History {
    /// Oldest (index 0) to newest.
    pub revisions: Vec<Revision>,
    /// Every `%%EOF` marker, in file order.
    pub eof_markers: Vec<EofMarker>,
    pub anomalies: Vec<Anomaly>,
    /// Offset of `%PDF-`.
    pub header_offset: usize,
    /// Bytes decoded while reading cross-reference streams (counted against the document's
    /// decoding limit).
    pub decoded: usize,
}

/// Reads the header, every `%%EOF` marker, the /Prev chain from the last startxref (falling back
/// to earlier markers when the newest is unusable, reported), and the revisions.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<History, PdfError> {
    if bytes.len() > limits.max_file_size {
        return Err(PdfError::FileTooLarge {
            size: bytes.len(),
            limit: limits.max_file_size,
        });
    }
    let mut anomalies = Vec::new();
    let window = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let header_offset = find_bytes(window, b"%PDF-", 0).ok_or(PdfError::NoHeader)?;
    if header_offset != 0 {
        anomalies.push(Anomaly::HeaderNotAtStart {
            offset: header_offset,
        });
    }
    let version = bytes
        .get(header_offset + 5..header_offset + 8)
        .unwrap_or_default();
    if !matches!(version, [a, b'.', c] if a.is_ascii_digit() && c.is_ascii_digit()) {
        anomalies.push(Anomaly::IllegalHeaderVersion {
            offset: header_offset,
        });
    }
    let eof_markers = scan_eof_markers(bytes, &mut anomalies);

    let mut budget = SectionBudget {
        entries: Budget::new(limits.max_objects),
        decoded: Budget::new(limits.max_decoded_document),
    };
    let candidates: Vec<(Option<usize>, usize)> = if eof_markers.is_empty() {
        tail_startxref(bytes)
            .map(|s| (None, s))
            .into_iter()
            .collect()
    } else {
        eof_markers
            .iter()
            .rev()
            .filter_map(|m| m.startxref.map(|s| (Some(m.offset), s)))
            .take(MAX_FALLBACK_ATTEMPTS)
            .collect()
    };
    let newest_marker = eof_markers.last().map(|m| (m.offset, m.startxref));
    let mut first_error: Option<PdfError> = None;
    let mut chain = None;
    for (marker, start) in candidates {
        let mut attempt_anomalies = Vec::new();
        match build_chain(bytes, start, limits, &mut budget, &mut attempt_anomalies) {
            Ok(c) => {
                if let (Some(err), Some((newest, xref))) = (&first_error, newest_marker) {
                    anomalies.push(Anomaly::NewestXrefUnusable {
                        marker: newest,
                        xref,
                        error: err.to_string(),
                    });
                } else if first_error.is_none() && marker != newest_marker.map(|m| m.0) {
                    // The newest marker has no startxref at all.
                    if let Some((newest, xref)) = newest_marker {
                        anomalies.push(Anomaly::NewestXrefUnusable {
                            marker: newest,
                            xref,
                            error: "no startxref before the last %%EOF".to_owned(),
                        });
                    }
                }
                anomalies.extend(attempt_anomalies);
                chain = Some(c);
                break;
            }
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(e);
                }
            }
        }
    }
    let Some(chain) = chain else {
        return Err(first_error.unwrap_or(PdfError::NoStartxref));
    };

    let revisions = build_revisions(chain, &eof_markers, &mut anomalies);
    classify_markers(bytes, &revisions, &eof_markers, limits, &mut anomalies);

    Ok(History {
        revisions,
        eof_markers,
        anomalies,
        header_offset,
        decoded: limits
            .max_decoded_document
            .saturating_sub(budget.decoded.remaining()),
    })
}

/// Finds every `%%EOF` and the `startxref <offset>` right before it.
fn scan_eof_markers(bytes: &[u8], anomalies: &mut Vec<Anomaly>) -> Vec<EofMarker> {
    let mut markers = Vec::new();
    let mut from = 0;
    while let Some(p) = find_bytes(bytes, b"%%EOF", from) {
        if markers.len() >= MAX_EOF_MARKERS {
            anomalies.push(Anomaly::TooManyEofMarkers {
                limit: MAX_EOF_MARKERS,
            });
            break;
        }
        let marker_end = p + 5;
        let end = match (bytes.get(marker_end), bytes.get(marker_end + 1)) {
            (Some(b'\r'), Some(b'\n')) => marker_end + 2,
            (Some(b'\r' | b'\n'), _) => marker_end + 1,
            _ => marker_end,
        };
        markers.push(EofMarker {
            offset: p,
            marker_end,
            end,
            startxref: startxref_before(bytes, p),
        });
        from = marker_end;
    }
    markers
}

/// Parses `startxref <digits>` followed only by white-space up to `marker`.
fn startxref_before(bytes: &[u8], marker: usize) -> Option<usize> {
    let window_start = marker.saturating_sub(64);
    let window = bytes.get(window_start..marker)?;
    let rel = window.windows(9).rposition(|w| w == b"startxref")?;
    let mut p = window_start + rel + 9;
    while bytes.get(p).is_some_and(|b| is_whitespace(*b)) {
        p += 1;
    }
    let digits_start = p;
    let mut value: usize = 0;
    while let Some(d) = bytes.get(p).filter(|b| b.is_ascii_digit()) {
        value = value.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
        p += 1;
    }
    if p == digits_start {
        return None;
    }
    while p < marker && bytes.get(p).is_some_and(|b| is_whitespace(*b)) {
        p += 1;
    }
    (p == marker).then_some(value)
}

/// Without any `%%EOF`: the last `startxref <digits>` in the final 1 KiB (truncated file).
fn tail_startxref(bytes: &[u8]) -> Option<usize> {
    let from = bytes.len().saturating_sub(1024);
    let tail = bytes.get(from..)?;
    let rel = tail.windows(9).rposition(|w| w == b"startxref")?;
    let mut lexer = super::lexer::Lexer::new(bytes, from + rel + 9);
    match lexer.next_token() {
        Ok(Some((Token::Integer(n), _))) => usize::try_from(n).ok(),
        _ => None,
    }
}

/// One revision's sections as found on the chain.
struct Group {
    pointed: usize,
    /// Sections reached through startxref or /Prev, in lookup precedence order.
    sections: Vec<XrefSection>,
    /// Hybrid /XRefStm streams of those sections (§7.5.8.4), with `owns_entries` false when an
    /// older revision references the same stream (its entries belong to the oldest one).
    hidden: Vec<(XrefSection, bool)>,
}

/// Follows startxref and /Prev (with loop detection) and the hybrid /XRefStm streams. Returns
/// the sections newest first, grouped into revisions.
fn build_chain(
    bytes: &[u8],
    start: usize,
    limits: &Limits,
    budget: &mut SectionBudget,
    anomalies: &mut Vec<Anomaly>,
) -> Result<Vec<Group>, PdfError> {
    let mut visited = HashSet::new();
    let mut groups: Vec<Group> = Vec::new();
    // Hidden stream offset → (group index, position in its `hidden`) of the latest reference.
    let mut hidden_refs: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut next = Some((start, false));
    let mut count = 0usize;
    while let Some((offset, same_group)) = next {
        count += 1;
        if count > limits.max_revisions {
            return Err(PdfError::TooManyRevisions {
                limit: limits.max_revisions,
            });
        }
        if !visited.insert(offset) {
            return Err(PdfError::PrevLoop { offset });
        }
        let section = parse_section(bytes, offset, limits, budget, anomalies)?;
        let hidden = match section.xref_stm {
            None => None,
            Some(stm) => {
                // Update trailers often repeat the original /XRefStm: read it again (its entries
                // are attributed to the oldest revision referencing it, below).
                let hidden = parse_section(bytes, stm, limits, budget, anomalies)?;
                if hidden.kind != XrefKind::Stream {
                    return Err(PdfError::Xref {
                        offset: stm,
                        message: "/XRefStm does not point to an xref stream",
                    });
                }
                anomalies.push(Anomaly::HybridXref {
                    table: section.offset,
                    stream: hidden.offset,
                });
                Some((stm, hidden))
            }
        };
        let section_offset = section.offset;
        let prev = section.prev;
        if groups.is_empty() || !same_group {
            groups.push(Group {
                pointed: offset,
                sections: Vec::new(),
                hidden: Vec::new(),
            });
        }
        let group_index = groups.len() - 1;
        if let Some(g) = groups.last_mut() {
            g.sections.push(section);
            if let Some((stm, hidden)) = hidden {
                g.hidden.push((hidden, true));
                let position = g.hidden.len() - 1;
                if let Some((gi, hi)) = hidden_refs.insert(stm, (group_index, position)) {
                    if let Some(h) = groups.get_mut(gi).and_then(|g| g.hidden.get_mut(hi)) {
                        h.1 = false;
                    }
                }
            }
        }
        // A /Prev pointing forward: linearized first-page section → main section (Annex F).
        next = prev.map(|p| (p, p > section_offset));
        if let Some(p) = prev.filter(|p| *p > section_offset) {
            anomalies.push(Anomaly::ForwardPrev {
                section: section_offset,
                prev: p,
            });
        }
    }
    Ok(groups)
}

fn build_revisions(
    groups: Vec<Group>,
    markers: &[EofMarker],
    anomalies: &mut Vec<Anomaly>,
) -> Vec<Revision> {
    let mut revisions: Vec<Revision> = Vec::with_capacity(groups.len());
    let groups: Vec<Group> = groups.into_iter().rev().collect();
    let lower_bounds: Vec<usize> = groups
        .iter()
        .map(|g| {
            g.sections
                .iter()
                .map(|s| s.span.start)
                .min()
                .unwrap_or(g.pointed)
        })
        .collect();
    for (index, group) in groups.into_iter().enumerate() {
        let mut entries = BTreeMap::new();
        let mut xrefs = Vec::new();
        let mut hybrid = false;
        let mut trailer = None;
        let mut max_end = 0usize;
        for section in group.sections {
            hybrid |= section.xref_stm.is_some();
            max_end = max_end.max(section.span.end);
            xrefs.push(XrefContainer {
                kind: section.kind,
                span: section.span,
            });
            for (num, entry) in section.entries {
                entries.entry(num).or_insert(entry);
            }
            if trailer.is_none() {
                trailer = Some(section.trailer);
            }
        }
        // §7.5.8.4: a hybrid table's own entries take precedence over its /XRefStm stream's.
        for (hidden, owns_entries) in group.hidden {
            xrefs.push(XrefContainer {
                kind: hidden.kind,
                span: hidden.span,
            });
            if owns_entries {
                for (num, entry) in hidden.entries {
                    entries.entry(num).or_insert(entry);
                }
            }
        }
        let upper = lower_bounds.get(index + 1).copied().unwrap_or(usize::MAX);
        let in_range: Vec<&EofMarker> = markers
            .iter()
            .filter(|m| m.offset >= max_end && m.offset < upper)
            .collect();
        let eof = match in_range.iter().find(|m| m.startxref == Some(group.pointed)) {
            Some(m) => Some(**m),
            None => {
                let fallback = in_range.first().map(|m| **m);
                match fallback {
                    Some(m) => anomalies.push(Anomaly::StartxrefMismatch {
                        revision: index,
                        marker: m.offset,
                    }),
                    None => anomalies.push(Anomaly::MissingEofMarker { revision: index }),
                }
                fallback
            }
        };
        let start = match revisions.last() {
            None => 0,
            Some(prev) => prev
                .end()
                .unwrap_or_else(|| prev.xrefs.iter().map(|x| x.span.end).max().unwrap_or(0)),
        };
        let first = lower_bounds.get(index).copied().unwrap_or(0);
        if index > 0 && first < start {
            anomalies.push(Anomaly::RevisionOrder { revision: index });
        }
        let trailer = trailer.unwrap_or_default();
        if let (Some(prev), Some(size)) = (revisions.last(), trailer.get_integer(b"Size")) {
            if prev.trailer.get_integer(b"Size").is_some_and(|p| size < p) {
                anomalies.push(Anomaly::SizeDecreased { revision: index });
            }
        }
        if let Some(end) = eof.map(|m| m.end) {
            let beyond = entries
                .iter()
                .filter_map(|(num, e)| match e {
                    XrefEntry::InUse { offset, .. } if *offset >= end => Some((*num, *offset)),
                    _ => None,
                })
                .take(16);
            for (num, offset) in beyond {
                anomalies.push(Anomaly::EntryBeyondRevision {
                    revision: index,
                    num,
                    offset,
                });
            }
        }
        revisions.push(Revision {
            index,
            startxref: group.pointed,
            xrefs,
            hybrid,
            trailer,
            entries,
            start,
            eof,
        });
    }
    revisions
}

/// Reports `%%EOF` markers that end no revision, revisions not reachable through /Prev, and bytes
/// after the newest revision: the "unaccounted bytes" facts the modification analysis needs.
fn classify_markers(
    bytes: &[u8],
    revisions: &[Revision],
    markers: &[EofMarker],
    limits: &Limits,
    anomalies: &mut Vec<Anomaly>,
) {
    let used: HashSet<usize> = revisions
        .iter()
        .filter_map(|r| r.eof.map(|m| m.offset))
        .collect();
    let pointed: HashSet<usize> = revisions.iter().map(|r| r.startxref).collect();
    let mut attempts = 0usize;
    // One small shared budget: classifying markers must not cost more than reading the file.
    let mut scratch = SectionBudget {
        entries: Budget::new(limits.max_objects),
        decoded: Budget::new(limits.max_decoded_stream.min(16 * 1024 * 1024)),
    };
    for (count, m) in markers
        .iter()
        .filter(|m| !used.contains(&m.offset))
        .enumerate()
    {
        if count >= MAX_UNMATCHED_MARKERS {
            anomalies.push(Anomaly::TooManyEofMarkers {
                limit: MAX_UNMATCHED_MARKERS,
            });
            break;
        }
        let within = revisions
            .iter()
            .find(|r| {
                r.span()
                    .is_some_and(|s| m.offset >= s.start && m.offset < s.end)
            })
            .map(|r| r.index);
        anomalies.push(Anomaly::UnmatchedEofMarker {
            offset: m.offset,
            startxref: m.startxref,
            within_revision: within,
        });
        if let Some(x) = m.startxref.filter(|x| !pointed.contains(x)) {
            if attempts < MAX_FALLBACK_ATTEMPTS {
                attempts += 1;
                if parse_section(bytes, x, limits, &mut scratch, &mut Vec::new()).is_ok() {
                    anomalies.push(Anomaly::UnreachableRevision {
                        marker: m.offset,
                        xref: x,
                    });
                }
            }
        }
    }
    if let Some(end) = revisions.last().and_then(Revision::end) {
        if end < bytes.len() {
            let rest = bytes.get(end..).unwrap_or_default();
            anomalies.push(Anomaly::TrailingBytes {
                start: end,
                len: rest.len(),
                only_whitespace: rest.iter().all(|b| is_whitespace(*b)),
                mentions_byte_range: find_bytes(rest, b"/ByteRange", 0).is_some(),
            });
        }
    }
}
