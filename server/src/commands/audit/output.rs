//! Where the audited documents go while the audit runs (a spill file: one JSON text per
//! document), and the files `--out` writes: report.json (streamed from the spill file),
//! documents.csv and agencies.csv (UTF-8 with BOM, so spreadsheet programs read Vietnamese),
//! report.xlsx and report.html.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use audit_core::audit::{AgencyTally, AuditDocument, AuditReport};
use audit_core::Lang;
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// The audited documents' JSON, on disk until the report is written.
#[derive(Debug)]
pub struct Spill {
    path: PathBuf,
    writer: BufWriter<File>,
    /// (file name, offset, length), in arrival order.
    index: Vec<(String, u64, u64)>,
    at: u64,
}

impl Spill {
    pub fn create() -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("kyso-audit-{}-{nanos}.jsonl", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .read(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(Self {
            path,
            writer: BufWriter::new(file),
            index: Vec::new(),
            at: 0,
        })
    }

    pub fn push(&mut self, document: &AuditDocument) -> anyhow::Result<()> {
        let json = serde_json::to_vec(document)?;
        self.writer
            .write_all(&json)
            .with_context(|| format!("writing {}", self.path.display()))?;
        let len = json.len() as u64;
        self.index
            .push((document.report.file.clone(), self.at, len));
        self.at += len;
        Ok(())
    }

    /// The documents, sorted by file name, ready to be serialised (read back one at a time).
    pub fn into_documents(mut self) -> anyhow::Result<SpilledDocuments> {
        self.writer.flush()?;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", self.path.display()))?;
        self.index.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(SpilledDocuments {
            file: RefCell::new(file),
            path: self.path,
            index: self.index,
        })
    }
}

/// Documents stored in the spill file; serialises as a JSON array, reading one at a time.
#[derive(Debug)]
pub struct SpilledDocuments {
    file: RefCell<File>,
    path: PathBuf,
    index: Vec<(String, u64, u64)>,
}

impl SpilledDocuments {
    fn read(&self, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
        let mut f = self.file.borrow_mut();
        f.seek(SeekFrom::Start(offset))?;
        let mut buf = vec![0u8; usize::try_from(len).unwrap_or(0)];
        f.read_exact(&mut buf)?;
        Ok(buf)
    }
}

impl Drop for SpilledDocuments {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Serialize for SpilledDocuments {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.index.len()))?;
        for (_, offset, len) in &self.index {
            let bytes = self.read(*offset, *len).map_err(S::Error::custom)?;
            let text = String::from_utf8(bytes).map_err(S::Error::custom)?;
            let raw = RawValue::from_string(text).map_err(S::Error::custom)?;
            seq.serialize_element(&raw)?;
        }
        seq.end()
    }
}

/// Writes every report file into `out`.
pub fn write_all(out: &Path, report: &AuditReport<SpilledDocuments>) -> anyhow::Result<()> {
    let path = out.join("report.json");
    let mut w = BufWriter::new(
        File::create(&path).with_context(|| format!("creating {}", path.display()))?,
    );
    serde_json::to_writer_pretty(&mut w, report)?;
    w.write_all(b"\n")?;
    w.flush()?;
    write_file(&out.join("documents.csv"), &documents_csv(report))?;
    write_file(&out.join("agencies.csv"), &agencies_csv(&report.agencies))?;
    write_file(&out.join("report.xlsx"), &super::xlsx::workbook(report)?)?;
    write_file(
        &out.join("report.html"),
        super::html::render(report).as_bytes(),
    )?;
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// RFC 4180 field.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn documents_csv(report: &AuditReport<SpilledDocuments>) -> Vec<u8> {
    let header = [
        "Tệp",
        "Số ký hiệu",
        "Ngày",
        "Cơ quan ban hành",
        "Mã cơ quan",
        "Loại",
        "Có tệp",
        "Trong sổ đăng ký",
        "Đã ký số",
        "Kết luận chữ ký",
        "Nghị định 30",
        "Lý do",
        "Mã lý do",
        "verdict",
        "compliance",
    ];
    let rows = report.summaries.iter().map(|s| {
        let yes = |b: bool| if b { "có" } else { "không" }.to_owned();
        vec![
            s.file.clone(),
            s.number.clone().unwrap_or_default(),
            s.date.map(|d| d.iso()).unwrap_or_default(),
            s.agency.clone().unwrap_or_default(),
            s.agency_id.clone().unwrap_or_default(),
            s.kind.as_str().to_owned(),
            yes(s.present),
            yes(s.listed),
            yes(s.signed),
            s.verdict.label(Lang::Vi).to_owned(),
            if s.compliant {
                "đạt"
            } else {
                "chưa đạt"
            }
            .to_owned(),
            s.reasons
                .iter()
                .map(|f| f.message_vi.clone())
                .collect::<Vec<_>>()
                .join(" | "),
            s.reasons
                .iter()
                .map(|f| f.code.clone())
                .collect::<Vec<_>>()
                .join(" "),
            s.verdict.as_str().to_owned(),
            if s.compliant {
                "compliant"
            } else {
                "non_compliant"
            }
            .to_owned(),
        ]
    });
    csv(&header, rows)
}

/// agencies.csv (also `kyso rankings --format csv`).
pub fn agencies_csv(agencies: &[AgencyTally]) -> Vec<u8> {
    let header = [
        "Hạng",
        "Cơ quan",
        "Mã cơ quan",
        "Mã định danh",
        "Văn bản",
        "Có tệp",
        "Đã ký số",
        "Hợp lệ",
        "Đạt Nghị định 30",
        "Tỷ lệ ký số hợp lệ",
        "Tỷ lệ đạt",
        "Còn thiếu",
    ];
    let rows = agencies.iter().map(|a| {
        vec![
            a.rank.to_string(),
            a.agency.clone(),
            a.agency_id.clone(),
            a.agency_code.clone().unwrap_or_default(),
            a.documents.to_string(),
            a.files_present.to_string(),
            a.signed.to_string(),
            a.valid.to_string(),
            a.compliant.to_string(),
            format!("{:.4}", a.signing_rate),
            format!("{:.4}", a.compliance_rate),
            format!("{:.4}", a.gap),
        ]
    });
    csv(&header, rows)
}
