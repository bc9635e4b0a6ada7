//! The test kit: a deterministic factory of signed Vietnamese government PDFs.
//!
//! It builds a test PKI (rcgen), official letters with an embedded subset font, Decree 30
//! Appendix I signatures (person first, then the agency seal) as incremental updates with CMS
//! built here, attack and fault mutators, the committed demo export and benchmark corpora.
//! None of this code is shared with the verifier under test (audit-core).

pub mod attacks;
pub mod cms;
pub mod corpus;
pub mod data;
pub mod demo;
pub mod der;
pub mod expect;
pub mod font;
pub mod image;
pub mod letter;
pub mod pdf;
pub mod pki;
pub mod sign;
pub mod tsa;

pub use expect::Expected;

use std::path::PathBuf;

/// A calendar time in UTC (the kit never reads the clock: outputs must be reproducible).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct KitTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl KitTime {
    pub const fn ymd(year: i32, month: u8, day: u8) -> Self {
        Self::ymd_hms(year, month, day, 0, 0, 0)
    }

    pub const fn ymd_hms(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Self {
        Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        }
    }

    pub fn to_offset(&self) -> time::OffsetDateTime {
        let d = time::Date::from_calendar_date(
            self.year,
            time::Month::try_from(self.month).unwrap_or(time::Month::January),
            self.day,
        )
        .unwrap_or(time::Date::MIN);
        let t = time::Time::from_hms(self.hour, self.minute, self.second)
            .unwrap_or(time::Time::MIDNIGHT);
        time::PrimitiveDateTime::new(d, t).assume_utc()
    }

    /// Adds seconds (used to space out signing times).
    pub fn plus_seconds(&self, s: i64) -> Self {
        let t = self.to_offset() + time::Duration::seconds(s);
        Self::ymd_hms(
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
        )
    }

    /// PDF date in Vietnam time (ISO 32000-2 §7.9.4), e.g. `D:20210315163000+07'00'`.
    pub fn pdf_date_vn(&self) -> String {
        let t = self.plus_seconds(7 * 3600);
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}+07'00'",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        )
    }

    /// RFC 3339 in UTC.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// A small deterministic PRNG (SplitMix64): the kit needs variety, never entropy.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The `tests/` crate directory (keys and assets live beside the sources).
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
