//! `kyso audit --format text`: the headline, the ranking table in Vietnamese (agency, documents,
//! compliant, rate, gap to 100 %), then the non-compliant documents' main reasons, counted.

use std::fmt::Write;

use audit_core::audit::{AgencyTally, AuditReport};

/// `0.875` → `87,5%` (Vietnamese decimal comma).
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0).replace('.', ",")
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.chars().take(width).collect()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

fn lpad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{}{s}", " ".repeat(width.saturating_sub(n)))
}

/// The ranking table: rank, agency, documents, compliant, rate, gap to 100 % (also printed by
/// `kyso rankings`).
pub fn table(agencies: &[AgencyTally]) -> String {
    let mut o = String::new();
    let name_width = agencies
        .iter()
        .map(|a| a.agency.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 48);
    let _ = writeln!(
        o,
        "{}  {}  {}  {}  {}  {}",
        lpad("Hạng", 4),
        pad("Cơ quan", name_width),
        lpad("Văn bản", 7),
        lpad("Đạt", 5),
        lpad("Tỷ lệ", 7),
        lpad("Còn thiếu", 9)
    );
    for a in agencies {
        let _ = writeln!(
            o,
            "{}  {}  {}  {}  {}  {}",
            lpad(&a.rank.to_string(), 4),
            pad(&a.agency, name_width),
            lpad(&a.documents.to_string(), 7),
            lpad(&a.compliant.to_string(), 5),
            lpad(&percent(a.compliance_rate), 7),
            lpad(&percent(a.gap), 9)
        );
    }
    o
}

pub fn render<D>(report: &AuditReport<D>, problems: &[String], seconds: f64, bytes: u64) -> String {
    let mut o = String::new();
    let run = &report.run;
    let _ = writeln!(
        o,
        "Kiểm tra chữ ký số: {} tệp PDF, {} văn bản được thống kê, {:.1} s ({:.1} MB/s)",
        run.files,
        run.documents,
        seconds,
        if seconds > 0.0 {
            bytes as f64 / 1_048_576.0 / seconds
        } else {
            0.0
        }
    );
    if let Some(rows) = run.register_rows {
        let _ = writeln!(
            o,
            "Sổ đăng ký: {} dòng, {} tệp thiếu trong dữ liệu xuất",
            rows, run.missing_files
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", report.headline.text_vi);
    let _ = writeln!(o);
    o.push_str(&table(&report.agencies));
    if !report.reasons.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Lý do chưa đạt (số văn bản):");
        for r in &report.reasons {
            let _ = writeln!(
                o,
                "{}  {} [{}]",
                lpad(&r.documents.to_string(), 5),
                r.message_vi,
                r.code
            );
        }
    }
    if !report.unlisted_files.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "Tệp không có trong sổ đăng ký (đã kiểm tra, không thống kê): {}",
            report.unlisted_files.len()
        );
        for f in report.unlisted_files.iter().take(20) {
            let _ = writeln!(o, "  {f}");
        }
    }
    if !report.unattributed_files.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "Không xác định được cơ quan ban hành: {} tệp",
            report.unattributed_files.len()
        );
    }
    if !report.register_errors.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Lỗi trong sổ đăng ký: {}", report.register_errors.len());
        for e in report.register_errors.iter().take(20) {
            let _ = writeln!(
                o,
                "  dòng {}{}: {}",
                e.row,
                e.column
                    .as_deref()
                    .map(|c| format!(", cột {c}"))
                    .unwrap_or_default(),
                e.message
            );
        }
    }
    if !problems.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Lỗi đọc tệp / thư mục: {}", problems.len());
    }
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_use_a_decimal_comma() {
        assert_eq!(super::percent(0.875), "87,5%");
        assert_eq!(super::percent(1.0), "100,0%");
    }
}
