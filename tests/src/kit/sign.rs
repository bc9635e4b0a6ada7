//! PDF signing as incremental updates (ISO 32000-2 §12.8: signature fields, /ByteRange,
//! /Contents; §12.8.2.2 DocMDP; §12.8.4.3 DSS), with the Decree 30 Appendix I appearance:
//! the person's blue signature, then the agency's red seal over the left third of it.

use std::fmt::Write as _;

use super::cms::{sign_detached, CmsOptions};
use super::image::{cached, colored_image, seal, signature, EncodedImage};
use super::pdf::{num, stream, text_string, PdfDoc, XrefMode};
use super::pki::Identity;
use super::KitTime;

/// /SubFilter of the signature dictionary (§12.8.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubFilter {
    AdbePkcs7Detached,
    EtsiCadesDetached,
    /// Any other name (unsupported-type tests).
    Other(&'static str),
}

impl SubFilter {
    pub fn name(self) -> &'static str {
        match self {
            SubFilter::AdbePkcs7Detached => "adbe.pkcs7.detached",
            SubFilter::EtsiCadesDetached => "ETSI.CAdES.detached",
            SubFilter::Other(n) => n,
        }
    }
}

/// What the widget shows.
#[derive(Debug, Clone)]
pub enum Appearance {
    /// The person's handwritten signature image (blue, transparent background).
    PersonSignature {
        page: usize,
        rect: [f32; 4],
        name: String,
    },
    /// The agency seal (red, transparent background).
    Seal {
        page: usize,
        rect: [f32; 4],
        top: String,
        bottom: String,
    },
    /// A zero-size widget (invisible signature).
    Invisible { page: usize },
    /// A widget whose appearance paints a white box and text (Sneaky Signature Attack).
    Overlay {
        page: usize,
        rect: [f32; 4],
        text: String,
    },
}

/// One signature to apply.
#[derive(Debug, Clone)]
pub struct SignSpec {
    pub signer: Identity,
    pub field: String,
    pub sub_filter: SubFilter,
    pub cms: CmsOptions,
    pub appearance: Appearance,
    /// /M in the signature dictionary (the claimed time; §12.8.1 Table 255).
    pub time: KitTime,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Certification signature with DocMDP permissions P (1, 2 or 3).
    pub docmdp: Option<u8>,
    /// Bytes reserved for the CMS in /Contents.
    pub contents_size: usize,
    /// /Filter: the signature handler (§12.8.1), normally Adobe.PPKLite.
    pub filter: &'static str,
    /// Empty signature fields created in the same revision for later signers (name, page,
    /// rect): with DocMDP P=2, filling a prepared field is unambiguously allowed, whereas adding
    /// a new field is judged differently by validators (pyHanko rejects it).
    pub prepare_fields: Vec<(String, usize, [f32; 4])>,
}

impl SignSpec {
    pub fn new(signer: &Identity, field: &str, time: KitTime, appearance: Appearance) -> Self {
        Self {
            signer: signer.clone(),
            field: field.to_string(),
            sub_filter: SubFilter::AdbePkcs7Detached,
            cms: CmsOptions {
                signing_time: Some(time),
                ..CmsOptions::default()
            },
            appearance,
            time,
            reason: None,
            location: Some("Nghệ An".to_string()),
            docmdp: None,
            contents_size: 12_000,
            filter: "Adobe.PPKLite",
            prepare_fields: Vec::new(),
        }
    }
}

/// Where a signature landed in the file.
#[derive(Debug, Clone)]
pub struct SignedField {
    pub sig_id: u32,
    pub widget_id: u32,
    pub byte_range: [usize; 4],
    /// Offset of '<' of /Contents and of the byte after '>'.
    pub contents_start: usize,
    pub contents_end: usize,
    pub revision_end: usize,
}

const BR_PLACEHOLDER: &str = "[0 0000000000 0000000000 0000000000]";

fn image_objects(doc: &mut PdfDoc, e: &EncodedImage) -> (u32, Vec<(u32, Vec<u8>)>) {
    let img = doc.alloc();
    let mask = doc.alloc();
    let (i, m) = colored_image(e, mask);
    (img, vec![(img, i), (mask, m)])
}

/// Appearance stream (form XObject) for a widget of size w×h drawing one image.
fn appearance(doc: &mut PdfDoc, w: f32, h: f32, img: Option<u32>) -> (u32, Vec<u8>) {
    let id = doc.alloc();
    let (res, content) = match img {
        Some(i) => (
            format!("<< /XObject << /Img {i} 0 R >> >>"),
            format!("q {} 0 0 {} 0 0 cm /Img Do Q\n", num(w), num(h)),
        ),
        None => ("<< >>".to_string(), String::new()),
    };
    (
        id,
        stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 {} {}] /Resources {res}",
                num(w),
                num(h)
            ),
            content.as_bytes(),
        ),
    )
}

/// A form XObject painting an opaque white box with black Helvetica text.
pub fn overlay_appearance(doc: &mut PdfDoc, w: f32, h: f32, text: &str) -> (u32, Vec<u8>) {
    let id = doc.alloc();
    let content = format!(
        "q 1 1 1 rg 0 0 {} {} re f Q BT /Helv 14 Tf 0 0 0 rg 1 0 0 1 8 {} Tm {} Tj ET\n",
        num(w),
        num(h),
        num(h / 2.0),
        text_string(text)
    );
    (
        id,
        stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 {} {}] /Resources << /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> >>",
                num(w),
                num(h)
            ),
            content.as_bytes(),
        ),
    )
}

/// Adds one signature as a new incremental update and returns where it is.
pub fn sign(doc: &mut PdfDoc, spec: &SignSpec) -> SignedField {
    sign_with(doc, spec, |_| {})
}

/// As [`sign`], with a hook that may add or change objects of the same update before it is
/// written (used by attack mutators that hide changes inside a signing revision).
pub fn sign_with(
    doc: &mut PdfDoc,
    spec: &SignSpec,
    extra: impl FnOnce(&mut Vec<(u32, Vec<u8>)>),
) -> SignedField {
    let mut objs: Vec<(u32, Vec<u8>)> = Vec::new();
    let sig_id = doc.alloc();
    let prepared = doc
        .empty_fields
        .iter()
        .position(|(n, _, _)| *n == spec.field)
        .map(|i| doc.empty_fields.remove(i));
    let widget_id = match &prepared {
        Some((_, id, _)) => *id,
        None => doc.alloc(),
    };

    let (page, rect, img) = match &spec.appearance {
        Appearance::PersonSignature { page, rect, name } => {
            let e = cached(&format!("sig:{name}"), [0x10, 0x2c, 0xb0], || {
                signature(name, 420, 210)
            });
            let (img, o) = image_objects(doc, &e);
            objs.extend(o);
            (*page, *rect, Some(img))
        }
        Appearance::Seal {
            page,
            rect,
            top,
            bottom,
        } => {
            let e = cached(&format!("seal:{top}|{bottom}"), [0xd8, 0x10, 0x10], || {
                seal(top, bottom, 360)
            });
            let (img, o) = image_objects(doc, &e);
            objs.extend(o);
            (*page, *rect, Some(img))
        }
        Appearance::Invisible { page } => (*page, [0.0; 4], None),
        Appearance::Overlay { page, rect, .. } => (*page, *rect, None),
    };
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    let ap = match &spec.appearance {
        Appearance::Overlay { text, .. } => overlay_appearance(doc, w, h, text),
        _ => appearance(doc, w, h, img),
    };
    let ap_id = ap.0;
    objs.push(ap);

    // Signature dictionary with placeholders.
    let mut sd = format!(
        "<< /Type /Sig /Filter /{} /SubFilter /{} /ByteRange {BR_PLACEHOLDER} /Contents <",
        spec.filter,
        spec.sub_filter.name()
    );
    let contents_rel = sd.len() - 1;
    sd.push_str(&"0".repeat(spec.contents_size * 2));
    sd.push('>');
    let _ = write!(sd, " /M ({})", spec.time.pdf_date_vn());
    let _ = write!(sd, " /Name {}", text_string(&spec.signer.common_name));
    if let Some(r) = &spec.reason {
        let _ = write!(sd, " /Reason {}", text_string(r));
    }
    if let Some(l) = &spec.location {
        let _ = write!(sd, " /Location {}", text_string(l));
    }
    if let Some(p) = spec.docmdp {
        let _ = write!(
            sd,
            " /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P {p} /V /1.2 >> >>]"
        );
        doc.perms = Some(format!("<< /DocMDP {sig_id} 0 R >>"));
    }
    sd.push_str(" >>");
    objs.push((sig_id, sd.into_bytes()));

    let page_id = doc.pages[page].id;
    objs.push((
        widget_id,
        format!(
            "<< /Type /Annot /Subtype /Widget /FT /Sig /T {} /V {sig_id} 0 R /F 132 /P {page_id} 0 R /Rect [{} {} {} {}] /AP << /N {ap_id} 0 R >> >>",
            text_string(&spec.field),
            num(rect[0]),
            num(rect[1]),
            num(rect[2]),
            num(rect[3])
        )
        .into_bytes(),
    ));
    if prepared.is_none() {
        doc.pages[page].annots.push(widget_id);
        doc.fields.push(widget_id);
    }
    for (name, p, r) in &spec.prepare_fields {
        let id = doc.alloc();
        let pid = doc.pages[*p].id;
        objs.push((
            id,
            format!(
                "<< /Type /Annot /Subtype /Widget /FT /Sig /T {} /F 132 /P {pid} 0 R /Rect [{} {} {} {}] >>",
                text_string(name),
                num(r[0]),
                num(r[1]),
                num(r[2]),
                num(r[3])
            )
            .into_bytes(),
        ));
        doc.pages[*p].annots.push(id);
        doc.fields.push(id);
        doc.empty_fields.push((name.clone(), id, *p));
        if *p != page {
            objs.push(doc.page_obj(*p));
        }
    }
    objs.push(doc.page_obj(page));
    let new_form = doc.acroform_id.is_none();
    let form_id = match doc.acroform_id {
        Some(id) => id,
        None => {
            let id = doc.alloc();
            doc.acroform_id = Some(id);
            id
        }
    };
    objs.push((form_id, doc.acroform()));
    if new_form || spec.docmdp.is_some() {
        objs.push((doc.root_id, doc.catalog()));
    }
    extra(&mut objs);

    let start = doc.bytes.len();
    let offsets = doc.write_revision(objs, XrefMode::Table);
    let sig_off = offsets
        .iter()
        .find(|(id, _)| *id == sig_id)
        .map(|(_, o)| *o)
        .expect("signature object written");
    let header = format!("{sig_id} 0 obj\n").len();
    let contents_start = sig_off + header + contents_rel;
    let contents_end = contents_start + spec.contents_size * 2 + 2;
    let end = doc.bytes.len();
    let byte_range = [0, contents_start, contents_end, end - contents_end];
    let _ = start;
    patch_byte_range(&mut doc.bytes, sig_off, byte_range);
    let cms = sign_detached(
        &spec.signer,
        &spec.cms,
        &[&doc.bytes[..contents_start], &doc.bytes[contents_end..]],
    );
    put_contents(&mut doc.bytes, contents_start, contents_end, &cms);
    SignedField {
        sig_id,
        widget_id,
        byte_range,
        contents_start,
        contents_end,
        revision_end: end,
    }
}

/// Writes the /ByteRange array over the placeholder (same width, space padded).
pub fn patch_byte_range(bytes: &mut [u8], from: usize, br: [usize; 4]) {
    let s = format!("[{} {} {} {}]", br[0], br[1], br[2], br[3]);
    let padded = format!("{s:<width$}", width = BR_PLACEHOLDER.len());
    let hay = &bytes[from..];
    if let Some(p) = hay
        .windows(BR_PLACEHOLDER.len())
        .position(|w| w == BR_PLACEHOLDER.as_bytes())
    {
        bytes[from + p..from + p + padded.len()].copy_from_slice(padded.as_bytes());
    }
}

/// Hex-encodes `cms` into the /Contents placeholder `<…>` (zero padded).
pub fn put_contents(bytes: &mut [u8], start: usize, end: usize, cms: &[u8]) {
    let hex = super::der::hex(cms);
    let room = end - start - 2;
    assert!(
        hex.len() <= room,
        "CMS ({} bytes) larger than /Contents",
        cms.len()
    );
    bytes[start + 1..start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
}

/// Adds a DSS (§12.8.4.3) with certificates and CRLs in a new incremental update.
pub fn add_dss(doc: &mut PdfDoc, certs: &[Vec<u8>], crls: &[Vec<u8>]) {
    let mut objs = Vec::new();
    let mut cert_refs = String::new();
    for c in certs {
        let id = doc.alloc();
        objs.push((id, stream("", c)));
        let _ = write!(cert_refs, "{id} 0 R ");
    }
    let mut crl_refs = String::new();
    for c in crls {
        let id = doc.alloc();
        objs.push((id, stream("", c)));
        let _ = write!(crl_refs, "{id} 0 R ");
    }
    let dss = doc.alloc();
    objs.push((
        dss,
        format!("<< /Type /DSS /Certs [{cert_refs}] /CRLs [{crl_refs}] >>").into_bytes(),
    ));
    doc.dss_id = Some(dss);
    objs.push((doc.root_id, doc.catalog()));
    doc.write_revision(objs, XrefMode::Table);
}

/// An incremental update that adds content to a page (the "modified after signing" fault and
/// the Incremental Saving Attack: ISO 32000-2 §7.5.6 allows the update, Decree 30 and the
/// signature's meaning do not). The overlay paints a white box over the body and new text with
/// the page's Helvetica resource.
pub fn modify_page_content(doc: &mut PdfDoc, page: usize, mode: XrefMode, text: &str) {
    let id = doc.alloc();
    let c = format!(
        "q 1 1 1 rg 80 380 450 120 re f Q BT /Helv 14 Tf 0 0 0 rg 1 0 0 1 100 450 Tm {} Tj ET\n",
        text_string(text)
    );
    doc.pages[page].contents.push(id);
    let objs = vec![(id, stream("", c.as_bytes())), doc.page_obj(page)];
    doc.write_revision(objs, mode);
}
