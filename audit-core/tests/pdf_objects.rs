//! Object syntax (ISO 32000-2 §7.3) as read through `Document::resolve`: strings, names, numbers,
//! references, streams with indirect /Length, and the spans kept for signature checks.

mod common;

use audit_core::limits::Limits;
use audit_core::pdf::{Anomaly, Document, Object, ObjectId, PdfError, StringForm};
use common::PdfBuilder;

fn doc_with(objects: &[(u32, &str)]) -> PdfBuilder {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    for (n, body) in objects {
        b.object(*n, body);
    }
    b.finish_table("/Root 1 0 R");
    b
}

fn get(b: &PdfBuilder, n: u32) -> Result<Object, PdfError> {
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    doc.resolve(ObjectId::new(n, 0), 0)
        .map(|o| o.map(|o| o.object).unwrap_or(Object::Null))
}

#[test]
fn literal_string_escapes_and_balanced_parentheses() {
    let b = doc_with(&[(
        3,
        r"(a\(b\)c (nested) \n\101\0612\
x)",
    )]);
    let Object::String(s) = get(&b, 3).unwrap() else {
        panic!()
    };
    assert_eq!(s.bytes, b"a(b)c (nested) \nA12x");
    assert_eq!(s.form, StringForm::Literal);
}

#[test]
fn hex_strings_record_span_and_plainness() {
    let b = doc_with(&[(3, "[<48656C6C6F> <48 65> <486>]")]);
    let at = common::find(&b.buf, b"<48656C6C6F>").unwrap();
    let Object::Array(items) = get(&b, 3).unwrap() else {
        panic!()
    };
    let s: Vec<_> = items
        .iter()
        .map(|i| i.as_string().unwrap().clone())
        .collect();
    assert_eq!(s[0].bytes, b"Hello");
    assert_eq!(s[0].form, StringForm::Hex { plain: true });
    assert_eq!(s[0].span.unwrap().start, at);
    assert_eq!(s[0].span.unwrap().end, at + 12);
    assert_eq!(s[1].form, StringForm::Hex { plain: false });
    assert_eq!(s[2].bytes, vec![0x48, 0x60]);
    assert_eq!(s[2].form, StringForm::Hex { plain: false });
}

#[test]
fn non_hex_digit_is_a_syntax_error() {
    let b = doc_with(&[(3, "<4G>")]);
    assert!(matches!(get(&b, 3), Err(PdfError::Syntax { .. })));
}

#[test]
fn names_numbers_references() {
    let b = doc_with(&[(
        3,
        "[/A#20B -12 +3 4. -.5 9999999999999999999999 1 0 R true null]",
    )]);
    let Object::Array(items) = get(&b, 3).unwrap() else {
        panic!()
    };
    assert_eq!(items[0].as_name(), Some(b"A B".as_slice()));
    assert_eq!(items[1], Object::Integer(-12));
    assert_eq!(items[2], Object::Integer(3));
    assert_eq!(items[3], Object::Real(4.0));
    assert_eq!(items[4], Object::Real(-0.5));
    assert!(
        matches!(items[5], Object::Real(_)),
        "huge integers are not integers"
    );
    assert_eq!(items[6], Object::Reference(ObjectId::new(1, 0)));
    assert_eq!(items[7], Object::Bool(true));
    assert_eq!(items[8], Object::Null);
}

#[test]
fn stream_with_indirect_length_and_wrong_length() {
    let mut b = PdfBuilder::new();
    b.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    b.object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    b.raw(b"");
    let o3 = b.buf.len();
    b.raw(b"3 0 obj\n<< /Length 4 0 R >>\nstream\nhello\nendstream\nendobj\n");
    b.object(4, "5");
    let o5 = b.buf.len();
    b.raw(b"5 0 obj\n<< /Length 99 >>\nstream\nabc\nendstream\nendobj\n");
    // Register the hand-written objects through a table written by hand.
    let o1 = common::find(&b.buf, b"1 0 obj").unwrap();
    let o2 = common::find(&b.buf, b"2 0 obj").unwrap();
    let o4 = common::find(&b.buf, b"4 0 obj").unwrap();
    let at = b.buf.len();
    let mut t = String::from("xref\n0 6\n0000000000 65535 f\r\n");
    for o in [o1, o2, o3, o4, o5] {
        t.push_str(&format!("{o:010} 00000 n\r\n"));
    }
    t.push_str(&format!(
        "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n"
    ));
    b.raw(t.as_bytes());
    let doc = Document::parse(&b.buf, &Limits::default()).unwrap();
    let Object::Stream(s) = doc.resolve(ObjectId::new(3, 0), 0).unwrap().unwrap().object else {
        panic!()
    };
    assert_eq!(&b.buf[s.data.start..s.data.end], b"hello");
    let Object::Stream(s) = doc.resolve(ObjectId::new(5, 0), 0).unwrap().unwrap().object else {
        panic!()
    };
    assert_eq!(&b.buf[s.data.start..s.data.end], b"abc");
    assert!(doc.resolution_anomalies().iter().any(|a| matches!(
        a,
        Anomaly::StreamLengthMismatch {
            declared: 99,
            found: 3,
            ..
        }
    )));
}

#[test]
fn object_number_mismatch_is_an_error() {
    let mut b = doc_with(&[(3, "(three)")]);
    let at = common::find(&b.buf, b"3 0 obj").unwrap();
    b.buf[at] = b'7';
    assert!(matches!(get(&b, 3), Err(PdfError::ObjectMismatch { .. })));
}
