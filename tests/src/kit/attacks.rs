//! Attack and fault mutators: each product is a PDF with the expected verdict the verifier
//! must reach (DESIGN.md vocabulary), plus benign controls that must stay valid.
//!
//! Attack classes follow Mladenov et al., "1 Trillion Dollar Refund" (2019: USF, ISA, SWA) and
//! Mainka et al., "Shadow Attacks" (2021: hide, replace, hide-and-replace) and "Attacks bypassing
//! the signature validation in PDF" (EAA, SSA). Hostile structures exercise the limits of
//! DESIGN.md ("Limits that hold on every input").

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::cms::{DigestAlg, SigScheme};
use super::data::{Leader, AGENCIES, NOT_YET_VALID_LEADER, SUBJECTS};
use super::letter::{write_letter, Letter, LetterSpec};
use super::pdf::{flate, stream, text_string, PdfDoc, XrefMode};
use super::pki::{Identity, Pki};
use super::sign::{
    add_dss, modify_page_content, sign, Appearance, SignSpec, SignedField, SubFilter,
};
use super::{Expected, KitTime, Rng};

/// One kit product: a file and what the verifier must say about it.
#[derive(Debug, Clone)]
pub struct Product {
    pub name: String,
    pub description: &'static str,
    pub bytes: Vec<u8>,
    pub expected: Expected,
}

const T1: KitTime = KitTime::ymd_hms(2021, 3, 15, 2, 10, 0);
const T2: KitTime = KitTime::ymd_hms(2021, 3, 15, 4, 40, 0);

fn letter(agency: usize, leader: Leader, seed: u64) -> Letter {
    write_letter(&LetterSpec {
        agency: &AGENCIES[agency],
        leader,
        number: 100 + seed as u32,
        doc_type: (seed % 6) as usize,
        subject: SUBJECTS[(seed as usize) % SUBJECTS.len()].to_string(),
        date: KitTime::ymd(2021, 3, 15),
        paragraphs: super::data::SENTENCES[..5]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        scan_pages: Vec::new(),
        seed,
    })
}

fn person_spec(l: &Letter, who: &Identity, t: KitTime) -> SignSpec {
    SignSpec::new(
        who,
        "Signature1",
        t,
        Appearance::PersonSignature {
            page: l.sig_page,
            rect: l.sig_rect,
            name: l.spec.leader.name.to_string(),
        },
    )
}

fn agency_spec(l: &Letter, org: &Identity, t: KitTime) -> SignSpec {
    SignSpec::new(
        org,
        "Signature2",
        t,
        Appearance::Seal {
            page: l.sig_page,
            rect: l.seal_rect,
            top: l.spec.agency.seal_top.to_string(),
            bottom: l.spec.agency.seal_center.to_string(),
        },
    )
}

/// Person then agency of Sở Tài chính: the compliant base most mutators start from.
pub fn signed_base(seed: u64) -> (Letter, PdfDoc, SignedField, SignedField) {
    let pki = Pki::get();
    let ap = &pki.agencies[0];
    let l = letter(0, ap.agency.leaders[0], seed);
    let mut doc = l.doc.clone();
    let p = sign(&mut doc, &person_spec(&l, &ap.persons[0], T1));
    let a = sign(&mut doc, &agency_spec(&l, &ap.org, T2));
    (l, doc, p, a)
}

fn product(name: &str, description: &'static str, bytes: Vec<u8>, e: Expected) -> Product {
    Product {
        name: name.to_string(),
        description,
        bytes,
        expected: e,
    }
}

const VALID: Expected = Expected::new("valid", "compliant", "compliant");

fn invalid(reason: &'static str) -> Expected {
    Expected::new("invalid", "non_compliant", reason)
}

/// Overwrites `bytes[at..at+len]` with `with`, padded with spaces (offsets stay valid).
fn overwrite(bytes: &mut [u8], at: usize, len: usize, with: &str) {
    assert!(with.len() <= len, "replacement longer than the original");
    let padded = format!("{with:<len$}");
    bytes[at..at + len].copy_from_slice(padded.as_bytes());
}

/// Location of the `/ByteRange [...]` text of a signature (key to closing bracket).
fn byte_range_span(bytes: &[u8], f: &SignedField) -> (usize, usize) {
    let start = bytes[..f.contents_start]
        .windows(10)
        .rposition(|w| w == b"/ByteRange")
        .expect("ByteRange key");
    // The kit writes /ByteRange right before /Contents, padded with spaces: the whole run up to
    // the space before /Contents may be rewritten.
    let end = f.contents_start - "/Contents ".len() - 1;
    (start, end)
}

/// An incremental update adding one annotation to page 0.
fn add_annotation(
    doc: &mut PdfDoc,
    page: usize,
    make: impl FnOnce(&mut PdfDoc, u32) -> Vec<(u32, Vec<u8>)>,
) {
    let id = doc.alloc();
    let mut objs = make(doc, id);
    doc.pages[page].annots.push(id);
    objs.push(doc.page_obj(page));
    doc.write_revision(objs, XrefMode::Table);
}

fn free_text(doc: &mut PdfDoc, id: u32, rect: [f32; 4], text: &str) -> Vec<(u32, Vec<u8>)> {
    let (ap_id, ap) =
        super::sign::overlay_appearance(doc, rect[2] - rect[0], rect[3] - rect[1], text);
    vec![
        (ap_id, ap),
        (
            id,
            format!(
                "<< /Type /Annot /Subtype /FreeText /Rect [{} {} {} {}] /Contents {} /DA (/Helv 14 Tf 0 g) /F 4 /AP << /N {ap_id} 0 R >> >>",
                rect[0], rect[1], rect[2], rect[3], text_string(text)
            )
            .into_bytes(),
        ),
    ]
}

/// A zlib stream of `size` zero bytes, built in 1 MiB steps (no large allocation).
pub fn flate_bomb(size: usize) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush,
    };
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(9, 15, 0));
    let chunk = vec![0u8; 1 << 20];
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut left = size;
    loop {
        let n = left.min(chunk.len());
        let flush = if n == left {
            TDEFLFlush::Finish
        } else {
            TDEFLFlush::None
        };
        let mut input = &chunk[..n];
        loop {
            let (status, used, written) = compress(&mut c, input, &mut buf, flush);
            out.extend_from_slice(&buf[..written]);
            input = &input[used..];
            if input.is_empty()
                && (flush != TDEFLFlush::Finish
                    || status == miniz_oxide::deflate::core::TDEFLStatus::Done)
            {
                break;
            }
            if status != miniz_oxide::deflate::core::TDEFLStatus::Okay
                && status != miniz_oxide::deflate::core::TDEFLStatus::Done
            {
                break;
            }
        }
        left -= n;
        if left == 0 {
            break;
        }
    }
    out
}

/// Every product. Building them takes a few seconds (about 60 RSA signatures).
pub fn all() -> Vec<Product> {
    let pki = Pki::get();
    let stc = &pki.agencies[0];
    let mut out = Vec::new();

    // ------------------------------------------------------------ controls (must stay valid)
    let (l, base, pf, af) = signed_base(1);
    out.push(product(
        "control_person_then_agency",
        "Decree 30 compliant: person signature, then the agency seal (two incremental updates).",
        base.bytes.clone(),
        VALID,
    ));

    {
        let mut d = base.clone();
        let mut s = SignSpec::new(
            &stc.persons[1],
            "Signature3",
            T2.plus_seconds(600),
            Appearance::Invisible { page: 0 },
        );
        s.reason = Some("Ký nháy".to_string());
        sign(&mut d, &s);
        out.push(product("control_three_signatures", "Person, agency, then an extra invisible signature (initials): later signatures are allowed.", d.bytes, VALID));
    }
    {
        let mut d = base.clone();
        add_dss(
            &mut d,
            &[pki.subca.cert.clone(), pki.root.cert.clone()],
            &[pki.subca_crl.clone(), pki.root_crl.clone()],
        );
        out.push(product(
            "control_dss_after_signing",
            "A DSS (LTV) update with certificates and CRLs after both signatures.",
            d.bytes,
            VALID,
        ));
    }
    {
        let l = letter(0, stc.agency.leaders[0], 2);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.docmdp = Some(2);
        p.prepare_fields = vec![("Signature2".to_string(), l.sig_page, l.seal_rect)];
        sign(&mut d, &p);
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product("control_docmdp_p2_then_agency", "The government tool's shape: the person's signature certifies with DocMDP P=2 (and prepares the empty agency field), the agency fills it after.", d.bytes, VALID));
    }
    {
        let l = letter(0, stc.agency.leaders[0], 3);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.sub_filter = SubFilter::EtsiCadesDetached;
        p.cms.timestamp_at = Some(T1.plus_seconds(1));
        sign(&mut d, &p);
        let mut a = agency_spec(&l, &stc.org, T2);
        a.sub_filter = SubFilter::EtsiCadesDetached;
        a.cms.timestamp_at = Some(T2.plus_seconds(1));
        sign(&mut d, &a);
        out.push(product(
            "control_cades_timestamped",
            "Both signatures ETSI.CAdES.detached with RFC 3161 signature timestamps (PAdES B-T).",
            d.bytes,
            VALID,
        ));
    }
    for (name, who, scheme, digest, desc) in [
        (
            "control_rsa_pss",
            &pki.pss,
            SigScheme::Pss,
            DigestAlg::Sha256,
            "Person signature RSASSA-PSS (SHA-256, MGF1, salt 32).",
        ),
        (
            "control_ecdsa_p256",
            &pki.ecdsa,
            SigScheme::Pkcs1,
            DigestAlg::Sha256,
            "Person signature ECDSA P-256 with SHA-256.",
        ),
        (
            "control_sha512",
            &stc.persons[0],
            SigScheme::Pkcs1,
            DigestAlg::Sha512,
            "Person signature with a SHA-512 message digest.",
        ),
    ] {
        let l = letter(0, stc.agency.leaders[0], 4);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, who, T1);
        p.cms.scheme = scheme;
        p.cms.digest = digest;
        sign(&mut d, &p);
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product(name, desc, d.bytes, VALID));
    }
    {
        let l = letter(0, stc.agency.leaders[0], 5);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.cms.unsorted_attrs = true;
        sign(&mut d, &p);
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product("control_unsorted_signed_attributes", "Signed attributes in non-DER order: the signature is over the SET as received, so it verifies.", d.bytes, VALID));
    }
    {
        let l = letter(0, stc.agency.leaders[0], 6);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.docmdp = Some(3);
        p.prepare_fields = vec![("Signature2".to_string(), l.sig_page, l.seal_rect)];
        sign(&mut d, &p);
        add_annotation(&mut d, 0, |_, id| {
            vec![(id, b"<< /Type /Annot /Subtype /Text /Rect [20 760 40 780] /Contents (Da kiem tra) /Open false /F 4 >>".to_vec())]
        });
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product(
            "control_docmdp_p3_sticky_note",
            "Certification P=3, a sticky note in the margin, then the agency signature.",
            d.bytes,
            VALID,
        ));
    }

    {
        let l = letter(0, stc.agency.leaders[0], 9);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.cms.crls = vec![pki.subca_crl.clone(), pki.root_crl.clone()];
        sign(&mut d, &p);
        let mut a = agency_spec(&l, &stc.org, T2);
        a.cms.crls = vec![pki.subca_crl.clone(), pki.root_crl.clone()];
        sign(&mut d, &a);
        out.push(product("control_crls_in_cms", "Both CMS carry the sub-CA and root CRLs in SignedData.crls (RFC 5652 §10.2.1): revocation good from embedded data.", d.bytes, VALID));
    }

    // ------------------------------------------------------------ certificate and policy faults
    let cert_fault = |name: &str,
                      who: &Identity,
                      leader: Leader,
                      digest: DigestAlg,
                      ts: bool,
                      e: Expected,
                      desc: &'static str| {
        let agency = AGENCIES
            .iter()
            .position(|a| a.leaders.iter().any(|x| x.name == leader.name))
            .unwrap_or(match leader.name {
                n if n == NOT_YET_VALID_LEADER.name => 3,
                n if n == super::data::REVOKED_LEADER.name => 1,
                _ => 0,
            });
        let ap = &pki.agencies[agency];
        let l = letter(agency, leader, 7);
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, who, T1);
        p.cms.digest = digest;
        if ts {
            p.cms.timestamp_at = Some(T1.plus_seconds(1));
        }
        sign(&mut d, &p);
        sign(&mut d, &agency_spec(&l, &ap.org, T2));
        product(name, desc, d.bytes, e)
    };
    out.push(cert_fault("fault_sha1_digest", &pki.sha1, stc.agency.leaders[0], DigestAlg::Sha1, false, invalid("weak_digest_sha1"), "Person signature with a SHA-1 message digest (certificate also sha1WithRSA): crypto constraints."));
    out.push(cert_fault(
        "fault_rsa1024",
        &pki.rsa1024,
        stc.agency.leaders[0],
        DigestAlg::Sha256,
        false,
        invalid("weak_key_rsa1024"),
        "Person signature with an RSA-1024 key: crypto constraints.",
    ));
    out.push(cert_fault(
        "fault_not_yet_valid",
        &pki.not_yet_valid,
        NOT_YET_VALID_LEADER,
        DigestAlg::Sha256,
        true,
        invalid("certificate_not_yet_valid"),
        "Person certificate valid from 2025, signature timestamped 2021.",
    ));
    out.push(cert_fault(
        "fault_expired",
        &pki.expired,
        super::data::EXPIRED_LEADER,
        DigestAlg::Sha256,
        true,
        invalid("certificate_expired"),
        "Person certificate expired 2020-12-31, signature timestamped 2021.",
    ));
    out.push(cert_fault(
        "fault_revoked",
        &pki.revoked,
        super::data::REVOKED_LEADER,
        DigestAlg::Sha256,
        true,
        invalid("certificate_revoked"),
        "Person certificate revoked 2021-01-15 (sub-CA CRL), signature timestamped 2021-03-15.",
    ));
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        sign(&mut d, &agency_spec(&l, &pki.lookalike_org, T2));
        out.push(product(
            "fault_lookalike_root",
            "Agency certificate from a look-alike root with names identical to the trust anchor.",
            d.bytes,
            Expected::new("indeterminate", "non_compliant", "untrusted_root"),
        ));
    }
    {
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.cms.omit_signer_cert = true;
        p.cms.include_chain = false;
        sign(&mut d, &p);
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product("fault_no_signer_certificate", "The person's CMS carries no certificates: the signer cannot be identified (malformed).", d.bytes, invalid("no_signer_certificate")));
    }
    {
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.docmdp = Some(1);
        sign(&mut d, &p);
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product(
            "fault_docmdp_p1_then_agency",
            "Certification with P=1 (no changes), then the agency signs: DocMDP violation.",
            d.bytes,
            invalid("docmdp_violation"),
        ));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        let mut a = agency_spec(&l, &stc.org, T2);
        a.docmdp = Some(2);
        sign(&mut d, &a);
        out.push(product("fault_certification_after_approval", "The agency's certification signature comes after an approval signature (ISO 32000-2 §12.8.2.2).", d.bytes, invalid("certification_not_first")));
    }
    {
        let mut d = l.doc.clone();
        let mut p = person_spec(&l, &stc.persons[0], T1);
        p.docmdp = Some(2);
        sign(&mut d, &p);
        let mut a = agency_spec(&l, &stc.org, T2);
        a.docmdp = Some(2);
        sign(&mut d, &a);
        out.push(product(
            "fault_two_certifications",
            "Two certification signatures in one document.",
            d.bytes,
            invalid("certification_not_first"),
        ));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &agency_spec(&l, &stc.org, T1));
        sign(&mut d, &person_spec(&l, &stc.persons[0], T2));
        out.push(product(
            "fault_wrong_order",
            "The agency signed before the person (Decree 30 Art. 32.2.d).",
            d.bytes,
            Expected::new("valid", "non_compliant", "wrong_signing_order"),
        ));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        out.push(product(
            "fault_person_only",
            "Only the person's signature.",
            d.bytes,
            Expected::new("valid", "non_compliant", "missing_agency_signature"),
        ));
    }
    out.push(product(
        "fault_unsigned",
        "No signature at all.",
        l.doc.bytes.clone(),
        Expected::new("unsigned", "non_compliant", "unsigned"),
    ));

    // ------------------------------------------------------------ integrity and ISA
    {
        let mut b = base.bytes.clone();
        // A digit of the page's content stream length region: inside the first signed range.
        let at = pf.byte_range[1] / 2;
        b[at] ^= 0x01;
        out.push(product(
            "attack_flip_byte_in_signed_range",
            "One bit flipped inside the first signed byte range.",
            b,
            invalid("digest_mismatch"),
        ));
    }
    {
        let mut b = base.bytes.clone();
        let at = af.byte_range[2] + (af.byte_range[3] / 2);
        b[at] ^= 0x20;
        out.push(product(
            "attack_flip_byte_in_second_range",
            "One bit flipped in the second byte range of the agency signature.",
            b,
            invalid("digest_mismatch"),
        ));
    }
    {
        let mut d = base.clone();
        modify_page_content(&mut d, 0, XrefMode::Table, "So tien: 9.500.000.000 dong");
        out.push(product("attack_isa_with_xref", "Incremental Saving Attack: page content changed in a later revision with xref and trailer.", d.bytes, invalid("modified_after_signing")));
    }
    {
        let mut d = base.clone();
        modify_page_content(&mut d, 0, XrefMode::None, "So tien: 9.500.000.000 dong");
        out.push(product(
            "attack_isa_without_xref",
            "Incremental Saving Attack: objects appended with no xref section and no trailer.",
            d.bytes,
            invalid("modified_after_signing"),
        ));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        modify_page_content(&mut d, 0, XrefMode::Table, "Noi dung da bi thay doi");
        sign(&mut d, &agency_spec(&l, &stc.org, T2));
        out.push(product(
            "attack_isa_between_signatures",
            "Content changed between the person's and the agency's signature.",
            d.bytes,
            invalid("modified_between_signatures"),
        ));
    }

    // ------------------------------------------------------------ signature wrapping
    {
        let mut b = base.bytes.clone();
        let f = &af;
        // Shorten the hex string to the CMS and place a replacement content object in the
        // rest of the gap; a final update points the page's content at it.
        let gap = &b[f.contents_start + 1..f.contents_end - 1];
        let used = gap
            .iter()
            .rposition(|c| *c != b'0')
            .map(|p| p + 2)
            .unwrap_or(0)
            & !1;
        let new_id = base.next_id;
        let payload = b"q 1 1 1 rg 80 380 450 120 re f Q BT /Helv 14 Tf 1 0 0 1 100 450 Tm (Noi dung gia mao) Tj ET";
        let obj = format!(
            "> {new_id} 0 obj\n<< /Length {} >>\nstream\n",
            payload.len()
        );
        let mut injected = obj.into_bytes();
        injected.extend_from_slice(payload);
        injected.extend_from_slice(b"\nendstream\nendobj\n");
        let obj_at = f.contents_start + 1 + used + 2;
        let inject_at = f.contents_start + 1 + used;
        b[inject_at..inject_at + injected.len()].copy_from_slice(&injected);
        // Keep the closing '>' of the original gap in place; the bytes between are '0'.
        let mut d = base.clone();
        d.bytes = b;
        d.next_id += 1;
        let page = d.pages[0].clone();
        let mut page2 = page.clone();
        page2.contents.push(new_id);
        d.pages[0] = page2;
        let page_obj = d.page_obj(0);
        let offs = d.write_revision(vec![page_obj], XrefMode::Table);
        // Rewrite the xref to also list the object inside the gap (hand-made subsection).
        let _ = offs;
        let tail_start = d.bytes.len();
        let mut x = String::new();
        let _ = write!(
            x,
            "xref\n{new_id} 1\n{obj_at:010} 00000 n\r\ntrailer\n<< /Size {} /Root 1 0 R /Info 3 0 R /Prev {} >>\nstartxref\n{tail_start}\n%%EOF\n",
            d.next_id, d.last_xref
        );
        d.bytes.extend_from_slice(x.as_bytes());
        out.push(product("attack_signature_wrapping", "SWA: the /Contents hex string is shortened and a new object is placed inside the ByteRange gap; later updates reference it.", d.bytes, invalid("signature_wrapping")));
    }

    // ------------------------------------------------------------ shadow attacks
    {
        // The signed revision already contains a dead object with the attacker's content, with
        // the object number of the page's content stream (the original xref ignores it).
        let l2 = letter(0, stc.agency.leaders[0], 8);
        let content_id = l2.doc.pages[0].contents[0];
        let mut d = l2.doc.clone();
        let dead_at = d.bytes.len();
        let evil = b"q 1 1 1 rg 0 0 595 842 re f Q BT /Helv 16 Tf 1 0 0 1 100 600 Tm (Van ban gia mao - shadow) Tj ET";
        d.bytes
            .extend_from_slice(format!("{content_id} 0 obj\n").as_bytes());
        d.bytes.extend_from_slice(&stream("", evil));
        d.bytes.extend_from_slice(b"\nendobj\n");
        let blank_id = d.alloc();
        let blank_at_marker = d.bytes.len();
        let _ = blank_at_marker;
        // A legitimate-looking update (an empty form XObject) so the dead object sits inside a
        // well-formed revision.
        d.write_revision(
            vec![(
                blank_id,
                stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b""),
            )],
            XrefMode::Table,
        );
        sign(&mut d, &person_spec(&l2, &stc.persons[0], T1));
        sign(&mut d, &agency_spec(&l2, &stc.org, T2));
        let signed = d.clone();

        // Hide-and-replace: an xref-only update re-points the content object to the dead one.
        let mut hr = signed.clone();
        let xref_at = hr.bytes.len();
        let t = format!(
            "xref\n{content_id} 1\n{dead_at:010} 00000 n\r\ntrailer\n<< /Size {} /Root 1 0 R /Info 3 0 R /Prev {} >>\nstartxref\n{xref_at}\n%%EOF\n",
            hr.next_id, hr.last_xref
        );
        hr.bytes.extend_from_slice(t.as_bytes());
        out.push(product("attack_shadow_hide_and_replace", "Shadow hide-and-replace: a dead object in the signed revision becomes the page content through an xref-only update.", hr.bytes, invalid("shadow_hide_and_replace")));

        // Hide: an xref-only update re-points the content object to the empty form object.
        let mut hide = signed.clone();
        let blank_off = {
            let needle = format!("{blank_id} 0 obj");
            hide.bytes
                .windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap_or(0)
        };
        let xref_at = hide.bytes.len();
        let t = format!(
            "xref\n{content_id} 1\n{blank_off:010} 00000 n\r\ntrailer\n<< /Size {} /Root 1 0 R /Info 3 0 R /Prev {} >>\nstartxref\n{xref_at}\n%%EOF\n",
            hide.next_id, hide.last_xref
        );
        hide.bytes.extend_from_slice(t.as_bytes());
        out.push(product("attack_shadow_hide", "Shadow hide: an xref-only update points the page content at another (empty) object of the signed revision.", hide.bytes, invalid("shadow_hide")));

        // Replace: a new body for the same object number in a later revision.
        let mut rep = signed.clone();
        let objs = vec![(
            content_id,
            stream(
                "",
                b"BT /Helv 16 Tf 1 0 0 1 100 600 Tm (Noi dung thay the) Tj ET",
            ),
        )];
        rep.write_revision(objs, XrefMode::Table);
        out.push(product(
            "attack_shadow_replace",
            "Shadow replace: the page's content object is redefined in a later revision.",
            rep.bytes,
            invalid("shadow_replace"),
        ));
    }

    // ------------------------------------------------------------ annotations and sneaky signature
    {
        let mut d = base.clone();
        add_annotation(&mut d, 0, |doc, id| {
            free_text(
                doc,
                id,
                [80.0, 380.0, 530.0, 500.0],
                "So tien: 9.500.000.000 dong",
            )
        });
        out.push(product(
            "attack_evil_annotation",
            "EAA: a FreeText annotation covering the body added after both signatures.",
            d.bytes,
            invalid("evil_annotation"),
        ));
    }
    {
        let mut d = base.clone();
        let s = SignSpec::new(
            &stc.persons[1],
            "Signature3",
            T2.plus_seconds(900),
            Appearance::Overlay {
                page: 0,
                rect: [80.0, 380.0, 530.0, 500.0],
                text: "So tien: 9.500.000.000 dong".to_string(),
            },
        );
        sign(&mut d, &s);
        out.push(product(
            "attack_sneaky_signature",
            "SSA: a third, valid signature whose widget appearance covers the body text.",
            d.bytes,
            invalid("sneaky_signature"),
        ));
    }

    // ------------------------------------------------------------ USF (on the agency signature)
    let usf =
        |name: &str, desc: &'static str, e: Expected, f: &dyn Fn(&mut Vec<u8>, &SignedField)| {
            let mut b = base.bytes.clone();
            f(&mut b, &af);
            product(name, desc, b, e)
        };
    let contents_len = af.contents_end - af.contents_start;
    let key_at = af.contents_start - "/Contents ".len();
    let span = contents_len + "/Contents ".len();
    out.push(usf(
        "usf_contents_missing",
        "USF: the agency signature dictionary has no /Contents.",
        invalid("usf_contents_missing"),
        &|b, _| overwrite(b, key_at, span, ""),
    ));
    out.push(usf(
        "usf_contents_null",
        "USF: /Contents null.",
        invalid("usf_contents_null"),
        &|b, _| overwrite(b, key_at, span, "/Contents null"),
    ));
    out.push(usf(
        "usf_contents_empty",
        "USF: /Contents <>.",
        invalid("usf_contents_empty"),
        &|b, _| overwrite(b, key_at, span, "/Contents <>"),
    ));
    out.push(usf(
        "usf_contents_zero",
        "USF: /Contents all zeros.",
        invalid("usf_contents_zero"),
        &|b, f| {
            for x in &mut b[f.contents_start + 1..f.contents_end - 1] {
                *x = b'0';
            }
        },
    ));
    out.push(usf(
        "usf_contents_garbage",
        "USF and garbage CMS: /Contents holds random bytes.",
        invalid("usf_contents_garbage"),
        &|b, f| {
            let mut r = Rng::new(99);
            for x in &mut b[f.contents_start + 1..f.contents_end - 1] {
                *x = b"0123456789ABCDEF"[r.below(16) as usize];
            }
        },
    ));
    out.push(usf(
        "cms_truncated",
        "Garbage CMS: the DER SignedData is cut in half.",
        invalid("cms_malformed"),
        &|b, f| {
            let hex = &b[f.contents_start + 1..f.contents_end - 1];
            let used = hex.iter().rposition(|c| *c != b'0').unwrap_or(0);
            for x in &mut b[f.contents_start + 1 + used / 2..f.contents_end - 1] {
                *x = b'0';
            }
        },
    ));
    for (name, text, reason) in [
        ("usf_byterange_missing", "", "usf_byterange_missing"),
        (
            "usf_byterange_null",
            "/ByteRange null",
            "usf_byterange_null",
        ),
        (
            "usf_byterange_empty",
            "/ByteRange []",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_three_elements",
            "/ByteRange [0 {a} {b}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_five_elements",
            "/ByteRange [0 {a} {b} {c} 0]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_negative",
            "/ByteRange [0 -{a} {b} {c}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_not_from_zero",
            "/ByteRange [16 {a} {b} {c}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_gap_not_contents",
            "/ByteRange [0 {a10} {b} {c}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_beyond_eof",
            "/ByteRange [0 {a} {b} {c1000}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_overlapping",
            "/ByteRange [0 {b} {a} {c}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_reals",
            "/ByteRange [0 {a}.0 {b} {c}]",
            "usf_byterange_malformed",
        ),
        (
            "usf_byterange_indirect",
            "/ByteRange 1 0 R",
            "usf_byterange_malformed",
        ),
    ] {
        let br = af.byte_range;
        let t = text
            .replace("{a10}", &(br[1] - 10).to_string())
            .replace("{c1000}", &(br[3] + 1000).to_string())
            .replace("{a}", &br[1].to_string())
            .replace("{b}", &br[2].to_string())
            .replace("{c}", &br[3].to_string());
        let desc: &'static str = "USF: a malformed /ByteRange on the agency signature.";
        out.push(usf(name, desc, invalid(reason), &|b, f| {
            let (s, e) = byte_range_span(b, f);
            overwrite(b, s, e - s, &t);
        }));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        let mut a = agency_spec(&l, &stc.org, T2);
        a.sub_filter = SubFilter::Other("x.kyso.unknown");
        sign(&mut d, &a);
        out.push(product("usf_subfilter_unknown", "The agency signature declares an unknown /SubFilter (signed as such): an unsupported signature type, never 'unsigned'.", d.bytes, Expected::new("indeterminate", "non_compliant", "unsupported_sub_filter")));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        let mut a = agency_spec(&l, &stc.org, T2);
        a.filter = "Kyso.UnknownHandler";
        sign(&mut d, &a);
        out.push(product(
            "usf_filter_unknown",
            "The agency signature names an unknown /Filter handler (signed as such).",
            d.bytes,
            Expected::new("indeterminate", "non_compliant", "unsupported_filter"),
        ));
    }
    {
        let mut d = l.doc.clone();
        sign(&mut d, &person_spec(&l, &stc.persons[0], T1));
        let mut a = agency_spec(&l, &stc.org, T2);
        a.sub_filter = SubFilter::Other("adbe.pkcs7.sha1");
        a.cms.digest = DigestAlg::Sha1;
        sign(&mut d, &a);
        out.push(product("fault_adbe_pkcs7_sha1_subfilter_mismatch", "SubFilter adbe.pkcs7.sha1 on a detached SignedData with SHA-1: the encapsulated-digest form is absent (malformed) and SHA-1 is weak.", d.bytes, invalid("weak_digest_sha1")));
    }

    // ------------------------------------------------------------ hostile structures
    {
        let mut b = base.bytes.clone();
        b.truncate(af.byte_range[2] + af.byte_range[3] / 3);
        out.push(product(
            "hostile_truncated",
            "The file is cut inside the agency's revision (no final trailer).",
            b,
            Expected::new("invalid", "non_compliant", "truncated"),
        ));
    }
    {
        let mut d = base.clone();
        let at = d.bytes.len();
        let t = format!("xref\n3 1\n0000000000 00000 n\r\ntrailer\n<< /Size {} /Root 1 0 R /Prev {at} >>\nstartxref\n{at}\n%%EOF\n", d.next_id);
        d.bytes.extend_from_slice(t.as_bytes());
        out.push(product(
            "hostile_prev_loop",
            "The last trailer's /Prev points at its own xref section.",
            d.bytes,
            Expected::new("invalid", "non_compliant", "prev_loop"),
        ));
    }
    {
        let mut d = base.clone();
        let id = d.alloc();
        let mut deep = String::with_capacity(200_002);
        deep.push_str(&"[".repeat(100_000));
        deep.push_str(&"]".repeat(100_000));
        let info = format!("<< /Producer (kit) /Deep {id} 0 R >>");
        d.write_revision(
            vec![(id, deep.into_bytes()), (3, info.into_bytes())],
            XrefMode::Table,
        );
        out.push(product(
            "hostile_deep_nesting",
            "An update adds an object nested 100,000 arrays deep, referenced from /Info.",
            d.bytes,
            Expected::new("invalid", "non_compliant", "limits_exceeded"),
        ));
    }
    {
        let mut d = base.clone();
        let id = d.alloc();
        let bomb = flate_bomb(1 << 30);
        d.pages[0].contents.push(id);
        let objs = vec![(id, stream("/Filter /FlateDecode", &bomb)), d.page_obj(0)];
        d.write_revision(objs, XrefMode::Table);
        out.push(product(
            "hostile_flate_bomb",
            "An update adds a page content stream that inflates to 1 GiB.",
            d.bytes,
            Expected::new("invalid", "non_compliant", "limits_exceeded"),
        ));
    }
    {
        let mut r = Rng::new(5);
        let junk: Vec<u8> = (0..4096).map(|_| r.below(256) as u8).collect();
        out.push(product(
            "hostile_not_a_pdf",
            "Random bytes.",
            junk,
            Expected::new("unreadable", "non_compliant", "not_a_pdf"),
        ));
    }
    {
        let mut b = base.bytes.clone();
        let cms_at = af.contents_start + 1;
        // Replace the CMS by a different, valid-DER but wrong ContentInfo (a bare OID).
        let wrong = super::der::hex(&super::der::seq(&[&super::der::oid(&[
            1, 2, 840, 113_549, 1, 7, 1,
        ])]));
        b[cms_at..cms_at + wrong.len()].copy_from_slice(wrong.as_bytes());
        for x in &mut b[cms_at + wrong.len()..af.contents_end - 1] {
            *x = b'0';
        }
        out.push(product(
            "cms_not_signed_data",
            "Garbage CMS: a ContentInfo of type data instead of signedData.",
            b,
            invalid("cms_malformed"),
        ));
    }
    let _ = flate;
    out
}

#[derive(Debug, Serialize)]
struct Listed<'a> {
    file: String,
    description: &'a str,
    verdict: &'a str,
    decree30: &'a str,
    reason: &'a str,
}

/// Writes every product (skipping the 1 GiB bomb's neighbours' size concerns: it is ~1 MB)
/// and an expected.json into `out`.
pub fn export(out: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(out)?;
    let all = all();
    let mut listed = Vec::new();
    for p in &all {
        let file = format!("{}.pdf", p.name);
        std::fs::write(out.join(&file), &p.bytes)?;
        listed.push(Listed {
            file,
            description: p.description,
            verdict: p.expected.verdict,
            decree30: p.expected.decree30,
            reason: p.expected.reason,
        });
    }
    let mut j = serde_json::to_string_pretty(&listed).unwrap_or_default();
    j.push('\n');
    std::fs::write(out.join("expected.json"), j)?;
    Ok(all.len())
}
