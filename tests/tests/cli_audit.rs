//! `kyso audit` end to end: the real binary on the committed demo export with its register,
//! agency directory, TEST trust anchor, intermediate and CRLs. The JSON obeys the contract
//! (`../shared/contracts/audit.schema.json`, or the copy of its required core below when the
//! shared folder is absent) and its tallies equal the kit's; `--out` writes readable reports; an
//! independent tally built from `kyso verify --format json` and the register agrees; exit codes
//! and walk problems behave.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kyso_tests::harness::{kyso_bin, workspace_root};

/// Runs kyso in the workspace; audits record nothing (`--no-db`: the store has its own tests in
/// store_cli.rs, and tests running at once must not share a database).
fn kyso(args: &[&str]) -> Output {
    let no_db: &[&str] = if args.first() == Some(&"audit") {
        &["--no-db"]
    } else {
        &[]
    };
    Command::new(kyso_bin().expect("kyso binary"))
        .current_dir(workspace_root())
        .args(args)
        .args(no_db)
        .output()
        .expect("run kyso")
}

const DEMO_ARGS: &[&str] = &[
    "audit",
    "demo/van-ban",
    "--manifest",
    "demo/so-dang-ky-van-ban-di.csv",
    "--directory",
    "demo/agencies.json",
    "--trust",
    "demo/trust",
    "--certs",
    "demo/certs",
    "--crl",
    "demo/crl",
];

fn demo_audit(extra: &[&str]) -> Output {
    let mut args = DEMO_ARGS.to_vec();
    args.extend_from_slice(extra);
    kyso(&args)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn expected() -> serde_json::Value {
    serde_json::from_slice(
        &std::fs::read(workspace_root().join("demo/expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses")
}

/// The contract. The shared folder is beside the checkout on the project's machines and in CI.
fn schema() -> serde_json::Value {
    let path = workspace_root().join("../shared/contracts/audit.schema.json");
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("audit.schema.json parses"),
        Err(_) => {
            eprintln!(
                "note: {} absent; validating against the copy of its required core in this test",
                path.display()
            );
            serde_json::from_str(SCHEMA_CORE).expect("schema core")
        }
    }
}

/// The required core of `audit.schema.json` (DESIGN.md "Audit JSON").
const SCHEMA_CORE: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object", "required": ["schema", "agencies"],
  "properties": {
    "schema": {"const": 1},
    "run": {"type": "object", "required": ["id", "started", "complete", "documents"]},
    "agencies": {"type": "array", "items": {"$ref": "#/$defs/t"}},
    "documents": {"type": "array", "items": {"type": "object",
      "required": ["file", "verdict", "signatures", "agency", "compliance"]}}
  },
  "$defs": {"t": {"type": "object", "required": ["agency", "agency_id", "documents",
    "files_present", "signed", "valid", "compliant", "signing_rate", "compliance_rate", "rank", "gap"]}}
}"##;

fn validate(instance: &serde_json::Value, what: &str) {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "{what} violates the contract: {errors:#?}"
    );
}

/// Per agency id: (documents, files_present, signed, valid, compliant, rank).
fn tallies(agencies: &serde_json::Value) -> BTreeMap<String, [u64; 6]> {
    agencies
        .as_array()
        .expect("agencies")
        .iter()
        .map(|a| {
            let n = |k: &str| a[k].as_u64().unwrap_or_else(|| panic!("{k} in {a}"));
            (
                a["agency_id"].as_str().expect("agency_id").to_owned(),
                [
                    n("documents"),
                    n("files_present"),
                    n("signed"),
                    n("valid"),
                    n("compliant"),
                    n("rank"),
                ],
            )
        })
        .collect()
}

#[test]
fn audit_json_obeys_the_contract_and_its_tallies_equal_the_kits() {
    let out = demo_audit(&["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "some demo documents are not compliant: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "quiet when piped: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    validate(&v, "kyso audit --format json");
    let e = expected();
    assert_eq!(tallies(&v["agencies"]), tallies(&e["tallies"]["agencies"]));
    assert_eq!(v["headline"]["text_vi"], e["tallies"]["headline"]);
    for (p, w) in v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .zip(e["tallies"]["periods"].as_array().unwrap())
    {
        assert_eq!(p["period"], w["period"]);
        assert_eq!(
            tallies(&p["agencies"]),
            tallies(&w["agencies"]),
            "{}",
            p["period"]
        );
    }
    assert_eq!(v["documents"].as_array().unwrap().len(), 82);
    assert_eq!(v["run"]["files"], 80);
    assert_eq!(v["run"]["missing_files"], 2);
    // Every expected document's compliance, the agency_mismatch letters included.
    let docs = v["documents"].as_array().unwrap();
    for d in e["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let got = docs
            .iter()
            .find(|x| {
                let f = x["file"].as_str().unwrap();
                file.ends_with(f) || f.ends_with(file)
            })
            .unwrap_or_else(|| panic!("{file} not in the audit"));
        assert_eq!(got["compliance"]["status"], d["decree30"], "{file}");
        assert_eq!(got["verdict"], d["verdict"], "{file}");
    }
}

#[test]
fn text_output_is_the_vietnamese_ranking_with_the_headline_first() {
    let out = demo_audit(&[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let e = expected();
    let headline = e["tallies"]["headline"].as_str().unwrap();
    let h = text.find(headline).expect("headline");
    let table = text.find("Hạng  Cơ quan").expect("ranking table header");
    assert!(h < table, "the headline comes before the table");
    for col in ["Văn bản", "Đạt", "Tỷ lệ", "Còn thiếu"] {
        assert!(text[table..].lines().next().unwrap().contains(col), "{col}");
    }
    for a in e["tallies"]["agencies"].as_array().unwrap() {
        assert!(text.contains(a["agency"].as_str().unwrap()), "{a}");
    }
    assert!(text.contains("Lý do chưa đạt"));
    assert!(text.contains("[D30_AGENCY_SIGNATURE_FROM_OTHER_AGENCY]"));
    assert!(text.contains("100,0%"), "Vietnamese decimal comma");
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kyso-cli-audit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn out_writes_json_csv_xlsx_and_a_self_contained_html_report() {
    let dir = temp_dir("out");
    let out = demo_audit(&["--out", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).expect("report.json"))
            .expect("report.json parses");
    validate(&report, "report.json");
    let e = expected();
    assert_eq!(
        tallies(&report["agencies"]),
        tallies(&e["tallies"]["agencies"])
    );
    let names: Vec<String> = e["tallies"]["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["agency"].as_str().unwrap().to_owned())
        .collect();

    // CSV: UTF-8 with BOM, one line per agency / per register row.
    let agencies_csv = std::fs::read(dir.join("agencies.csv")).expect("agencies.csv");
    assert!(agencies_csv.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(agencies_csv[3..].to_vec()).expect("UTF-8");
    assert_eq!(text.lines().count(), 13);
    for n in &names {
        assert!(text.contains(n.as_str()), "{n}");
    }
    let documents_csv = std::fs::read(dir.join("documents.csv")).expect("documents.csv");
    assert!(documents_csv.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let rows = csv::Reader::from_reader(&documents_csv[3..])
        .records()
        .count();
    assert_eq!(rows, 82);

    // XLSX read back with calamine: rankings and documents sheets.
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let bytes = std::fs::read(dir.join("report.xlsx")).expect("report.xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheets = book.sheet_names();
    assert_eq!(sheets[..2], ["Xếp hạng".to_owned(), "Văn bản".to_owned()]);
    let ranking = book.worksheet_range("Xếp hạng").expect("rankings sheet");
    assert_eq!(ranking.height(), 13);
    let mut sheet_names: Vec<String> = ranking.rows().skip(1).map(|r| r[1].to_string()).collect();
    sheet_names.sort();
    let mut want = names.clone();
    want.sort();
    assert_eq!(sheet_names, want);
    for r in ranking.rows().skip(1) {
        match &r[10] {
            Data::Float(rate) => assert!((0.0..=1.0).contains(rate)),
            other => panic!("compliance rate is not a number: {other:?}"),
        }
    }
    assert_eq!(
        book.worksheet_range("Văn bản")
            .expect("documents sheet")
            .height(),
        83
    );

    // HTML: parses, names every agency in the ranking, an inline SVG chart, nothing fetched.
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let cell = scraper::Selector::parse("table tbody tr td a").unwrap();
    let listed: Vec<String> = doc.select(&cell).map(|a| a.text().collect()).collect();
    for n in &names {
        assert!(listed.contains(n), "{n} not in the ranking table");
    }
    let svg = scraper::Selector::parse("svg rect").unwrap();
    assert!(
        doc.select(&svg).count() >= 24,
        "a bar and its track per agency"
    );
    let external = scraper::Selector::parse("script, link, img, iframe, [src]").unwrap();
    assert_eq!(doc.select(&external).count(), 0, "self-contained");
    assert!(html.contains(e["tallies"]["headline"].as_str().unwrap()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// An independent tally: `kyso verify --format json` on every PDF, the register read with the
/// csv crate and the directory's names and aliases, in a few lines. A document is compliant when
/// its lone-document Decree 30 verdict is compliant and its agency signature is the register's
/// agency (organisation CN = the directory's certificate name) and its person's O is that agency.
#[test]
fn an_independent_tally_from_kyso_verify_and_the_register_agrees() {
    let root = workspace_root();
    let pdfs: Vec<String> = walk(&root.join("demo/van-ban"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut args = vec![
        "verify",
        "--format",
        "json",
        "--trust",
        "demo/trust",
        "--certs",
        "demo/certs",
        "--crl",
        "demo/crl",
    ];
    args.extend(pdfs.iter().map(String::as_str));
    let verified = json(&kyso(&args));
    let by_file: BTreeMap<String, &serde_json::Value> = verified["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("demo/")
                    .to_owned(),
                d,
            )
        })
        .collect();
    let directory: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("demo/agencies.json")).unwrap()).unwrap();
    let agency_of = |name: &str| {
        directory.as_array().unwrap().iter().find(|a| {
            a["name"] == name || a["aliases"].as_array().unwrap().iter().any(|x| x == name)
        })
    };
    let register = std::fs::read(root.join("demo/so-dang-ky-van-ban-di.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&register[3..]);
    let mut mine: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let a = agency_of(&row[4]).unwrap_or_else(|| panic!("{} not in the directory", &row[4]));
        let t = mine
            .entry(a["id"].as_str().unwrap().to_owned())
            .or_default();
        t[0] += 1;
        let Some(d) = by_file.get(&row[8]) else {
            continue;
        };
        let sigs = d["signatures"].as_array().unwrap();
        t[1] += 1;
        t[2] += u64::from(!sigs.is_empty());
        t[3] += u64::from(d["verdict"] == "valid");
        let org_ok = sigs.iter().any(|s| {
            s["role"] == "organization" && s["signer"]["common_name"] == a["certificate_subject_cn"]
        });
        let person_ok = sigs
            .iter()
            .any(|s| s["role"] == "person" && s["signer"]["organization"] == a["name"]);
        t[4] += u64::from(d["decree30"]["status"] == "compliant" && org_ok && person_ok);
    }
    let audited = json(&demo_audit(&["--format", "json"]));
    let theirs: BTreeMap<String, [u64; 5]> = tallies(&audited["agencies"])
        .into_iter()
        .map(|(k, v)| (k, [v[0], v[1], v[2], v[3], v[4]]))
        .collect();
    assert_eq!(mine, theirs);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "pdf") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn exit_codes_zero_when_all_compliant_two_for_usage_and_bad_registers() {
    let dir = temp_dir("compliant");
    let e = expected();
    for d in e["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["category"] == "compliant")
        .take(3)
    {
        let f = d["file"].as_str().unwrap();
        let target = dir.join(Path::new(f).file_name().unwrap());
        std::fs::copy(workspace_root().join("demo").join(f), target).unwrap();
    }
    let d = dir.to_str().unwrap();
    let args = [
        "audit",
        d,
        "--directory",
        "demo/agencies.json",
        "--trust",
        "demo/trust",
        "--certs",
        "demo/certs",
        "--crl",
        "demo/crl",
        "--jobs",
        "1",
    ];
    let out = kyso(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let not_register = kyso(&["audit", d, "--manifest", "demo/agencies.json"]);
    assert_eq!(not_register.status.code(), Some(2));
    let err = String::from_utf8_lossy(&not_register.stderr);
    assert!(err.contains("not a register"), "{err}");

    let no_dir = kyso(&["audit", "no/such/folder"]);
    assert_eq!(no_dir.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_dir.stderr).contains("not a folder"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn symlink_loops_and_unreadable_files_are_reported_and_the_rest_audited() {
    let dir = temp_dir("walk");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        workspace_root().join("demo/van-ban/nghiloc/2021-0111-0003-bc.pdf"),
        sub.join("a.pdf"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&dir, sub.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.pdf"), dir.join("broken.pdf")).unwrap();
    // A socket named like a PDF is not a regular file: skipped.
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.pdf")).unwrap();
    let out = kyso(&[
        "audit",
        dir.to_str().unwrap(),
        "--trust",
        "demo/trust",
        "--certs",
        "demo/certs",
        "--format",
        "json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "an I/O problem: {err}");
    assert!(err.contains("loop"), "{err}");
    assert!(err.contains("broken.pdf"), "{err}");
    let v = json(&out);
    assert_eq!(v["run"]["complete"], false);
    let files: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["sub/a.pdf"]);
    let _ = std::fs::remove_dir_all(&dir);
}
