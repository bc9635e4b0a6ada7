//! The outgoing-documents register (sổ đăng ký văn bản đi) of an I-Office export: one row per
//! issued document (DESIGN.md "Tally and rankings": its rows are the tally's denominator).
//!
//! Read from bytes, whatever the spreadsheet program wrote: CSV in UTF-8 (with or without BOM),
//! UTF-16 with BOM or Windows-1258 (whose Vietnamese letters use combining tone marks), separated
//! by commas, semicolons or tabs ([`text`]); or a workbook, XLSX/XLS/ODS, with a title block above
//! the header row and real date cells ([`sheet`]). Headers are matched tolerantly ([`columns`]),
//! text is normalised to NFC, dates are read in Vietnamese day-first order ([`super::period`]).
//!
//! A bad row gives a precise [`RegisterError`] (row, column, what) and the other rows are still
//! audited; a file that is not a register at all gives one [`RegisterFileError`].

pub mod columns;
mod sheet;
mod text;

use serde::{Deserialize, Serialize};

use super::names::{fold, nfc};
use super::period::{parse_date, Date};
use crate::codes::Code;
pub use columns::Column;

/// Largest register accepted, in bytes (a register of 200 000 rows is about 60 MB of CSV).
pub const MAX_REGISTER_BYTES: usize = 128 * 1024 * 1024;
/// Rows searched for the header row (a title block may come first).
const HEADER_SEARCH_ROWS: usize = 40;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
}

impl Cell {
    fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(s) => {
                let t = nfc(s.trim());
                (!t.is_empty()).then_some(t)
            }
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Cell::Number(n) => Some(n.to_string()),
            Cell::Date(d) => Some(d.vietnamese()),
        }
    }
}

/// A table as read from the file: rows with their 1-based row number in the file.
pub(crate) type Table = Vec<(usize, Vec<Cell>)>;

/// What the file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterFormat {
    Csv,
    Workbook,
}

pub use crate::policy::compliance::DocumentKind;

/// The kind of document from the register's `Loại văn bản` (Decree 30 Art. 32.2.d: attachments
/// and electronic copies carry only the agency's signature).
pub fn document_kind(doc_type: Option<&str>) -> DocumentKind {
    let Some(k) = doc_type.map(fold) else {
        return DocumentKind::Main;
    };
    if k.starts_with("phu luc") {
        DocumentKind::Attachment
    } else if k.starts_with("ban sao") || k.contains(" ban sao") {
        DocumentKind::Copy
    } else {
        DocumentKind::Main
    }
}

/// One register row, text in NFC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    /// 1-based row number in the file (the spreadsheet's row number; for CSV the record number,
    /// header and title rows included).
    pub row: usize,
    pub number: Option<String>,
    /// The issue date as read (ISO 8601), when it was understood.
    pub date: Option<String>,
    pub agency: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub kind: DocumentKind,
    pub summary: Option<String>,
    pub signer: Option<String>,
    pub file: Option<String>,
    #[serde(skip)]
    pub issue_date: Option<Date>,
}

/// A precise problem with one row (DESIGN.md "Audit JSON": `register_errors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterError {
    pub row: usize,
    /// The column's header as written in the file.
    pub column: Option<String>,
    /// Stable code (`REGISTER_*`).
    pub code: String,
    /// In Vietnamese.
    pub message: String,
    pub message_en: String,
}

impl RegisterError {
    /// The error of `code` on `row`, with a detail (the cell's text, a file name) when useful.
    pub fn new(row: usize, column: Option<String>, code: &Code, detail: Option<&str>) -> Self {
        let f = detail.map_or_else(|| code.finding(), |d| code.with(d));
        Self {
            row,
            column,
            code: f.code,
            message: f.message_vi,
            message_en: f.message_en,
        }
    }
}

// Stable codes of register errors: in the one catalogue (`crate::codes`, section "Register").
pub use crate::codes::{
    REGISTER_AGENCY_EMPTY, REGISTER_AGENCY_NOT_IN_DIRECTORY, REGISTER_DATE_INVALID,
    REGISTER_FILE_DUPLICATE, REGISTER_FILE_EMPTY,
};

/// The file is not a register (one clear error; nothing is audited against it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterFileError {
    #[error("the register is empty / sổ đăng ký rỗng")]
    Empty,
    #[error("the register is larger than {MAX_REGISTER_BYTES} bytes / sổ đăng ký quá lớn")]
    TooLarge,
    #[error("not a spreadsheet kyso can read ({0}) / không đọc được bảng tính")]
    Workbook(String),
    #[error("not a register: no header row with its columns (Số ký hiệu, Ngày ban hành, Cơ quan ban hành, Tệp …) in the first {HEADER_SEARCH_ROWS} rows / không phải sổ đăng ký văn bản: không tìm thấy dòng tiêu đề")]
    NoHeader,
    #[error("the register has no file column (Tệp / Đường dẫn / File): its rows cannot be matched to the PDF files / sổ đăng ký thiếu cột Tệp")]
    NoFileColumn,
}

/// A parsed register.
#[derive(Debug, Clone)]
pub struct Register {
    pub format: RegisterFormat,
    /// What the text was decoded from (`utf-8`, `utf-16le`, `windows-1258`, …; the workbook
    /// format for workbooks).
    pub encoding: String,
    /// The separator of a CSV register.
    pub separator: Option<char>,
    /// 1-based row number of the header row.
    pub header_row: usize,
    /// The columns found, with their header as written.
    pub columns: Vec<(Column, String)>,
    pub rows: Vec<RegisterRow>,
    pub errors: Vec<RegisterError>,
}

impl Register {
    /// Reads a register from its bytes: a workbook (XLSX/XLS/ODS, recognised by content) or
    /// delimited text.
    pub fn parse(bytes: &[u8]) -> Result<Register, RegisterFileError> {
        if bytes.is_empty() {
            return Err(RegisterFileError::Empty);
        }
        if bytes.len() > MAX_REGISTER_BYTES {
            return Err(RegisterFileError::TooLarge);
        }
        if sheet::looks_like_workbook(bytes) {
            let (format_name, tables) = sheet::read(bytes)?;
            let mut last = RegisterFileError::NoHeader;
            for table in tables {
                match from_table(&table) {
                    Ok(mut r) => {
                        r.format = RegisterFormat::Workbook;
                        r.encoding = format_name.to_owned();
                        return Ok(r);
                    }
                    Err(e @ RegisterFileError::NoFileColumn) => last = e,
                    Err(_) => {}
                }
            }
            return Err(last);
        }
        let decoded = text::decode(bytes);
        let (separator, table) = text::read(&decoded.text)?;
        let mut r = from_table(&table)?;
        r.encoding = decoded.encoding.to_owned();
        r.separator = Some(separator);
        Ok(r)
    }
}

/// A recognised header cell: its position, its column, its text.
type HeaderCell = (usize, Column, String);

/// The header row of a table: the row (among the first rows) naming the most register columns,
/// at least two of them.
fn find_header(table: &Table) -> Option<(usize, Vec<HeaderCell>)> {
    let mut best: Option<(usize, Vec<HeaderCell>)> = None;
    for (index, (_, cells)) in table.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut found: Vec<HeaderCell> = Vec::new();
        for (c, cell) in cells.iter().enumerate() {
            let Some(header) = cell.text() else { continue };
            if let Some(col) = Column::of_header(&header) {
                if !found.iter().any(|(_, k, _)| *k == col) {
                    found.push((c, col, header));
                }
            }
        }
        if found.len() >= 2 && best.as_ref().is_none_or(|(_, b)| found.len() > b.len()) {
            best = Some((index, found));
        }
    }
    best
}

/// The text of a CSV-like file, decoded as a register's is (the agency directory's CSV).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    text::decode(bytes).text
}

/// Score of a table as a register (number of columns recognised in its header row).
pub(crate) fn header_score(table: &Table) -> usize {
    find_header(table).map_or(0, |(_, cols)| cols.len())
}

fn from_table(table: &Table) -> Result<Register, RegisterFileError> {
    let (header_index, found) = find_header(table).ok_or(RegisterFileError::NoHeader)?;
    if !found.iter().any(|(_, c, _)| *c == Column::File) {
        return Err(RegisterFileError::NoFileColumn);
    }
    let header_row = table.get(header_index).map_or(1, |(n, _)| *n);
    let col = |k: Column| found.iter().find(|(_, c, _)| *c == k);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (row, cells) in table.iter().skip(header_index + 1) {
        if cells.iter().all(|c| c.text().is_none()) {
            continue;
        }
        let get = |k: Column| {
            col(k)
                .and_then(|(i, _, _)| cells.get(*i))
                .and_then(Cell::text)
        };
        let header_of = |k: Column| col(k).map(|(_, _, h)| h.clone());
        let mut error = |k: Column, code: &Code, detail: Option<&str>| {
            errors.push(RegisterError::new(*row, header_of(k), code, detail));
        };
        let (issue_date, date) = match col(Column::Date).and_then(|(i, _, _)| cells.get(*i)) {
            None | Some(Cell::Empty) => (None, None),
            Some(Cell::Date(d)) => (Some(*d), Some(d.iso())),
            Some(Cell::Number(n)) => match Date::from_excel_serial(*n) {
                Some(d) if (20_000.0..80_000.0).contains(n) => (Some(d), Some(d.iso())),
                _ => {
                    error(Column::Date, &REGISTER_DATE_INVALID, Some(&n.to_string()));
                    (None, None)
                }
            },
            Some(Cell::Text(t)) if t.trim().is_empty() => (None, None),
            Some(Cell::Text(t)) => match parse_date(t) {
                Ok(d) => (Some(d), Some(d.iso())),
                Err(_) => {
                    error(Column::Date, &REGISTER_DATE_INVALID, Some(&nfc(t.trim())));
                    (None, None)
                }
            },
        };
        let file = get(Column::File);
        if file.is_none() {
            error(Column::File, &REGISTER_FILE_EMPTY, None);
        }
        let agency = get(Column::Agency);
        if agency.is_none() && col(Column::Agency).is_some() {
            error(Column::Agency, &REGISTER_AGENCY_EMPTY, None);
        }
        let doc_type = get(Column::Kind);
        rows.push(RegisterRow {
            row: *row,
            number: get(Column::Number),
            date,
            agency,
            kind: document_kind(doc_type.as_deref()),
            doc_type,
            summary: get(Column::Summary),
            signer: get(Column::Signer),
            file,
            issue_date,
        });
    }
    // The same file named by two rows: the second is an error and is dropped (one file is one
    // document).
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    rows.retain(|r| {
        let Some(f) = &r.file else { return true };
        let key = super::files::normalise_path(f);
        match seen.get(&key) {
            Some(first) => {
                errors.push(RegisterError::new(
                    r.row,
                    col(Column::File).map(|(_, _, h)| h.clone()),
                    &REGISTER_FILE_DUPLICATE,
                    Some(&format!("{f}; {first}")),
                ));
                false
            }
            None => {
                seen.insert(key, r.row);
                true
            }
        }
    });
    errors.sort_by_key(|e| e.row);
    Ok(Register {
        format: RegisterFormat::Csv,
        encoding: String::new(),
        separator: None,
        header_row,
        columns: found.into_iter().map(|(_, c, h)| (c, h)).collect(),
        rows,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_kinds_from_the_type_column() {
        assert_eq!(document_kind(Some("Phụ lục")), DocumentKind::Attachment);
        assert_eq!(
            document_kind(Some("PHU LUC kèm theo")),
            DocumentKind::Attachment
        );
        assert_eq!(document_kind(Some("Bản sao")), DocumentKind::Copy);
        assert_eq!(document_kind(Some("Bản sao điện tử")), DocumentKind::Copy);
        assert_eq!(document_kind(Some("Công văn")), DocumentKind::Main);
        assert_eq!(document_kind(None), DocumentKind::Main);
    }
}
