//! report.html: one self-contained page (no script, no network, styles inline) in Vietnamese:
//! the headline, an SVG bar chart of every agency against the 100 % target, the ranking table,
//! the reasons, and per agency its non-compliant documents with their reasons. Every text from
//! the input is escaped.

use std::fmt::Write;

use audit_core::audit::AuditReport;

use super::text::percent;

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id attribute from an agency id (letters, digits and `-` only).
fn anchor(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("co-quan-{s}")
}

const STYLE: &str = "body{font-family:'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2733;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #c8102e;padding-bottom:.2rem}
.headline{font-size:2rem;font-weight:700;color:#c8102e;margin:1rem 0}
.meta{color:#5a6675;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #d5dbe3;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.ok td{background:#f1faf3}
.chart text{font-size:12px;fill:#1d2733}
ul.reasons{margin:.2rem 0;padding-left:1.1rem}
.muted{color:#5a6675}";

pub fn render<D>(report: &AuditReport<D>) -> String {
    let mut o = String::new();
    let run = &report.run;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Báo cáo kiểm tra chữ ký số — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.headline.text_vi)
    );
    let _ = writeln!(o, "<h1>Báo cáo kiểm tra chữ ký số văn bản đi</h1>");
    let _ = writeln!(
        o,
        "<p class=\"meta\">Thư mục: {} · Sổ đăng ký: {} · Thời điểm kiểm tra: {} · {} tệp PDF, {} văn bản được thống kê, {} tệp thiếu</p>",
        escape(run.root.as_deref().unwrap_or("—")),
        escape(run.manifest.as_deref().unwrap_or("không có")),
        escape(&run.validation_time),
        run.files,
        run.documents,
        run.missing_files
    );
    let _ = writeln!(
        o,
        "<p class=\"headline\">{}</p>",
        escape(&report.headline.text_vi)
    );
    let _ = writeln!(
        o,
        "<p>Mục tiêu: 100% văn bản đi được ký số hợp lệ, người có thẩm quyền ký trước, cơ quan ban hành ký sau (Nghị định 30/2020/NĐ-CP).</p>"
    );
    chart(&mut o, report);
    ranking(&mut o, report);
    reasons(&mut o, report);
    agencies(&mut o, report);
    others(&mut o, report);
    let _ = writeln!(o, "</body>\n</html>");
    o
}

fn chart<D>(o: &mut String, report: &AuditReport<D>) {
    let label_w = 300.0;
    let bar_w = 420.0;
    let row_h = 26.0;
    let top = 24.0;
    let height = top + row_h * report.agencies.len() as f64 + 10.0;
    let width = label_w + bar_w + 70.0;
    let _ = writeln!(
        o,
        "<h2>Biểu đồ: tỷ lệ văn bản đạt so với mục tiêu 100%</h2>"
    );
    let _ = writeln!(
        o,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Tỷ lệ đạt của từng cơ quan\">"
    );
    let target_x = label_w + bar_w;
    let _ = writeln!(
        o,
        "<text x=\"{target_x}\" y=\"14\" text-anchor=\"middle\">100%</text>"
    );
    for (i, a) in report.agencies.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (a.compliance_rate * bar_w).max(0.0);
        let colour = if a.compliant == a.documents {
            "#2e7d32"
        } else {
            "#c8102e"
        };
        let _ = writeln!(
            o,
            "<g><title>{}: {}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{bar_w}\" height=\"16\" fill=\"#eef1f5\"/><rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"16\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
            escape(&a.agency),
            escape(&percent(a.compliance_rate)),
            label_w - 8.0,
            y + 13.0,
            escape(&a.agency),
            y + 1.0,
            y + 1.0,
            target_x + 6.0,
            y + 13.0,
            escape(&percent(a.compliance_rate))
        );
    }
    let _ = writeln!(
        o,
        "<line x1=\"{target_x}\" y1=\"18\" x2=\"{target_x}\" y2=\"{}\" stroke=\"#1d2733\" stroke-dasharray=\"4 3\"/>",
        height - 6.0
    );
    let _ = writeln!(o, "</svg>");
}

fn ranking<D>(o: &mut String, report: &AuditReport<D>) {
    let _ = writeln!(o, "<h2>Xếp hạng cơ quan</h2>");
    let _ = writeln!(
        o,
        "<table><thead><tr><th>Hạng</th><th>Cơ quan</th><th>Văn bản</th><th>Có tệp</th><th>Ký số hợp lệ</th><th>Đạt</th><th>Tỷ lệ đạt</th><th>Còn thiếu so với 100%</th></tr></thead><tbody>"
    );
    for a in &report.agencies {
        let class = if a.compliant == a.documents {
            " class=\"ok\""
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "<tr{class}><td class=\"n\">{}</td><td><a href=\"#{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            a.rank,
            escape(&anchor(&a.agency_id)),
            escape(&a.agency),
            a.documents,
            a.files_present,
            a.valid,
            a.compliant,
            escape(&percent(a.compliance_rate)),
            escape(&percent(a.gap))
        );
    }
    let _ = writeln!(o, "</tbody></table>");
}

fn reasons<D>(o: &mut String, report: &AuditReport<D>) {
    if report.reasons.is_empty() {
        return;
    }
    let _ = writeln!(o, "<h2>Lý do chưa đạt</h2>");
    let _ = writeln!(
        o,
        "<table><thead><tr><th>Lý do chính</th><th>Số văn bản</th></tr></thead><tbody>"
    );
    for r in &report.reasons {
        let _ = writeln!(
            o,
            "<tr><td>{} <span class=\"muted\">[{}]</span></td><td class=\"n\">{}</td></tr>",
            escape(&r.message_vi),
            escape(&r.code),
            r.documents
        );
    }
    let _ = writeln!(o, "</tbody></table>");
}

fn agencies<D>(o: &mut String, report: &AuditReport<D>) {
    let _ = writeln!(o, "<h2>Văn bản chưa đạt theo cơ quan</h2>");
    for a in &report.agencies {
        let _ = writeln!(
            o,
            "<section id=\"{}\"><h3>{} — {}/{} văn bản đạt ({})</h3>",
            escape(&anchor(&a.agency_id)),
            escape(&a.agency),
            a.compliant,
            a.documents,
            escape(&percent(a.compliance_rate))
        );
        let failing: Vec<_> = report
            .summaries
            .iter()
            .filter(|s| {
                !s.compliant
                    && s.agency_id.as_deref() == Some(a.agency_id.as_str())
                    && (s.listed || report.run.register_rows.is_none())
            })
            .collect();
        if failing.is_empty() {
            let _ = writeln!(o, "<p>Mọi văn bản đều đạt.</p></section>");
            continue;
        }
        let _ = writeln!(
            o,
            "<table><thead><tr><th>Số ký hiệu</th><th>Ngày</th><th>Tệp</th><th>Lý do</th></tr></thead><tbody>"
        );
        for s in failing {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}{}</td><td><ul class=\"reasons\">",
                escape(s.number.as_deref().unwrap_or("—")),
                escape(&s.date.map(|d| d.vietnamese()).unwrap_or_default()),
                escape(&s.file),
                if s.present {
                    ""
                } else {
                    " <em>(thiếu tệp)</em>"
                }
            );
            for f in &s.reasons {
                let _ = write!(o, "<li>{}</li>", escape(&f.message_vi));
            }
            let _ = writeln!(o, "</ul></td></tr>");
        }
        let _ = writeln!(o, "</tbody></table></section>");
    }
}

fn others<D>(o: &mut String, report: &AuditReport<D>) {
    if !report.unlisted_files.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Tệp không có trong sổ đăng ký</h2><p>Đã kiểm tra chữ ký nhưng không tính vào thống kê.</p><ul>"
        );
        for f in &report.unlisted_files {
            let _ = writeln!(o, "<li>{}</li>", escape(f));
        }
        let _ = writeln!(o, "</ul>");
    }
    if !report.unattributed_files.is_empty() {
        let _ = writeln!(o, "<h2>Không xác định được cơ quan ban hành</h2><ul>");
        for f in &report.unattributed_files {
            let _ = writeln!(o, "<li>{}</li>", escape(f));
        }
        let _ = writeln!(o, "</ul>");
    }
    if !report.register_errors.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Lỗi trong sổ đăng ký</h2><table><thead><tr><th>Dòng</th><th>Cột</th><th>Lỗi</th></tr></thead><tbody>"
        );
        for e in &report.register_errors {
            let _ = writeln!(
                o,
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                e.row,
                escape(e.column.as_deref().unwrap_or("")),
                escape(&e.message)
            );
        }
        let _ = writeln!(o, "</tbody></table>");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<b>\"Sở\" & 'x'</b>"),
            "&lt;b&gt;&quot;Sở&quot; &amp; &#39;x&#39;&lt;/b&gt;"
        );
    }
}
