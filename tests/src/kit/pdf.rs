//! A minimal PDF object writer with incremental updates (ISO 32000-2 §7.5: file structure,
//! §7.5.4 cross-reference table, §7.5.5 trailer, §7.5.6 incremental updates).
//!
//! The kit keeps its own model of the catalog, pages and AcroForm so that every update rewrites
//! exactly the objects it changes, the way a signing tool does.

use std::fmt::Write as _;

/// A page as the kit wrote it.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: u32,
    pub contents: Vec<u32>,
    pub resources: u32,
    pub media_box: [f32; 4],
    pub annots: Vec<u32>,
}

impl Page {
    pub fn dict(&self, parent: u32) -> String {
        let mut s = format!(
            "<< /Type /Page /Parent {parent} 0 R /MediaBox [{} {} {} {}] /Resources {} 0 R",
            num(self.media_box[0]),
            num(self.media_box[1]),
            num(self.media_box[2]),
            num(self.media_box[3]),
            self.resources
        );
        match self.contents.as_slice() {
            [one] => {
                let _ = write!(s, " /Contents {one} 0 R");
            }
            many => {
                s.push_str(" /Contents [");
                for c in many {
                    let _ = write!(s, "{c} 0 R ");
                }
                s.push(']');
            }
        }
        if !self.annots.is_empty() {
            s.push_str(" /Annots [");
            for a in &self.annots {
                let _ = write!(s, "{a} 0 R ");
            }
            s.push(']');
        }
        s.push_str(" >>");
        s
    }
}

/// How a revision's cross-reference section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefMode {
    /// Classic xref table and trailer (§7.5.4).
    Table,
    /// Objects appended with no xref section and no trailer (an invalid update some attacks use).
    None,
}

/// The document as written so far, with the model the next update needs.
#[derive(Debug, Clone)]
pub struct PdfDoc {
    pub bytes: Vec<u8>,
    pub next_id: u32,
    pub root_id: u32,
    pub pages_id: u32,
    pub info_id: u32,
    pub pages: Vec<Page>,
    pub acroform_id: Option<u32>,
    pub fields: Vec<u32>,
    pub perms: Option<String>,
    pub dss_id: Option<u32>,
    /// Empty signature fields prepared for a later signer: (name, widget id, page).
    pub empty_fields: Vec<(String, u32, usize)>,
    pub last_xref: usize,
    pub file_id: [u8; 16],
    /// Start offset of every revision (0 for the original), and the end (after %%EOF).
    pub revision_ends: Vec<usize>,
}

/// Formats a number the way PDF writers do (no exponent, at most 3 decimals).
pub fn num(v: f32) -> String {
    if (v - v.round()).abs() < 0.0005 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A PDF text string: literal for ASCII, UTF-16BE with BOM otherwise (§7.9.2.2).
pub fn text_string(s: &str) -> String {
    if s.is_ascii() {
        let mut out = String::from("(");
        for c in s.chars() {
            match c {
                '(' | ')' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out.push(')');
        out
    } else {
        let mut out = String::from("<FEFF");
        for u in s.encode_utf16() {
            let _ = write!(out, "{u:04X}");
        }
        out.push('>');
        out
    }
}

/// `<< dict /Length n >> stream … endstream` (§7.3.8). `dict` is the inner entries.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// zlib/Flate compression (§7.4.4), deterministic.
pub fn flate(data: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, level)
}

impl PdfDoc {
    /// A fresh document model; ids 1..=3 are reserved for catalog, page tree and info.
    pub fn new(file_id: [u8; 16]) -> Self {
        Self {
            bytes: Vec::new(),
            next_id: 4,
            root_id: 1,
            pages_id: 2,
            info_id: 3,
            pages: Vec::new(),
            acroform_id: None,
            fields: Vec::new(),
            perms: None,
            dss_id: None,
            empty_fields: Vec::new(),
            last_xref: 0,
            file_id,
            revision_ends: Vec::new(),
        }
    }

    pub fn alloc(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn catalog(&self) -> Vec<u8> {
        let mut s = format!("<< /Type /Catalog /Pages {} 0 R", self.pages_id);
        if let Some(a) = self.acroform_id {
            let _ = write!(s, " /AcroForm {a} 0 R");
        }
        if let Some(p) = &self.perms {
            let _ = write!(s, " /Perms {p}");
        }
        if let Some(d) = self.dss_id {
            let _ = write!(s, " /DSS {d} 0 R");
        }
        s.push_str(" >>");
        s.into_bytes()
    }

    pub fn page_tree(&self) -> Vec<u8> {
        let mut s = String::from("<< /Type /Pages /Kids [");
        for p in &self.pages {
            let _ = write!(s, "{} 0 R ", p.id);
        }
        let _ = write!(s, "] /Count {} >>", self.pages.len());
        s.into_bytes()
    }

    pub fn page_obj(&self, index: usize) -> (u32, Vec<u8>) {
        let p = &self.pages[index];
        (p.id, p.dict(self.pages_id).into_bytes())
    }

    pub fn acroform(&self) -> Vec<u8> {
        let mut s = String::from("<< /Fields [");
        for f in &self.fields {
            let _ = write!(s, "{f} 0 R ");
        }
        s.push_str("] /SigFlags 3 >>");
        s.into_bytes()
    }

    fn id_hex(&self) -> String {
        super::der::hex(&self.file_id)
    }

    /// Writes a revision: the original (when `bytes` is empty) or an incremental update.
    /// Returns the offset of each object written.
    pub fn write_revision(
        &mut self,
        mut objs: Vec<(u32, Vec<u8>)>,
        mode: XrefMode,
    ) -> Vec<(u32, usize)> {
        let first = self.bytes.is_empty();
        if first {
            self.bytes
                .extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        }
        objs.sort_by_key(|(id, _)| *id);
        let mut offsets = Vec::with_capacity(objs.len());
        for (id, body) in &objs {
            offsets.push((*id, self.bytes.len()));
            self.bytes
                .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
            self.bytes.extend_from_slice(body);
            self.bytes.extend_from_slice(b"\nendobj\n");
        }
        if mode == XrefMode::None {
            self.revision_ends.push(self.bytes.len());
            return offsets;
        }
        let xref_at = self.bytes.len();
        let mut x = String::from("xref\n");
        if first {
            // One subsection 0..next_id; every id the kit allocated is written in the original.
            let _ = writeln!(x, "0 {}", self.next_id);
            x.push_str("0000000000 65535 f\r\n");
            for id in 1..self.next_id {
                match offsets.iter().find(|(i, _)| *i == id) {
                    Some((_, off)) => {
                        let _ = write!(x, "{off:010} 00000 n\r\n");
                    }
                    None => x.push_str("0000000000 00001 f\r\n"),
                }
            }
        } else {
            let mut i = 0;
            while i < offsets.len() {
                let mut j = i;
                while j + 1 < offsets.len() && offsets[j + 1].0 == offsets[j].0 + 1 {
                    j += 1;
                }
                let _ = writeln!(x, "{} {}", offsets[i].0, j - i + 1);
                for (_, off) in &offsets[i..=j] {
                    let _ = write!(x, "{off:010} 00000 n\r\n");
                }
                i = j + 1;
            }
        }
        let _ = write!(
            x,
            "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R /ID [<{}> <{}>]",
            self.next_id,
            self.root_id,
            self.info_id,
            self.id_hex(),
            self.id_hex()
        );
        if !first {
            let _ = write!(x, " /Prev {}", self.last_xref);
        }
        let _ = write!(x, " >>\nstartxref\n{xref_at}\n%%EOF\n");
        self.bytes.extend_from_slice(x.as_bytes());
        self.last_xref = xref_at;
        self.revision_ends.push(self.bytes.len());
        offsets
    }
}
