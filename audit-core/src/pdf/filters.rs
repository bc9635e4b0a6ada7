//! Stream filters (ISO 32000-2 §7.4): FlateDecode and LZWDecode (with PNG/TIFF predictors and
//! /EarlyChange), ASCIIHexDecode, ASCII85Decode, RunLengthDecode, chained in any order; /Crypt
//! (§7.4.10) passes data through (the document decrypts before decoding). The image filters
//! (DCTDecode, JPXDecode, CCITTFaxDecode, JBIG2Decode, §7.4.6-7.4.9) are never decoded: a verifier
//! compares images as the bytes they are written in, so decoding stops there and returns the image
//! data still in its own encoding. Anything else is refused, never guessed.
//!
//! Output is bounded: every decoder writes into a buffer that grows up to the limit and stops with
//! [`FilterError::LimitExceeded`] as soon as more output would be needed, so a deflate, LZW,
//! run-length or ASCII85 bomb costs at most `limit` bytes of work and memory.

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
    /// LZWDecode /EarlyChange (§7.4.4.3, Table 8): 1 (default) widens codes one code early.
    pub early_change: bool,
    /// Crypt /Name (§7.4.10, Table 14): the crypt filter this stream names; `Identity` when
    /// absent. Only meaningful for the /Crypt filter.
    pub crypt_filter: Option<Vec<u8>>,
}

impl FilterSpec {
    /// A filter without parameters.
    pub fn named(name: &[u8]) -> Self {
        Self {
            name: name.to_vec(),
            params: PredictorParams::default(),
            early_change: true,
            crypt_filter: None,
        }
    }
}

/// The image filters (§7.4.6-7.4.9): never decoded, compared as written.
pub const IMAGE_FILTERS: [&[u8]; 4] = [
    b"DCTDecode",
    b"JPXDecode",
    b"CCITTFaxDecode",
    b"JBIG2Decode",
];

/// Applies `filters` in order to `data`; the output of each stage is bounded by `limit`.
/// Decoding stops before an image filter (which must come last, §7.4.1): the result is then the
/// image data in its own encoding.
pub fn decode(data: &[u8], filters: &[FilterSpec], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut current: Option<Vec<u8>> = None;
    for (i, filter) in filters.iter().enumerate() {
        let input = current.as_deref().unwrap_or(data);
        let output = match filter.name.as_slice() {
            b"FlateDecode" | b"Fl" => {
                let inflated = inflate_zlib(input, limit)?;
                apply_predictor(inflated, &filter.params, limit)?
            }
            b"LZWDecode" | b"LZW" => {
                let expanded = lzw(input, filter.early_change, limit)?;
                apply_predictor(expanded, &filter.params, limit)?
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(input, limit)?,
            b"ASCII85Decode" | b"A85" => ascii85(input, limit)?,
            b"RunLengthDecode" | b"RL" => run_length(input, limit)?,
            // Decryption happened before decoding (the document knows the keys).
            b"Crypt" if i == 0 => bounded_copy(input, limit)?,
            name if IMAGE_FILTERS.contains(&name) || matches!(name, b"DCT" | b"CCF") => {
                if i + 1 != filters.len() {
                    return Err(FilterError::Corrupt(
                        "an image filter is followed by another filter",
                    ));
                }
                return bounded_copy(input, limit);
            }
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

fn bounded_copy(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    if input.len() > limit {
        return Err(FilterError::LimitExceeded);
    }
    Ok(input.to_vec())
}

/// Pushes `bytes` unless the output would exceed `limit`.
fn push_bounded(out: &mut Vec<u8>, bytes: &[u8], limit: usize) -> Result<(), FilterError> {
    if out.len().saturating_add(bytes.len()) > limit {
        return Err(FilterError::LimitExceeded);
    }
    out.extend_from_slice(bytes);
    Ok(())
}

/// ASCII85Decode (§7.4.3): groups of five characters `!`..`u` encode four bytes, `z` four zero
/// bytes, white-space is ignored, `~>` ends the data; a final group of n (2-4) characters encodes
/// n - 1 bytes.
fn ascii85(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity((input.len() / 5 * 4 + 4).min(limit));
    let mut group = [0u8; 5];
    let mut n = 0usize;
    for &b in input {
        match b {
            b'~' => break,
            b'z' if n == 0 => push_bounded(&mut out, &[0; 4], limit)?,
            b'z' => return Err(FilterError::Corrupt("'z' inside an ASCII85 group")),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(n) {
                    *slot = b - b'!';
                }
                n += 1;
                if n == 5 {
                    let value = a85_value(&group)?;
                    push_bounded(&mut out, &value.to_be_bytes(), limit)?;
                    n = 0;
                }
            }
            b if super::lexer::is_whitespace(b) => {}
            _ => return Err(FilterError::Corrupt("invalid character in ASCII85 data")),
        }
    }
    match n {
        0 => {}
        1 => {
            return Err(FilterError::Corrupt(
                "ASCII85 data ends with a single character",
            ))
        }
        _ => {
            for slot in group.iter_mut().skip(n) {
                *slot = b'u' - b'!';
            }
            let value = a85_value(&group)?.to_be_bytes();
            push_bounded(&mut out, value.get(..n - 1).unwrap_or_default(), limit)?;
        }
    }
    Ok(out)
}

fn a85_value(group: &[u8; 5]) -> Result<u32, FilterError> {
    let mut v: u64 = 0;
    for &d in group {
        v = v * 85 + u64::from(d);
    }
    u32::try_from(v).map_err(|_| FilterError::Corrupt("ASCII85 group exceeds 2^32 - 1"))
}

/// LZWDecode (§7.4.4.2): 9- to 12-bit codes, most significant bit first, 256 clears the table,
/// 257 ends the data. `early_change` (the default) widens the code one entry early, as TIFF does.
/// Data that ends without the end code is accepted as complete.
fn lzw(input: &[u8], early_change: bool, limit: usize) -> Result<Vec<u8>, FilterError> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut rest = input;
    loop {
        let result = decoder.decode_bytes(rest, &mut chunk);
        rest = rest.get(result.consumed_in..).unwrap_or_default();
        push_bounded(
            &mut out,
            chunk.get(..result.consumed_out).unwrap_or_default(),
            limit,
        )?;
        match result.status {
            Ok(LzwStatus::Done) => return Ok(out),
            Ok(LzwStatus::NoProgress) => {
                if rest.is_empty() {
                    return Ok(out);
                }
                return Err(FilterError::Corrupt("LZW decoder made no progress"));
            }
            Ok(LzwStatus::Ok) => {
                if rest.is_empty() && result.consumed_out == 0 {
                    return Ok(out);
                }
            }
            Err(_) => return Err(FilterError::Corrupt("invalid LZW code")),
        }
    }
}

/// RunLengthDecode (§7.4.5): a length byte 0-127 copies the next 1-128 bytes, 129-255 repeats
/// the next byte 257 - length times, 128 ends the data.
fn run_length(input: &[u8], limit: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity(input.len().min(limit));
    let mut i = 0usize;
    while let Some(&len) = input.get(i) {
        i += 1;
        match len {
            128 => return Ok(out),
            0..=127 => {
                let n = usize::from(len) + 1;
                let run = input.get(i..i + n).ok_or(FilterError::Corrupt(
                    "truncated RunLengthDecode literal run",
                ))?;
                push_bounded(&mut out, run, limit)?;
                i += n;
            }
            _ => {
                let &b = input
                    .get(i)
                    .ok_or(FilterError::Corrupt("truncated RunLengthDecode repeat run"))?;
                i += 1;
                push_bounded(&mut out, &[b; 128][..257 - usize::from(len)], limit)?;
            }
        }
    }
    Ok(out)
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
        push_bounded(&mut out, &[hi << 4], limit)?;
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
        let mut spec = FilterSpec::named(&name);
        let params = &mut spec.params;
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
                spec.early_change = int(b"EarlyChange", 1)? != 0;
                spec.crypt_filter = match d.get(b"Name") {
                    None | Some(Object::Null) => None,
                    Some(Object::Name(n)) => Some(n.0.clone()),
                    Some(_) => return None,
                };
            }
            Some(_) => return None,
        }
        out.push(spec);
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

    fn spec(name: &str) -> FilterSpec {
        FilterSpec::named(name.as_bytes())
    }

    #[test]
    fn ascii85_decodes_groups_z_partial_groups_and_whitespace() {
        let out = decode(
            b"9jqo^BlbD-\nBleB1DJ+*+F(f,q~>",
            &[spec("ASCII85Decode")],
            100,
        );
        assert_eq!(out.unwrap(), b"Man is distinguished");
        let out = decode(b"z@:E^~>", &[spec("ASCII85Decode")], 100).unwrap();
        assert_eq!(out, b"\0\0\0\0abc");
        assert_eq!(decode(b"CO#~>", &[spec("A85")], 100).unwrap(), b"ky");
    }

    #[test]
    fn ascii85_rejects_overflowing_groups_and_stray_characters() {
        assert!(matches!(
            decode(b"uuuuu~>", &[spec("ASCII85Decode")], 100),
            Err(FilterError::Corrupt(_))
        ));
        assert!(matches!(
            decode(b"9jqo{~>", &[spec("ASCII85Decode")], 100),
            Err(FilterError::Corrupt(_))
        ));
        assert!(matches!(
            decode(b"9jqo^B~>", &[spec("ASCII85Decode")], 100),
            Err(FilterError::Corrupt(_))
        ));
    }

    #[test]
    fn ascii85_bomb_stops_at_the_limit() {
        // Each `z` is four bytes: 1 MiB of them would be 4 MiB.
        let bomb = vec![b'z'; 1 << 20];
        assert_eq!(
            decode(&bomb, &[spec("ASCII85Decode")], 1 << 20),
            Err(FilterError::LimitExceeded)
        );
    }

    fn lzw_encode(data: &[u8], early_change: bool) -> Vec<u8> {
        use weezl::{encode::Encoder, BitOrder};
        let mut e = if early_change {
            Encoder::with_tiff_size_switch(BitOrder::Msb, 8)
        } else {
            Encoder::new(BitOrder::Msb, 8)
        };
        e.encode(data).unwrap()
    }

    #[test]
    fn lzw_decodes_with_and_without_early_change() {
        let text: Vec<u8> = b"-----A---B ".iter().cycle().take(5000).copied().collect();
        let early = lzw_encode(&text, true);
        assert_eq!(decode(&early, &[spec("LZWDecode")], 1 << 20).unwrap(), text);
        let late = lzw_encode(&text, false);
        let mut s = spec("LZWDecode");
        s.early_change = false;
        assert_eq!(decode(&late, &[s], 1 << 20).unwrap(), text);
        // The ISO 32000-2 §7.4.4.2 example: 80 0B 60 50 22 0C 0C 85 01 is "-----A---B".
        let example = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(
            decode(&example, &[spec("LZWDecode")], 100).unwrap(),
            b"-----A---B"
        );
    }

    #[test]
    fn lzw_early_change_is_read_from_decode_parms() {
        use crate::pdf::{Dictionary, Name, Object};
        let parms = Object::Dictionary(Dictionary {
            entries: vec![(Name(b"EarlyChange".to_vec()), Object::Integer(0))],
            duplicate_keys: Vec::new(),
            span: None,
        });
        let filter = Object::Name(Name(b"LZWDecode".to_vec()));
        let specs = filter_specs(Some(&filter), Some(&parms)).unwrap();
        assert!(!specs[0].early_change);
        assert!(filter_specs(Some(&filter), None).unwrap()[0].early_change);
    }

    #[test]
    fn lzw_bomb_stops_at_the_limit() {
        let bomb = lzw_encode(&vec![0u8; 8 << 20], true);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        assert_eq!(
            decode(&bomb, &[spec("LZWDecode")], 1 << 20),
            Err(FilterError::LimitExceeded)
        );
    }

    #[test]
    fn run_length_decodes_literal_and_repeat_runs() {
        let data = [2, b'a', b'b', b'c', 253, b'x', 128, 9, 9];
        assert_eq!(
            decode(&data, &[spec("RunLengthDecode")], 100).unwrap(),
            b"abcxxxx"
        );
        assert!(matches!(
            decode(&[5, b'a'], &[spec("RunLengthDecode")], 100),
            Err(FilterError::Corrupt(_))
        ));
    }

    #[test]
    fn run_length_bomb_stops_at_the_limit() {
        let bomb: Vec<u8> = [129u8, 0].iter().cycle().take(200_000).copied().collect();
        assert_eq!(
            decode(&bomb, &[spec("RunLengthDecode")], 1 << 20),
            Err(FilterError::LimitExceeded)
        );
    }

    #[test]
    fn filters_chain_in_any_order() {
        // "kyso" → RunLength literal → ASCIIHex → ASCII85, decoded in the reverse order.
        let rl = [3u8, b'k', b'y', b's', b'o', 128];
        let hex: String = rl.iter().map(|b| format!("{b:02X}")).collect::<String>() + ">";
        let a85 = {
            // §7.4.3 encoding of the hex text above (partial last group: n + 1 digits).
            let mut out = Vec::new();
            for chunk in hex.as_bytes().chunks(4) {
                let mut word = [0u8; 4];
                word[..chunk.len()].copy_from_slice(chunk);
                let mut v = u32::from_be_bytes(word);
                let mut digits = [0u8; 5];
                for d in digits.iter_mut().rev() {
                    *d = (v % 85) as u8 + b'!';
                    v /= 85;
                }
                out.extend_from_slice(&digits[..chunk.len() + 1]);
            }
            out.extend_from_slice(b"~>");
            out
        };
        let chain = [
            spec("ASCII85Decode"),
            spec("ASCIIHexDecode"),
            spec("RunLengthDecode"),
        ];
        assert_eq!(decode(&a85, &chain, 100).unwrap(), b"kyso");
        // And a different order: ASCIIHex outside Flate.
        let deflated = miniz_oxide::deflate::compress_to_vec_zlib(b"kyso kyso kyso", 6);
        let hex: Vec<u8> = deflated
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect();
        let chain = [spec("ASCIIHexDecode"), spec("FlateDecode")];
        assert_eq!(decode(&hex, &chain, 100).unwrap(), b"kyso kyso kyso");
    }

    #[test]
    fn image_filters_are_returned_as_written_never_decoded() {
        let jpeg = b"\xFF\xD8\xFF\xE0 not really a jpeg";
        for name in ["DCTDecode", "JPXDecode", "CCITTFaxDecode", "JBIG2Decode"] {
            assert_eq!(decode(jpeg, &[spec(name)], 100).unwrap(), jpeg, "{name}");
        }
        // Flate-wrapped image data: inflated, then left as the image encoding.
        let deflated = miniz_oxide::deflate::compress_to_vec_zlib(jpeg, 6);
        let chain = [spec("FlateDecode"), spec("DCTDecode")];
        assert_eq!(decode(&deflated, &chain, 100).unwrap(), jpeg);
        // An image filter must be the last one.
        let chain = [spec("DCTDecode"), spec("FlateDecode")];
        assert!(matches!(
            decode(jpeg, &chain, 100),
            Err(FilterError::Corrupt(_))
        ));
        assert_eq!(
            decode(jpeg, &[spec("DCTDecode")], 4),
            Err(FilterError::LimitExceeded)
        );
    }

    #[test]
    fn unknown_filters_are_refused() {
        assert_eq!(
            decode(b"x", &[spec("BrotliDecode")], 100),
            Err(FilterError::Unsupported("BrotliDecode".into()))
        );
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
