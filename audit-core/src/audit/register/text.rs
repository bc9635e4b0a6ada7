//! Registers saved as delimited text: the encoding and the separator are detected, never asked.
//!
//! Encodings: a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); without one, UTF-16 is
//! recognised by its zero bytes, valid UTF-8 is UTF-8, and anything else is Windows-1258, the
//! Vietnamese Windows code page (Excel's "CSV" on a Vietnamese Windows), whose letters with tone
//! marks are a base letter plus a combining mark: the text is normalised to NFC afterwards.
//! Separators: comma, semicolon (Excel where the decimal separator is a comma) or tab; the one
//! under which a header row with the register's columns appears wins.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};

use super::{header_score, Cell, RegisterFileError, Table};
use crate::audit::names::nfc;

/// Text decoded from a register file.
#[derive(Debug)]
pub(super) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes the bytes (see the module documentation) and normalises to NFC.
pub(super) fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, body): (&'static Encoding, &[u8]) =
        if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
            (enc, &bytes[bom_len..])
        } else if let Some(enc) = utf16_without_bom(bytes) {
            (enc, bytes)
        } else if std::str::from_utf8(bytes).is_ok() {
            (UTF_8, bytes)
        } else {
            (WINDOWS_1258, bytes)
        };
    let (text, _) = encoding.decode_without_bom_handling(body);
    Decoded {
        text: nfc(&text),
        encoding: if encoding == UTF_8 {
            "utf-8"
        } else if encoding == UTF_16LE {
            "utf-16le"
        } else if encoding == UTF_16BE {
            "utf-16be"
        } else {
            "windows-1258"
        },
    }
}

/// UTF-16 without a byte-order mark: text whose every other byte is mostly zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs * 4 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// Reads the text as a table, with the separator under which it looks most like a register.
pub(super) fn read(text: &str) -> Result<(char, Table), RegisterFileError> {
    let mut best: Option<(usize, u8)> = None;
    for sep in SEPARATORS {
        let sample = table(text, sep, Some(super::HEADER_SEARCH_ROWS));
        let score = header_score(&sample);
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, sep));
        }
    }
    let (_, sep) = best.ok_or(RegisterFileError::NoHeader)?;
    Ok((char::from(sep), table(text, sep, None)))
}

fn table(text: &str, sep: u8, limit: Option<usize>) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut out = Table::new();
    for (i, record) in reader.records().enumerate() {
        if limit.is_some_and(|l| i >= l) {
            break;
        }
        // The csv reader reads from memory and text is valid UTF-8: an error is a malformed
        // quote at the end, after which nothing more can be read.
        let Ok(record) = record else { break };
        let cells = record
            .iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f.to_owned())
                }
            })
            .collect();
        out.push((i + 1, cells));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let s = "Cơ quan ban hành,Tệp\nSở Tài chính,a.pdf\n";
        assert_eq!(decode(s.as_bytes()).encoding, "utf-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).text, s);
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le);
        assert_eq!((d.encoding, d.text.as_str()), ("utf-16le", s));
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).text, s);
        let bare: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bare).encoding, "utf-16le");
        // Windows-1258: "Tài" is T, a, 0xCC (combining grave), i.
        let cp = b"T\x61\xCCi";
        let d = decode(cp);
        assert_eq!((d.encoding, d.text.as_str()), ("windows-1258", "Tài"));
    }
}
