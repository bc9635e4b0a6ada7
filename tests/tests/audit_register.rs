//! The audit's register, directory and tally on the demo export, in process: the same register
//! in every encoding, separator and file format gives the same tally; bad rows, missing files,
//! unlisted files, attachment rows and a file that is not a register are reported precisely;
//! the demo's tallies equal the ones the kit planned (`demo/expected.json` "tallies").

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use audit_core::audit::{audit, AuditReport, RegisterFileError, RunInfo};
use audit_core::report::DocumentReport;
use audit_core::{verify_document, ValidationTime};
use kyso_tests::contexts;
use kyso_tests::harness::workspace_root;
use unicode_normalization::UnicodeNormalization;

fn demo() -> PathBuf {
    workspace_root().join("demo")
}

fn now() -> ValidationTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    ValidationTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Every demo PDF verified once, named relative to demo/ as the register names them.
fn reports() -> &'static Vec<DocumentReport> {
    static REPORTS: OnceLock<Vec<DocumentReport>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let ctx = contexts::demo(now()).expect("demo context");
        let mut out = Vec::new();
        let mut stack = vec![demo().join("van-ban")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("read dir") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "pdf") {
                    let name = p
                        .strip_prefix(demo())
                        .expect("under demo")
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push(verify_document(
                        &name,
                        &std::fs::read(&p).expect("pdf"),
                        &ctx,
                    ));
                }
            }
        }
        assert_eq!(out.len(), 80);
        out
    })
}

fn directory() -> Vec<u8> {
    std::fs::read(demo().join("agencies.json")).expect("agencies.json")
}

fn register_csv() -> Vec<u8> {
    std::fs::read(demo().join("so-dang-ky-van-ban-di.csv")).expect("register")
}

/// The demo register as records (header first).
fn records() -> Vec<Vec<String>> {
    let bytes = register_csv();
    let text = std::str::from_utf8(&bytes).expect("utf-8");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

fn write_csv(records: &[Vec<String>], sep: char) -> String {
    let mut out = String::new();
    for r in records {
        let line: Vec<String> = r
            .iter()
            .map(|f| {
                if f.contains([sep, '"', '\n']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&line.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// Windows-1258 as Vietnamese Windows writes it: a letter with a tone mark is the code page's
/// base letter (with its circumflex, breve or horn) followed by a combining tone mark (0xCC
/// grave, 0xEC acute, 0xD2 hook above, 0xDE tilde, 0xF2 dot below).
fn windows_1258(text: &str) -> Vec<u8> {
    let tone = |m: &char| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}');
    let encode = |s: &str| -> Vec<u8> {
        let (bytes, _, errors) = encoding_rs::WINDOWS_1258.encode(s);
        assert!(!errors, "{s:?} is not in Windows-1258");
        bytes.into_owned()
    };
    let mut out = Vec::new();
    for c in text.chars() {
        let parts: Vec<char> = c.to_string().nfd().collect();
        let base: String = parts
            .iter()
            .filter(|m| !tone(m))
            .collect::<String>()
            .nfc()
            .collect();
        out.extend(encode(&base));
        for m in parts.iter().filter(|m| tone(m)) {
            out.extend(encode(&m.to_string()));
        }
    }
    out
}

fn run_info() -> RunInfo {
    RunInfo {
        id: "test".into(),
        started: "2021-04-01T00:00:00Z".into(),
        complete: true,
        validation_time: "2021-04-01T00:00:00Z".into(),
        ..RunInfo::default()
    }
}

fn audit_with(register: Option<&[u8]>, directory: Option<&[u8]>) -> AuditReport {
    audit(register, directory, reports().clone(), run_info()).expect("audit")
}

/// The comparable core of a tally: per agency id, the counts and rank; per period the same.
fn tally(r: &AuditReport) -> Vec<String> {
    let mut out: Vec<String> = r
        .agencies
        .iter()
        .map(|a| {
            format!(
                "all {} {} {} {} {} {} #{}",
                a.agency_id, a.documents, a.files_present, a.signed, a.valid, a.compliant, a.rank
            )
        })
        .collect();
    for p in &r.periods {
        for a in &p.agencies {
            out.push(format!(
                "{} {} {} {} {} #{}",
                p.period, a.agency_id, a.documents, a.valid, a.compliant, a.rank
            ));
        }
    }
    out
}

#[test]
fn demo_tallies_equal_the_expected_tallies() {
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(demo().join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    let t = &expected["tallies"];
    let r = audit_with(Some(&register_csv()), Some(&directory()));
    assert_eq!(r.headline.text_vi, t["headline"].as_str().unwrap());
    let fields = [
        "documents",
        "files_present",
        "signed",
        "valid",
        "compliant",
        "rank",
    ];
    let same = |got: &[audit_core::audit::AgencyTally], want: &serde_json::Value, what: &str| {
        let want = want.as_array().expect("agencies");
        assert_eq!(got.len(), want.len(), "{what}: number of agencies");
        for w in want {
            let id = w["agency_id"].as_str().unwrap();
            let g = got
                .iter()
                .find(|a| a.agency_id == id)
                .unwrap_or_else(|| panic!("{what}: {id} missing"));
            let g = serde_json::to_value(g).unwrap();
            assert_eq!(g["agency"], w["agency"], "{what} {id}");
            for f in fields {
                assert_eq!(g[f], w[f], "{what} {id} {f}");
            }
        }
    };
    same(&r.agencies, &t["agencies"], "overall");
    let periods = t["periods"].as_array().unwrap();
    let keys: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
    let want_keys: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(keys, want_keys);
    for (p, w) in r.periods.iter().zip(periods) {
        assert_eq!(p.headline.text_vi, w["headline"].as_str().unwrap());
        same(&p.agencies, &w["agencies"], &p.period);
    }
    assert_eq!(r.run.missing_files, 2);
    assert!(r.unlisted_files.is_empty());
    assert!(r.register_errors.is_empty(), "{:?}", r.register_errors);
}

#[test]
fn the_same_register_in_every_encoding_separator_and_format_gives_the_same_tally() {
    let reference = tally(&audit_with(Some(&register_csv()), Some(&directory())));
    let recs = records();
    let nfd: Vec<Vec<String>> = recs
        .iter()
        .map(|r| r.iter().map(|f| f.nfd().collect()).collect())
        .collect();
    assert_eq!(excel_serial(2021, 1, 4), 44200);
    let mut variants: Vec<(&str, Vec<u8>)> = Vec::new();
    variants.push((
        "UTF-8 without BOM, semicolons, NFD",
        write_csv(&nfd, ';').into_bytes(),
    ));
    let tab = write_csv(&recs, '\t');
    let mut le = vec![0xFF, 0xFE];
    le.extend(tab.encode_utf16().flat_map(u16::to_le_bytes));
    variants.push(("UTF-16LE with BOM, tabs", le));
    let mut be = vec![0xFE, 0xFF];
    be.extend(
        write_csv(&recs, ',')
            .encode_utf16()
            .flat_map(u16::to_be_bytes),
    );
    variants.push(("UTF-16BE with BOM, commas", be));
    let cp = windows_1258(&write_csv(&recs, ';'));
    assert!(
        cp.contains(&0xCC) || cp.contains(&0xEC),
        "combining tone marks"
    );
    variants.push(("Windows-1258, semicolons", cp));
    variants.push(("XLSX with a title block and Excel dates", xlsx(&recs, true)));
    // Dates in every accepted spelling, agencies without accents.
    let respelled: Vec<Vec<String>> = recs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            if i > 0 {
                let (d, m, y) = split_date(&r[2]);
                r[2] = match i % 4 {
                    0 => format!("{d}/{m}/{}", y % 100),
                    1 => format!("{y:04}-{m:02}-{d:02}"),
                    2 => excel_serial(y, m, d).to_string(),
                    _ => r[2].clone(),
                };
                r[4] = unaccent(&r[4]);
            }
            r
        })
        .collect();
    variants.push((
        "d/m/yy, ISO and Excel-serial dates, unaccented agencies",
        write_csv(&respelled, ',').into_bytes(),
    ));
    for (what, bytes) in variants {
        let r = audit_with(Some(&bytes), Some(&directory()));
        assert!(
            r.register_errors.is_empty(),
            "{what}: {:?}",
            r.register_errors
        );
        assert_eq!(tally(&r), reference, "{what}");
    }
}

fn split_date(s: &str) -> (u32, u32, i32) {
    let p: Vec<&str> = s.split('/').collect();
    (
        p[0].parse().unwrap(),
        p[1].parse().unwrap(),
        p[2].parse().unwrap(),
    )
}

/// Excel's serial day number of a date (1900 system), computed independently.
fn excel_serial(y: i32, m: u32, d: u32) -> i64 {
    let days_before = |y: i32| -> i64 {
        let y = i64::from(y) - 1;
        y * 365 + y / 4 - y / 100 + y / 400
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let doy: i64 = month_days[..(m as usize - 1)].iter().sum::<i64>() + i64::from(d);
    // 1899-12-30 is serial 0.
    days_before(y) + doy - (days_before(1899) + 364)
}

fn unaccent(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// The register as a workbook: an optional title block above the header, real date cells.
fn xlsx(records: &[Vec<String>], title: bool) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut first = 0u32;
    if title {
        ws.write_string(0, 0, "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN")
            .unwrap();
        ws.write_string(1, 2, "SỔ ĐĂNG KÝ VĂN BẢN ĐI").unwrap();
        ws.write_string(2, 2, "Quý I năm 2021").unwrap();
        first = 4;
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (i, r) in records.iter().enumerate() {
        let row = first + i as u32;
        for (c, v) in r.iter().enumerate() {
            if i > 0 && c == 2 {
                let (d, m, y) = split_date(v);
                let dt = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).unwrap();
                ws.write_datetime_with_format(row, c as u16, &dt, &date_format)
                    .unwrap();
            } else {
                ws.write_string(row, c as u16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn row_of(recs: &[Vec<String>], file: &str) -> usize {
    recs.iter().position(|r| r[8] == file).expect("row")
}

#[test]
fn bad_rows_are_reported_precisely_and_the_rest_is_audited() {
    let mut recs = records();
    let reference = audit_with(Some(&register_csv()), Some(&directory()));
    recs[3][2] = "31/02/2021".into();
    recs[5][8] = String::new();
    let r = audit_with(Some(write_csv(&recs, ',').as_bytes()), Some(&directory()));
    let errors: Vec<(usize, Option<&str>, &str)> = r
        .register_errors
        .iter()
        .map(|e| (e.row, e.column.as_deref(), e.code.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (4, Some("Ngày ban hành"), "REGISTER_DATE_INVALID"),
            (6, Some("Tệp"), "REGISTER_FILE_EMPTY"),
        ]
    );
    assert!(r.register_errors[0].message.contains("31/02/2021"));
    // Every row is still counted: the bad date only loses its period (the agency signature's
    // time stands in), the row without a file counts as missing.
    assert_eq!(r.run.documents, reference.run.documents);
    assert_eq!(r.run.missing_files, 3);
    assert_eq!(
        r.unlisted_files.len(),
        1,
        "the file of the row without a name"
    );
}

#[test]
fn missing_and_unlisted_files() {
    let mut recs = records();
    let reference = audit_with(Some(&register_csv()), Some(&directory()));
    // A row whose file is not in the export.
    let mut extra = recs[1].clone();
    extra[1] = "999/STC-NS".into();
    extra[4] = "Sở Tài chính".into();
    extra[8] = "van-ban/stc/khong-co.pdf".into();
    recs.push(extra);
    // A file no row lists.
    let dropped = recs.remove(10);
    let r = audit_with(Some(write_csv(&recs, ',').as_bytes()), Some(&directory()));
    assert_eq!(r.run.missing_files, 3);
    assert_eq!(r.unlisted_files, [dropped[8].clone()]);
    let missing = r
        .documents
        .iter()
        .find(|d| d.report.file == "van-ban/stc/khong-co.pdf")
        .expect("missing document reported");
    assert!(!missing.present);
    assert_eq!(
        missing.report.verdict,
        audit_core::DocumentVerdict::Unsigned
    );
    assert_eq!(missing.compliance.findings[0].code, "D30_FILE_MISSING");
    let unlisted = r
        .documents
        .iter()
        .find(|d| d.report.file == dropped[8])
        .expect("unlisted document still verified and reported");
    assert!(!unlisted.listed && unlisted.register.is_none());
    assert!(!unlisted.report.sha256.is_empty());
    let stc = |r: &AuditReport| {
        r.agencies
            .iter()
            .find(|a| a.agency_id == "stc")
            .unwrap()
            .documents
    };
    let dropped_agency = reference
        .documents
        .iter()
        .find(|d| d.report.file == dropped[8])
        .and_then(|d| d.agency_id.clone())
        .unwrap();
    let docs = |r: &AuditReport, id: &str| {
        r.agencies
            .iter()
            .find(|a| a.agency_id == id)
            .unwrap()
            .documents
    };
    if dropped_agency == "stc" {
        assert_eq!(stc(&r), stc(&reference));
    } else {
        assert_eq!(stc(&r), stc(&reference) + 1);
        assert_eq!(
            docs(&r, &dropped_agency),
            docs(&reference, &dropped_agency) - 1
        );
    }
}

#[test]
fn attachment_rows_need_only_the_agency_signature() {
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(demo().join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    let agency_only = expected["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["category"] == "agency_only")
        .expect("an agency-only letter")["file"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut recs = records();
    let i = row_of(&recs, &agency_only);
    let before = audit_with(Some(&register_csv()), Some(&directory()));
    let doc = |r: &AuditReport| {
        r.documents
            .iter()
            .find(|d| d.report.file == agency_only)
            .unwrap()
            .clone()
    };
    assert_eq!(
        doc(&before).compliance.findings[0].code,
        "D30_MISSING_PERSON_SIGNATURE"
    );
    recs[i][3] = "Phụ lục".into();
    let after = audit_with(Some(write_csv(&recs, ',').as_bytes()), Some(&directory()));
    let d = doc(&after);
    assert_eq!(d.kind, audit_core::audit::DocumentKind::Attachment);
    assert_eq!(
        d.compliance.status,
        audit_core::report::Decree30Status::Compliant
    );
    let id = d.agency_id.clone().unwrap();
    let compliant = |r: &AuditReport| {
        r.agencies
            .iter()
            .find(|a| a.agency_id == id)
            .unwrap()
            .compliant
    };
    assert_eq!(compliant(&after), compliant(&before) + 1);
    recs[i][3] = "Bản sao".into();
    let copy = audit_with(Some(write_csv(&recs, ',').as_bytes()), Some(&directory()));
    assert_eq!(doc(&copy).kind, audit_core::audit::DocumentKind::Copy);
    assert_eq!(
        doc(&copy).compliance.status,
        audit_core::report::Decree30Status::Compliant
    );
}

#[test]
fn a_file_that_is_not_a_register_is_one_clear_error() {
    let pdf = std::fs::read(demo().join("van-ban/nghiloc/2021-0111-0003-bc.pdf")).unwrap();
    let err = audit(Some(&pdf), None, Vec::new(), run_info()).unwrap_err();
    assert_eq!(
        err,
        audit_core::audit::AuditError::Register(RegisterFileError::NoHeader)
    );
    assert!(err.to_string().contains("not a register"));
    let no_file = "Số ký hiệu,Ngày ban hành,Cơ quan ban hành\n1/STC,04/01/2021,Sở Tài chính\n";
    assert_eq!(
        audit(Some(no_file.as_bytes()), None, Vec::new(), run_info()).unwrap_err(),
        audit_core::audit::AuditError::Register(RegisterFileError::NoFileColumn)
    );
    let bad_zip = b"PK\x03\x04 this is not a workbook";
    assert!(matches!(
        audit(Some(bad_zip), None, Vec::new(), run_info()).unwrap_err(),
        audit_core::audit::AuditError::Register(RegisterFileError::Workbook(_))
    ));
    let words = xlsx(
        &[vec!["a".into(), "b".into()], vec!["c".into(), "d".into()]],
        false,
    );
    assert_eq!(
        audit(Some(&words), None, Vec::new(), run_info()).unwrap_err(),
        audit_core::audit::AuditError::Register(RegisterFileError::NoHeader)
    );
}

#[test]
fn without_a_directory_the_registers_spellings_group_into_agencies() {
    let with = audit_with(Some(&register_csv()), Some(&directory()));
    let without = audit_with(Some(&register_csv()), None);
    assert_eq!(
        without.agencies.len(),
        12,
        "aliases (SNV, Sở TT&TT, UBND TP Vinh …) grouped"
    );
    let counts = |r: &AuditReport| {
        let mut v: Vec<(String, u64, u64, u64)> = r
            .agencies
            .iter()
            .map(|a| (a.agency.clone(), a.documents, a.valid, a.compliant))
            .collect();
        v.sort();
        v
    };
    assert_eq!(counts(&without), counts(&with));
    assert!(without.agencies.iter().any(|a| a.agency_id == "so-noi-vu"));
}

#[test]
fn without_a_register_the_agency_comes_from_the_organisation_certificate() {
    let r = audit_with(None, Some(&directory()));
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(demo().join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    let docs = expected["documents"].as_array().unwrap();
    // Every present letter with an agency signature is attributed; the others cannot be.
    let without_org = docs
        .iter()
        .filter(|d| d["present"] == true)
        .filter(|d| {
            !d["signatures"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["role"] == "organization")
        })
        .count();
    assert_eq!(r.unattributed_files.len(), without_org);
    assert_eq!(r.run.documents as usize, 80 - without_org);
    assert!(r.unlisted_files.is_empty() && r.run.register_rows.is_none());
    // The periods come from the agency signatures' times (all in Q1 2021).
    assert!(r.periods.iter().any(|p| p.period == "2021-Q1"));
    assert!(r
        .documents
        .iter()
        .filter(|d| d.agency.is_some())
        .all(|d| d.date_source == Some(audit_core::audit::DateSource::AgencySignature)));
    // A letter whose person belongs to another agency than the signing agency is still caught.
    for d in docs.iter().filter(|d| d["category"] == "agency_mismatch") {
        let a = r
            .documents
            .iter()
            .find(|x| Path::new(&x.report.file) == Path::new(d["file"].as_str().unwrap()))
            .unwrap();
        assert_eq!(
            a.compliance.findings[0].code, "D30_PERSON_FROM_OTHER_AGENCY",
            "{}",
            a.report.file
        );
    }
}

#[test]
fn the_incremental_audit_does_not_depend_on_the_order_documents_arrive() {
    use audit_core::audit::{AgencyDirectory, Auditor, Register};
    let reference = tally(&audit_with(Some(&register_csv()), Some(&directory())));
    let dir = AgencyDirectory::parse(&directory()).unwrap();
    let names: Vec<String> = reports().iter().map(|r| r.file.clone()).collect();
    let mut auditor = Auditor::new(
        Some(Register::parse(&register_csv()).unwrap()),
        Some(&dir),
        &names,
    );
    for r in reports().iter().rev() {
        // The caller keeps (or streams) the entry; the auditor keeps a summary.
        let entry = auditor.add(r.clone());
        assert_eq!(entry.report.file, r.file);
    }
    let report = auditor.finish(run_info());
    assert_eq!(
        report.documents.len(),
        2,
        "only the missing files' entries are held"
    );
    assert_eq!(report.summaries.len(), 82);
    assert_eq!(tally(&report), reference);
}
