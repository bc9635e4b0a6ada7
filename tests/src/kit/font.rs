//! Embedded, subset DejaVu Serif fonts as Type0/CIDFontType2 with Identity-H encoding and a
//! ToUnicode CMap (ISO 32000-2 §9.7 composite fonts, §9.10.3 ToUnicode), so every Vietnamese
//! diacritic renders and text extraction yields the original Unicode.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use super::pdf::{flate, num, stream};

/// The three faces the letters use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    pub fn resource(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
            Face::Italic => "F3",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Face::Regular => "DejaVuSerif.ttf",
            Face::Bold => "DejaVuSerif-Bold.ttf",
            Face::Italic => "DejaVuSerif-Italic.ttf",
        }
    }

    fn base_name(self) -> &'static str {
        match self {
            Face::Regular => "DejaVuSerif",
            Face::Bold => "DejaVuSerif-Bold",
            Face::Italic => "DejaVuSerif-Italic",
        }
    }

    /// The font program bytes (loaded once from tests/kit-assets/).
    pub fn data(self) -> &'static [u8] {
        static DATA: [OnceLock<Vec<u8>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        DATA[self as usize].get_or_init(|| {
            let p = super::crate_dir().join("kit-assets").join(self.file());
            std::fs::read(&p).unwrap_or_else(|e| panic!("font {}: {e}", p.display()))
        })
    }

    pub fn face(self) -> ttf_parser::Face<'static> {
        ttf_parser::Face::parse(self.data(), 0).expect("TrueType font")
    }

    pub fn glyph(self, c: char) -> u16 {
        self.face().glyph_index(c).map(|g| g.0).unwrap_or(0)
    }

    /// Advance width of `text` at `size` points.
    pub fn width(self, text: &str, size: f32) -> f32 {
        let f = self.face();
        let upem = f32::from(f.units_per_em());
        text.chars()
            .map(|c| {
                let g = f.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                f32::from(f.glyph_hor_advance(g).unwrap_or(0))
            })
            .sum::<f32>()
            * size
            / upem
    }
}

/// The glyphs used by a document, per face, and their subset mapping.
#[derive(Debug, Default, Clone)]
pub struct FontUsage {
    chars: [BTreeSet<char>; 3],
    /// old gid -> new gid per face, filled by `finish`.
    maps: [Vec<(u16, u16)>; 3],
}

impl FontUsage {
    pub fn add(&mut self, face: Face, text: &str) {
        self.chars[face as usize].extend(text.chars());
    }

    pub fn used(&self, face: Face) -> bool {
        !self.chars[face as usize].is_empty()
    }

    /// Encodes text as Identity-H 2-byte CIDs (= new glyph ids in the subset), hex string.
    pub fn encode(&self, face: Face, text: &str) -> String {
        let map = &self.maps[face as usize];
        let mut s = String::from("<");
        for c in text.chars() {
            let old = face.glyph(c);
            let new = map
                .binary_search_by_key(&old, |(o, _)| *o)
                .map(|i| map[i].1)
                .unwrap_or(0);
            let _ = write!(s, "{new:04X}");
        }
        s.push('>');
        s
    }

    /// Computes the subset mappings; call after every `add`, before `encode`.
    pub fn finish(&mut self) {
        for face in Face::ALL {
            let gids: Vec<u16> = self.chars[face as usize]
                .iter()
                .map(|c| face.glyph(*c))
                .collect();
            let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
            let mut map: Vec<(u16, u16)> = gids
                .iter()
                .map(|g| (*g, remapper.get(*g).unwrap_or(0)))
                .collect();
            map.sort();
            map.dedup();
            self.maps[face as usize] = map;
        }
    }

    /// The PDF objects of one face: Type0 font, CIDFont, descriptor, font file, ToUnicode.
    /// `ids` = [type0, cidfont, descriptor, fontfile, tounicode]. Returns (id, body) pairs.
    pub fn objects(&self, face: Face, ids: [u32; 5]) -> Vec<(u32, Vec<u8>)> {
        let f = face.face();
        let upem = f32::from(f.units_per_em());
        let scale = 1000.0 / upem;
        let map = &self.maps[face as usize];
        let mut old_sorted: Vec<u16> = map.iter().map(|(o, _)| *o).collect();
        old_sorted.sort();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&old_sorted);
        let subset = subsetter::subset(face.data(), 0, &remapper).expect("subset font");
        // Subset tag: six capitals derived from the glyph set (§9.6.4), deterministic.
        let h = super::cms::DigestAlg::Sha256.digest(
            &old_sorted
                .iter()
                .flat_map(|g| g.to_be_bytes())
                .collect::<Vec<_>>(),
        );
        let tag: String = h[..6].iter().map(|b| (b'A' + b % 26) as char).collect();
        let name = format!("{tag}+{}", face.base_name());

        let mut widths = String::new();
        let mut by_new: Vec<(u16, u16)> = map.iter().map(|(o, n)| (*n, *o)).collect();
        by_new.sort();
        for (new, old) in &by_new {
            let w = f32::from(f.glyph_hor_advance(ttf_parser::GlyphId(*old)).unwrap_or(0)) * scale;
            let _ = write!(widths, "{new} [{}] ", num(w));
        }
        let bbox = f.global_bounding_box();
        let descriptor = format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags {} /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {} /FontFile2 {} 0 R >>",
            if face == Face::Italic { 34 + 64 } else { 34 },
            num(f32::from(bbox.x_min) * scale),
            num(f32::from(bbox.y_min) * scale),
            num(f32::from(bbox.x_max) * scale),
            num(f32::from(bbox.y_max) * scale),
            if face == Face::Italic { -11 } else { 0 },
            num(f32::from(f.ascender()) * scale),
            num(f32::from(f.descender()) * scale),
            num(f32::from(f.capital_height().unwrap_or(f.ascender())) * scale),
            if face == Face::Bold { 140 } else { 80 },
            ids[3]
        );

        // ToUnicode CMap (§9.10.3): new gid -> UTF-16BE.
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let mut pairs = Vec::new();
        for c in &self.chars[face as usize] {
            let old = face.glyph(*c);
            if let Ok(i) = map.binary_search_by_key(&old, |(o, _)| *o) {
                let mut u = String::new();
                for unit in c.encode_utf16(&mut [0u16; 2]) {
                    let _ = write!(u, "{unit:04X}");
                }
                pairs.push((map[i].1, u));
            }
        }
        pairs.sort();
        pairs.dedup_by_key(|p| p.0);
        for chunk in pairs.chunks(100) {
            let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
            for (g, u) in chunk {
                let _ = writeln!(cmap, "<{g:04X}> <{u}>");
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

        vec![
            (
                ids[0],
                format!(
                    "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{} 0 R] /ToUnicode {} 0 R >>",
                    ids[1], ids[4]
                )
                .into_bytes(),
            ),
            (
                ids[1],
                format!(
                    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {} 0 R /DW 600 /W [{widths}] /CIDToGIDMap /Identity >>",
                    ids[2]
                )
                .into_bytes(),
            ),
            (ids[2], descriptor.into_bytes()),
            (
                ids[3],
                stream(
                    &format!("/Filter /FlateDecode /Length1 {}", subset.len()),
                    &flate(&subset, 6),
                ),
            ),
            (ids[4], stream("/Filter /FlateDecode", &flate(cmap.as_bytes(), 6))),
        ]
    }
}
