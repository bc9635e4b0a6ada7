//! Official letters (công văn, quyết định, …) laid out after Decree 30 Appendix I: agency header,
//! national motto, number and notation, place and date, title, body, recipients, signer block.
//! Written as the original revision of a PDF (ISO 32000-2 §7.5) with subset embedded fonts.

use std::fmt::Write as _;

use super::data::{Agency, Leader, DOC_TYPES, RECIPIENTS};
use super::font::{Face, FontUsage};
use super::pdf::{flate, num, stream, text_string, Page, PdfDoc, XrefMode};
use super::KitTime;

pub const PAGE_W: f32 = 595.276;
pub const PAGE_H: f32 = 841.89;
const LEFT: f32 = 85.0;
const RIGHT: f32 = PAGE_W - 57.0;
const TOP: f32 = PAGE_H - 57.0;
const BOTTOM: f32 = 62.0;
const LEFT_COL: f32 = 178.0;
const RIGHT_COL: f32 = 400.0;
const SIGNER_COL: f32 = 420.0;

/// What a letter says.
#[derive(Debug, Clone)]
pub struct LetterSpec {
    pub agency: &'static Agency,
    /// The competent person who signs (usually one of the agency's leaders).
    pub leader: Leader,
    pub number: u32,
    /// Index into `DOC_TYPES`.
    pub doc_type: usize,
    pub subject: String,
    pub date: KitTime,
    pub paragraphs: Vec<String>,
    /// Target compressed size of each appended scanned page, in bytes.
    pub scan_pages: Vec<usize>,
    pub seed: u64,
}

impl LetterSpec {
    /// Số và ký hiệu, e.g. "123/STC-NS" or "45/QĐ-STC" (Decree 30 Appendix I, II.3).
    pub fn number_notation(&self) -> String {
        let (_, prefix, _) = DOC_TYPES[self.doc_type];
        if prefix.is_empty() {
            format!(
                "{}/{}-{}",
                self.number, self.agency.notation, self.agency.unit
            )
        } else {
            format!("{}/{}-{}", self.number, prefix, self.agency.notation)
        }
    }

    pub fn doc_type_name(&self) -> &'static str {
        DOC_TYPES[self.doc_type].0
    }

    /// Trích yếu as registered.
    pub fn abstract_text(&self) -> String {
        if self.doc_type == 0 {
            format!("V/v {}", self.subject)
        } else {
            let s = &self.subject;
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        }
    }

    pub fn place(&self) -> &'static str {
        match self.agency.id {
            "vinh" => "Vinh",
            "nghiloc" => "Nghi Lộc",
            _ => "Nghệ An",
        }
    }
}

/// The written letter and where the signature images go.
#[derive(Debug, Clone)]
pub struct Letter {
    pub doc: PdfDoc,
    pub spec: LetterSpec,
    /// Page index and rectangle of the person's signature (between title line and name).
    pub sig_page: usize,
    pub sig_rect: [f32; 4],
    /// The agency seal: overlaps the left third of the person's signature (Appendix I II.8.a).
    pub seal_rect: [f32; 4],
}

#[derive(Debug, Clone)]
enum Op {
    Text {
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        text: String,
    },
    Line {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        w: f32,
    },
}

struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
    usage: FontUsage,
}

impl Layout {
    fn text(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
        self.usage.add(face, text);
        self.pages.last_mut().expect("page").push(Op::Text {
            face,
            size,
            x,
            y,
            text: text.to_string(),
        });
    }

    fn centered(&mut self, face: Face, size: f32, cx: f32, y: f32, text: &str) {
        let w = face.width(text, size);
        self.text(face, size, cx - w / 2.0, y, text);
    }

    fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, w: f32) {
        self.pages
            .last_mut()
            .expect("page")
            .push(Op::Line { x0, y0, x1, y1, w });
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }
}

/// Greedy word wrap to `width` points.
pub fn wrap(face: Face, size: f32, text: &str, width: f32, first_indent: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut limit = width - first_indent;
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if face.width(&candidate, size) > limit && !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
            limit = width;
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Lays out and writes the letter as the original revision.
pub fn write_letter(spec: &LetterSpec) -> Letter {
    let a = spec.agency;
    let leader = &spec.leader;
    let mut l = Layout {
        pages: vec![Vec::new()],
        y: TOP,
        usage: FontUsage::default(),
    };

    // Header (Appendix I, components 1 and 2).
    let y = TOP;
    l.centered(Face::Regular, 12.0, LEFT_COL, y, a.header[0]);
    l.centered(Face::Bold, 12.0, LEFT_COL, y - 15.0, a.header[1]);
    let hw = Face::Bold.width(a.header[1], 12.0).min(120.0) / 2.0;
    l.line(
        LEFT_COL - hw * 0.6,
        y - 20.0,
        LEFT_COL + hw * 0.6,
        y - 20.0,
        0.6,
    );
    l.centered(
        Face::Bold,
        11.0,
        RIGHT_COL,
        y,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    let motto = "Độc lập - Tự do - Hạnh phúc";
    l.centered(Face::Bold, 12.0, RIGHT_COL, y - 15.0, motto);
    let mw = Face::Bold.width(motto, 12.0) / 2.0;
    l.line(RIGHT_COL - mw, y - 20.0, RIGHT_COL + mw, y - 20.0, 0.6);

    let y = y - 42.0;
    l.centered(
        Face::Regular,
        12.0,
        LEFT_COL,
        y,
        &format!("Số: {}", spec.number_notation()),
    );
    // Appendix I II.4: days below 10 and months 1 and 2 take a leading zero.
    let month = if spec.date.month < 3 {
        format!("{:02}", spec.date.month)
    } else {
        spec.date.month.to_string()
    };
    let date = format!(
        "{}, ngày {:02} tháng {month} năm {}",
        spec.place(),
        spec.date.day,
        spec.date.year
    );
    l.centered(Face::Italic, 12.0, RIGHT_COL, y, &date);
    let mut y = y - 16.0;

    if spec.doc_type == 0 {
        for line in wrap(Face::Regular, 11.0, &spec.abstract_text(), 190.0, 0.0) {
            l.centered(Face::Regular, 11.0, LEFT_COL, y, &line);
            y -= 13.0;
        }
        y -= 18.0;
        let to = format!("Kính gửi: {}", recipient_for(spec));
        l.centered(Face::Regular, 13.0, (LEFT + RIGHT) / 2.0, y, &to);
        y -= 28.0;
    } else {
        y -= 22.0;
        let title = DOC_TYPES[spec.doc_type].2;
        l.centered(Face::Bold, 14.0, (LEFT + RIGHT) / 2.0, y, title);
        y -= 17.0;
        for line in wrap(Face::Bold, 13.0, &spec.abstract_text(), 380.0, 0.0) {
            l.centered(Face::Bold, 13.0, (LEFT + RIGHT) / 2.0, y, &line);
            y -= 16.0;
        }
        l.line(
            (LEFT + RIGHT) / 2.0 - 40.0,
            y + 11.0,
            (LEFT + RIGHT) / 2.0 + 40.0,
            y + 11.0,
            0.6,
        );
        y -= 16.0;
    }
    l.y = y;

    // Body.
    for p in &spec.paragraphs {
        for (i, line) in wrap(Face::Regular, 13.0, p, RIGHT - LEFT, 28.0)
            .into_iter()
            .enumerate()
        {
            if l.y < BOTTOM {
                l.new_page();
            }
            let x = if i == 0 { LEFT + 28.0 } else { LEFT };
            let yy = l.y;
            l.text(Face::Regular, 13.0, x, yy, &line);
            l.y -= 18.0;
        }
        l.y -= 5.0;
    }
    let closing = "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.";
    if l.y < BOTTOM {
        l.new_page();
    }
    let yy = l.y;
    l.text(Face::Regular, 13.0, LEFT + 28.0, yy, closing);
    l.y -= 24.0;

    // Recipients and signer block (components 7 and 9a).
    if l.y - 150.0 < BOTTOM {
        l.new_page();
    }
    let y = l.y;
    l.text(Face::Bold, 11.0, LEFT, y, "Nơi nhận:");
    let mut ry = y - 13.0;
    for r in RECIPIENTS.iter() {
        l.text(Face::Regular, 10.0, LEFT, ry, r);
        ry -= 12.0;
    }
    l.centered(Face::Bold, 12.5, SIGNER_COL, y, leader.block[0]);
    let mut ty = y;
    if !leader.block[1].is_empty() {
        ty = y - 15.0;
        l.centered(Face::Bold, 12.5, SIGNER_COL, ty, leader.block[1]);
    }
    let name_y = ty - 92.0;
    l.centered(Face::Bold, 13.0, SIGNER_COL, name_y, leader.name);
    let sig_page = l.pages.len() - 1;
    let sig_rect = [
        SIGNER_COL - 70.0,
        name_y + 16.0,
        SIGNER_COL + 70.0,
        ty - 8.0,
    ];
    let d = 100.0;
    let sig_h = sig_rect[3] - sig_rect[1];
    let seal_x1 = sig_rect[0] + (sig_rect[2] - sig_rect[0]) / 3.0;
    let cy = sig_rect[1] + sig_h / 2.0;
    let seal_rect = [seal_x1 - d, cy - d / 2.0, seal_x1, cy + d / 2.0];

    let text_pages = l.pages.len();
    l.usage.finish();

    // Objects.
    let mut seed_id = [0u8; 16];
    let h = super::cms::DigestAlg::Sha256
        .digest(format!("{}|{}|{}", a.id, spec.number_notation(), spec.seed).as_bytes());
    seed_id.copy_from_slice(&h[..16]);
    let mut doc = PdfDoc::new(seed_id);
    let mut objs: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut font_refs = String::new();
    for face in Face::ALL {
        if !l.usage.used(face) {
            continue;
        }
        let ids = [
            doc.alloc(),
            doc.alloc(),
            doc.alloc(),
            doc.alloc(),
            doc.alloc(),
        ];
        let _ = write!(font_refs, "/{} {} 0 R ", face.resource(), ids[0]);
        objs.extend(l.usage.objects(face, ids));
    }
    let text_resources = doc.alloc();
    objs.push((
        text_resources,
        format!("<< /Font << {font_refs}/Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> /ProcSet [/PDF /Text /ImageC] >>").into_bytes(),
    ));
    for ops in &l.pages {
        let mut c = String::new();
        for op in ops {
            match op {
                Op::Text {
                    face,
                    size,
                    x,
                    y,
                    text,
                } => {
                    let _ = writeln!(
                        c,
                        "BT /{} {} Tf 1 0 0 1 {} {} Tm {} Tj ET",
                        face.resource(),
                        num(*size),
                        num(*x),
                        num(*y),
                        l.usage.encode(*face, text)
                    );
                }
                Op::Line { x0, y0, x1, y1, w } => {
                    let _ = writeln!(
                        c,
                        "{} w {} {} m {} {} l S",
                        num(*w),
                        num(*x0),
                        num(*y0),
                        num(*x1),
                        num(*y1)
                    );
                }
            }
        }
        let page_id = doc.alloc();
        let content_id = doc.alloc();
        objs.push((
            content_id,
            stream("/Filter /FlateDecode", &flate(c.as_bytes(), 6)),
        ));
        doc.pages.push(Page {
            id: page_id,
            contents: vec![content_id],
            resources: text_resources,
            media_box: [0.0, 0.0, PAGE_W, PAGE_H],
            annots: Vec::new(),
        });
    }
    for (i, target) in spec.scan_pages.iter().enumerate() {
        let (w, h, data) =
            super::image::scan_page(spec.seed.wrapping_mul(31).wrapping_add(i as u64), *target);
        let img = doc.alloc();
        let res = doc.alloc();
        let page_id = doc.alloc();
        let content_id = doc.alloc();
        objs.push((
            img,
            stream(
                &format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"),
                &data,
            ),
        ));
        objs.push((
            res,
            format!("<< /XObject << /Scan {img} 0 R >> >>").into_bytes(),
        ));
        let c = format!("q {} 0 0 {} 0 0 cm /Scan Do Q\n", num(PAGE_W), num(PAGE_H));
        objs.push((content_id, stream("", c.as_bytes())));
        doc.pages.push(Page {
            id: page_id,
            contents: vec![content_id],
            resources: res,
            media_box: [0.0, 0.0, PAGE_W, PAGE_H],
            annots: Vec::new(),
        });
    }
    for i in 0..doc.pages.len() {
        objs.push(doc.page_obj(i));
    }
    objs.push((doc.root_id, doc.catalog()));
    objs.push((doc.pages_id, doc.page_tree()));
    let created = spec.date.plus_seconds(2 * 3600);
    objs.push((
        doc.info_id,
        format!(
            "<< /Title {} /Author {} /Creator (I-Office Nghe An - kyso test kit) /Producer (kyso test kit) /CreationDate ({}) /ModDate ({}) >>",
            text_string(&format!("{} {}", spec.number_notation(), spec.abstract_text())),
            text_string(a.name),
            created.pdf_date_vn(),
            created.pdf_date_vn()
        )
        .into_bytes(),
    ));
    let _ = text_pages;
    doc.write_revision(objs, XrefMode::Table);
    Letter {
        doc,
        spec: spec.clone(),
        sig_page,
        sig_rect,
        seal_rect,
    }
}

fn recipient_for(spec: &LetterSpec) -> &'static str {
    match spec.seed % 4 {
        0 => "Các sở, ban, ngành cấp tỉnh",
        1 => "UBND các huyện, thành phố, thị xã",
        2 => "Các phòng, đơn vị trực thuộc",
        _ => "Ủy ban nhân dân tỉnh Nghệ An",
    }
}
