//! report.xlsx: a rankings sheet, a documents sheet (frozen header, filters, percentage
//! formats) and a summary sheet (headline, run, reasons).

use audit_core::audit::AuditReport;
use audit_core::Lang;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn header(ws: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

pub fn workbook<D>(report: &AuditReport<D>) -> anyhow::Result<Vec<u8>> {
    Ok(build(report)?)
}

fn build<D>(report: &AuditReport<D>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");

    let ws = wb.add_worksheet();
    ws.set_name("Xếp hạng")?;
    let titles = [
        "Hạng",
        "Cơ quan",
        "Mã cơ quan",
        "Mã định danh",
        "Văn bản",
        "Có tệp",
        "Đã ký số",
        "Hợp lệ",
        "Đạt Nghị định 30",
        "Tỷ lệ ký số hợp lệ",
        "Tỷ lệ đạt",
        "Còn thiếu",
    ];
    header(ws, &titles, &bold)?;
    for (i, a) in report.agencies.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, f64::from(a.rank))?;
        ws.write_string(r, 1, &a.agency)?;
        ws.write_string(r, 2, &a.agency_id)?;
        ws.write_string(r, 3, a.agency_code.as_deref().unwrap_or(""))?;
        for (c, v) in [a.documents, a.files_present, a.signed, a.valid, a.compliant]
            .into_iter()
            .enumerate()
        {
            ws.write_number(r, 4 + c as u16, v as f64)?;
        }
        ws.write_number_with_format(r, 9, a.signing_rate, &pct)?;
        ws.write_number_with_format(r, 10, a.compliance_rate, &pct)?;
        ws.write_number_with_format(r, 11, a.gap, &pct)?;
    }
    ws.autofilter(0, 0, report.agencies.len() as u32, titles.len() as u16 - 1)?;
    ws.set_column_width(1, 42)?;
    ws.set_column_width(3, 16)?;

    let ws = wb.add_worksheet();
    ws.set_name("Văn bản")?;
    let titles = [
        "Tệp",
        "Số ký hiệu",
        "Ngày",
        "Cơ quan ban hành",
        "Loại",
        "Có tệp",
        "Trong sổ đăng ký",
        "Đã ký số",
        "Kết luận chữ ký",
        "Nghị định 30",
        "Lý do",
    ];
    header(ws, &titles, &bold)?;
    for (i, s) in report.summaries.iter().enumerate() {
        let r = i as u32 + 1;
        let yes = |b: bool| if b { "có" } else { "không" };
        ws.write_string(r, 0, &s.file)?;
        ws.write_string(r, 1, s.number.as_deref().unwrap_or(""))?;
        ws.write_string(r, 2, s.date.map(|d| d.vietnamese()).unwrap_or_default())?;
        ws.write_string(r, 3, s.agency.as_deref().unwrap_or(""))?;
        ws.write_string(r, 4, s.kind.as_str())?;
        ws.write_string(r, 5, yes(s.present))?;
        ws.write_string(r, 6, yes(s.listed))?;
        ws.write_string(r, 7, yes(s.signed))?;
        ws.write_string(r, 8, s.verdict.label(Lang::Vi))?;
        ws.write_string(
            r,
            9,
            if s.compliant {
                "đạt"
            } else {
                "chưa đạt"
            },
        )?;
        ws.write_string(
            r,
            10,
            s.reasons
                .iter()
                .map(|f| f.message_vi.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        )?;
    }
    ws.autofilter(0, 0, report.summaries.len() as u32, titles.len() as u16 - 1)?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(3, 36)?;
    ws.set_column_width(10, 80)?;

    let ws = wb.add_worksheet();
    ws.set_name("Tổng quan")?;
    ws.write_string_with_format(0, 0, &report.headline.text_vi, &bold)?;
    let run = &report.run;
    let lines = [
        ("Thư mục", run.root.clone().unwrap_or_default()),
        ("Sổ đăng ký", run.manifest.clone().unwrap_or_default()),
        (
            "Danh mục cơ quan",
            run.directory.clone().unwrap_or_default(),
        ),
        ("Thời điểm kiểm tra", run.validation_time.clone()),
        ("Tệp PDF", run.files.to_string()),
        ("Văn bản được thống kê", run.documents.to_string()),
        ("Tệp thiếu", run.missing_files.to_string()),
        (
            "Tệp ngoài sổ đăng ký",
            report.unlisted_files.len().to_string(),
        ),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string(i as u32 + 2, 0, *k)?;
        ws.write_string(i as u32 + 2, 1, v)?;
    }
    let base = lines.len() as u32 + 3;
    ws.write_string_with_format(base, 0, "Lý do chưa đạt", &bold)?;
    ws.write_string_with_format(base, 1, "Số văn bản", &bold)?;
    for (i, r) in report.reasons.iter().enumerate() {
        ws.write_string(base + 1 + i as u32, 0, &r.message_vi)?;
        ws.write_number(base + 1 + i as u32, 1, r.documents as f64)?;
    }
    ws.set_column_width(0, 70)?;
    ws.set_column_width(1, 40)?;
    wb.save_to_buffer()
}
