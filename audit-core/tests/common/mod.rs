//! A tiny PDF writer for tests: objects with exact xref offsets, incremental updates, xref
//! streams, object streams and signature placeholders. It writes exactly what it is told, so
//! tests can also build broken files.
#![allow(dead_code)]

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy)]
enum Entry {
    InUse(usize),
    Compressed(u32, u32),
    Free,
}

/// Where a signature placeholder was written.
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    /// Offset of the `[` of /ByteRange.
    pub byte_range_open: usize,
    /// Offset of the matching `]`.
    pub byte_range_close: usize,
    /// Offsets of `<` and after `>` of /Contents.
    pub contents_start: usize,
    pub contents_end: usize,
}

#[derive(Debug, Default)]
pub struct PdfBuilder {
    pub buf: Vec<u8>,
    entries: Vec<(u32, Entry)>,
    last_xref: Option<usize>,
    size: u32,
}

impl PdfBuilder {
    pub fn new() -> Self {
        let mut b = Self::default();
        b.buf.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
        b
    }

    fn note(&mut self, num: u32, e: Entry) {
        self.entries.retain(|(n, _)| *n != num);
        self.entries.push((num, e));
        self.size = self.size.max(num + 1);
    }

    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    /// `num 0 obj\n<body>\nendobj\n`; returns the object's offset.
    pub fn object(&mut self, num: u32, body: &str) -> usize {
        self.object_bytes(num, body.as_bytes())
    }

    pub fn object_bytes(&mut self, num: u32, body: &[u8]) -> usize {
        let at = self.buf.len();
        self.buf
            .extend_from_slice(format!("{num} 0 obj\n").as_bytes());
        self.buf.extend_from_slice(body);
        self.buf.extend_from_slice(b"\nendobj\n");
        self.note(num, Entry::InUse(at));
        at
    }

    /// A stream object with `dict_extra` entries and the raw `data` (no filter added).
    pub fn stream(&mut self, num: u32, dict_extra: &str, data: &[u8]) -> usize {
        let at = self.buf.len();
        self.buf.extend_from_slice(
            format!(
                "{num} 0 obj\n<< {dict_extra} /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        );
        self.buf.extend_from_slice(data);
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
        self.note(num, Entry::InUse(at));
        at
    }

    /// A FlateDecode stream of `data`.
    pub fn flate_stream(&mut self, num: u32, dict_extra: &str, data: &[u8]) -> usize {
        let z = miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
        self.stream(num, &format!("{dict_extra} /Filter /FlateDecode"), &z)
    }

    /// An object stream holding `objects`; they get type-2 entries.
    pub fn object_stream(&mut self, num: u32, objects: &[(u32, &str)]) -> usize {
        let mut header = String::new();
        let mut body = String::new();
        for (n, text) in objects {
            write!(header, "{n} {} ", body.len()).unwrap();
            body.push_str(text);
            body.push('\n');
        }
        let first = header.len();
        let data = format!("{header}{body}");
        let at = self.flate_stream(
            num,
            &format!("/Type /ObjStm /N {} /First {first}", objects.len()),
            data.as_bytes(),
        );
        for (i, (n, _)) in objects.iter().enumerate() {
            self.note(*n, Entry::Compressed(num, u32::try_from(i).unwrap()));
        }
        at
    }

    /// Sets the /Prev of the next section (for hand-written sections).
    pub fn set_prev(&mut self, offset: usize) {
        self.last_xref = Some(offset);
        self.entries.clear();
    }

    pub fn free(&mut self, num: u32) {
        self.note(num, Entry::Free);
    }

    fn subsections(&self) -> Vec<(u32, Vec<Entry>)> {
        let mut sorted = self.entries.clone();
        if self.last_xref.is_none() && !sorted.iter().any(|(n, _)| *n == 0) {
            sorted.push((0, Entry::Free));
        }
        sorted.sort_by_key(|(n, _)| *n);
        let mut out: Vec<(u32, Vec<Entry>)> = Vec::new();
        for (n, e) in sorted {
            match out.last_mut() {
                Some((start, list)) if *start + u32::try_from(list.len()).unwrap() == n => {
                    list.push(e)
                }
                _ => out.push((n, vec![e])),
            }
        }
        out
    }

    /// Ends the revision with a classic xref table; returns the table's offset.
    pub fn finish_table(&mut self, trailer_extra: &str) -> usize {
        let at = self.buf.len();
        let mut s = String::from("xref\n");
        for (start, list) in self.subsections() {
            writeln!(s, "{start} {}", list.len()).unwrap();
            for e in list {
                match e {
                    Entry::InUse(o) => write!(s, "{o:010} 00000 n\r\n").unwrap(),
                    Entry::Free => s.push_str("0000000000 65535 f\r\n"),
                    Entry::Compressed(..) => panic!("classic table cannot hold type-2 entries"),
                }
            }
        }
        let prev = self
            .last_xref
            .map(|p| format!(" /Prev {p}"))
            .unwrap_or_default();
        write!(
            s,
            "trailer\n<< /Size {}{prev} {trailer_extra} >>\nstartxref\n{at}\n%%EOF\n",
            self.size
        )
        .unwrap();
        self.buf.extend_from_slice(s.as_bytes());
        self.last_xref = Some(at);
        self.entries.clear();
        at
    }

    /// Ends the revision with an xref stream object `num`; returns its offset.
    pub fn finish_xref_stream(&mut self, num: u32, trailer_extra: &str) -> usize {
        let at = self.buf.len();
        self.note(num, Entry::InUse(at));
        let subs = self.subsections();
        let mut data = Vec::new();
        let mut index = String::new();
        for (start, list) in &subs {
            write!(index, "{start} {} ", list.len()).unwrap();
            for e in list {
                let (t, f2, f3): (u8, u32, u16) = match e {
                    Entry::InUse(o) => (1, u32::try_from(*o).unwrap(), 0),
                    Entry::Compressed(s, i) => (2, *s, u16::try_from(*i).unwrap()),
                    Entry::Free => (0, 0, 65535),
                };
                data.push(t);
                data.extend_from_slice(&f2.to_be_bytes());
                data.extend_from_slice(&f3.to_be_bytes());
            }
        }
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&data, 6);
        let prev = self
            .last_xref
            .map(|p| format!(" /Prev {p}"))
            .unwrap_or_default();
        let mut out = format!(
            "{num} 0 obj\n<< /Type /XRef /Size {} /W [1 4 2] /Index [{index}]{prev} {trailer_extra} /Filter /FlateDecode /Length {} >>\nstream\n",
            self.size,
            z.len()
        )
        .into_bytes();
        out.extend_from_slice(&z);
        out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
        self.buf.extend_from_slice(&out);
        self.last_xref = Some(at);
        self.entries.clear();
        at
    }

    /// A signature dictionary with a ByteRange placeholder and `contents_len` zero bytes of
    /// /Contents, plus `extra` entries after /Contents.
    pub fn signature_object(&mut self, num: u32, contents_len: usize, extra: &str) -> Placeholder {
        let at = self.buf.len();
        let head = format!(
            "{num} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange "
        );
        self.buf.extend_from_slice(head.as_bytes());
        let byte_range_open = self.buf.len();
        self.buf
            .extend_from_slice(b"[0 0000000000 0000000000 0000000000]");
        let byte_range_close = self.buf.len() - 1;
        self.buf.extend_from_slice(b" /Contents ");
        let contents_start = self.buf.len();
        self.buf.push(b'<');
        self.buf.extend(std::iter::repeat_n(b'0', contents_len * 2));
        self.buf.push(b'>');
        let contents_end = self.buf.len();
        self.buf.extend_from_slice(
            format!(" /M (D:20210315090000+07'00') {extra} >>\nendobj\n").as_bytes(),
        );
        self.note(num, Entry::InUse(at));
        Placeholder {
            byte_range_open,
            byte_range_close,
            contents_start,
            contents_end,
        }
    }

    /// Writes `[values]` into the placeholder's brackets (space padded).
    pub fn patch_byte_range(&mut self, p: &Placeholder, values: &str) {
        let width = p.byte_range_close - p.byte_range_open - 1;
        assert!(values.len() <= width, "ByteRange text too long");
        let text = format!("{values:<width$}");
        self.buf[p.byte_range_open + 1..p.byte_range_close].copy_from_slice(text.as_bytes());
    }

    /// Patches the standard ByteRange: everything up to `end` except the /Contents token.
    pub fn seal(&mut self, p: &Placeholder, end: usize) {
        let v = format!(
            "0 {} {} {}",
            p.contents_start,
            p.contents_end,
            end - p.contents_end
        );
        self.patch_byte_range(p, &v);
    }
}

/// A one-page document (catalog 1, pages 2, page 3) ended with a classic table.
pub fn base_document() -> PdfBuilder {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    b.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    b.finish_table("/Root 1 0 R");
    b
}

/// Adds an incremental update that signs the document with field `name` (objects `sig`, `sig+1`
/// for the field/widget), updating catalog 1 and page 3. Returns the placeholder, not yet sealed.
pub fn add_signature_revision(
    b: &mut PdfBuilder,
    sig: u32,
    name: &str,
    fields: &[u32],
) -> Placeholder {
    let p = b.signature_object(sig, 64, "/Reason (claimed reason)");
    let field = sig + 1;
    b.object(
        field,
        &format!("<< /FT /Sig /T ({name}) /V {sig} 0 R /Type /Annot /Subtype /Widget /Rect [10 20 110 70] /P 3 0 R /F 132 >>"),
    );
    let all: Vec<String> = fields
        .iter()
        .chain(std::iter::once(&field))
        .map(|f| format!("{f} 0 R"))
        .collect();
    let list = all.join(" ");
    b.object(
        1,
        &format!("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{list}] /SigFlags 3 >> >>"),
    );
    b.object(
        3,
        &format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [{list}] >>"),
    );
    p
}

/// A deterministic xorshift PRNG (tests must be reproducible).
#[derive(Debug)]
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }
}

/// First offset of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl PdfBuilder {
    /// Overwrites `[start, end)` with `text` padded with spaces (must fit).
    pub fn overwrite(&mut self, start: usize, end: usize, text: &str) {
        let width = end - start;
        assert!(text.len() <= width, "replacement too long");
        let padded = format!("{text:<width$}");
        self.buf[start..end].copy_from_slice(padded.as_bytes());
    }
}

/// A document signed once (revision 1), sealed to the end of that revision.
pub fn signed_once() -> (PdfBuilder, Placeholder) {
    let mut b = base_document();
    let p = add_signature_revision(&mut b, 4, "Sig1", &[]);
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    b.seal(&p, end);
    (b, p)
}
