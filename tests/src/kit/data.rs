//! The fictional Nghệ An agencies, their leaders and the wording of their letters.
//!
//! Names of people are invented. Certificate subjects follow the VGCA conventions recorded in
//! research/domain.md §3.2: organisation CN = agency, O = superior body, UID = `MST:…`;
//! person CN = the person's name, O = the agency, title (2.5.4.12), UID = `CCCD:…`.

/// A leader who signs as the competent person (Decree 30 Art. 13).
#[derive(Debug, Clone, Copy)]
pub struct Leader {
    pub name: &'static str,
    /// Position as written in the certificate's title attribute.
    pub title: &'static str,
    /// The signer block lines above the signature (authority prefix and position, capitals).
    pub block: [&'static str; 2],
    pub cccd: &'static str,
}

/// An issuing agency (cơ quan ban hành).
#[derive(Debug, Clone, Copy)]
pub struct Agency {
    /// Stable short id used in file names.
    pub id: &'static str,
    pub name: &'static str,
    pub parent: &'static str,
    /// The two header lines of the letter (Decree 30 Appendix I, component 2).
    pub header: [&'static str; 2],
    /// Notation used after the number (Số: 12/STC-NS).
    pub notation: &'static str,
    /// Unit suffix for Công văn (e.g. "NS" in "STC-NS").
    pub unit: &'static str,
    pub aliases: &'static [&'static str],
    pub mst: &'static str,
    /// 13-character agency identifier code (Decree 30 Appendix VI); fictional.
    pub code: &'static str,
    /// Round seal text (upper arc).
    pub seal_top: &'static str,
    pub seal_center: &'static str,
    pub leaders: [Leader; 2],
}

const fn gd(name: &'static str, cccd: &'static str) -> Leader {
    Leader {
        name,
        title: "Giám đốc",
        block: ["GIÁM ĐỐC", ""],
        cccd,
    }
}
const fn pgd(name: &'static str, cccd: &'static str) -> Leader {
    Leader {
        name,
        title: "Phó Giám đốc",
        block: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        cccd,
    }
}

pub const PARENT: &str = "UBND tỉnh Nghệ An";

pub static AGENCIES: [Agency; 12] = [
    Agency {
        id: "stc",
        name: "Sở Tài chính",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ TÀI CHÍNH"],
        notation: "STC",
        unit: "NS",
        aliases: &["STC", "Sở Tài chính Nghệ An", "Sở TC"],
        mst: "2900324517",
        code: "000.00.12.H40",
        seal_top: "SỞ TÀI CHÍNH",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Nguyễn Văn Thắng", "040080001234"),
            pgd("Trần Thị Thu Hương", "040185004321"),
        ],
    },
    Agency {
        id: "snv",
        name: "Sở Nội vụ",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ"],
        notation: "SNV",
        unit: "TCBC",
        aliases: &["SNV", "Sở Nội vụ Nghệ An"],
        mst: "2900325302",
        code: "000.00.08.H40",
        seal_top: "SỞ NỘI VỤ",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Lê Quang Huy", "040079002345"),
            pgd("Phan Thị Ngọc Ánh", "040186005432"),
        ],
    },
    Agency {
        id: "stttt",
        name: "Sở Thông tin và Truyền thông",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"],
        notation: "STTTT",
        unit: "CNTT",
        aliases: &["Sở TT&TT", "STTTT", "Sở TTTT", "Sở Thông tin Truyền thông"],
        mst: "2900779281",
        code: "000.00.16.H40",
        seal_top: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Hồ Sỹ Dũng", "040078003456"),
            pgd("Đặng Minh Khôi", "040088006543"),
        ],
    },
    Agency {
        id: "syt",
        name: "Sở Y tế",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ Y TẾ"],
        notation: "SYT",
        unit: "NVY",
        aliases: &["SYT", "Sở Y tế Nghệ An"],
        mst: "2900325581",
        code: "000.00.20.H40",
        seal_top: "SỞ Y TẾ",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Võ Thị Thanh Bình", "040177004567"),
            pgd("Nguyễn Hữu Lộc", "040083007654"),
        ],
    },
    Agency {
        id: "sgddt",
        name: "Sở Giáo dục và Đào tạo",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
        notation: "SGDĐT",
        unit: "GDTrH",
        aliases: &["Sở GD&ĐT", "Sở GDĐT", "SGDĐT"],
        mst: "2900326310",
        code: "000.00.09.H40",
        seal_top: "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Bùi Đức Trọng", "040076005678"),
            pgd("Lưu Thị Yến", "040184008765"),
        ],
    },
    Agency {
        id: "nghiloc",
        name: "UBND huyện Nghi Lộc",
        parent: PARENT,
        header: ["ỦY BAN NHÂN DÂN", "HUYỆN NGHI LỘC"],
        notation: "UBND",
        unit: "VP",
        aliases: &["Ủy ban nhân dân huyện Nghi Lộc", "UBND H. Nghi Lộc"],
        mst: "2900538310",
        code: "000.29.31.H40",
        seal_top: "ỦY BAN NHÂN DÂN HUYỆN NGHI LỘC",
        seal_center: "NGHỆ AN",
        leaders: [
            Leader {
                name: "Cao Xuân Trường",
                title: "Chủ tịch",
                block: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                cccd: "040075006789",
            },
            Leader {
                name: "Nguyễn Thị Hoài",
                title: "Phó Chủ tịch",
                block: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH"],
                cccd: "040182009876",
            },
        ],
    },
    Agency {
        id: "vinh",
        name: "UBND thành phố Vinh",
        parent: PARENT,
        header: ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ VINH"],
        notation: "UBND",
        unit: "VP",
        aliases: &[
            "Ủy ban nhân dân thành phố Vinh",
            "UBND TP Vinh",
            "UBND TP. Vinh",
        ],
        mst: "2900326335",
        code: "000.29.01.H40",
        seal_top: "ỦY BAN NHÂN DÂN THÀNH PHỐ VINH",
        seal_center: "NGHỆ AN",
        leaders: [
            Leader {
                name: "Hoàng Văn Nghĩa",
                title: "Chủ tịch",
                block: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                cccd: "040074007890",
            },
            Leader {
                name: "Ngô Thị Phượng",
                title: "Phó Chủ tịch",
                block: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH"],
                cccd: "040181000987",
            },
        ],
    },
    Agency {
        id: "vpubnd",
        name: "Văn phòng UBND tỉnh",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "VĂN PHÒNG"],
        notation: "VPUB",
        unit: "TH",
        aliases: &[
            "Văn phòng Ủy ban nhân dân tỉnh Nghệ An",
            "VP UBND tỉnh",
            "VPUB",
        ],
        mst: "2900325038",
        code: "000.00.01.H40",
        seal_top: "VĂN PHÒNG ỦY BAN NHÂN DÂN",
        seal_center: "NGHỆ AN",
        leaders: [
            Leader {
                name: "Phạm Quốc Việt",
                title: "Chánh Văn phòng",
                block: ["CHÁNH VĂN PHÒNG", ""],
                cccd: "040073008901",
            },
            Leader {
                name: "Đinh Thị Hạnh",
                title: "Phó Chánh Văn phòng",
                block: ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
                cccd: "040180001098",
            },
        ],
    },
    Agency {
        id: "skhdt",
        name: "Sở Kế hoạch và Đầu tư",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"],
        notation: "SKHĐT",
        unit: "ĐKKD",
        aliases: &["Sở KH&ĐT", "Sở KHĐT", "SKHĐT"],
        mst: "2900325609",
        code: "000.00.11.H40",
        seal_top: "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Tạ Đức Mạnh", "040072009012"),
            pgd("Lương Thị Quỳnh", "040187002109"),
        ],
    },
    Agency {
        id: "stp",
        name: "Sở Tư pháp",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ TƯ PHÁP"],
        notation: "STP",
        unit: "VBQP",
        aliases: &["STP", "Sở Tư pháp Nghệ An"],
        mst: "2900326984",
        code: "000.00.17.H40",
        seal_top: "SỞ TƯ PHÁP",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Chu Văn Kiên", "040071000123"),
            pgd("Hà Thị Ngân", "040188003210"),
        ],
    },
    Agency {
        id: "sxd",
        name: "Sở Xây dựng",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ XÂY DỰNG"],
        notation: "SXD",
        unit: "QLN",
        aliases: &["SXD", "Sở Xây dựng Nghệ An"],
        mst: "2900327120",
        code: "000.00.19.H40",
        seal_top: "SỞ XÂY DỰNG",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Kiều Văn Phú", "040070001234"),
            pgd("Mai Xuân Lộc", "040089004321"),
        ],
    },
    Agency {
        id: "snn",
        name: "Sở Nông nghiệp và Phát triển nông thôn",
        parent: PARENT,
        header: ["UBND TỈNH NGHỆ AN", "SỞ NÔNG NGHIỆP VÀ PTNT"],
        notation: "SNN",
        unit: "KHTC",
        aliases: &["Sở NN&PTNT", "Sở NNPTNT", "SNN"],
        mst: "2900325817",
        code: "000.00.13.H40",
        seal_top: "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        seal_center: "NGHỆ AN",
        leaders: [
            gd("Đoàn Ngọc Sơn", "040069002345"),
            pgd("Tô Thị Diệu Linh", "040190005432"),
        ],
    },
];

pub fn agency(id: &str) -> &'static Agency {
    AGENCIES.iter().find(|a| a.id == id).unwrap_or(&AGENCIES[0])
}

/// Document types (Loại văn bản) with their notation prefix (Decree 30 Appendix III).
pub static DOC_TYPES: [(&str, &str, &str); 6] = [
    ("Công văn", "", ""),
    ("Quyết định", "QĐ", "QUYẾT ĐỊNH"),
    ("Kế hoạch", "KH", "KẾ HOẠCH"),
    ("Báo cáo", "BC", "BÁO CÁO"),
    ("Thông báo", "TB", "THÔNG BÁO"),
    ("Tờ trình", "TTr", "TỜ TRÌNH"),
];

pub static SUBJECTS: [&str; 16] = [
    "triển khai sử dụng chữ ký số chuyên dùng công vụ năm 2021",
    "báo cáo tình hình thực hiện dự toán ngân sách quý I năm 2021",
    "tăng cường công tác phòng, chống dịch COVID-19",
    "kiện toàn Ban Chỉ đạo cải cách hành chính",
    "tổ chức Hội nghị tổng kết công tác năm 2020",
    "hướng dẫn lập hồ sơ điện tử và nộp lưu vào Lưu trữ cơ quan",
    "đẩy mạnh gửi, nhận văn bản điện tử giữa các cơ quan hành chính",
    "phê duyệt kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2021",
    "thực hiện chế độ báo cáo thống kê định kỳ",
    "góp ý dự thảo Nghị quyết của Hội đồng nhân dân tỉnh",
    "đăng ký nhu cầu cấp chứng thư số cho cơ quan, tổ chức",
    "kiểm tra công tác văn thư, lưu trữ năm 2021",
    "triển khai Đề án phát triển chính quyền số tỉnh Nghệ An",
    "bảo đảm an toàn thông tin mạng trong dịp Tết Nguyên đán Tân Sửu",
    "rà soát thủ tục hành chính thuộc thẩm quyền giải quyết",
    "phân bổ kinh phí thực hiện chương trình mục tiêu quốc gia",
];

pub static SENTENCES: [&str; 18] = [
    "Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, đơn vị đề nghị các cơ quan, đơn vị nghiêm túc triển khai các nội dung sau.",
    "Văn bản điện tử phát hành phải được ký số bởi người có thẩm quyền và ký số của cơ quan, tổ chức theo đúng thể thức quy định tại Phụ lục I.",
    "Các cơ quan, đơn vị chủ động rà soát, đăng ký bổ sung chứng thư số cho lãnh đạo và văn thư cơ quan trước ngày 31 tháng 3 năm 2021.",
    "Giao Văn phòng chủ trì, phối hợp với các phòng chuyên môn theo dõi, đôn đốc và tổng hợp kết quả thực hiện, báo cáo Giám đốc Sở.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở Thông tin và Truyền thông để được hướng dẫn, giải quyết.",
    "Tỷ lệ văn bản đi được ký số đầy đủ của người có thẩm quyền và của cơ quan phải đạt 100% trong năm 2021, trừ văn bản mật theo quy định.",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Ủy ban nhân dân tỉnh về kết quả thực hiện nhiệm vụ được giao.",
    "Đề nghị các đơn vị gửi báo cáo bằng văn bản điện tử qua Hệ thống quản lý văn bản và điều hành trước ngày 25 hằng tháng.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn huy động hợp pháp khác.",
    "Ưu tiên xử lý hồ sơ trên môi trường mạng, giảm thời gian giải quyết thủ tục hành chính cho người dân và doanh nghiệp.",
    "Tăng cường kiểm tra, giám sát việc chấp hành kỷ luật, kỷ cương hành chính; xử lý nghiêm các trường hợp vi phạm.",
    "Quyết định này có hiệu lực kể từ ngày ký; các quy định trước đây trái với Quyết định này đều bãi bỏ.",
    "Chánh Văn phòng, Trưởng các phòng chuyên môn và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
    "Đảm bảo an toàn, an ninh thông tin; sao lưu dữ liệu định kỳ; không sử dụng thư điện tử công cộng để trao đổi văn bản của cơ quan.",
    "Đề nghị các địa phương phối hợp chặt chẽ với ngành y tế trong công tác phòng, chống dịch bệnh, bảo vệ sức khỏe Nhân dân.",
    "Năm 2020, mặc dù gặp nhiều khó khăn do ảnh hưởng của dịch bệnh và thiên tai, toàn ngành đã hoàn thành cơ bản các chỉ tiêu được giao.",
    "Việc ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước tiếp tục được đẩy mạnh, góp phần nâng cao chất lượng phục vụ.",
];

pub static RECIPIENTS: [&str; 5] = [
    "- UBND tỉnh (để b/c);",
    "- Giám đốc Sở (để b/c);",
    "- Các phòng, đơn vị trực thuộc;",
    "- UBND các huyện, thành phố, thị xã;",
    "- Lưu: VT.",
];

/// Signers of the special certificates (see `pki`): their agency index and block.
pub const EXPIRED_LEADER: Leader = Leader {
    name: "Vũ Đình Tuấn",
    title: "Phó Giám đốc",
    block: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    cccd: "040081010101",
};
pub const REVOKED_LEADER: Leader = Leader {
    name: "Đỗ Văn Cường",
    title: "Phó Giám đốc",
    block: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    cccd: "040082030303",
};
pub const NOT_YET_VALID_LEADER: Leader = Leader {
    name: "Lê Thị Minh Châu",
    title: "Phó Giám đốc",
    block: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    cccd: "040190020202",
};
