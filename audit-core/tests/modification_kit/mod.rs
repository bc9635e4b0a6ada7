//! Documents for the modification tests: a one-page letter with a content stream, a font and an
//! XObject, signed in incremental updates the way I-Office signers do it (field + widget +
//! signature dictionary, catalog /AcroForm and page /Annots rewritten).
#![allow(dead_code)]

use audit_core::limits::Limits;
use audit_core::modification::{analyse, ModificationPolicy, SignatureModification};
use audit_core::pdf::Document;
use audit_core::report::Modification;
use audit_core::signature::{evaluate_all, locate};

use crate::common::PdfBuilder;

/// The page's fixed entries (contents 4, font 5, XObject 6).
pub const PAGE: &str = "/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>";

/// The letter as a document being built: which fields and annotations the catalog and page
/// currently list, plus extra catalog entries.
#[derive(Debug)]
pub struct Letter {
    pub b: PdfBuilder,
    pub fields: Vec<u32>,
    pub annots: Vec<u32>,
    pub catalog_extra: String,
}

fn refs(list: &[u32]) -> String {
    list.iter()
        .map(|n| format!("{n} 0 R"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Letter {
    /// Revision 0: catalog 1, pages 2, page 3, content 4, font 5, XObject 6, and `extra` objects
    /// written before the table (e.g. a text field or shadow objects).
    pub fn new(extra: impl FnOnce(&mut Letter)) -> Letter {
        let mut l = Letter {
            b: PdfBuilder::new(),
            fields: Vec::new(),
            annots: Vec::new(),
            catalog_extra: String::new(),
        };
        l.b.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        l.b.stream(
            4,
            "",
            b"BT /F1 12 Tf 72 720 Td (So 12/QD-UBND: dong y) Tj ET q 100 0 0 50 72 600 cm /X1 Do Q",
        );
        l.b.object(
            5,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        );
        l.b.stream(
            6,
            "/Type /XObject /Subtype /Form /BBox [0 0 1 1]",
            b"0 0 1 1 re f",
        );
        extra(&mut l);
        l.write_catalog_and_page();
        l.b.finish_table("/Root 1 0 R");
        l
    }

    /// Rewrites catalog 1 and page 3 with the current fields and annotations.
    pub fn write_catalog_and_page(&mut self) {
        let form = if self.fields.is_empty() {
            String::new()
        } else {
            format!(
                "/AcroForm << /Fields [{}] /SigFlags 3 >>",
                refs(&self.fields)
            )
        };
        self.b.object(
            1,
            &format!(
                "<< /Type /Catalog /Pages 2 0 R {form} {} >>",
                self.catalog_extra
            ),
        );
        let annots = if self.annots.is_empty() {
            String::new()
        } else {
            format!("/Annots [{}]", refs(&self.annots))
        };
        self.b.object(3, &format!("<< {PAGE} {annots} >>"));
    }

    /// An incremental update signing with a new field `name`: signature dictionary `sig`, merged
    /// field/widget `sig + 1` and, when `visible`, an appearance stream `sig + 2` (a signature
    /// image) at `rect`. `sig_extra` goes into the signature dictionary (e.g. /Reference).
    pub fn sign(&mut self, sig: u32, name: &str, visible: bool, sig_extra: &str) {
        let rect = visible.then_some("[300 100 400 150]");
        self.sign_at(sig, name, rect, sig_extra);
    }

    /// As [`Letter::sign`], with the visible widget at `rect` (`None`: invisible).
    pub fn sign_at(&mut self, sig: u32, name: &str, rect: Option<&str>, sig_extra: &str) {
        let visible = rect.is_some();
        let p = self.b.signature_object(sig, 64, sig_extra);
        let field = sig + 1;
        let ap = if visible {
            self.b.stream(
                sig + 2,
                "/Type /XObject /Subtype /Form /BBox [0 0 100 50]",
                b"q 0 0 1 rg 0 0 100 50 re f Q",
            );
            format!("/AP << /N {} 0 R >>", sig + 2)
        } else {
            String::new()
        };
        let rect = rect.unwrap_or("[0 0 0 0]");
        self.b.object(
            field,
            &format!("<< /FT /Sig /T ({name}) /V {sig} 0 R /Type /Annot /Subtype /Widget /Rect {rect} /P 3 0 R /F 4 {ap} >>"),
        );
        self.fields.push(field);
        self.annots.push(field);
        self.write_catalog_and_page();
        self.b.finish_table("/Root 1 0 R");
        let end = self.b.buf.len();
        self.b.seal(&p, end);
    }

    /// Ends an update of hand-written objects.
    pub fn finish(&mut self) {
        self.b.finish_table("/Root 1 0 R");
    }

    pub fn bytes(&self) -> &[u8] {
        &self.b.buf
    }
}

/// A DocMDP signature reference (§12.8.2.2) for `sign`'s `sig_extra`.
pub fn docmdp(p: u8) -> String {
    format!("/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P {p} /V /1.2 >> >>]")
}

/// A FieldMDP reference locking `fields` (Include).
pub fn fieldmdp_include(fields: &[&str]) -> String {
    let names: Vec<String> = fields.iter().map(|f| format!("({f})")).collect();
    format!("/Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /Include /Fields [{}] /V /1.2 >> >>]", names.join(" "))
}

/// Runs locate, coverage and the modification analysis.
pub fn analyse_bytes(bytes: &[u8], policy: ModificationPolicy) -> Vec<SignatureModification> {
    let doc = Document::parse(bytes, &Limits::default()).expect("parse");
    let located = locate(&doc);
    let coverage = evaluate_all(&doc, &located.fields);
    analyse(&doc, &located, &coverage, policy)
}

/// The modification of each signature, oldest signed revision first.
pub fn verdicts(bytes: &[u8], policy: ModificationPolicy) -> Vec<Modification> {
    let mut all = analyse_bytes(bytes, policy);
    all.sort_by_key(|m| m.signed_revision);
    all.iter().map(|m| m.modification).collect()
}

/// Every change kind reported for the oldest signature.
pub fn kinds_of_first(bytes: &[u8], policy: ModificationPolicy) -> Vec<(String, Modification)> {
    let mut all = analyse_bytes(bytes, policy);
    all.sort_by_key(|m| m.signed_revision);
    all.first()
        .map(|m| {
            m.changes
                .iter()
                .map(|c| (c.kind.as_str().to_owned(), c.verdict))
                .collect()
        })
        .unwrap_or_default()
}

pub fn has_kind(kinds: &[(String, Modification)], kind: &str, verdict: Modification) -> bool {
    kinds.iter().any(|(k, v)| k == kind && *v == verdict)
}
