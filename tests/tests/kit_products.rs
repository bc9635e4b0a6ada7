//! Sanity of the kit's products (the verifier's agreement with `expected` is tested by the
//! verifier integration): names are unique, expectations use DESIGN.md's vocabulary, every PDF
//! product starts with a header and its signatures' /ByteRange gaps hold hex strings.

use kyso_tests::kit::attacks;

const VERDICTS: [&str; 5] = [
    "valid",
    "invalid",
    "indeterminate",
    "unsigned",
    "unreadable",
];

#[test]
fn products_are_named_uniquely_and_use_the_vocabulary() {
    let all = attacks::all();
    assert!(all.len() >= 50, "only {} products", all.len());
    let mut names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "duplicate product names");
    for p in &all {
        assert!(
            VERDICTS.contains(&p.expected.verdict),
            "{}: {}",
            p.name,
            p.expected.verdict
        );
        assert!(
            ["compliant", "non_compliant"].contains(&p.expected.decree30),
            "{}",
            p.name
        );
        if p.name.starts_with("control_") {
            assert_eq!(p.expected.verdict, "valid", "{}", p.name);
            assert!(p.bytes.starts_with(b"%PDF-1.7\n"), "{}", p.name);
        }
    }
}

/// Every character the kit writes has a glyph in every embedded face (no .notdef boxes).
#[test]
fn fonts_cover_every_vietnamese_character_used() {
    use kyso_tests::kit::data::{AGENCIES, RECIPIENTS, SENTENCES, SUBJECTS};
    use kyso_tests::kit::font::Face;
    let mut text = String::from("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Nơi nhận: Kính gửi: ngày tháng năm Số:");
    // Every Vietnamese letter, both cases, with every tone mark (NFC, precomposed).
    text.push_str("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ");
    text.push_str(&text.to_uppercase());
    for s in SENTENCES
        .iter()
        .chain(SUBJECTS.iter())
        .chain(RECIPIENTS.iter())
    {
        text.push_str(s);
    }
    for a in AGENCIES.iter() {
        text.push_str(a.name);
        text.push_str(a.header[0]);
        text.push_str(a.header[1]);
        for l in a.leaders.iter() {
            text.push_str(l.name);
            text.push_str(l.block[0]);
            text.push_str(l.block[1]);
        }
    }
    for face in Face::ALL {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            assert_ne!(face.glyph(c), 0, "{face:?} has no glyph for {c:?}");
        }
    }
}
