//! The committed demo export (demo/): a Q1 2021 I-Office export of the 12 agencies, with the
//! outgoing-documents register (CSV and XLSX, Vietnamese headers), trust anchor, CRLs, agency
//! directory and the expected result of every file. Also the planner that `corpus` reuses.

use std::path::Path;

use serde::Serialize;

use super::cms::CmsOptions;
use super::data::{Leader, AGENCIES, EXPIRED_LEADER, REVOKED_LEADER, SENTENCES, SUBJECTS};
use super::der;
use super::letter::{write_letter, LetterSpec};
use super::pki::{Identity, Pki};
use super::sign::{add_dss, modify_page_content, sign, Appearance, SignSpec, SubFilter};
use super::{Expected, KitTime, Rng};

/// The fault (or absence of one) a planned document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Compliant,
    PersonOnly,
    AgencyOnly,
    WrongOrder,
    Unsigned,
    ModifiedAfterSigning,
    Expired,
    Revoked,
    AgencyMismatch,
    Untrusted,
}

impl Category {
    /// Expected document verdict and Decree 30 status.
    ///
    /// Expired and revoked signatures carry an RFC 3161 timestamp proving a 2021 signing time,
    /// so the failure is definite (ETSI EN 319 102-1 TOTAL-FAILED / EXPIRED, REVOKED) rather than
    /// indeterminate. The untrusted case chains to a look-alike root: INDETERMINATE /
    /// NO_CERTIFICATE_CHAIN_FOUND.
    pub fn expected(self) -> Expected {
        use Category::*;
        match self {
            Compliant => Expected::new("valid", "compliant", "compliant"),
            PersonOnly => Expected::new("valid", "non_compliant", "missing_agency_signature"),
            AgencyOnly => Expected::new("valid", "non_compliant", "missing_person_signature"),
            WrongOrder => Expected::new("valid", "non_compliant", "wrong_signing_order"),
            Unsigned => Expected::new("unsigned", "non_compliant", "unsigned"),
            ModifiedAfterSigning => {
                Expected::new("invalid", "non_compliant", "modified_after_signing")
            }
            Expired => Expected::new("invalid", "non_compliant", "certificate_expired"),
            Revoked => Expected::new("invalid", "non_compliant", "certificate_revoked"),
            AgencyMismatch => Expected::new("valid", "non_compliant", "agency_mismatch"),
            Untrusted => Expected::new("indeterminate", "non_compliant", "untrusted_root"),
        }
    }

    /// The demo mix for 80 documents (scaled for corpora).
    pub const MIX: [(Category, usize); 10] = [
        (Category::Compliant, 52),
        (Category::PersonOnly, 5),
        (Category::AgencyOnly, 4),
        (Category::WrongOrder, 3),
        (Category::Unsigned, 5),
        (Category::ModifiedAfterSigning, 3),
        (Category::Expired, 2),
        (Category::Revoked, 2),
        (Category::AgencyMismatch, 3),
        (Category::Untrusted, 1),
    ];
}

/// How large documents get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeProfile {
    /// The committed demo: mostly text letters, a few with scanned pages (≤ ~1.5 MB).
    Demo,
    /// Benchmarks: ~425 KB on average, 50 KB to 5 MB.
    Corpus,
}

/// One planned document.
#[derive(Debug, Clone)]
pub struct DocPlan {
    pub index: usize,
    pub category: Category,
    pub agency: usize,
    pub leader: Leader,
    pub doc_type: usize,
    pub subject: usize,
    pub date: KitTime,
    pub number: u32,
    pub paragraphs: Vec<String>,
    pub scan_pages: Vec<usize>,
    /// Variations of a signed document (timestamps, CAdES, DocMDP P=2, DSS).
    pub variant: u64,
    /// The agency name as the register writes it (sometimes an alias).
    pub register_agency: String,
    pub file: String,
    pub seed: u64,
}

impl DocPlan {
    pub fn spec(&self) -> LetterSpec {
        LetterSpec {
            agency: &AGENCIES[self.agency],
            leader: self.leader,
            number: self.number,
            doc_type: self.doc_type,
            subject: SUBJECTS[self.subject].to_string(),
            date: self.date,
            paragraphs: self.paragraphs.clone(),
            scan_pages: self.scan_pages.clone(),
            seed: self.seed,
        }
    }
}

fn q1_dates() -> Vec<KitTime> {
    // Working days of Q1 2021 (4 Jan to 31 Mar), excluding the Tết holiday 10-16 Feb.
    let mut out = Vec::new();
    let month_days = [(1u8, 31u8), (2, 28), (3, 31)];
    let mut dow = 4; // 1 Jan 2021 was a Friday (0 = Monday).
    for (m, n) in month_days {
        for d in 1..=n {
            let weekday = dow % 7 < 5;
            let tet = m == 2 && (10..=16).contains(&d);
            if weekday && !tet && !(m == 1 && d == 1) {
                out.push(KitTime::ymd(2021, m, d));
            }
            dow += 1;
        }
    }
    out
}

/// Plans `n` documents with the demo mix, deterministically from `seed`.
pub fn plan(n: usize, seed: u64, profile: SizeProfile) -> Vec<DocPlan> {
    let mut rng = Rng::new(seed);
    let total: usize = Category::MIX.iter().map(|(_, c)| c).sum();
    let mut cats = Vec::with_capacity(n);
    for (c, k) in Category::MIX {
        let count = if c == Category::Compliant {
            0
        } else {
            ((k * n) as f64 / total as f64).round().max(1.0) as usize
        };
        cats.extend(std::iter::repeat_n(c, count));
    }
    cats.truncate(n);
    while cats.len() < n {
        cats.push(Category::Compliant);
    }
    // Deterministic shuffle (Fisher-Yates).
    for i in (1..cats.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        cats.swap(i, j);
    }
    let dates = q1_dates();
    let mut plans: Vec<DocPlan> = Vec::with_capacity(n);
    for (i, cat) in cats.into_iter().enumerate() {
        let mut agency = (rng.below(12)) as usize;
        let mut leader = AGENCIES[agency].leaders[(rng.below(3) == 0) as usize];
        match cat {
            Category::Expired | Category::Untrusted => agency = 0,
            Category::Revoked => agency = 1,
            _ => {}
        }
        if cat == Category::Expired {
            leader = EXPIRED_LEADER;
        } else if cat == Category::Revoked {
            leader = REVOKED_LEADER;
        } else if matches!(cat, Category::Untrusted) {
            leader = AGENCIES[0].leaders[0];
        }
        let doc_type = match rng.below(10) {
            0..=4 => 0,
            5 => 1,
            6 => 2,
            7 => 3,
            8 => 4,
            _ => 5,
        };
        let long = rng.below(5) == 0;
        let n_par = 3 + rng.below(if long { 20 } else { 6 }) as usize;
        let paragraphs = (0..n_par)
            .map(|_| {
                let k = 1 + rng.below(3) as usize;
                (0..k)
                    .map(|_| *rng.pick(&SENTENCES))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let scan_pages = match profile {
            SizeProfile::Demo => {
                if rng.below(8) == 0 {
                    let pages = 1 + rng.below(2) as usize;
                    (0..pages)
                        .map(|_| 150_000 + rng.below(450_000) as usize)
                        .collect()
                } else {
                    Vec::new()
                }
            }
            SizeProfile::Corpus => {
                let r = rng.below(100);
                if r < 45 {
                    Vec::new()
                } else if r < 95 {
                    let pages = 1 + rng.below(3) as usize;
                    (0..pages)
                        .map(|_| 25_000 + rng.below(180_000) as usize)
                        .collect()
                } else {
                    let pages = 2 + rng.below(4) as usize;
                    (0..pages)
                        .map(|_| 220_000 + rng.below(280_000) as usize)
                        .collect()
                }
            }
        };
        let a = &AGENCIES[agency];
        let register_agency = if rng.below(6) == 0 && !a.aliases.is_empty() {
            rng.pick(a.aliases).to_string()
        } else {
            a.name.to_string()
        };
        plans.push(DocPlan {
            index: i,
            category: cat,
            agency,
            leader,
            doc_type,
            subject: rng.below(SUBJECTS.len() as u64) as usize,
            date: *rng.pick(&dates),
            number: 0,
            paragraphs,
            scan_pages,
            variant: rng.next_u64(),
            register_agency,
            file: String::new(),
            seed: seed ^ (i as u64).wrapping_mul(0x9E37_79B9),
        });
    }
    // Numbers run per agency through the year in date order (Decree 30 Art. 15.1).
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|&i| (plans[i].date, plans[i].index));
    let mut counters = [0u32; 12];
    for i in order {
        let p = &mut plans[i];
        counters[p.agency] += 1 + (p.seed % 9) as u32;
        p.number = counters[p.agency];
        let ty = ["cv", "qd", "kh", "bc", "tb", "ttr"][p.doc_type];
        p.file = format!(
            "van-ban/{}/{}-{:02}{:02}-{:04}-{ty}.pdf",
            AGENCIES[p.agency].id, p.date.year, p.date.month, p.date.day, p.number
        );
    }
    plans
}

fn person_sign(
    doc: &mut super::pdf::PdfDoc,
    letter: &super::letter::Letter,
    who: &Identity,
    t: KitTime,
    variant: u64,
    timestamp: bool,
    certify: bool,
) {
    let mut s = SignSpec::new(
        who,
        "Signature1",
        t,
        Appearance::PersonSignature {
            page: letter.sig_page,
            rect: letter.sig_rect,
            name: letter.spec.leader.name.to_string(),
        },
    );
    s.reason = Some("Phê duyệt văn bản".to_string());
    if variant % 5 == 1 {
        s.sub_filter = SubFilter::EtsiCadesDetached;
    }
    // The government signing tool certifies the first signature with P=2.
    if certify {
        s.docmdp = Some(2);
        s.prepare_fields = vec![("Signature2".to_string(), letter.sig_page, letter.seal_rect)];
    }
    if timestamp {
        s.cms.timestamp_at = Some(t.plus_seconds(2));
    }
    sign(doc, &s);
}

fn agency_sign(
    doc: &mut super::pdf::PdfDoc,
    letter: &super::letter::Letter,
    org: &Identity,
    seal_of: &super::data::Agency,
    t: KitTime,
    variant: u64,
) {
    let mut s = SignSpec::new(
        org,
        "Signature2",
        t,
        Appearance::Seal {
            page: letter.sig_page,
            rect: letter.seal_rect,
            top: seal_of.seal_top.to_string(),
            bottom: seal_of.seal_center.to_string(),
        },
    );
    s.reason = Some(format!(
        "Phát hành văn bản số {}",
        letter.spec.number_notation()
    ));
    if variant % 5 == 1 {
        s.sub_filter = SubFilter::EtsiCadesDetached;
    }
    if variant % 4 == 0 {
        s.cms = CmsOptions {
            signing_time: Some(t),
            timestamp_at: Some(t.plus_seconds(1)),
            ..CmsOptions::default()
        };
    }
    sign(doc, &s);
}

/// Writes the PDF for a planned document.
pub fn build(p: &DocPlan) -> Vec<u8> {
    let pki = Pki::get();
    let letter = write_letter(&p.spec());
    let mut doc = letter.doc.clone();
    let ap = &pki.agencies[p.agency];
    let person = || -> &Identity {
        match p.category {
            Category::Expired => &pki.expired,
            Category::Revoked => &pki.revoked,
            _ => {
                let idx = usize::from(p.leader.name != ap.agency.leaders[0].name);
                &ap.persons[idx]
            }
        }
    };
    let mut r = Rng::new(p.seed);
    let t1 = KitTime::ymd_hms(
        p.date.year,
        p.date.month,
        p.date.day,
        1 + r.below(4) as u8,
        r.below(60) as u8,
        r.below(60) as u8,
    );
    let t2 = t1.plus_seconds(1800 + r.below(4 * 3600) as i64);
    let v = p.variant;
    match p.category {
        Category::Unsigned => {}
        Category::PersonOnly => person_sign(&mut doc, &letter, person(), t1, v, false, false),
        Category::AgencyOnly => agency_sign(&mut doc, &letter, &ap.org, ap.agency, t2, v),
        Category::WrongOrder => {
            agency_sign(&mut doc, &letter, &ap.org, ap.agency, t1, v);
            person_sign(&mut doc, &letter, person(), t2, v, false, false);
        }
        Category::Compliant => {
            person_sign(&mut doc, &letter, person(), t1, v, false, v % 7 == 2);
            agency_sign(&mut doc, &letter, &ap.org, ap.agency, t2, v);
            if v % 9 == 3 && v % 7 != 2 {
                add_dss(
                    &mut doc,
                    &[pki.subca.cert.clone(), pki.root.cert.clone()],
                    &[pki.subca_crl.clone(), pki.root_crl.clone()],
                );
            }
        }
        Category::ModifiedAfterSigning => {
            person_sign(&mut doc, &letter, person(), t1, v, false, false);
            agency_sign(&mut doc, &letter, &ap.org, ap.agency, t2, v);
            modify_page_content(
                &mut doc,
                0,
                super::pdf::XrefMode::Table,
                "Kinh phi dieu chinh: 9.500.000.000 dong",
            );
        }
        Category::Expired | Category::Revoked => {
            person_sign(&mut doc, &letter, person(), t1, v, true, false);
            agency_sign(&mut doc, &letter, &ap.org, ap.agency, t2, v);
        }
        Category::AgencyMismatch => {
            let other = &pki.agencies[(p.agency + 1) % 12];
            person_sign(&mut doc, &letter, person(), t1, v, false, v % 7 == 2);
            agency_sign(&mut doc, &letter, &other.org, other.agency, t2, v);
        }
        Category::Untrusted => {
            person_sign(&mut doc, &letter, person(), t1, v, false, false);
            agency_sign(&mut doc, &letter, &pki.lookalike_org, ap.agency, t2, v);
        }
    }
    doc.bytes
}

/// A quick single compliant document (for `kit sample`).
pub fn sample_document() -> Vec<u8> {
    let mut p = plan(1, 7, SizeProfile::Demo).remove(0);
    p.category = Category::Compliant;
    p.variant = 4;
    build(&p)
}

// ---------------------------------------------------------------- export

#[derive(Debug, Serialize)]
struct ExpectedDoc<'a> {
    file: &'a str,
    present: bool,
    number: String,
    agency: &'a str,
    category: &'static str,
    verdict: &'static str,
    decree30: &'static str,
    reason: &'static str,
    signatures: Vec<ExpectedSig>,
}

/// Expected per-signature facts (DESIGN.md vocabulary), in revision order.
#[derive(Debug, Serialize)]
struct ExpectedSig {
    field: &'static str,
    role: &'static str,
    signer: String,
    sub_filter: &'static str,
    integrity: &'static str,
    trust: &'static str,
    validity_at_signing: &'static str,
    /// With crl/*.crl supplied.
    revocation: &'static str,
    /// Changes after this signature: `none` | `allowed` | `disallowed`.
    modification: &'static str,
    status: &'static str,
    timestamped: bool,
    docmdp: Option<u8>,
}

#[derive(Debug, Serialize)]
struct ExpectedFile<'a> {
    schema: u32,
    description: &'static str,
    trust: Vec<&'static str>,
    crls: Vec<&'static str>,
    /// What `kyso audit` with the register and agencies.json must count (DESIGN.md "Tally and
    /// rankings"), worked out from the plan, not by the engine.
    tallies: ExpectedTallies,
    documents: Vec<ExpectedDoc<'a>>,
}

/// One agency's expected counts and rank.
#[derive(Debug, Clone, Serialize)]
struct ExpectedTally {
    agency: &'static str,
    agency_id: &'static str,
    documents: u64,
    files_present: u64,
    signed: u64,
    valid: u64,
    compliant: u64,
    rank: u32,
}

#[derive(Debug, Serialize)]
struct ExpectedPeriod {
    period: String,
    headline: String,
    agencies: Vec<ExpectedTally>,
}

#[derive(Debug, Serialize)]
struct ExpectedTallies {
    description: &'static str,
    headline: String,
    agencies: Vec<ExpectedTally>,
    periods: Vec<ExpectedPeriod>,
}

/// Ranks expected tallies: compliance rate, then signing rate (valid / documents), then
/// documents, descending; equal keys share a rank (1, 2, 2, 4). Listed by rank, then id.
fn rank_tallies(mut v: Vec<ExpectedTally>) -> Vec<ExpectedTally> {
    use std::cmp::Ordering;
    // a/b vs c/d without rounding.
    let frac = |a: u64, b: u64, c: u64, d: u64| (a * d).cmp(&(c * b));
    let key = |x: &ExpectedTally, y: &ExpectedTally| -> Ordering {
        frac(y.compliant, y.documents, x.compliant, x.documents)
            .then(frac(y.valid, y.documents, x.valid, x.documents))
            .then(y.documents.cmp(&x.documents))
    };
    v.sort_by(|x, y| key(x, y).then(x.agency_id.cmp(y.agency_id)));
    for i in 0..v.len() {
        v[i].rank = if i > 0 && key(&v[i - 1], &v[i]) == Ordering::Equal {
            v[i - 1].rank
        } else {
            i as u32 + 1
        };
    }
    v
}

fn headline(v: &[ExpectedTally]) -> String {
    let at = v.iter().filter(|t| t.compliant == t.documents).count();
    format!("{at}/{} cơ quan đạt 100%", v.len())
}

/// The expected tallies of the register rows (present and missing files), overall and per year,
/// quarter and month of the issue date.
fn expected_tallies(rows: &[(&DocPlan, bool)]) -> ExpectedTallies {
    use std::collections::BTreeMap;
    let count = |filter: &dyn Fn(&DocPlan) -> bool| -> Vec<ExpectedTally> {
        let mut by: BTreeMap<usize, ExpectedTally> = BTreeMap::new();
        for (p, present) in rows.iter().filter(|(p, _)| filter(p)) {
            let a = &AGENCIES[p.agency];
            let t = by.entry(p.agency).or_insert(ExpectedTally {
                agency: a.name,
                agency_id: a.id,
                documents: 0,
                files_present: 0,
                signed: 0,
                valid: 0,
                compliant: 0,
                rank: 0,
            });
            let e = p.category.expected();
            t.documents += 1;
            if *present {
                t.files_present += 1;
                t.signed += u64::from(p.category != Category::Unsigned);
                t.valid += u64::from(e.verdict == "valid");
                t.compliant += u64::from(e.decree30 == "compliant");
            }
        }
        rank_tallies(by.into_values().collect())
    };
    let agencies = count(&|_| true);
    let mut keys: Vec<(i32, u8, u8, String)> = Vec::new();
    for (p, _) in rows {
        let (y, m) = (p.date.year, p.date.month);
        let q = (m - 1) / 3 + 1;
        for k in [
            (y, 0, 0, format!("{y}")),
            (y, q, 0, format!("{y}-Q{q}")),
            (y, q, m, format!("{y}-{m:02}")),
        ] {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys.sort();
    let periods = keys
        .into_iter()
        .map(|(y, q, m, key)| {
            let agencies = count(&|p: &DocPlan| {
                let pq = (p.date.month - 1) / 3 + 1;
                p.date.year == y && (q == 0 || pq == q) && (m == 0 || p.date.month == m)
            });
            ExpectedPeriod {
                period: key,
                headline: headline(&agencies),
                agencies,
            }
        })
        .collect();
    ExpectedTallies {
        description: "kyso audit van-ban --manifest so-dang-ky-van-ban-di.csv --directory agencies.json: per agency (directory id), register rows counted (missing files included); period from the register's issue date.",
        headline: headline(&agencies),
        agencies,
        periods,
    }
}

#[derive(Debug, Serialize)]
struct DirectoryEntry {
    id: &'static str,
    name: &'static str,
    parent: &'static str,
    aliases: Vec<&'static str>,
    mst: &'static str,
    code: &'static str,
    certificate_subject_cn: &'static str,
}

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Compliant => "compliant",
        Category::PersonOnly => "person_only",
        Category::AgencyOnly => "agency_only",
        Category::WrongOrder => "wrong_order",
        Category::Unsigned => "unsigned",
        Category::ModifiedAfterSigning => "modified_after_signing",
        Category::Expired => "expired",
        Category::Revoked => "revoked",
        Category::AgencyMismatch => "agency_mismatch",
        Category::Untrusted => "untrusted",
    }
}

fn signatures_of(p: &DocPlan) -> Vec<ExpectedSig> {
    let a = &AGENCIES[p.agency];
    let v = p.variant;
    let cades = v % 5 == 1;
    let sub_filter = if cades {
        "ETSI.CAdES.detached"
    } else {
        "adbe.pkcs7.detached"
    };
    let certify =
        v % 7 == 2 && matches!(p.category, Category::Compliant | Category::AgencyMismatch);
    let dss = p.category == Category::Compliant && v % 9 == 3 && v % 7 != 2;
    let sig = |field: &'static str, role: &'static str, signer: &str| ExpectedSig {
        field,
        role,
        signer: signer.to_string(),
        sub_filter,
        integrity: "intact",
        trust: "trusted",
        validity_at_signing: "valid",
        revocation: "good",
        modification: "allowed",
        status: "valid",
        timestamped: false,
        docmdp: None,
    };
    let mut person = sig("Signature1", "person", p.leader.name);
    if certify {
        person.docmdp = Some(2);
    }
    let org_name = if p.category == Category::AgencyMismatch {
        AGENCIES[(p.agency + 1) % 12].name
    } else {
        a.name
    };
    let mut org = sig("Signature2", "organization", org_name);
    org.timestamped = v % 4 == 0;
    let mut out = match p.category {
        Category::Unsigned => vec![],
        Category::PersonOnly => vec![person],
        Category::AgencyOnly => vec![org],
        Category::WrongOrder => vec![org, person],
        _ => vec![person, org],
    };
    if let Some(last) = out.last_mut() {
        last.modification = if dss { "allowed" } else { "none" };
    }
    match p.category {
        Category::ModifiedAfterSigning => {
            for s in &mut out {
                s.modification = "disallowed";
                s.status = "invalid";
            }
        }
        Category::Expired | Category::Revoked => {
            let s = &mut out[0];
            s.timestamped = true;
            s.status = "invalid";
            if p.category == Category::Expired {
                s.validity_at_signing = "expired";
            } else {
                s.revocation = "revoked";
            }
        }
        Category::Untrusted => {
            let s = &mut out[1];
            s.trust = "untrusted";
            s.revocation = "unknown";
            s.status = "indeterminate";
        }
        _ => {}
    }
    out
}

const HEADERS: [&str; 9] = [
    "STT",
    "Số ký hiệu",
    "Ngày ban hành",
    "Loại văn bản",
    "Cơ quan ban hành",
    "Trích yếu",
    "Người ký",
    "Chức vụ",
    "Tệp",
];

fn register_rows(plans: &[DocPlan]) -> Vec<[String; 9]> {
    let mut rows = Vec::new();
    let mut sorted: Vec<&DocPlan> = plans.iter().collect();
    sorted.sort_by_key(|p| (p.date, p.agency, p.number));
    for (i, p) in sorted.iter().enumerate() {
        let s = p.spec();
        rows.push([
            (i + 1).to_string(),
            s.number_notation(),
            format!("{:02}/{:02}/{}", p.date.day, p.date.month, p.date.year),
            s.doc_type_name().to_string(),
            p.register_agency.clone(),
            s.abstract_text(),
            p.leader.name.to_string(),
            p.leader.title.to_string(),
            p.file.clone(),
        ]);
    }
    rows
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The register as CSV (UTF-8 with BOM so spreadsheet programs read the diacritics).
pub fn register_csv(plans: &[DocPlan]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    for r in register_rows(plans) {
        out.push_str(&r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The register as XLSX with fixed document properties (byte-identical on regeneration).
pub fn register_xlsx(plans: &[DocPlan]) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2021, 4, 1).expect("date");
    let props = DocProperties::new()
        .set_title("Sổ đăng ký văn bản đi - Quý I/2021")
        .set_author("kyso test kit")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Văn bản đi").expect("sheet name");
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .expect("cell");
    }
    for (r, row) in register_rows(plans).iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).expect("cell");
        }
    }
    ws.set_column_width(5, 60).expect("width");
    ws.set_column_width(8, 40).expect("width");
    wb.save_to_buffer().expect("xlsx")
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(p, bytes)
}

/// Two register rows whose file is missing from the export (DESIGN.md: counted unsigned).
fn missing_plans(plans: &[DocPlan]) -> Vec<DocPlan> {
    let mut out = Vec::new();
    for (k, src) in [(2usize, 0usize), (9, 1)] {
        let Some(base) = plans.iter().find(|p| p.agency == k).or(plans.get(src)) else {
            continue;
        };
        let mut m = base.clone();
        m.number = base.number + 1000;
        m.index = plans.len() + out.len();
        m.subject = (base.subject + 3) % SUBJECTS.len();
        m.category = Category::Unsigned;
        m.file = format!(
            "van-ban/{}/{}-{:02}{:02}-{:04}-cv.pdf",
            AGENCIES[m.agency].id, m.date.year, m.date.month, m.date.day, m.number
        );
        m.doc_type = 0;
        out.push(m);
    }
    out
}

/// Writes the whole export into `out` (the directory is created; files are overwritten).
/// Returns the number of PDF files written.
pub fn export(
    out: &Path,
    n: usize,
    seed: u64,
    profile: SizeProfile,
    xlsx: bool,
) -> std::io::Result<usize> {
    let pki = Pki::get();
    let plans = plan(n, seed, profile);
    let missing = missing_plans(&plans);

    // PDFs, built on all cores (each document is independent and deterministic).
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(p) = plans.get(i) else { break };
                let bytes = build(p);
                if let Err(e) = write(out, &p.file, &bytes) {
                    *failed.lock().expect("lock") = Some(e);
                    break;
                }
            });
        }
    });
    if let Some(e) = failed.into_inner().expect("lock") {
        return Err(e);
    }

    let mut all = plans.clone();
    all.extend(missing.iter().cloned());
    write(out, "so-dang-ky-van-ban-di.csv", &register_csv(&all))?;
    if xlsx {
        write(out, "so-dang-ky-van-ban-di.xlsx", &register_xlsx(&all))?;
    }
    if profile == SizeProfile::Demo {
        write(out, "README.md", DEMO_README.as_bytes())?;
    }
    write(out, "trust/root.pem", pki.root.pem().as_bytes())?;
    write(out, "trust/README.md", TRUST_README.as_bytes())?;
    write(out, "certs/subca.pem", pki.subca.pem().as_bytes())?;
    write(out, "crl/subca.crl", &pki.subca_crl)?;
    write(out, "crl/root.crl", &pki.root_crl)?;
    let directory: Vec<DirectoryEntry> = AGENCIES
        .iter()
        .map(|a| DirectoryEntry {
            id: a.id,
            name: a.name,
            parent: a.parent,
            aliases: a.aliases.to_vec(),
            mst: a.mst,
            code: a.code,
            certificate_subject_cn: a.name,
        })
        .collect();
    let mut dir_json = serde_json::to_string_pretty(&directory).unwrap_or_default();
    dir_json.push('\n');
    write(out, "agencies.json", dir_json.as_bytes())?;

    let rows: Vec<(&DocPlan, bool)> = plans
        .iter()
        .map(|p| (p, true))
        .chain(missing.iter().map(|p| (p, false)))
        .collect();
    let tallies = expected_tallies(&rows);
    let mut docs = Vec::new();
    for p in plans.iter().chain(missing.iter()) {
        let present = p.index < plans.len();
        let e = if present {
            p.category.expected()
        } else {
            Expected::new("unsigned", "non_compliant", "file_missing")
        };
        docs.push(ExpectedDoc {
            file: &p.file,
            present,
            number: p.spec().number_notation(),
            agency: AGENCIES[p.agency].name,
            category: if present {
                category_name(p.category)
            } else {
                "missing"
            },
            verdict: e.verdict,
            decree30: e.decree30,
            reason: e.reason,
            signatures: if present { signatures_of(p) } else { vec![] },
        });
    }
    docs.sort_by(|a, b| a.file.cmp(b.file));
    let ef = ExpectedFile {
        schema: 1,
        description: "Expected result of each register row when audited with trust/root.pem and crl/*.crl (validation time: now). verdict and decree30 use DESIGN.md's vocabulary.",
        trust: vec!["trust/root.pem"],
        crls: vec!["crl/subca.crl", "crl/root.crl"],
        tallies,
        documents: docs,
    };
    let mut j = serde_json::to_string_pretty(&ef).unwrap_or_default();
    j.push('\n');
    write(out, "expected.json", j.as_bytes())?;
    let _ = der::hex(&[]);
    Ok(plans.len())
}

const TRUST_README: &str = "# Trust anchor of the demo export\n\n`root.pem` is the kit's TEST root \"Test RootCA chuyên dùng Chính phủ\" (not the real VGCA root).\nIts private key is committed under tests/kit-keys/: trust it only for this demo.\n";

const DEMO_README: &str = "# Demo export (generated, do not edit)

A sample I-Office export for Q1 2021 from 12 fictional Nghệ An agencies, written by the kyso
test kit. Regenerate byte-identically with:

    cargo run -p kyso-tests --bin kit -- demo --out demo

- `van-ban/<agency>/*.pdf`: 80 outgoing documents, signed per Decree 30 Appendix I (person's
  blue signature, then the agency's red seal as a second incremental update), with a realistic
  mix of faults: person-only, agency-only, wrong order, unsigned, modified after signing,
  expired or revoked certificates, agency mismatch, untrusted look-alike root.
- `so-dang-ky-van-ban-di.csv` / `.xlsx`: the outgoing-documents register (Vietnamese headers);
  two rows name files that are missing from the export.
- `trust/root.pem`: the TEST trust anchor; `certs/subca.pem`: the intermediate;
  `crl/*.crl`: DER CRLs of the sub-CA (one revoked certificate) and of the root.
- `agencies.json`: the agency directory (names, aliases, MST, identifier codes).
- `expected.json`: the expected verdict and Decree 30 status of every register row.

All keys are test keys committed under tests/kit-keys/. Names of people are invented.
";

/// Demo parameters (80 documents, fixed seed).
pub const DEMO_DOCS: usize = 80;
pub const DEMO_SEED: u64 = 20_210_331;

#[derive(Debug, Serialize)]
struct LetterInput {
    file: String,
    agency: &'static str,
    page: usize,
    signature_box: [f32; 4],
    seal_box: [f32; 4],
    person_key: String,
    person_cert: String,
    org_key: String,
    org_cert: String,
}

/// Unsigned letters for an independent signer (pyHanko), with where to put each signature and
/// which kit key and certificate to use (tests/pyhanko/make_fixtures.py).
pub fn export_letters(out: &Path) -> std::io::Result<usize> {
    let pki = Pki::get();
    std::fs::create_dir_all(out)?;
    let mut list = Vec::new();
    for (i, agency) in [0usize, 4, 6].into_iter().enumerate() {
        let mut p = plan(3, 42, SizeProfile::Demo).remove(i);
        p.agency = agency;
        p.leader = AGENCIES[agency].leaders[0];
        p.scan_pages.clear();
        p.number = 200 + i as u32;
        let l = write_letter(&p.spec());
        let file = format!("letter-{}.pdf", AGENCIES[agency].id);
        std::fs::write(out.join(&file), &l.doc.bytes)?;
        let ap = &pki.agencies[agency];
        let n = agency + 1;
        let person_cert = format!("person-{n:02}-1.crt.pem");
        let org_cert = format!("org-{n:02}.crt.pem");
        std::fs::write(out.join(&person_cert), ap.persons[0].pem())?;
        std::fs::write(out.join(&org_cert), ap.org.pem())?;
        list.push(LetterInput {
            file,
            agency: AGENCIES[agency].name,
            page: l.sig_page,
            signature_box: l.sig_rect,
            seal_box: l.seal_rect,
            person_key: format!("person-{n:02}-1.pem"),
            person_cert,
            org_key: format!("org-{n:02}.pem"),
            org_cert,
        });
    }
    std::fs::write(out.join("subca.crt.pem"), pki.subca.pem())?;
    std::fs::write(out.join("root.crt.pem"), pki.root.pem())?;
    let mut j = serde_json::to_string_pretty(&list).unwrap_or_default();
    j.push('\n');
    std::fs::write(out.join("letters.json"), j)?;
    Ok(list.len())
}
