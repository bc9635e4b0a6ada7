//! Stream filters (ISO 32000-2 §7.4): FlateDecode with PNG/TIFF predictors, ASCIIHexDecode.
//! Anything else is refused, never guessed.
//!
//! Output is bounded: inflation writes into a buffer that grows up to the limit and stops with
//! [`FilterError::LimitExceeded`] as soon as more output would be needed, so a deflate bomb costs
//! at most `limit` bytes of work and memory.

use miniz_oxide::inflate::core::inflate_flags::{
    TINFL_FLAG_COMPUTE_ADLER32, TINFL_FLAG_PARSE_ZLIB_HEADER,
    TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
};
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// Why a stream could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// The filter name is not supported.
    Unsupported(String),
    /// Decoding would produce more than the limit.
    LimitExceeded,
    /// The data is not valid for the filter.
    Corrupt(&'static str),
}

/// Predictor parameters (§7.4.4.4, Table 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PredictorParams {
    pub predictor: i64,
    pub colors: i64,
    pub bits_per_component: i64,
    pub columns: i64,
}

impl Default for PredictorParams {
    fn default() -> Self {
        Self {
            predictor: 1,
            colors: 1,
            bits_per_component: 8,
            columns: 1,
        }
    }
}

/// One filter of a stream's /Filter array with its /DecodeParms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterSpec {
    pub name: Vec<u8>,
    pub params: PredictorParams,
}

/// Applies `filters` in order to `data`; the output of each stage is bounded by `limit`.
pub fn decode(data: &[u8], filters: &[FilterSpec], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut current: Option<Vec<u8>> = None;
    for filter in filters {
        let input = current.as_deref().unwrap_or(data);
        let output = match filter.name.as_slice() {
            b"FlateDecode" => {
                let inflated = inflate_zlib(input, limit)?;
                apply_predictor(inflated, &filter.params, limit)?
            }
            b"ASCIIHexDecode" => ascii_hex(input, limit)?,
            other => {
                return Err(FilterError::Unsupported(
                    String::from_utf8_lossy(other).into(),
                ))
            }
        };
        current = Some(output);
    }
    match current {
        Some(v) => Ok(v),
        None if data.len() > limit => Err(FilterError::LimitExceeded),
        None => Ok(data.to_vec()),
    }
}

/// Inflates a zlib stream (RFC 1950/1951) with a hard output limit, checking the Adler-32.
pub fn inflate_zlib(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut state = DecompressorOxide::new();
    let initial = input
        .len()
        .saturating_mul(4)
        .clamp(1024, 1 << 20)
        .min(limit.max(1));
    let mut out = vec![0u8; initial];
    let mut in_pos = 0usize;
    let mut out_pos = 0usize;
    let flags = TINFL_FLAG_PARSE_ZLIB_HEADER
        | TINFL_FLAG_COMPUTE_ADLER32
        | TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    loop {
        let rest = input.get(in_pos..).unwrap_or_default();
        let (status, consumed, written) = decompress(&mut state, rest, &mut out, out_pos, flags);
        in_pos = in_pos.saturating_add(consumed);
        out_pos = out_pos.saturating_add(written);
        match status {
            TINFLStatus::Done => {
                out.truncate(out_pos);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= limit {
                    return Err(FilterError::LimitExceeded);
                }
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            TINFLStatus::NeedsMoreInput => {
                return Err(FilterError::Corrupt("truncated deflate data"))
            }
            TINFLStatus::Adler32Mismatch => return Err(FilterError::Corrupt("Adler-32 mismatch")),
            _ => return Err(FilterError::Corrupt("invalid deflate data")),
        }
    }
}

fn ascii_hex(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity((input.len() / 2).min(limit));
    let mut pending: Option<u8> = None;
    for &b in input {
        if b == b'>' {
            break;
        }
        if super::lexer::is_whitespace(b) {
            continue;
        }
        let v = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return Err(FilterError::Corrupt("non-hex byte in ASCIIHexDecode data")),
        };
        match pending.take() {
            Some(hi) => {
                if out.len() >= limit {
                    return Err(FilterError::LimitExceeded);
                }
                out.push(hi << 4 | v);
            }
            None => pending = Some(v),
        }
    }
    if let Some(hi) = pending {
        out.push(hi << 4);
    }
    Ok(out)
}

/// Undoes a predictor (§7.4.4.4): 1 none, 2 TIFF (8-bit components), 10-15 PNG (per-row tag).
pub fn apply_predictor(
    data: Vec<u8>,
    p: &PredictorParams,
    limit: usize,
) -> Result<Vec<u8>, FilterError> {
    if p.predictor <= 1 {
        return Ok(data);
    }
    if !(1..=32).contains(&p.colors)
        || ![1, 2, 4, 8, 16].contains(&p.bits_per_component)
        || !(1..=1 << 24).contains(&p.columns)
    {
        return Err(FilterError::Corrupt("invalid predictor parameters"));
    }
    // Bounded above by 32 * 16 * 2^24 bits, so no overflow in usize arithmetic below.
    let bits_per_pixel = usize::try_from(p.colors * p.bits_per_component)
        .map_err(|_| FilterError::Corrupt("invalid predictor parameters"))?;
    let columns = usize::try_from(p.columns)
        .map_err(|_| FilterError::Corrupt("invalid predictor parameters"))?;
    let row_len = (bits_per_pixel * columns).div_ceil(8);
    let bpp = bits_per_pixel.div_ceil(8).max(1);
    match p.predictor {
        2 => {
            if p.bits_per_component != 8 {
                return Err(FilterError::Corrupt(
                    "TIFF predictor supported for 8-bit components only",
                ));
            }
            let mut out = data;
            for row in out.chunks_mut(row_len) {
                for i in bpp..row.len() {
                    let left = row.get(i - bpp).copied().unwrap_or(0);
                    if let Some(b) = row.get_mut(i) {
                        *b = b.wrapping_add(left);
                    }
                }
            }
            Ok(out)
        }
        10..=15 => png_unpredict(&data, row_len, bpp, limit),
        _ => Err(FilterError::Corrupt("unknown predictor")),
    }
}

fn png_unpredict(
    data: &[u8],
    row_len: usize,
    bpp: usize,
    limit: usize,
) -> Result<Vec<u8>, FilterError> {
    let stride = row_len + 1;
    let rows = data.len().div_ceil(stride);
    let cap = rows.saturating_mul(row_len);
    if cap > limit {
        return Err(FilterError::LimitExceeded);
    }
    let mut out: Vec<u8> = Vec::with_capacity(cap);
    let mut prev = vec![0u8; row_len];
    let mut cur = vec![0u8; row_len];
    for chunk in data.chunks(stride) {
        let Some((&tag, raw)) = chunk.split_first() else {
            continue;
        };
        if raw.len() != row_len {
            return Err(FilterError::Corrupt("truncated PNG predictor row"));
        }
        for i in 0..row_len {
            let x = raw.get(i).copied().unwrap_or(0);
            let a = if i >= bpp {
                cur.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let b = prev.get(i).copied().unwrap_or(0);
            let c = if i >= bpp {
                prev.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let v = match tag {
                0 => x,
                1 => x.wrapping_add(a),
                2 => x.wrapping_add(b),
                3 => x.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => x.wrapping_add(paeth(a, b, c)),
                _ => return Err(FilterError::Corrupt("unknown PNG filter type")),
            };
            if let Some(slot) = cur.get_mut(i) {
                *slot = v;
            }
        }
        out.extend_from_slice(&cur);
        std::mem::swap(&mut prev, &mut cur);
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Reads /Filter and /DecodeParms (§7.3.8.2, Table 5) of a stream dictionary whose values are
/// direct. `None` when they are malformed.
pub fn filter_specs(
    filter: Option<&super::object::Object>,
    parms: Option<&super::object::Object>,
) -> Option<Vec<FilterSpec>> {
    use super::object::Object;
    let names: Vec<Vec<u8>> = match filter {
        None | Some(Object::Null) => return Some(Vec::new()),
        Some(Object::Name(n)) => vec![n.0.clone()],
        Some(Object::Array(items)) => {
            let mut v = Vec::with_capacity(items.len());
            for item in items {
                v.push(item.as_name()?.to_vec());
            }
            v
        }
        Some(_) => return None,
    };
    let parm_list: Vec<Option<&Object>> = match parms {
        None | Some(Object::Null) => vec![None; names.len()],
        Some(d @ Object::Dictionary(_)) if names.len() == 1 => vec![Some(d)],
        Some(Object::Array(items)) if items.len() == names.len() => {
            items.iter().map(Some).collect()
        }
        Some(_) => return None,
    };
    let mut out = Vec::with_capacity(names.len());
    for (name, parm) in names.into_iter().zip(parm_list) {
        let mut params = PredictorParams::default();
        match parm {
            None | Some(Object::Null) => {}
            Some(Object::Dictionary(d)) => {
                let int = |key: &[u8], default: i64| match d.get(key) {
                    None | Some(Object::Null) => Some(default),
                    Some(Object::Integer(i)) => Some(*i),
                    Some(_) => None,
                };
                params.predictor = int(b"Predictor", 1)?;
                params.colors = int(b"Colors", 1)?;
                params.bits_per_component = int(b"BitsPerComponent", 8)?;
                params.columns = int(b"Columns", 1)?;
            }
            Some(_) => return None,
        }
        out.push(FilterSpec { name, params });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_up_predictor() {
        // Two rows of 2 columns, filter 2 (Up).
        let data = vec![2, 1, 2, 2, 1, 1];
        let p = PredictorParams {
            predictor: 12,
            colors: 1,
            bits_per_component: 8,
            columns: 2,
        };
        assert_eq!(apply_predictor(data, &p, 100).unwrap(), vec![1, 2, 2, 3]);
    }

    #[test]
    fn tiff_predictor() {
        let p = PredictorParams {
            predictor: 2,
            colors: 1,
            bits_per_component: 8,
            columns: 3,
        };
        assert_eq!(
            apply_predictor(vec![1, 1, 1], &p, 100).unwrap(),
            vec![1, 2, 3]
        );
    }
}
