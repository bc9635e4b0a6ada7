//! CMS integrity over every signature of the shared peer corpus (not part of the repository;
//! skipped when absent): no panic anywhere, and the DSS-818 samples — signed attributes not in DER
//! order, written by national signing tools — are intact because the signature is checked over
//! the attributes as received (anchors.md §6.4). Prints the integrity tally and every non-intact
//! signature with its problem codes.

mod peer;
use peer::collect_pdfs;
use std::collections::BTreeMap;
use std::path::Path;

use audit_core::cms::{verify, verify_timestamp_token};
use audit_core::limits::Limits;
use audit_core::pdf::Document;
use audit_core::report::Integrity;
use audit_core::signature::{locate, parse_byte_range, signed_slices};

/// One signature of the corpus and what the CMS told about it.
struct Outcome {
    file: String,
    field: String,
    integrity: Integrity,
    codes: Vec<&'static str>,
    /// Embedded CRLs + OCSP responses (SignedData.crls and adbe-revocationInfoArchival).
    revocation: usize,
    /// Integrity of the signature time-stamp token, if there is one.
    timestamp: Option<Integrity>,
}

/// Every signature with a usable /ByteRange.
fn corpus_results(root: &Path) -> Vec<Outcome> {
    let mut files = Vec::new();
    collect_pdfs(root, &mut files);
    files.sort();
    let limits = Limits::default();
    let mut out = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let Ok(doc) = Document::parse(&bytes, &limits) else {
            continue;
        };
        for field in locate(&doc).signatures() {
            let Some(dict) = field.dictionary() else {
                continue;
            };
            let Ok(range) = parse_byte_range(dict.byte_range.as_ref(), bytes.len()) else {
                continue;
            };
            let (Some(slices), Some(contents)) =
                (signed_slices(&bytes, &range), dict.contents_bytes())
            else {
                continue;
            };
            let sub_filter = dict.sub_filter_or_unknown();
            let facts = std::panic::catch_unwind(|| verify(contents, &slices, &sub_filter))
                .unwrap_or_else(|_| panic!("panic in cms::verify on {rel} {}", field.name));
            let codes = facts.problems.iter().map(|p| p.code()).collect();
            if std::env::var_os("CMS_DEBUG").is_some() && facts.integrity != Integrity::Intact {
                let alg = facts.signature_algorithm.as_ref().map(|a| a.name());
                println!(
                    "  {rel}: {:?} {alg:?} {:?}",
                    facts.digest_algorithm, facts.problems
                );
            }
            let timestamp = facts
                .timestamp_token
                .as_deref()
                .map(|t| verify_timestamp_token(t, &[&facts.signature_value]));
            if let Some(t) = timestamp
                .as_ref()
                .filter(|t| t.integrity != Integrity::Intact)
            {
                println!("timestamp of {rel} [{}]: {:?}", field.name, t.problems);
            }
            let timestamp = timestamp.map(|t| t.integrity);
            out.push(Outcome {
                file: rel.clone(),
                field: field.name.clone(),
                integrity: facts.integrity,
                codes,
                revocation: facts.crls.len() + facts.ocsp_responses.len(),
                timestamp,
            });
        }
    }
    out
}

#[test]
fn peer_corpus_signatures_verify_without_panic_and_dss818_is_intact() {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/peer-corpus"
    ));
    if !root.is_dir() {
        println!("SKIPPED: peer corpus not found at {}", root.display());
        return;
    }
    let results = corpus_results(root);
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut timestamps: BTreeMap<String, usize> = BTreeMap::new();
    for o in &results {
        *tally.entry(format!("{:?}", o.integrity)).or_default() += 1;
        if let Some(t) = o.timestamp {
            *timestamps.entry(format!("{t:?}")).or_default() += 1;
        }
        if o.integrity != Integrity::Intact || !o.codes.is_empty() {
            println!("{} [{}]: {:?} {:?}", o.file, o.field, o.integrity, o.codes);
        }
    }
    println!("{} signatures: {tally:?}", results.len());
    println!("signature time-stamp tokens: {timestamps:?}");

    let dss818: Vec<_> = results
        .iter()
        .filter(|o| o.file.contains("dss-818/"))
        .collect();
    assert!(!dss818.is_empty(), "dss-818 samples located");
    for o in dss818 {
        assert_eq!(
            o.integrity,
            Integrity::Intact,
            "{} [{}] {:?}",
            o.file,
            o.field,
            o.codes
        );
    }
    // Every signature time-stamp token in the corpus is intact over its signature value, except
    // in DSS's deliberately bad sample (its TST names RSA but the TSA key is not RSA).
    let bad_tst: Vec<&str> = results
        .iter()
        .filter(|o| o.timestamp.is_some_and(|t| t != Integrity::Intact))
        .map(|o| o.file.as_str())
        .collect();
    assert_eq!(bad_tst, ["esig-dss/validation/BadEncodedCMS.pdf"]);
    assert!(timestamps.get("Intact").is_some_and(|n| *n >= 80));
    // iText's sample carries its revocation data inside the CMS.
    assert!(results
        .iter()
        .any(|o| o.file.ends_with("revDataInTheSignatureContainer.pdf")
            && o.integrity == Integrity::Intact
            && o.revocation > 0));
}
