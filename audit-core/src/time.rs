//! Time without a clock: the [`ValidationTime`] every stage is given, and the one conversion
//! between the proleptic Gregorian calendar and days (or seconds) since the Unix epoch, used
//! wherever a date is read (GeneralizedTime, register dates) or written (RFC 3339 in reports).
//!
//! A leaf: it depends on nothing else in the crate. audit-core never reads a clock (WebAssembly
//! has none it may trust, and reports must be reproducible); the caller passes the time in.
//! The calendar arithmetic is H. Hinnant's `days_from_civil` / `civil_from_days`
//! (<https://howardhinnant.github.io/date_algorithms.html>), exact for every year.

/// The time at which a verification is made, in seconds since the Unix epoch (UTC).
///
/// The caller (the server, the browser app, a test) passes it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValidationTime(pub i64);

/// Days from 1970-01-01 to the civil date `year-month-day` (month 1..=12; days beyond the month
/// roll over, as in the algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count from 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // `day` is 1..=31 and `month` 1..=12 by construction.
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Seconds since the Unix epoch of a UTC date and time; `None` for a month, day, hour, minute or
/// second out of range (a leap second 60 is accepted).
pub fn unix_time(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> Option<i64> {
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (0..=23).contains(&hour)
        && (0..=59).contains(&minute)
        && (0..=60).contains(&second);
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Seconds since the Unix epoch as RFC 3339 UTC (`2021-03-15T02:10:00Z`).
pub fn rfc3339(t: i64) -> String {
    let (year, month, day) = civil_from_days(t.div_euclid(86_400));
    let secs = t.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_known_values() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_615_774_200), "2021-03-15T02:10:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn unix_time_known_values_and_bounds() {
        assert_eq!(unix_time(1970, 1, 1, 0, 0, 0), Some(0));
        assert_eq!(unix_time(2012, 10, 11, 8, 41, 13), Some(1_349_944_873));
        assert_eq!(unix_time(2000, 2, 29, 0, 0, 0), Some(951_782_400));
        assert_eq!(unix_time(2021, 13, 1, 0, 0, 0), None);
        assert_eq!(unix_time(2021, 1, 1, 24, 0, 0), None);
    }

    #[test]
    fn days_round_trip_across_eras() {
        for days in [-1_000_000, -719_468, -1, 0, 1, 11_016, 18_628, 1_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(
                days_from_civil(y, i64::from(m), i64::from(d)),
                days,
                "{days}"
            );
        }
    }
}
