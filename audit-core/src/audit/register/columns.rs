//! Which register column is which: headers are matched after folding (accents, case, spacing,
//! punctuation), against the variants I-Office and hand-made registers use.

use crate::audit::names::fold;

/// The register columns kyso reads; any other column is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Số ký hiệu (number and notation, e.g. `12/STC-NS`).
    Number,
    /// Ngày ban hành (issue date).
    Date,
    /// Cơ quan ban hành (issuing agency).
    Agency,
    /// Loại văn bản (type: Công văn, Quyết định, Phụ lục, Bản sao …).
    Kind,
    /// Trích yếu (summary).
    Summary,
    /// Người ký (signer).
    Signer,
    /// Tệp (the file's path in the export).
    File,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Number,
        Column::Date,
        Column::Agency,
        Column::Kind,
        Column::Summary,
        Column::Signer,
        Column::File,
    ];

    /// The usual Vietnamese header, for messages.
    pub fn header_vi(self) -> &'static str {
        match self {
            Column::Number => "Số ký hiệu",
            Column::Date => "Ngày ban hành",
            Column::Agency => "Cơ quan ban hành",
            Column::Kind => "Loại văn bản",
            Column::Summary => "Trích yếu",
            Column::Signer => "Người ký",
            Column::File => "Tệp",
        }
    }

    /// Folded headers that name the column exactly.
    fn exact(self) -> &'static [&'static str] {
        match self {
            Column::Number => &[
                "so ky hieu",
                "so va ky hieu",
                "so hieu",
                "ky hieu",
                "so kh",
                "so van ban",
                "so vb",
                "so ky hieu van ban",
                "so den ky hieu",
            ],
            Column::Date => &[
                "ngay ban hanh",
                "ngay vb",
                "ngay van ban",
                "ngay ky",
                "ngay thang",
                "ngay",
                "ngay thang nam",
                "ngay phat hanh",
                "ngay thang van ban",
            ],
            Column::Agency => &[
                "co quan ban hanh",
                "don vi ban hanh",
                "co quan",
                "don vi",
                "noi ban hanh",
                "cqbh",
                "co quan don vi ban hanh",
                "co quan to chuc ban hanh",
            ],
            Column::Kind => &[
                "loai van ban",
                "loai",
                "loai vb",
                "hinh thuc van ban",
                "the loai",
                "the loai van ban",
            ],
            Column::Summary => &["trich yeu", "noi dung", "trich yeu noi dung", "tom tat"],
            Column::Signer => &["nguoi ky", "nguoi ky duyet", "nguoi ky van ban"],
            Column::File => &[
                "tep",
                "tep tin",
                "tap tin",
                "tep dinh kem",
                "tep van ban",
                "ten tep",
                "duong dan",
                "duong dan tep",
                "file",
                "ten file",
                "file dinh kem",
                "file van ban",
                "path",
            ],
        }
    }

    /// Folded prefixes of longer headers (`Trích yếu nội dung văn bản`).
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            Column::Number => &["so ky hieu "],
            Column::Date => &["ngay ban hanh ", "ngay vb "],
            Column::Agency => &["co quan ban hanh ", "don vi ban hanh "],
            Column::Kind => &["loai van ban "],
            Column::Summary => &["trich yeu "],
            Column::Signer => &["nguoi ky "],
            Column::File => &["tep ", "duong dan ", "file "],
        }
    }

    /// The column a header names, if any.
    pub fn of_header(header: &str) -> Option<Column> {
        let h = fold(header);
        if h.is_empty() {
            return None;
        }
        Column::ALL
            .into_iter()
            .find(|c| c.exact().contains(&h.as_str()))
            .or_else(|| {
                Column::ALL
                    .into_iter()
                    .find(|c| c.prefixes().iter().any(|p| h.starts_with(p)))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Column::{self, *};

    #[test]
    fn headers_match_tolerantly() {
        let cases: &[(&str, Column)] = &[
            ("Số ký hiệu", Number),
            ("Số, ký hiệu", Number),
            ("SỐ/KÝ HIỆU", Number),
            ("So ky hieu", Number),
            ("  số   ký hiệu ", Number),
            ("Ngày ban hành", Date),
            ("Ngày VB", Date),
            ("Ngay ban hanh", Date),
            ("Cơ quan ban hành", Agency),
            ("Đơn vị ban hành", Agency),
            ("Loại văn bản", Kind),
            ("Loại", Kind),
            ("Trích yếu", Summary),
            ("Trích yếu nội dung văn bản", Summary),
            ("Người ký", Signer),
            ("Tệp", File),
            ("Đường dẫn", File),
            ("File", File),
            ("Tệp đính kèm", File),
        ];
        for (h, c) in cases {
            assert_eq!(Column::of_header(h), Some(*c), "{h}");
        }
        // NFD spelling of the same header.
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Cơ quan ban hành").collect();
        assert_eq!(Column::of_header(&nfd), Some(Agency));
        for h in ["STT", "Chức vụ", "", "Ghi chú", "Số trang"] {
            assert_eq!(Column::of_header(h), None, "{h}");
        }
    }
}
