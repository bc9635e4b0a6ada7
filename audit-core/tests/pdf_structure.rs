//! The revision-aware reader on files built by the test writer: classic and stream xrefs, object
//! streams, incremental updates, objects as of a revision, and hostile structures.

mod common;

use std::time::Instant;

use audit_core::limits::Limits;
use audit_core::pdf::crypt::CryptError;
use audit_core::pdf::{Anomaly, Document, Object, ObjectId, ObjectLocation, PdfError, XrefKind};
use common::{base_document, PdfBuilder};

fn id(n: u32) -> ObjectId {
    ObjectId::new(n, 0)
}

#[test]
fn classic_xref_single_revision() {
    let b = base_document();
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 1);
    let rev = &doc.revisions[0];
    assert_eq!(rev.xrefs[0].kind, XrefKind::Table);
    assert_eq!(rev.end(), Some(b.buf.len()));
    assert_eq!(rev.start, 0);
    assert!(doc.anomalies.is_empty(), "{:?}", doc.anomalies);
    let cat = doc.resolve(id(1), 0).unwrap().unwrap();
    assert_eq!(cat.revision, 0);
    assert!(cat.object.as_dict().unwrap().has_name(b"Type", b"Catalog"));
    assert!(doc.resolve(id(9), 0).unwrap().is_none());
}

#[test]
fn xref_stream_with_object_stream() {
    let mut b = PdfBuilder::new();
    b.object_stream(
        10,
        &[
            (1, "<< /Type /Catalog /Pages 2 0 R >>"),
            (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        ],
    );
    b.object(3, "<< /Type /Page /Parent 2 0 R >>");
    b.finish_xref_stream(11, "/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions[0].xrefs[0].kind, XrefKind::Stream);
    let pages = doc.resolve(id(2), 0).unwrap().unwrap();
    assert_eq!(
        pages.location,
        ObjectLocation::ObjectStream {
            stream: 10,
            index: 1
        }
    );
    assert_eq!(
        pages.object.as_dict().unwrap().get_integer(b"Count"),
        Some(1)
    );
    let page = doc.resolve(id(3), 0).unwrap().unwrap();
    assert!(matches!(page.location, ObjectLocation::File { .. }));
}

#[test]
fn incremental_updates_follow_prev_and_resolve_as_of_revision() {
    let mut b = base_document();
    let first_end = b.buf.len();
    b.object(3, "<< /Type /Page /Parent 2 0 R /Rotate 90 >>");
    b.object(4, "(new in revision 1)");
    b.finish_table("/Root 1 0 R");
    let second_end = b.buf.len();
    b.object(3, "<< /Type /Page /Parent 2 0 R /Rotate 180 >>");
    b.free(4);
    b.finish_xref_stream(5, "/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 3);
    assert_eq!(doc.revisions[0].end(), Some(first_end));
    assert_eq!(doc.revisions[1].start, first_end);
    assert_eq!(doc.revisions[1].end(), Some(second_end));
    assert_eq!(doc.revisions[2].end(), Some(b.buf.len()));
    let rotate = |rev| {
        let o = doc.resolve(id(3), rev).unwrap().unwrap();
        (
            o.revision,
            o.object.as_dict().unwrap().get_integer(b"Rotate"),
        )
    };
    assert_eq!(rotate(0), (0, None));
    assert_eq!(rotate(1), (1, Some(90)));
    assert_eq!(rotate(2), (2, Some(180)));
    // The catalog is unchanged since revision 0.
    assert_eq!(doc.resolve(id(1), 2).unwrap().unwrap().revision, 0);
    // Object 4 exists in revision 1 only.
    assert!(doc.resolve(id(4), 0).unwrap().is_none());
    assert!(doc.resolve(id(4), 1).unwrap().is_some());
    assert!(doc.resolve(id(4), 2).unwrap().is_none());
    assert_eq!(doc.object_versions(3).len(), 3);
    assert!(matches!(
        doc.resolve(id(1), 3),
        Err(PdfError::NoSuchRevision { index: 3 })
    ));
}

#[test]
fn prev_loop_is_an_error_not_a_hang() {
    let mut b = base_document();
    let obj4 = b.object(4, "(x)");
    let xref_at = b.buf.len();
    // A section whose /Prev points to itself.
    let text = format!(
        "xref\n4 1\n{obj4:010} 00000 n\r\ntrailer\n<< /Size 5 /Root 1 0 R /Prev {xref_at} >>\nstartxref\n{xref_at}\n%%EOF\n"
    );
    b.raw(text.as_bytes());
    // The looping update is not used: the last well-formed revision is, and the loop reported.
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 1);
    assert!(doc.anomalies.iter().any(
        |a| matches!(a, Anomaly::NewestXrefUnusable { error, .. } if error.contains("loops"))
    ));

    // With no earlier revision to fall back to, the loop is the error.
    let mut b = PdfBuilder::new();
    let o1 = b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    let at = b.buf.len();
    let text = format!(
        "xref\n1 1\n{o1:010} 00000 n\r\ntrailer\n<< /Size 2 /Root 1 0 R /Prev {at} >>\nstartxref\n{at}\n%%EOF\n"
    );
    b.raw(text.as_bytes());
    let err = Document::parse(&b.buf, &Limits::default()).unwrap_err();
    assert!(matches!(err, PdfError::PrevLoop { .. }), "{err:?}");
}

#[test]
fn truncated_file_is_an_error_or_reports_missing_bytes() {
    let b = base_document();
    for cut in [b.buf.len() - 3, b.buf.len() / 2, 20, 9, 0] {
        let r = Document::parse(&b.buf[..cut], &Limits::default());
        if cut < b.buf.len() - 10 {
            assert!(r.is_err(), "cut at {cut} parsed");
        }
    }
    // Without %%EOF the tail startxref is used and the missing marker is reported.
    let cut = b.buf.len() - 6;
    let doc = Document::parse(&b.buf[..cut], &Limits::default()).unwrap();
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::MissingEofMarker { revision: 0 })));
}

#[test]
fn deep_nesting_is_bounded() {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    b.object(3, &deep);
    let dict_deep = format!("{}{}", "<< /A ".repeat(5000), ">>".repeat(5000));
    b.object(4, &dict_deep);
    b.finish_table("/Root 1 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert!(matches!(
        doc.resolve(id(3), 0),
        Err(PdfError::TooDeep { .. })
    ));
    assert!(matches!(
        doc.resolve(id(4), 0),
        Err(PdfError::TooDeep { .. })
    ));
}

#[test]
fn flate_bomb_stops_at_the_limit_fast() {
    // 1 GiB of zeros deflates to about 1 MiB; compress it in pieces to keep the test light.
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(1, 1, 0));
    let chunk = vec![0u8; 16 * 1024 * 1024];
    let mut out = vec![0u8; 1 << 20];
    let mut z = Vec::new();
    for i in 0..64 {
        let flush = if i == 63 {
            TDEFLFlush::Finish
        } else {
            TDEFLFlush::None
        };
        let mut input: &[u8] = &chunk;
        loop {
            let (status, used, written) = compress(&mut c, input, &mut out, flush);
            assert!(matches!(status, TDEFLStatus::Okay | TDEFLStatus::Done));
            z.extend_from_slice(&out[..written]);
            input = &input[used..];
            let done = if flush == TDEFLFlush::Finish {
                status == TDEFLStatus::Done
            } else {
                input.is_empty() && written < out.len()
            };
            if done {
                break;
            }
        }
    }
    assert!(z.len() < 8 * 1024 * 1024, "bomb is {} bytes", z.len());
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    b.stream(3, "/Filter /FlateDecode", &z);
    b.finish_table("/Root 1 0 R");
    let limits = Limits {
        max_decoded_stream: 4 * 1024 * 1024,
        ..Limits::default()
    };
    let doc = Document::parse(&b.buf, &limits).unwrap();
    let Object::Stream(s) = doc.resolve(id(3), 0).unwrap().unwrap().object else {
        panic!("not a stream")
    };
    let t = Instant::now();
    let err = doc.decode_stream(&s, 0).unwrap_err();
    let took = t.elapsed();
    assert!(
        matches!(err, PdfError::DecodeLimit { limit, .. } if limit == 4 * 1024 * 1024),
        "{err:?}"
    );
    assert!(took.as_millis() < 500, "took {took:?}");
    // The default limit (64 MiB) also stops it.
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let t = Instant::now();
    assert!(matches!(
        doc.decode_stream(&s, 0),
        Err(PdfError::DecodeLimit { .. })
    ));
    // 64 MiB of output: tens of milliseconds in release; generous for a loaded debug machine.
    let took = t.elapsed();
    println!("default limit (64 MiB) reached in {took:?}");
    assert!(took.as_millis() < 10_000, "took {took:?}");
}

#[test]
fn hybrid_xref_is_reported() {
    let mut b = PdfBuilder::new();
    let o1 = b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    let o2 = b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    // Object 3 is listed only in the xref stream that /XRefStm points to.
    let o3 = b.object(3, "(only in the xref stream)");
    let stm_at = b.buf.len();
    let data = [
        [1u8].as_slice(),
        &u32::try_from(o3).unwrap().to_be_bytes(),
        &[0, 0],
    ]
    .concat();
    b.raw(
        format!(
            "9 0 obj\n<< /Type /XRef /Size 10 /W [1 4 2] /Index [3 1] /Length {} >>\nstream\n",
            data.len()
        )
        .as_bytes(),
    );
    b.raw(&data);
    b.raw(b"\nendstream\nendobj\n");
    let table_at = b.buf.len();
    let text = format!(
        "xref\n0 3\n0000000000 65535 f\r\n{o1:010} 00000 n\r\n{o2:010} 00000 n\r\ntrailer\n<< /Size 10 /Root 1 0 R /XRefStm {stm_at} >>\nstartxref\n{table_at}\n%%EOF\n"
    );
    b.raw(text.as_bytes());
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert!(doc.revisions[0].hybrid);
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::HybridXref { .. })));
    assert!(doc.resolve(id(3), 0).unwrap().is_some());
    assert_eq!(doc.revisions[0].xrefs.len(), 2);

    // Word-style updates repeat /XRefStm in every trailer: not a loop, and the stream's entries
    // stay attributed to the oldest revision referencing it.
    let o4 = b.object(4, "(update)");
    let update_at = b.buf.len();
    let text = format!(
        "xref\n4 1\n{o4:010} 00000 n\r\ntrailer\n<< /Size 10 /Root 1 0 R /Prev {table_at} /XRefStm {stm_at} >>\nstartxref\n{update_at}\n%%EOF\n"
    );
    b.raw(text.as_bytes());
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 2);
    assert_eq!(doc.resolve(id(3), 1).unwrap().unwrap().revision, 0);
    assert_eq!(doc.resolve(id(4), 1).unwrap().unwrap().revision, 1);
    assert_eq!(doc.object_versions(3).len(), 1);
}

#[test]
fn broken_appended_revision_is_reported_as_unaccounted() {
    // Incremental saving attack variant: an update whose xref is broken. The reader does not
    // repair it; it reads the last well-formed revision and reports the rest.
    let mut b = base_document();
    let end = b.buf.len();
    b.object(3, "<< /Type /Page /Parent 2 0 R /Contents 9 0 R >>");
    let bad_xref = b.buf.len();
    b.raw(b"xref\ngarbage\ntrailer\n<< >>\nstartxref\n");
    b.raw(format!("{bad_xref}\n%%EOF\n").as_bytes());
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 1);
    assert_eq!(doc.revisions[0].end(), Some(end));
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::NewestXrefUnusable { .. })));
    assert!(doc.anomalies.iter().any(|a| matches!(a, Anomaly::TrailingBytes { start, only_whitespace: false, .. } if *start == end)));
    assert!(doc.anomalies.iter().any(|a| matches!(
        a,
        Anomaly::UnmatchedEofMarker {
            within_revision: None,
            ..
        }
    )));
}

#[test]
fn revision_not_on_the_prev_chain_is_reported() {
    let mut b = base_document();
    let base_xref = common::find(&b.buf, b"xref\n").unwrap();
    // A well-formed update...
    b.object(4, "(orphan update)");
    let orphan_xref = b.finish_table("/Root 1 0 R");
    // ...and a newer one whose /Prev skips it.
    let o5 = b.object(5, "(newest)");
    let at = b.buf.len();
    let text = format!(
        "xref\n5 1\n{o5:010} 00000 n\r\ntrailer\n<< /Size 6 /Root 1 0 R /Prev {base_xref} >>\nstartxref\n{at}\n%%EOF\n"
    );
    b.raw(text.as_bytes());
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 2);
    assert!(
        doc.anomalies.iter().any(
            |a| matches!(a, Anomaly::UnreachableRevision { xref, .. } if *xref == orphan_xref)
        ),
        "{:?}",
        doc.anomalies
    );
}

#[test]
fn encrypted_documents_that_cannot_be_opened_say_precisely_why() {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    b.object(3, "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>");
    b.finish_table("/Root 1 0 R /Encrypt 3 0 R");
    // The structure is still read; the encryption says why nothing encrypted can be.
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let encryption = doc.encryption().expect("encrypted");
    assert_eq!(
        encryption.opened,
        Err(CryptError::Malformed("/O or /U shorter than 32 bytes"))
    );
    assert!(!encryption.is_open());

    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    b.object(
        3,
        "<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 5 >>",
    );
    b.finish_table("/Root 1 0 R /Encrypt 3 0 R");
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(
        doc.encryption().map(|e| e.opened.clone()),
        Some(Err(CryptError::PublicKey {
            filter: "Adobe.PubSec".to_owned()
        }))
    );
}

#[test]
fn not_a_pdf_and_too_large() {
    assert_eq!(
        Document::parse(b"hello", &Limits::default()).unwrap_err(),
        PdfError::NoHeader
    );
    let b = base_document();
    let limits = Limits {
        max_file_size: 10,
        ..Limits::default()
    };
    assert!(matches!(
        Document::parse(&b.buf, &limits),
        Err(PdfError::FileTooLarge { .. })
    ));
}

#[test]
fn duplicate_keys_and_whitespace_offsets_are_anomalies() {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    let at = b.buf.len();
    b.finish_table("/Root 1 0 R");
    // Point startxref one byte early, at the newline before `xref`.
    let text = format!("startxref\n{at}\n%%EOF");
    let pos = common::find(&b.buf, text.as_bytes()).unwrap();
    let mut bytes = b.buf[..pos].to_vec();
    bytes.extend_from_slice(format!("startxref\n{}\n%%EOF\n", at - 1).as_bytes());
    let doc = Document::parse(&bytes, &Limits::default()).unwrap();
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::XrefOffsetAdjusted { skipped: 1, .. })));
    doc.resolve(id(1), 0).unwrap();
    assert!(doc
        .resolution_anomalies()
        .iter()
        .any(|a| matches!(a, Anomaly::DuplicateKey { key, .. } if key == "Pages")));
}

#[test]
fn garbage_input_never_panics() {
    let samples: Vec<Vec<u8>> = vec![
        b"%PDF-1.7\n".to_vec(),
        b"%PDF-1.7\nstartxref\n999999999999999999999999\n%%EOF".to_vec(),
        b"%PDF-1.7\nstartxref\n9\n%%EOF".to_vec(),
        b"%PDF-1.7\nxref\n0 4294967295\nstartxref\n9\n%%EOF".to_vec(),
        b"%PDF-\x00\xff(((((((\\".to_vec(),
        b"%PDF-1.7\n1 0 obj << /Length -5 >> stream\n".to_vec(),
        [b"%PDF-1.7\n".as_slice(), &vec![b'%'; 10_000], b"%%EOF"].concat(),
    ];
    for s in samples {
        let _ = Document::parse(&s, &Limits::default());
    }
}

#[test]
fn mutated_documents_never_panic() {
    let mut b = common::base_document();
    b.object_stream(
        10,
        &[(4, "<< /A [1 2 3] /B (x) >>"), (5, "[<00ff> /N 1.5]")],
    );
    b.finish_xref_stream(11, "/Root 1 0 R");
    let p = common::add_signature_revision(&mut b, 20, "Sig1", &[]);
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    b.seal(&p, end);
    let original = b.buf.clone();
    let mut rng = common::XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let mut m = original.clone();
        for _ in 0..1 + rng.below(8) {
            let i = rng.below(m.len());
            match rng.below(4) {
                0 => m[i] = u8::try_from(rng.below(256)).unwrap(),
                1 => m[i] = b"0123456789<>[]()/% \nRobjendxref"[rng.below(30)],
                2 => {
                    m.truncate(i.max(1));
                }
                _ => {
                    let j = rng.below(m.len());
                    m.insert(j, b'0' + u8::try_from(rng.below(10)).unwrap());
                }
            }
        }
        if let Ok(doc) = Document::parse(&m, &Limits::default()) {
            for rev in 0..doc.revisions.len() {
                for n in 0..25 {
                    let _ = doc.resolve(id(n), rev);
                }
            }
            let located = audit_core::signature::locate(&doc);
            let _ = audit_core::signature::evaluate_all(&doc, &located.fields);
        }
    }
}

#[test]
fn corrupted_signed_update_is_never_silently_unsigned() {
    // DSS `pdf-signed-corrupted.pdf`: bytes deleted inside the signed update shift its xref.
    let (b, p) = common::signed_once();
    let mut bytes = b.buf.clone();
    bytes.drain(p.contents_end + 3..p.contents_end + 13);
    let doc = Document::parse(&bytes, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 1);
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::NewestXrefUnusable { .. })));
    assert!(doc.anomalies.iter().any(|a| matches!(
        a,
        Anomaly::TrailingBytes {
            mentions_byte_range: true,
            ..
        }
    )));
}

#[test]
fn linearized_sections_form_one_revision() {
    // Annex F: the first-page section comes first and its /Prev points forward to the main one.
    let mut b = PdfBuilder::new();
    let o10 = b.object(10, "<< /Linearized 1 >>");
    let first_xref = b.buf.len();
    let prev_at = first_xref
        + "xref\n10 1\n0000000000 00000 n\r\ntrailer\n<< /Size 11 /Root 1 0 R /Prev ".len();
    b.raw(format!(
        "xref\n10 1\n{o10:010} 00000 n\r\ntrailer\n<< /Size 11 /Root 1 0 R /Prev 0000000000 >>\nstartxref\n0\n%%EOF\n"
    ).as_bytes());
    let o1 = b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    let o2 = b.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    let o3 = b.object(3, "<< /Type /Page /Parent 2 0 R >>");
    let main_xref = b.buf.len();
    b.raw(format!(
        "xref\n0 4\n0000000000 65535 f\r\n{o1:010} 00000 n\r\n{o2:010} 00000 n\r\n{o3:010} 00000 n\r\ntrailer\n<< /Size 11 >>\nstartxref\n{first_xref}\n%%EOF\n"
    ).as_bytes());
    let fixed = format!("{main_xref:010}");
    b.buf[prev_at..prev_at + 10].copy_from_slice(fixed.as_bytes());
    let base_len = b.buf.len();
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 1);
    assert_eq!(doc.revisions[0].xrefs.len(), 2);
    assert_eq!(doc.revisions[0].end(), Some(base_len));
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::ForwardPrev { .. })));
    assert!(doc.resolve(id(10), 0).unwrap().is_some());
    assert!(doc.resolve(id(3), 0).unwrap().is_some());

    // Signed in an incremental update whose /Prev is the first-page section.
    b.set_prev(first_xref);
    let p = common::add_signature_revision(&mut b, 4, "Sig1", &[]);
    b.finish_table("/Root 1 0 R");
    let end = b.buf.len();
    b.seal(&p, end);
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert_eq!(doc.revisions.len(), 2);
    assert_eq!(doc.revisions[1].start, base_len);
    let located = audit_core::signature::locate(&doc);
    let cov = audit_core::signature::evaluate_all(&doc, &located.fields);
    let r = cov[0].as_ref().unwrap();
    assert_eq!(
        r.coverage,
        audit_core::report::Coverage::EntireFile,
        "{:?}",
        r.problems
    );
    assert_eq!(doc.revision_at(end - 1), Some(1));
}

#[test]
fn many_eof_markers_are_bounded() {
    // Markers without startxref: the base revision is found, the rest reported in bulk.
    let mut b = base_document();
    let end = b.buf.len();
    for _ in 0..200_000 {
        b.raw(b"%%EOF\n");
    }
    let t = Instant::now();
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert_eq!(doc.revisions[0].end(), Some(end));
    assert!(doc
        .anomalies
        .iter()
        .any(|a| matches!(a, Anomaly::TooManyEofMarkers { .. })));

    // Markers with bogus startxref values: a bounded number of fallbacks, then an error.
    let mut b = base_document();
    for i in 0..200_000 {
        b.raw(format!("startxref\n{}\n%%EOF\n", i % 97).as_bytes());
    }
    let t = Instant::now();
    assert!(Document::parse(&b.buf, &Limits::default()).is_err());
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
}
