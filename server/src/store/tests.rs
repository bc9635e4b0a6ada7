//! The store against the demo export's real audit: schema and migrations, the vocabulary
//! contract, crash-safe recording, resuming, the queries the API makes, and a full disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use audit_core::audit::{AuditReport, RunInfo};
use audit_core::report::*;
use audit_core::{verify_document, RevocationPolicy, ValidationTime};

use super::migrations::LATEST;
use super::query::{DocumentFilter, RunState, StatusFilter};
use super::record::{pack_verification, RunSpec};
use super::{OpenMode, Store, StoreError};
use crate::inputs::TrustInputs;

/// The demo export audited once: the report and each file's packed verification report.
struct Demo {
    report: AuditReport,
    verifications: HashMap<String, Vec<u8>>,
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo")
}

/// 2021-04-01T00:00:00+07:00, as `make run` verifies the demo.
const DEMO_AT: i64 = 1_617_210_000;

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let root = demo_dir();
        let inputs = TrustInputs {
            trust: vec![root.join("trust")],
            certs: vec![root.join("certs")],
            crls: vec![root.join("crl")],
            ..TrustInputs::default()
        };
        let ctx = crate::inputs::context(
            ValidationTime(DEMO_AT),
            &inputs,
            RevocationPolicy::BestEffort,
        )
        .unwrap();
        let files = root.join("van-ban");
        let mut reports = Vec::new();
        for entry in walkdir::WalkDir::new(&files).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().and_then(|e| e.to_str()) != Some("pdf") {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&files)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(entry.path()).unwrap();
            reports.push(verify_document(&name, &bytes, &ctx));
        }
        assert!(reports.len() >= 50, "the demo export is there");
        let verifications = reports
            .iter()
            .map(|r| (r.file.clone(), pack_verification(r)))
            .collect();
        let register = std::fs::read(root.join("so-dang-ky-van-ban-di.csv")).unwrap();
        let directory = std::fs::read(root.join("agencies.json")).unwrap();
        let report = audit_core::audit::audit(
            Some(&register),
            Some(&directory),
            reports,
            RunInfo {
                id: "test".into(),
                started: "2021-04-02T00:00:00Z".into(),
                validation_time: audit_core::time::rfc3339(DEMO_AT),
                ..RunInfo::default()
            },
        )
        .unwrap();
        Demo {
            report,
            verifications,
        }
    })
}

/// A fresh temporary database path (its folder is removed with the guard).
struct TempDb {
    dir: PathBuf,
}

impl TempDb {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("kyso-store-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.join("kyso.db")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn spec(key: &str) -> RunSpec {
    RunSpec {
        started: "2021-04-02T00:00:00Z".into(),
        root: Some("demo/van-ban".into()),
        manifest: Some("demo/so-dang-ky-van-ban-di.csv".into()),
        directory: Some("demo/agencies.json".into()),
        validation_time: audit_core::time::rfc3339(DEMO_AT),
        fingerprint: "f".repeat(64),
        audit_key: key.into(),
    }
}

/// Records the whole demo run; returns its id.
fn record_demo(store: &mut Store, key: &str) -> i64 {
    let demo = demo();
    let run = store.begin_run(&spec(key)).unwrap();
    let mut recorder = store.recorder(run);
    for d in &demo.report.documents {
        recorder
            .record(
                d,
                demo.verifications
                    .get(&d.report.file)
                    .map(Vec::as_slice)
                    .filter(|_| d.present),
            )
            .unwrap();
    }
    recorder
        .finish(&demo.report, "2021-04-02T00:01:00Z", true, 0)
        .unwrap();
    run
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_new_database_has_the_latest_schema_wal_and_foreign_keys() {
    let tmp = TempDb::new("new");
    let store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST);
    let journal: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = store
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert_eq!(store.check_integrity().unwrap(), Ok(()));
    for index in [
        "documents_by_agency",
        "documents_by_compliance",
        "tallies_by_agency",
    ] {
        let n = count(
            &store,
            &format!(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}'"
            ),
        );
        assert_eq!(n, 1, "index {index}");
    }
}

#[test]
fn a_missing_database_is_not_created_by_readers() {
    let tmp = TempDb::new("missing");
    let err = Store::open(&tmp.path(), OpenMode::Existing).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    assert!(!tmp.path().exists());
}

#[test]
fn a_version_1_database_is_upgraded_and_keeps_its_runs() {
    let tmp = TempDb::new("v1");
    let run = {
        let mut v1 = Store::open_at_version(&tmp.path(), OpenMode::Create, 1).unwrap();
        assert_eq!(v1.schema_version().unwrap(), 1);
        let n = count(
            &v1,
            "SELECT count(*) FROM sqlite_master WHERE name = 'documents_by_agency'",
        );
        assert_eq!(n, 0, "version 1 has no service indexes");
        record_demo(&mut v1, "k")
    };
    let store = Store::open(&tmp.path(), OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST);
    let n = count(
        &store,
        "SELECT count(*) FROM sqlite_master WHERE name = 'documents_by_agency'",
    );
    assert_eq!(n, 1);
    assert_eq!(store.check_integrity().unwrap(), Ok(()));
    let rankings = store.rankings(run, "all").unwrap().unwrap().unwrap();
    assert_eq!(rankings.agencies, demo().report.agencies);
}

#[test]
fn a_database_of_a_newer_kyso_is_refused_clearly() {
    let tmp = TempDb::new("newer");
    drop(Store::open(&tmp.path(), OpenMode::Create).unwrap());
    {
        let conn = rusqlite::Connection::open(tmp.path()).unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
    }
    for mode in [OpenMode::Create, OpenMode::Existing, OpenMode::ReadOnly] {
        let err = Store::open(&tmp.path(), mode).unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { found, known, .. } if found == LATEST + 1 && known == LATEST),
            "{err}"
        );
        assert!(err.to_string().contains("newer kyso"), "{err}");
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused_clearly() {
    let tmp = TempDb::new("garbage");
    std::fs::write(tmp.path(), vec![0x5a; 8192]).unwrap();
    let err = Store::open(&tmp.path(), OpenMode::Create).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
}

/// Every spelling of every stored enum, from audit-core's serde names.
fn vocabulary() -> Vec<(&'static str, Vec<String>)> {
    use super::word;
    fn words<T: serde::Serialize>(all: &[T]) -> Vec<String> {
        all.iter().map(word).collect()
    }
    vec![
        (
            "vocab_verdict",
            words(&[
                DocumentVerdict::Valid,
                DocumentVerdict::Invalid,
                DocumentVerdict::Indeterminate,
                DocumentVerdict::Unsigned,
                DocumentVerdict::Unreadable,
            ]),
        ),
        (
            "vocab_compliance",
            words(&[Decree30Status::Compliant, Decree30Status::NonCompliant]),
        ),
        (
            "vocab_document_kind",
            words(&[
                audit_core::audit::DocumentKind::Main,
                audit_core::audit::DocumentKind::Attachment,
                audit_core::audit::DocumentKind::Copy,
            ]),
        ),
        (
            "vocab_signature_status",
            words(&[
                SignatureStatus::Valid,
                SignatureStatus::Invalid,
                SignatureStatus::Indeterminate,
            ]),
        ),
        (
            "vocab_integrity",
            words(&[Integrity::Intact, Integrity::Broken, Integrity::Malformed]),
        ),
        (
            "vocab_coverage",
            words(&[
                Coverage::EntireFile,
                Coverage::EntireRevision,
                Coverage::Partial,
            ]),
        ),
        ("vocab_trust", words(&[Trust::Trusted, Trust::Untrusted])),
        (
            "vocab_validity",
            words(&[
                ValidityAtSigning::Valid,
                ValidityAtSigning::Expired,
                ValidityAtSigning::NotYetValid,
            ]),
        ),
        (
            "vocab_revocation",
            words(&[Revocation::Good, Revocation::Revoked, Revocation::Unknown]),
        ),
        (
            "vocab_modification",
            words(&[
                Modification::None,
                Modification::Allowed,
                Modification::Disallowed,
            ]),
        ),
        (
            "vocab_role",
            words(&[Role::Person, Role::Organization, Role::Unknown]),
        ),
    ]
}

#[test]
fn the_vocabulary_tables_hold_audit_core_words_and_refuse_others() {
    let tmp = TempDb::new("vocab");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    for (table, words) in vocabulary() {
        let stored: Vec<String> = store
            .conn
            .prepare(&format!("SELECT word FROM {table} ORDER BY word"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut expected = words.clone();
        expected.sort();
        assert_eq!(stored, expected, "{table}");
    }
    let run = record_demo(&mut store, "k");
    let err = store
        .conn
        .execute(
            "UPDATE documents SET verdict = 'trusted_maybe' WHERE run_id = ?1",
            [run],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn renaming_a_word_is_one_update_that_the_rows_follow() {
    let tmp = TempDb::new("rename");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    record_demo(&mut store, "k");
    let before = count(
        &store,
        "SELECT count(*) FROM documents WHERE compliance = 'non_compliant'",
    );
    assert!(before > 0);
    // What a future migration step would do.
    store
        .conn
        .execute_batch(
            "UPDATE vocab_compliance SET word = 'not_compliant' WHERE word = 'non_compliant';
             UPDATE finding_codes SET code = 'D30_UNSIGNED' WHERE code = 'D30_NOT_SIGNED';",
        )
        .unwrap();
    let after = count(
        &store,
        "SELECT count(*) FROM documents WHERE compliance = 'not_compliant'",
    );
    assert_eq!(after, before);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM findings WHERE code = 'D30_NOT_SIGNED'"
        ),
        0
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM findings WHERE code = 'D30_UNSIGNED'"
        ) > 0
    );
    assert_eq!(store.check_integrity().unwrap(), Ok(()));
}

#[test]
fn every_document_signature_finding_and_tally_is_recorded() {
    let tmp = TempDb::new("record");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    let run = record_demo(&mut store, "k");
    let demo = &demo().report;
    assert_eq!(
        count(&store, "SELECT count(*) FROM documents") as usize,
        demo.documents.len()
    );
    let signatures: usize = demo
        .documents
        .iter()
        .map(|d| d.report.signatures.len())
        .sum();
    assert_eq!(
        count(&store, "SELECT count(*) FROM signatures") as usize,
        signatures
    );
    let findings: usize = demo
        .documents
        .iter()
        .map(|d| {
            d.report.findings.len()
                + d.report.decree30.findings.len()
                + d.compliance.findings.len()
                + d.report
                    .signatures
                    .iter()
                    .map(|s| s.findings.len())
                    .sum::<usize>()
        })
        .sum();
    assert_eq!(
        count(&store, "SELECT count(*) FROM findings") as usize,
        findings
    );
    // The stored tallies are audit-core's, in every period.
    for p in &demo.periods {
        let r = store.rankings(run, &p.period).unwrap().unwrap().unwrap();
        assert_eq!(r.agencies, p.agencies, "{}", p.period);
        assert_eq!(r.headline, p.headline, "{}", p.period);
        assert_eq!(r.label, p.label);
    }
    let all = store.rankings(run, "all").unwrap().unwrap().unwrap();
    assert_eq!(all.headline, demo.headline);
    assert_eq!(all.run.id, run.to_string());
    assert!(all.run.complete);
    // Periods newest first; the run listed with its counts.
    let periods = store.periods(run).unwrap();
    assert_eq!(periods.len(), demo.periods.len());
    assert_eq!(
        periods.last().map(|p| p.period.as_str()),
        demo.periods.first().map(|p| p.period.as_str())
    );
    let runs = store.runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].documents, Some(demo.run.documents));
    assert_eq!(runs[0].agencies as usize, demo.agencies.len());
    assert_eq!(store.latest_complete_run().unwrap(), Some(run));
    // A stored document is the Audit JSON's entry, byte for byte.
    let first = &demo.documents[0];
    let stored: String = store
        .conn
        .query_row(
            "SELECT document FROM documents WHERE file = ?1",
            [&first.report.file],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, serde_json::to_string(first).unwrap());
}

#[test]
fn a_run_is_complete_only_when_finished_and_resumes_from_its_records() {
    let tmp = TempDb::new("resume");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    let demo = demo();
    let run = store.begin_run(&spec("same-audit")).unwrap();
    let half: Vec<_> = demo
        .report
        .documents
        .iter()
        .filter(|d| d.present)
        .take(30)
        .collect();
    {
        let mut recorder = store.recorder(run);
        for d in &half {
            recorder
                .record(d, Some(&demo.verifications[&d.report.file]))
                .unwrap();
        }
        recorder.commit().unwrap();
        // Dropped without finishing: the process died here.
    }
    drop(store);
    let store = Store::open(&tmp.path(), OpenMode::Existing).unwrap();
    assert_eq!(store.latest_complete_run().unwrap(), None);
    assert_eq!(
        store.rankings(run, "all").unwrap().unwrap_err(),
        RunState::Unfinished
    );
    let runs = store.runs().unwrap();
    assert!(!runs[0].complete && runs[0].finished.is_none());
    assert_eq!(runs[0].recorded, 30);
    assert!(store.unfinished_run("another-audit").unwrap().is_none());
    let unfinished = store.unfinished_run("same-audit").unwrap().unwrap();
    assert_eq!(unfinished.id, run);
    assert_eq!(unfinished.recorded.len(), 30);
    let mut store = store;
    let recorder = store.recorder(run);
    for d in &half {
        assert_eq!(unfinished.recorded[&d.report.file], d.report.sha256);
        // The recorded verification is the engine's report before the audit.
        let (report, packed) = recorder.recorded(&d.report.file).unwrap();
        assert_eq!(packed, demo.verifications[&d.report.file]);
        assert_eq!(report.sha256, d.report.sha256);
        assert_eq!(report.verdict, d.report.verdict);
    }
}

#[test]
fn documents_are_paged_and_filtered_by_agency_and_status() {
    let tmp = TempDb::new("pages");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    let run = record_demo(&mut store, "k");
    let demo = &demo().report;
    let all = store
        .documents(run, &DocumentFilter::default(), 1, 500)
        .unwrap();
    assert_eq!(all.total as usize, demo.documents.len());
    assert_eq!(all.documents.len(), demo.documents.len());
    let mut seen = Vec::new();
    for page in 1..=4 {
        let p = store
            .documents(run, &DocumentFilter::default(), page, 25)
            .unwrap();
        for d in p.documents {
            let v: serde_json::Value = serde_json::from_str(d.get()).unwrap();
            seen.push(v["file"].as_str().unwrap().to_owned());
        }
    }
    let mut files: Vec<String> = demo
        .documents
        .iter()
        .map(|d| d.report.file.clone())
        .collect();
    files.sort();
    assert_eq!(seen, files, "pages cover every document once, by file name");
    let agency = &demo.agencies[0].agency_id;
    let non_compliant = StatusFilter::parse("non_compliant").unwrap();
    let filtered = store
        .documents(
            run,
            &DocumentFilter {
                agency_id: Some(agency.clone()),
                status: Some(non_compliant),
            },
            1,
            500,
        )
        .unwrap();
    let expected = demo
        .documents
        .iter()
        .filter(|d| {
            d.agency_id.as_deref() == Some(agency.as_str())
                && d.compliance.status == Decree30Status::NonCompliant
        })
        .count();
    assert_eq!(filtered.total as usize, expected);
    let unsigned = store
        .documents(
            run,
            &DocumentFilter {
                agency_id: None,
                status: StatusFilter::parse("unsigned"),
            },
            1,
            500,
        )
        .unwrap();
    let expected = demo
        .documents
        .iter()
        .filter(|d| d.report.verdict == DocumentVerdict::Unsigned)
        .count();
    assert_eq!(unsigned.total as usize, expected);
    assert!(expected > 0);
    let beyond = store
        .documents(run, &DocumentFilter::default(), 1000, 500)
        .unwrap();
    assert!(beyond.documents.is_empty());
    assert_eq!(beyond.total as usize, demo.documents.len());
}

#[test]
fn a_full_disk_is_a_clear_error_and_leaves_the_run_unfinished() {
    let tmp = TempDb::new("full");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    let run = store.begin_run(&spec("k")).unwrap();
    // A database that may not grow: what a full disk looks like to SQLite.
    let pages: i64 = store
        .conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages + 2)
        .unwrap();
    let demo = demo();
    let mut failure = None;
    {
        let mut recorder = store.recorder(run);
        for d in &demo.report.documents {
            let packed = demo.verifications.get(&d.report.file).map(Vec::as_slice);
            if let Err(e) = recorder.record(d, packed).and_then(|()| recorder.commit()) {
                failure = Some(e);
                break;
            }
        }
    }
    let err = failure.expect("the database filled up");
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(err.to_string().contains("disk is full"), "{err}");
    drop(store);
    let store = Store::open(&tmp.path(), OpenMode::Existing).unwrap();
    assert_eq!(store.check_integrity().unwrap(), Ok(()));
    assert_eq!(store.latest_complete_run().unwrap(), None);
    assert!(store.runs().unwrap()[0].finished.is_none());
}

#[test]
fn read_only_connections_never_write() {
    let tmp = TempDb::new("ro");
    let mut store = Store::open(&tmp.path(), OpenMode::Create).unwrap();
    record_demo(&mut store, "k");
    drop(store);
    let ro = Store::open(&tmp.path(), OpenMode::ReadOnly).unwrap();
    assert!(ro.latest_complete_run().unwrap().is_some());
    let err = ro.conn.execute("DELETE FROM runs", []).unwrap_err();
    assert!(
        err.to_string().contains("readonly") || err.to_string().contains("read-only"),
        "{err}"
    );
}
