//! The store's schema, as an ordered list of SQL steps (`PRAGMA user_version` counts the steps
//! applied; rusqlite_migration applies the missing ones in one transaction). A step, once
//! released, is never edited: every change is a new step, so that opening an older database
//! upgrades it and a database written by a newer kyso is recognised and refused.
//!
//! The stored vocabulary is a contract (DESIGN.md "Verdict vocabulary"): columns hold the
//! audit-core spellings (`valid`, `non_compliant`, `entire_file`, finding codes such as
//! `D30_NOT_SIGNED`), each column referencing a small vocabulary table with `ON UPDATE CASCADE`.
//! Renaming a word is therefore one migration step: `UPDATE vocab_verdict SET word = 'new' WHERE
//! word = 'old'` (the rows follow), plus a `replace()`/`json_set()` over the JSON columns
//! (`documents.document`, `runs.run`, `runs.summary`), which carry the same words and the Audit
//! JSON's field names. Adding a word to audit-core needs a step that inserts it here; the store
//! tests record every word of every enum, so a forgotten step fails a test, not an audit.

use rusqlite_migration::{Migrations, M};

/// Version 1: the record of audit runs (`kyso audit --db`): runs, documents with their register
/// row, verdicts and compliance, signatures, findings, and the ranked tallies per agency and
/// period.
const V1_RECORD: &str = r#"
CREATE TABLE vocab_verdict (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_verdict VALUES ('valid'), ('invalid'), ('indeterminate'), ('unsigned'), ('unreadable');
CREATE TABLE vocab_compliance (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_compliance VALUES ('compliant'), ('non_compliant');
CREATE TABLE vocab_document_kind (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_document_kind VALUES ('main'), ('attachment'), ('copy');
CREATE TABLE vocab_signature_status (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_signature_status VALUES ('valid'), ('invalid'), ('indeterminate');
CREATE TABLE vocab_integrity (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_integrity VALUES ('intact'), ('broken'), ('malformed');
CREATE TABLE vocab_coverage (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_coverage VALUES ('entire_file'), ('entire_revision'), ('partial');
CREATE TABLE vocab_trust (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_trust VALUES ('trusted'), ('untrusted');
CREATE TABLE vocab_validity (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_validity VALUES ('valid'), ('expired'), ('not_yet_valid');
CREATE TABLE vocab_revocation (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_revocation VALUES ('good'), ('revoked'), ('unknown');
CREATE TABLE vocab_modification (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_modification VALUES ('none'), ('allowed'), ('disallowed');
CREATE TABLE vocab_role (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_role VALUES ('person'), ('organization'), ('unknown');
CREATE TABLE vocab_finding_scope (word TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab_finding_scope VALUES ('document'), ('decree30'), ('compliance'), ('signature');
-- Finding codes are an open catalogue: a code is added the first time a run records it.
CREATE TABLE finding_codes (code TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    -- NULL until the run is finished: an interrupted run reads as incomplete.
    finished TEXT,
    -- Finished, and every file was read and recorded (the Audit JSON's run.complete).
    complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    root TEXT,
    manifest TEXT,
    directory TEXT,
    validation_time TEXT NOT NULL,
    -- Fingerprint of the trust inputs and validation settings (see store::fingerprint): a
    -- recorded verification is reused only under the same fingerprint.
    fingerprint TEXT NOT NULL,
    -- The fingerprint plus the audited folder, register and directory: what "the same audit" is.
    audit_key TEXT NOT NULL,
    kyso_version TEXT NOT NULL,
    -- Version of the Audit JSON in the JSON columns.
    schema INTEGER NOT NULL,
    documents INTEGER,
    files INTEGER,
    problems INTEGER,
    -- The Audit JSON's "run" object and the rest of the report (headline, reasons, unlisted and
    -- unattributed files, register errors), written when the run finishes.
    run TEXT,
    summary TEXT
);
CREATE INDEX runs_unfinished ON runs (audit_key) WHERE finished IS NULL;

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    -- Path relative to the audited folder (for a missing file, the register's file name).
    file TEXT NOT NULL,
    -- SHA-256 of the file, lower-case hex; '' when the file is missing or unreadable from disk.
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    present INTEGER NOT NULL CHECK (present IN (0, 1)),
    listed INTEGER NOT NULL CHECK (listed IN (0, 1)),
    verdict TEXT NOT NULL REFERENCES vocab_verdict (word) ON UPDATE CASCADE,
    compliance TEXT NOT NULL REFERENCES vocab_compliance (word) ON UPDATE CASCADE,
    kind TEXT NOT NULL REFERENCES vocab_document_kind (word) ON UPDATE CASCADE,
    agency TEXT,
    agency_id TEXT,
    -- Month of the document (2021-01) and its date (ISO 8601).
    period TEXT,
    date TEXT,
    -- The register row (row number, number, date ... as the Audit JSON writes it), or NULL.
    register_row INTEGER,
    register TEXT,
    -- The document's entry of the Audit JSON, served as is by the API.
    document TEXT NOT NULL,
    -- The verification report as the engine made it, before the audit (deflated JSON): an
    -- interrupted audit resumes from it. NULL for a register row whose file is missing.
    verification BLOB,
    UNIQUE (run_id, file)
);

CREATE TABLE signatures (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    field TEXT NOT NULL,
    revision INTEGER,
    sub_filter TEXT,
    signer_common_name TEXT,
    signer_organization TEXT,
    signer_subject TEXT,
    signer_issuer TEXT,
    signer_serial TEXT,
    role TEXT NOT NULL REFERENCES vocab_role (word) ON UPDATE CASCADE,
    signing_time TEXT,
    integrity TEXT NOT NULL REFERENCES vocab_integrity (word) ON UPDATE CASCADE,
    coverage TEXT NOT NULL REFERENCES vocab_coverage (word) ON UPDATE CASCADE,
    trust TEXT NOT NULL REFERENCES vocab_trust (word) ON UPDATE CASCADE,
    validity_at_signing TEXT REFERENCES vocab_validity (word) ON UPDATE CASCADE,
    revocation TEXT NOT NULL REFERENCES vocab_revocation (word) ON UPDATE CASCADE,
    modification TEXT REFERENCES vocab_modification (word) ON UPDATE CASCADE,
    status TEXT NOT NULL REFERENCES vocab_signature_status (word) ON UPDATE CASCADE,
    indication TEXT NOT NULL,
    sub_indication TEXT,
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;

CREATE TABLE findings (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    scope TEXT NOT NULL REFERENCES vocab_finding_scope (word) ON UPDATE CASCADE,
    -- The signature's position for scope 'signature', else NULL.
    signature INTEGER,
    position INTEGER NOT NULL,
    code TEXT NOT NULL REFERENCES finding_codes (code) ON UPDATE CASCADE,
    message_vi TEXT NOT NULL,
    message_en TEXT NOT NULL
);
CREATE INDEX findings_of_document ON findings (document_id);

CREATE TABLE tallies (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    -- 'all' for the whole run, else 2021, 2021-Q1 or 2021-01.
    period TEXT NOT NULL,
    -- The ranking's order (rank, then the agency's folded name), from 1.
    position INTEGER NOT NULL,
    agency_id TEXT NOT NULL,
    agency TEXT NOT NULL,
    agency_code TEXT,
    documents INTEGER NOT NULL,
    files_present INTEGER NOT NULL,
    signed INTEGER NOT NULL,
    valid INTEGER NOT NULL,
    compliant INTEGER NOT NULL,
    signing_rate REAL NOT NULL,
    compliance_rate REAL NOT NULL,
    rank INTEGER NOT NULL,
    gap REAL NOT NULL,
    PRIMARY KEY (run_id, period, agency_id)
) WITHOUT ROWID;

CREATE TABLE periods (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    label TEXT NOT NULL,
    -- Chronological position (year, then each quarter followed by its months).
    position INTEGER NOT NULL,
    PRIMARY KEY (run_id, period)
) WITHOUT ROWID;
"#;

/// Version 2: what `kyso serve` asks of the store: documents by agency and by status (the
/// paginated documents route), an agency's tallies across periods and runs (the trend), the
/// latest complete run.
const V2_SERVICE_INDEXES: &str = r#"
CREATE INDEX documents_by_agency ON documents (run_id, agency_id, file);
CREATE INDEX documents_by_compliance ON documents (run_id, compliance, file);
CREATE INDEX documents_by_verdict ON documents (run_id, verdict, file);
CREATE INDEX tallies_by_agency ON tallies (agency_id, run_id);
CREATE INDEX runs_complete ON runs (complete, id);
"#;

/// Every step, oldest first. Never edit a released step; append.
const STEPS: &[&str] = &[V1_RECORD, V2_SERVICE_INDEXES];

/// The schema version this kyso writes (`PRAGMA user_version` after every step).
pub const LATEST: usize = STEPS.len();

/// The migrations up to `version` (`LATEST` in production; tests also build databases as an
/// older kyso wrote them).
pub fn up_to(version: usize) -> Migrations<'static> {
    Migrations::new(STEPS.iter().take(version).map(|sql| M::up(sql)).collect())
}
