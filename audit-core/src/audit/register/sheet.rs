//! Registers saved as a workbook (XLSX, legacy XLS, ODS), read with `calamine` (pure Rust, no
//! I/O: it reads from the bytes in memory). Every worksheet is a candidate; the first with a
//! header row is the register. Date cells become dates (the workbook's 1900 or 1904 system).
//!
//! Bounded: the archive's declared uncompressed size is checked before anything is expanded
//! (an XLSX is a ZIP archive; a few kilobytes can declare gigabytes).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::{Cell, RegisterFileError, Table};
use crate::audit::period::Date;

/// Largest total uncompressed size of a workbook archive.
const MAX_EXPANDED_BYTES: u64 = 512 * 1024 * 1024;
/// Largest number of cells read from one worksheet.
const MAX_CELLS: usize = 20_000_000;

/// ZIP (XLSX, ODS) or OLE2 compound file (XLS).
pub(super) fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The worksheets of the workbook as tables, in order, and the format's name.
pub(super) fn read(bytes: &[u8]) -> Result<(&'static str, Vec<Table>), RegisterFileError> {
    if bytes.starts_with(b"PK") {
        check_expanded_size(bytes)?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| RegisterFileError::Workbook(e.to_string()))?;
    let format = match &book {
        calamine::Sheets::Xls(_) => "xls",
        calamine::Sheets::Xlsx(_) => "xlsx",
        calamine::Sheets::Xlsb(_) => "xlsb",
        calamine::Sheets::Ods(_) => "ods",
    };
    let mut tables = Vec::new();
    for (_, range) in book.worksheets() {
        let (rows, cols) = range.get_size();
        if rows.saturating_mul(cols) > MAX_CELLS {
            return Err(RegisterFileError::Workbook(format!(
                "a worksheet of {rows} × {cols} cells is larger than kyso reads"
            )));
        }
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let first_col = range.start().map_or(0, |(_, c)| c as usize);
        let mut table = Table::new();
        for (i, row) in range.rows().enumerate() {
            let mut cells = vec![Cell::Empty; first_col];
            cells.extend(row.iter().map(cell));
            table.push((first_row + i + 1, cells));
        }
        tables.push(table);
    }
    Ok((format, tables))
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::new(i32::from(y), m, d) {
                Some(date) => Cell::Date(date),
                None => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
    }
}

/// Rejects a ZIP archive whose entries declare more than [`MAX_EXPANDED_BYTES`] in total, by
/// reading its central directory (APPNOTE.TXT §4.3.16, §4.3.12).
fn check_expanded_size(bytes: &[u8]) -> Result<(), RegisterFileError> {
    let too_big = || {
        RegisterFileError::Workbook(format!(
            "the workbook expands to more than {} MB",
            MAX_EXPANDED_BYTES / (1024 * 1024)
        ))
    };
    let bad = || RegisterFileError::Workbook("damaged ZIP archive".to_owned());
    let u16_at = |at: usize| -> Option<u64> {
        bytes
            .get(at..at + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |at: usize| -> Option<u64> {
        bytes
            .get(at..at + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    // End of central directory: the last "PK\x05\x06" within the final 64 KiB + 22 bytes.
    let from = bytes.len().saturating_sub(65_557);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(b"PK\x05\x06"))
        .ok_or_else(bad)?;
    let entries = u16_at(eocd + 10).ok_or_else(bad)?;
    let mut at = usize::try_from(u32_at(eocd + 16).ok_or_else(bad)?).map_err(|_| bad())?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if bytes.get(at..at + 4) != Some(b"PK\x01\x02") {
            return Err(bad());
        }
        let size = u32_at(at + 24).ok_or_else(bad)?;
        if size == 0xFFFF_FFFF {
            // ZIP64 sizes: larger than any register.
            return Err(too_big());
        }
        total = total.saturating_add(size);
        if total > MAX_EXPANDED_BYTES {
            return Err(too_big());
        }
        let name = u16_at(at + 28).ok_or_else(bad)?;
        let extra = u16_at(at + 30).ok_or_else(bad)?;
        let comment = u16_at(at + 32).ok_or_else(bad)?;
        at = at
            .checked_add(46 + usize::try_from(name + extra + comment).map_err(|_| bad())?)
            .ok_or_else(bad)?;
    }
    Ok(())
}
