//! The audit history end to end: `kyso audit --db` records, `kyso rankings` reads; a killed
//! audit leaves a sound database and resumes to the same result; a read-only database or one
//! from a newer kyso stops the command with a clear error.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kyso_tests::harness::{kyso_bin, workspace_root};
use kyso_tests::history::{audit_args, kyso, record_demo, TempDir};
use kyso_tests::kit::demo::{export, SizeProfile};
use rusqlite::{Connection, OpenFlags};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open the database")
}

#[test]
fn kyso_audit_records_the_run_and_kyso_rankings_prints_it() -> anyhow::Result<()> {
    let tmp = TempDir::new("rankings")?;
    let db = tmp.join("kyso.db");
    let audit = record_demo(&db)?;
    let audit_text = text(&audit.stdout);
    let headline = audit_text
        .lines()
        .find(|l| l.contains("cơ quan đạt 100%"))
        .expect("kyso audit prints the headline")
        .to_owned();

    // Text: the same headline and table as kyso audit, from the stored tallies.
    let out = kyso(&args(&[
        "rankings",
        "--db",
        db.to_str().unwrap_or_default(),
    ]))?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rankings = text(&out.stdout);
    assert!(rankings.contains(&headline), "{rankings}");
    let table = |t: &str| -> Vec<String> {
        t.lines()
            .skip_while(|l| !l.starts_with("Hạng"))
            .take_while(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(table(&rankings), table(&audit_text));
    assert!(table(&rankings).len() > 10);

    // JSON: the schema's required core.
    let out = kyso(&args(&[
        "rankings",
        "--db",
        db.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--period",
        "2021-Q1",
    ]))?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(json["schema"], 1);
    assert_eq!(json["period"], "2021-Q1");
    assert_eq!(json["label"], "Quý I/2021");
    assert_eq!(json["run"]["complete"], true);
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(
        workspace_root().join("../shared/contracts/audit.schema.json"),
    )
    .unwrap_or_else(|_| br#"{"$defs":{"agency_tally":{"required":["agency","agency_id","documents","files_present","signed","valid","compliant","signing_rate","compliance_rate","rank","gap"]}}}"#.to_vec()))?;
    let required = schema["$defs"]["agency_tally"]["required"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!required.is_empty());
    for agency in json["agencies"].as_array().expect("agencies") {
        for field in &required {
            let f = field.as_str().unwrap_or_default();
            assert!(agency.get(f).is_some(), "agency lacks {f}: {agency}");
        }
    }

    // CSV: agencies.csv's columns, one line per agency.
    let out = kyso(&args(&[
        "rankings",
        "--db",
        db.to_str().unwrap_or_default(),
        "--format",
        "csv",
    ]))?;
    let csv = text(&out.stdout);
    assert!(csv.starts_with("\u{feff}Hạng,Cơ quan,"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        1 + json["agencies"].as_array().map_or(0, Vec::len)
    );

    // Errors: a bad period, a run that does not exist, no database.
    for bad in [
        vec!["--period", "2021-Q7"],
        vec!["--run", "99"],
        vec!["--period", "2019"],
    ] {
        let mut a = vec!["rankings", "--db", db.to_str().unwrap_or_default()];
        a.extend(bad.iter().copied());
        let out = kyso(&args(&a))?;
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", text(&out.stdout));
        assert!(!out.stderr.is_empty());
    }
    let missing = tmp.join("none.db");
    let out = kyso(&args(&[
        "rankings",
        "--db",
        missing.to_str().unwrap_or_default(),
    ]))?;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no such database"));
    assert!(!missing.exists(), "kyso rankings never creates a database");
    Ok(())
}

/// Rows that must match between two runs of the same audit.
fn tallies(db: &Path) -> anyhow::Result<Vec<String>> {
    let conn = read_only(db);
    let mut stmt = conn.prepare(
        "SELECT period, position, agency_id, agency, documents, files_present, signed, valid,
                compliant, signing_rate, compliance_rate, rank, gap
         FROM tallies WHERE run_id = (SELECT max(id) FROM runs) ORDER BY period, position",
    )?;
    let rows = stmt.query_map([], |r| {
        let mut cols = Vec::new();
        for i in 0..13 {
            cols.push(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
        }
        Ok(cols.join("|"))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn documents(db: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let conn = read_only(db);
    let mut stmt = conn.prepare(
        "SELECT file, document FROM documents WHERE run_id = (SELECT max(id) FROM runs)
         ORDER BY file",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn recorded(db: &Path) -> i64 {
    // The database may not exist yet, or be mid-creation: count 0 then.
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn a_killed_audit_leaves_a_sound_database_and_resumes_to_the_same_tallies() -> anyhow::Result<()> {
    let tmp = TempDir::new("crash")?;
    let corpus = tmp.join("export");
    let started = Instant::now();
    let n = export(&corpus, 240, 2021, SizeProfile::Demo, false)?;
    eprintln!(
        "corpus: {n} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The reference: the same audit, uninterrupted.
    let reference = tmp.join("reference.db");
    let t = Instant::now();
    let out = kyso(&audit_args(&corpus, &reference))?;
    let reference_code = out.status.code();
    assert!(
        matches!(reference_code, Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    let uninterrupted = t.elapsed();
    eprintln!("uninterrupted audit: {:.1} s", uninterrupted.as_secs_f64());

    // The same audit, killed (SIGKILL) once it has committed some documents (one worker, so
    // that a fast machine does not finish first; the result does not depend on it).
    let db = tmp.join("killed.db");
    let mut child = Command::new(kyso_bin()?)
        .args(audit_args(&corpus, &db))
        .args(["--jobs", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait()? {
            panic!("the audit ended ({status}) before it could be killed: make the corpus larger");
        }
        if recorded(&db) >= 20 {
            break;
        }
        assert!(Instant::now() < deadline, "no document recorded in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill()?; // SIGKILL
    child.wait()?;

    // A sound database, the run incomplete.
    {
        let conn = Connection::open(&db)?;
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        assert_eq!(check, "ok");
        let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
        assert_eq!(fk, 0);
        let (finished, complete): (Option<String>, bool) =
            conn.query_row("SELECT finished, complete FROM runs", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        assert!(
            finished.is_none() && !complete,
            "the killed run reads as incomplete"
        );
        let tallies: i64 = conn.query_row("SELECT count(*) FROM tallies", [], |r| r.get(0))?;
        assert_eq!(tallies, 0);
    }
    let before = recorded(&db);
    assert!(
        before > 0 && (before as usize) < n,
        "{before} of {n} recorded"
    );
    eprintln!("killed with {before} of {n} documents recorded");
    let out = kyso(&args(&[
        "rankings",
        "--db",
        db.to_str().unwrap_or_default(),
    ]))?;
    assert_eq!(out.status.code(), Some(2), "no complete run to rank yet");

    // Run again: it resumes the same run and ends as the uninterrupted one.
    let out = kyso(&audit_args(&corpus, &db))?;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), reference_code, "{stderr}");
    assert!(
        stderr.contains(&format!("resuming run 1 of {}", db.display())),
        "{stderr}"
    );
    let conn = read_only(&db);
    let runs: i64 = conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0))?;
    assert_eq!(runs, 1, "the interrupted run was resumed, not duplicated");
    let complete: bool = conn.query_row("SELECT complete FROM runs", [], |r| r.get(0))?;
    assert!(complete);
    let t = tallies(&db)?;
    assert!(t.len() > 12);
    assert_eq!(t, tallies(&reference)?);
    assert_eq!(documents(&db)?, documents(&reference)?);
    eprintln!("total: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Makes a file unwritable, even for root (the immutable attribute); undone when dropped.
struct Unwritable<'a>(&'a Path, bool);

impl<'a> Unwritable<'a> {
    fn new(path: &'a Path) -> anyhow::Result<Self> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| text(&o.stdout).trim() == "0")
            .unwrap_or(false);
        if root {
            let status = Command::new("chattr").arg("+i").arg(path).status()?;
            anyhow::ensure!(status.success(), "chattr +i {}", path.display());
        } else {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444))?;
        }
        Ok(Self(path, root))
    }
}

impl Drop for Unwritable<'_> {
    fn drop(&mut self) {
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(self.0).status();
        } else {
            let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o644));
        }
    }
}

#[test]
fn a_read_only_database_stops_the_audit_with_a_clear_error() -> anyhow::Result<()> {
    let tmp = TempDir::new("readonly")?;
    let db = tmp.join("kyso.db");
    record_demo(&db)?;
    let runs_before: i64 =
        read_only(&db).query_row("SELECT count(*) FROM runs", [], |r| r.get(0))?;
    {
        let _guard = Unwritable::new(&db)?;
        let out = kyso(&audit_args(&workspace_root().join("demo"), &db))?;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("read-only"), "{stderr}");
        assert!(
            out.stdout.is_empty(),
            "nothing audited: {}",
            text(&out.stdout)
        );
    }
    let conn = read_only(&db);
    let runs: i64 = conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0))?;
    assert_eq!(runs, runs_before);
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(check, "ok");
    Ok(())
}

#[test]
fn a_database_of_a_newer_kyso_is_refused() -> anyhow::Result<()> {
    let tmp = TempDir::new("newer")?;
    let db = tmp.join("kyso.db");
    record_demo(&db)?;
    Connection::open(&db)?.pragma_update(None, "user_version", 999)?;
    for command in [
        args(&["rankings", "--db", db.to_str().unwrap_or_default()]),
        audit_args(&workspace_root().join("demo"), &db),
    ] {
        let out = kyso(&command)?;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("newer kyso"), "{stderr}");
        assert!(stderr.contains("999"), "{stderr}");
    }
    Ok(())
}
