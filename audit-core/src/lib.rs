//! # audit-core
//!
//! kyso's verification engine, compiled both into the native `kyso` binary and into the browser
//! app (wasm32). It is pure: it takes bytes and explicit inputs and returns values. No file system,
//! network, clock, threads or randomness (the caller passes the validation time).
//!
//! Facts first, judgement last (see `DESIGN.md`); every module depends only on the ones before it
//! in this order:
//!
//! ```text
//! lang, time, limits, hex ─ report (vocabulary) ─ codes (catalogue)
//! bytes ─ pdf ─ signature (locate, coverage) ─ cms (integrity) ─ pki (trust) ─ dss
//!       ─ modification ─ facts ─ pades ─ policy (verdicts) ─ verify ─ DocumentReport
//! register + directory + DocumentReport* ─ audit (per-agency tallies, rankings)
//! ```
//!
//! ## Public surface
//!
//! - Verifying a document: [`verify_document`] with a [`VerifyContext`] ([`ValidationTime`],
//!   [`RevocationPolicy`], [`CryptoPolicy`], trust from [`pki`]) gives a [`DocumentReport`].
//! - The report schema and its vocabulary ([`report`]: every enum has `as_str()` and
//!   `label(`[`Lang`]`)`), the finding-code catalogue ([`codes`]).
//! - Auditing an export ([`audit`]): register, agency directory, tallies.
//! - The stages, for tools and tests that look at one step: [`pdf`], [`signature`], [`cms`],
//!   [`pki`], [`dss`], [`modification`], [`pades`], the gathered [`facts`] and the rules of
//!   [`policy`]; [`limits`] and [`time`] (the one calendar conversion).
//!
//! Internal: the verification context's module, the hex helper, the pipeline (`verify`).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod audit;
pub mod cms;
pub mod codes;
mod context;
pub mod dss;
pub mod facts;
mod hex;
mod lang;
pub mod limits;
pub mod modification;
pub mod pades;
pub mod pdf;
pub mod pki;
pub mod policy;
pub mod report;
pub mod signature;
pub mod time;
mod verify;

pub use context::{CryptoPolicy, RevocationPolicy, VerifyContext};
pub use lang::Lang;
pub use report::{DocumentReport, DocumentVerdict, VerifyOutput, SCHEMA_VERSION};
pub use time::ValidationTime;
pub use verify::verify_document;
