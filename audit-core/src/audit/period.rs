//! Calendar dates of the register and the periods of the tally (DESIGN.md "Tally and rankings":
//! month, quarter, year, from the register's issue date, else the agency signature's time).
//!
//! Dates in registers come as `dd/mm/yyyy`, `d/m/yy`, ISO `yyyy-mm-dd` (optionally with a time),
//! or Excel serial day numbers (a real date cell, or a number in a text export). Vietnamese
//! writing puts the day first, so `04/01/2021` is 4 January.

use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (31 April, 29 February 2021, month 13 …).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let max = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=max).contains(&day) && (1900..=2999).contains(&year)).then_some(Self {
            year,
            month,
            day,
        })
    }

    /// Days since 1970-01-01 → date ([`crate::time::civil_from_days`]).
    pub fn from_days(days: i64) -> Option<Self> {
        let (year, month, day) = crate::time::civil_from_days(days);
        Self::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Days since 1970-01-01 ([`crate::time::days_from_civil`]).
    pub fn days(&self) -> i64 {
        crate::time::days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date in Vietnam of an RFC 3339 time as reports write them
    /// (`2021-01-04T02:10:00Z`; an offset `+07:00` is honoured).
    pub fn of_rfc3339_in_vietnam(text: &str) -> Option<Self> {
        let date = Self::new(
            text.get(0..4)?.parse().ok()?,
            text.get(5..7)?.parse().ok()?,
            text.get(8..10)?.parse().ok()?,
        )?;
        let hh: i64 = text.get(11..13)?.parse().ok()?;
        let mm: i64 = text.get(14..16)?.parse().ok()?;
        let rest = text.get(19..)?;
        let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
        let offset_minutes: i64 = match rest {
            "Z" | "z" | "" => 0,
            r => {
                let sign = if r.starts_with('-') { -1 } else { 1 };
                let oh: i64 = r.get(1..3)?.parse().ok()?;
                let om: i64 = r.get(4..6)?.parse().ok()?;
                sign * (oh * 60 + om)
            }
        };
        let unix = date.days() * 86_400 + hh * 3600 + mm * 60 - offset_minutes * 60;
        Self::in_vietnam(unix)
    }

    /// The date in Vietnam (UTC+7, no daylight saving) of a Unix time.
    pub fn in_vietnam(unix: i64) -> Option<Self> {
        Self::from_days(unix.checked_add(7 * 3600)?.div_euclid(86_400))
    }

    /// An Excel serial day number (1900 date system: serial 1 = 1900-01-01, with Lotus' phantom
    /// 29 February 1900, so serials from 61 on count from 1899-12-30). The fraction (time of
    /// day) is dropped.
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        // 1899-12-30 is 25 569 days before 1970-01-01.
        let days = if whole >= 61 {
            whole - 25_569
        } else {
            whole - 25_568
        };
        Self::from_days(days)
    }

    /// ISO 8601 `yyyy-mm-dd`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `dd/mm/yyyy`, as Vietnamese readers write it.
    pub fn vietnamese(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    pub fn quarter(&self) -> u8 {
        (self.month - 1) / 3 + 1
    }

    /// The three periods the date falls in: year, quarter, month.
    pub fn periods(&self) -> [Period; 3] {
        [
            Period::Year(self.year),
            Period::Quarter(self.year, self.quarter()),
            Period::Month(self.year, self.month),
        ]
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Why a date cell was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date: {0:?} (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date)")]
    Unrecognised(String),
    #[error("no such day: {0:?}")]
    NoSuchDay(String),
}

/// Parses a register date written as text: `dd/mm/yyyy`, `d/m/yy` (also with `-` or `.`),
/// `yyyy-mm-dd` (optionally followed by a time), or an Excel serial number.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    let unrecognised = || DateError::Unrecognised(t.to_owned());
    let no_such_day = || DateError::NoSuchDay(t.to_owned());
    // An Excel serial (a date cell exported as its number).
    if let Ok(serial) = t.parse::<f64>() {
        return if (20_000.0..80_000.0).contains(&serial) {
            Date::from_excel_serial(serial).ok_or_else(no_such_day)
        } else {
            Err(unrecognised())
        };
    }
    // The date part ends at the first space or `T` (a time may follow).
    let date_part = t
        .split(|c: char| c.is_whitespace() || c == 'T')
        .next()
        .unwrap_or("");
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(unrecognised());
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) else {
        return Err(unrecognised());
    };
    let (year, month, day) = if a.len() == 4 {
        (x, y, z)
    } else if c.len() == 4 {
        (z, y, x)
    } else if c.len() == 2 && a.len() <= 2 {
        // Two-digit year: 00-69 → 2000s, 70-99 → 1900s.
        (if z < 70 { 2000 + z } else { 1900 + z }, y, x)
    } else {
        return Err(unrecognised());
    };
    let (Ok(year), Ok(month), Ok(day)) =
        (i32::try_from(year), u8::try_from(month), u8::try_from(day))
    else {
        return Err(no_such_day());
    };
    Date::new(year, month, day).ok_or_else(no_such_day)
}

/// A tally period: `2021`, `2021-Q1` or `2021-01` (DESIGN.md "Binary kyso": `--period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    /// The stored spelling.
    pub fn key(&self) -> String {
        match self {
            Period::Year(y) => format!("{y:04}"),
            Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
        }
    }

    /// Which of the three kinds this period is.
    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Month(..) => PeriodKind::Month,
        }
    }

    /// In Vietnamese: `Năm 2021`, `Quý I/2021`, `Tháng 01/2021`.
    pub fn label_vi(&self) -> String {
        match self {
            Period::Year(y) => format!("Năm {y}"),
            Period::Quarter(y, q) => {
                let roman = ["I", "II", "III", "IV"];
                let r = roman.get(usize::from(*q).saturating_sub(1)).unwrap_or(&"?");
                format!("Quý {r}/{y}")
            }
            Period::Month(y, m) => format!("Tháng {m:02}/{y}"),
        }
    }

    /// Parses a stored spelling.
    pub fn parse(s: &str) -> Option<Self> {
        let (y, rest) = s.split_at_checked(4)?;
        let year: i32 = y.parse().ok()?;
        match rest {
            "" => Some(Period::Year(year)),
            r if r.starts_with("-Q") => {
                let q: u8 = r[2..].parse().ok()?;
                (1..=4).contains(&q).then_some(Period::Quarter(year, q))
            }
            r if r.starts_with('-') && r.len() == 3 => {
                let m: u8 = r[1..].parse().ok()?;
                (1..=12).contains(&m).then_some(Period::Month(year, m))
            }
            _ => None,
        }
    }
}

/// The kinds of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Year,
    Quarter,
    Month,
}

/// Where a document's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The register's issue date (Ngày ban hành).
    Register,
    /// The agency signature's signing time (in Vietnam's time zone).
    AgencySignature,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn vietnamese_and_iso_dates() {
        assert_eq!(parse_date("04/01/2021"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date("4/1/21"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date("4-1-2021"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date("04.01.2021"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date("2021-01-04"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date("2021-01-04T00:00:00"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date("2021-01-04 08:30"), Ok(d(2021, 1, 4)));
        assert_eq!(parse_date(" 31/12/99 "), Ok(d(1999, 12, 31)));
    }

    #[test]
    fn excel_serials() {
        // 44200 = 2021-01-04 in Excel's 1900 date system.
        assert_eq!(parse_date("44200"), Ok(d(2021, 1, 4)));
        assert_eq!(Date::from_excel_serial(44200.75), Some(d(2021, 1, 4)));
        assert_eq!(Date::from_excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(Date::from_excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(Date::from_excel_serial(f64::NAN), None);
    }

    #[test]
    fn bad_dates_are_errors_with_the_text() {
        assert!(matches!(
            parse_date("31/04/2021"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            parse_date("29/02/2021"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            parse_date("hôm qua"),
            Err(DateError::Unrecognised(_))
        ));
        assert!(matches!(
            parse_date("2021"),
            Err(DateError::Unrecognised(_))
        ));
        assert!(matches!(
            parse_date("1/2/345"),
            Err(DateError::Unrecognised(_))
        ));
        assert!(matches!(parse_date(""), Err(DateError::Unrecognised(_))));
    }

    #[test]
    fn periods_and_vietnam_time() {
        let date = d(2021, 5, 17);
        let keys: Vec<String> = date.periods().iter().map(Period::key).collect();
        assert_eq!(keys, ["2021", "2021-Q2", "2021-05"]);
        assert_eq!(Period::parse("2021-Q2"), Some(Period::Quarter(2021, 2)));
        assert_eq!(Period::parse("2021-05"), Some(Period::Month(2021, 5)));
        assert_eq!(Period::parse("2021"), Some(Period::Year(2021)));
        assert_eq!(Period::parse("2021-13"), None);
        assert_eq!(Period::Quarter(2021, 1).label_vi(), "Quý I/2021");
        // 2021-03-31T17:30:00Z is 1 April 00:30 in Vietnam.
        assert_eq!(Date::in_vietnam(1_617_211_800), Some(d(2021, 4, 1)));
        assert_eq!(
            Date::of_rfc3339_in_vietnam("2021-03-31T17:30:00Z"),
            Some(d(2021, 4, 1))
        );
        assert_eq!(
            Date::of_rfc3339_in_vietnam("2021-03-31T17:30:00+07:00"),
            Some(d(2021, 3, 31))
        );
        assert_eq!(d(2021, 1, 4).days(), 18_631);
        assert_eq!(Date::from_days(18_631), Some(d(2021, 1, 4)));
    }
}
