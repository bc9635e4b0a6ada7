//! # audit-core
//!
//! kyso's verification engine, compiled both into the native `kyso` binary and into the browser
//! app (wasm32). It is pure: it takes bytes and explicit inputs and returns values. No file system,
//! network, clock, threads or randomness (the caller passes the validation time).
//!
//! Facts first, judgement last (see `DESIGN.md`):
//!
//! ```text
//! bytes ─ pdf ─ signature (locate, coverage) ─ cms (integrity) ─ pki (trust)
//!       ─ modification ─ policy (verdicts) ─ report (DocumentReport)
//! register + directory + DocumentReport* ─ audit (per-agency tallies, rankings)
//! ```

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod audit;
pub mod cms;
pub mod codes;
pub mod context;
pub mod dss;
pub mod hex;
pub mod lang;
pub mod limits;
pub mod modification;
pub mod pades;
pub mod pdf;
pub mod pki;
pub mod policy;
pub mod report;
pub mod signature;
mod verify;

pub use context::{CryptoPolicy, RevocationPolicy, ValidationTime, VerifyContext};
pub use lang::Lang;
pub use report::{DocumentReport, DocumentVerdict, VerifyOutput, SCHEMA_VERSION};
pub use verify::verify_document;
