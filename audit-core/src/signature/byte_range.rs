//! /ByteRange (ISO 32000-2 §12.8.1, Table 255): the shape every verifiable signature must have,
//! `[0 a b c]`, checked with overflow-safe arithmetic. Any other shape is a Universal Signature
//! Forgery vector (missing, null, empty, odd values) and is refused, not interpreted.

use crate::pdf::{Object, Span};

/// A well-formed /ByteRange: the signed bytes are `[0, a)` and `[b, b + c)`; the gap `[a, b)`
/// holds the signature value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// Length of the first range (= start of the gap).
    pub first_len: usize,
    /// Start of the second range (= end of the gap).
    pub second_start: usize,
    /// Length of the second range.
    pub second_len: usize,
}

impl ByteRange {
    /// The unsigned gap `[a, b)`.
    pub fn gap(&self) -> Span {
        Span {
            start: self.first_len,
            end: self.second_start,
        }
    }

    /// End of the signed zone, `b + c` (checked at construction).
    pub fn signed_end(&self) -> usize {
        self.second_start.saturating_add(self.second_len)
    }

    /// The two signed ranges as spans.
    pub fn ranges(&self) -> [Span; 2] {
        [
            Span {
                start: 0,
                end: self.first_len,
            },
            Span {
                start: self.second_start,
                end: self.signed_end(),
            },
        ]
    }
}

/// Why a /ByteRange value is not of the form `[0 a b c]` within the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteRangeProblem {
    Missing,
    Null,
    /// Not a direct array (the kind of object found, e.g. "reference", "integer").
    NotAnArray(&'static str),
    /// An array of this many elements (must be 4: one gap).
    WrongLength(usize),
    /// Element at this index is not an integer.
    NotAnInteger(usize),
    /// Element at this index is negative.
    Negative(usize),
    /// The first range does not start at byte 0.
    FirstNotZero,
    /// `a >= b`: no gap, or ranges out of order.
    NoGap,
    /// `b + c` overflows.
    Overflow,
    /// `b + c` is beyond the end of the file.
    BeyondEof {
        end: u64,
        file_len: usize,
    },
}

/// Validates a /ByteRange value (as written in the signature dictionary) against the file length.
pub fn parse_byte_range(
    value: Option<&Object>,
    file_len: usize,
) -> Result<ByteRange, ByteRangeProblem> {
    let items = match value {
        None => return Err(ByteRangeProblem::Missing),
        Some(Object::Null) => return Err(ByteRangeProblem::Null),
        Some(Object::Array(items)) => items,
        Some(other) => return Err(ByteRangeProblem::NotAnArray(other.kind())),
    };
    if items.len() != 4 {
        return Err(ByteRangeProblem::WrongLength(items.len()));
    }
    let mut values = [0u64; 4];
    for (i, (item, slot)) in items.iter().zip(values.iter_mut()).enumerate() {
        let Object::Integer(v) = item else {
            return Err(ByteRangeProblem::NotAnInteger(i));
        };
        *slot = u64::try_from(*v).map_err(|_| ByteRangeProblem::Negative(i))?;
    }
    let [start1, a, b, c] = values;
    if start1 != 0 {
        return Err(ByteRangeProblem::FirstNotZero);
    }
    if a >= b {
        return Err(ByteRangeProblem::NoGap);
    }
    let end = b.checked_add(c).ok_or(ByteRangeProblem::Overflow)?;
    let len = u64::try_from(file_len).unwrap_or(u64::MAX);
    if end > len {
        return Err(ByteRangeProblem::BeyondEof { end, file_len });
    }
    // All three are <= end <= file_len, which fits in usize.
    let to_usize = |v: u64| usize::try_from(v).map_err(|_| ByteRangeProblem::Overflow);
    Ok(ByteRange {
        first_len: to_usize(a)?,
        second_start: to_usize(b)?,
        second_len: to_usize(c)?,
    })
}

/// The two signed byte slices, in order, for hashing exactly as received. `None` if the range
/// does not fit `bytes` (it always fits when validated against the same file).
pub fn signed_slices<'a>(bytes: &'a [u8], range: &ByteRange) -> Option<[&'a [u8]; 2]> {
    let end = range.second_start.checked_add(range.second_len)?;
    Some([
        bytes.get(..range.first_len)?,
        bytes.get(range.second_start..end)?,
    ])
}
