//! THE catalogue of finding codes: every code kyso reports or stores, in one place, each with its
//! stable string, its severity and its sentence in Vietnamese and English.
//!
//! Codes are UPPER_SNAKE_CASE and stable: they are stored in SQLite, matched by tests and tallies,
//! and never renamed or reused. One thing has one name: a CMS problem, a certification-path
//! problem and the finding the policy reports for it share a code where they are the same fact
//! (e.g. `SIGNATURE_MISMATCH`, `CERTIFICATE_EXPIRED`). The stages (`cms`, `pki`, `pades`) name
//! their facts with these codes; sentences for users are written from here by `policy`.
//! The README's "Finding codes" table is generated from [`ALL`] ([`markdown_table`]).

use crate::lang::Lang;
use crate::report::{Finding, Severity};

/// A finding code and what goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable string (UPPER_SNAKE_CASE).
    pub code: &'static str,
    /// The part of the catalogue it belongs to (for documentation).
    pub section: &'static str,
    pub severity: Severity,
    /// The sentence in Vietnamese.
    pub vi: &'static str,
    /// The sentence in English.
    pub en: &'static str,
}

impl Code {
    /// The sentence in `lang`.
    pub fn message(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }

    /// The finding as reported.
    pub fn finding(&self) -> Finding {
        Finding {
            code: self.code.to_owned(),
            message_vi: self.vi.to_owned(),
            message_en: self.en.to_owned(),
        }
    }

    /// The finding with a precise detail appended (the same detail in both languages: a name, a
    /// number, a technical reason).
    pub fn with(&self, detail: &str) -> Finding {
        Finding {
            code: self.code.to_owned(),
            message_vi: format!("{} ({detail})", self.vi),
            message_en: format!("{} ({detail})", self.en),
        }
    }
}

/// The catalogue entry of a code string, if it is one.
pub fn find(code: &str) -> Option<&'static Code> {
    ALL.iter().find(|c| c.code == code)
}

macro_rules! codes {
    ($(section $section:literal {
        $($name:ident = $code:literal, $severity:ident, $vi:literal, $en:literal;)*
    })*) => {
        $($(
            #[doc = $en]
            pub const $name: Code = Code {
                code: $code,
                section: $section,
                severity: Severity::$severity,
                vi: $vi,
                en: $en,
            };
        )*)*
        /// Every code, in catalogue order.
        pub const ALL: &[Code] = &[$($($name),*),*];
    };
}

codes! {
    section "Document" {
        UNREADABLE = "DOCUMENT_UNREADABLE", Error,
            "Không đọc được tệp như một tài liệu PDF.",
            "The file cannot be read as a PDF document.";
        NEWEST_REVISION_UNREADABLE = "NEWEST_REVISION_UNREADABLE", Error,
            "Phần cập nhật cuối của tệp bị hỏng: nội dung người xem thấy có thể khác với nội dung đã ký.",
            "The file's last update is broken: what a viewer shows may differ from what was signed.";
        UNACCOUNTED_BYTES = "UNACCOUNTED_BYTES_AFTER_SIGNED_REVISION", Error,
            "Có dữ liệu nằm sau phiên bản cuối cùng mà không thuộc phiên bản nào của tài liệu.",
            "Bytes follow the last revision that belong to no revision of the document.";
        UNACCOUNTED_SIGNATURE = "SIGNATURE_OUTSIDE_REVISIONS", Error,
            "Dữ liệu thừa ở cuối tệp chứa một chữ ký (/ByteRange) mà chuỗi phiên bản không dẫn tới.",
            "Trailing bytes contain a signature (/ByteRange) that the revision chain does not reach.";
        PARSER_ANOMALY = "PDF_ANOMALY", Info,
            "Cấu trúc PDF có điểm không đúng chuẩn ISO 32000 (đã được ghi nhận, không tự sửa).",
            "The PDF structure deviates from ISO 32000 (recorded, not repaired).";
        HYBRID_XREF = "PDF_HYBRID_XREF", Warning,
            "Tệp dùng bảng tham chiếu lai (bảng + luồng /XRefStm): các trình đọc có thể thấy nội dung khác nhau.",
            "The file uses hybrid cross-references (table + /XRefStm): readers may see different content.";
        LOCATE_PROBLEM = "SIGNATURE_FIELDS_INCOMPLETE", Warning,
            "Không duyệt hết được cây trường biểu mẫu hoặc cây trang.",
            "The form field tree or page tree could not be walked completely.";
        SHARED_SIGNATURE = "SIGNATURE_SHARED_BY_FIELDS", Info,
            "Một chữ ký được nhiều trường dùng chung; chỉ báo cáo một lần.",
            "One signature is referenced by several fields; it is reported once.";
        EMPTY_SIGNATURE_FIELDS = "EMPTY_SIGNATURE_FIELDS", Info,
            "Tài liệu có trường chữ ký chưa được ký.",
            "The document has signature fields that were never signed.";
    }
    section "Encryption" {
        PASSWORD_REQUIRED = "PASSWORD_REQUIRED", Error,
            "Văn bản được bảo vệ bằng mật khẩu: cần mật khẩu đúng để kiểm tra chữ ký.",
            "The document is password-protected: the right password is needed to check its signatures.";
        ENCRYPTION_NO_KEY = "ENCRYPTION_NO_KEY", Error,
            "Văn bản được mã hóa cho người nhận có chứng thư số (Adobe.PubSec): không có khóa để giải mã nên không kiểm tra được chữ ký.",
            "The document is encrypted for certificate holders (Adobe.PubSec): there is no key to decrypt it, so its signatures cannot be checked.";
        ENCRYPTION_UNSUPPORTED = "ENCRYPTION_UNSUPPORTED", Error,
            "Văn bản dùng kiểu mã hóa không được hỗ trợ hoặc từ điển /Encrypt bị lỗi.",
            "The document's encryption is not supported or its /Encrypt dictionary is malformed.";
        ENCRYPTION_WEAK = "ENCRYPTION_WEAK", Warning,
            "Văn bản được mã hóa bằng thuật toán yếu (RC4 hoặc khóa dưới 128 bit): việc mã hóa và giới hạn quyền không bảo vệ được gì; chữ ký không bị ảnh hưởng.",
            "The document is encrypted with a weak algorithm (RC4 or a key under 128 bits): the encryption and its restrictions protect nothing; the signatures are not affected.";
        ENCRYPTION_PERMISSIONS_MISMATCH = "ENCRYPTION_PERMISSIONS_MISMATCH", Warning,
            "Quyền sử dụng ghi trong /P không khớp với bản được mã hóa (/Perms): /P đã bị sửa sau khi mã hóa.",
            "The permissions in /P do not match their encrypted copy (/Perms): /P was altered after encryption.";
    }
    section "Signature format" {
        VALUE_MALFORMED = "SIGNATURE_VALUE_MALFORMED", Error,
            "Giá trị chữ ký (/V) không đọc được.",
            "The signature value (/V) cannot be read.";
        COVERAGE_FORMAT = "BYTE_RANGE_MALFORMED", Error,
            "/ByteRange hoặc /Contents của chữ ký không hợp lệ: không xác định được phần dữ liệu đã ký.",
            "The signature's /ByteRange or /Contents is malformed: the signed bytes cannot be determined.";
        COVERAGE_PARTIAL = "COVERAGE_PARTIAL", Error,
            "Chữ ký không bao trùm trọn một phiên bản của tài liệu.",
            "The signature does not cover a complete revision of the document.";
        CMS_MALFORMED = "CMS_MALFORMED", Error,
            "Dữ liệu chữ ký (CMS) bị lỗi cấu trúc, không kiểm tra được.",
            "The signature data (CMS) is malformed and cannot be checked.";
        CMS_NOTE = "CMS_NOTE", Info,
            "Dữ liệu chữ ký (CMS) có điểm không đúng chuẩn nhưng vẫn kiểm tra được.",
            "The signature data (CMS) deviates from the standard but could still be checked.";
        UNSUPPORTED_SIGNATURE_TYPE = "UNSUPPORTED_SIGNATURE_TYPE", Warning,
            "Loại chữ ký (/SubFilter) không được hỗ trợ; chữ ký chưa được kiểm tra (không có nghĩa là chưa ký).",
            "The signature type (/SubFilter) is not supported; the signature was not checked (this does not mean unsigned).";
        UNSUPPORTED_FILTER = "UNSUPPORTED_SIGNATURE_HANDLER", Warning,
            "Trình xử lý chữ ký (/Filter) không được biết tới.",
            "The signature handler (/Filter) is unknown.";
        NO_SIGNING_CERTIFICATE = "NO_SIGNING_CERTIFICATE", Error,
            "Chữ ký không kèm chứng thư số của người ký: không xác định được người ký.",
            "The signature does not carry the signer's certificate: the signer cannot be identified.";
    }
    section "Integrity and cryptography" {
        DIGEST_MISMATCH = "DIGEST_MISMATCH", Error,
            "Nội dung đã bị thay đổi sau khi ký (giá trị băm không khớp).",
            "The content was changed after signing (digest mismatch).";
        SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH", Error,
            "Giá trị chữ ký không khớp với khóa công khai của chứng thư.",
            "The signature value does not verify with the certificate's public key.";
        WEAK_DIGEST = "WEAK_DIGEST_ALGORITHM", Error,
            "Chữ ký dùng thuật toán băm yếu (SHA-1/MD5), không còn được chấp nhận.",
            "The signature uses a weak digest algorithm (SHA-1/MD5) that is no longer accepted.";
        WEAK_KEY = "WEAK_SIGNER_KEY", Error,
            "Khóa RSA của người ký ngắn hơn mức tối thiểu được chấp nhận.",
            "The signer's RSA key is shorter than the accepted minimum.";
    }
    section "Certificate and trust" {
        UNTRUSTED = "CERTIFICATE_UNTRUSTED", Warning,
            "Chứng thư của người ký không dẫn tới một chứng thư gốc tin cậy đã cấu hình.",
            "The signer's certificate does not chain to a configured trust anchor.";
        CHAIN_INVALID = "CERTIFICATE_CHAIN_INVALID", Warning,
            "Chuỗi chứng thư tới chứng thư gốc vi phạm ràng buộc (RFC 5280).",
            "The certificate path to the trust anchor violates a constraint (RFC 5280).";
        EXPIRED = "CERTIFICATE_EXPIRED", Error,
            "Chứng thư đã hết hạn tại thời điểm ký.",
            "The certificate had expired at the signing time.";
        NOT_YET_VALID = "CERTIFICATE_NOT_YET_VALID", Error,
            "Chứng thư chưa có hiệu lực tại thời điểm ký.",
            "The certificate was not yet valid at the signing time.";
        OUT_OF_BOUNDS_UNPROVEN = "CERTIFICATE_VALIDITY_UNPROVEN", Warning,
            "Chứng thư không có hiệu lực tại thời điểm ký được khai báo, và thời điểm ký không được chứng minh.",
            "The certificate is outside its validity at the claimed signing time, and that time is not proven.";
        REVOKED = "CERTIFICATE_REVOKED", Error,
            "Chứng thư đã bị thu hồi trước thời điểm ký.",
            "The certificate was revoked before the signing time.";
        REVOKED_UNPROVEN = "CERTIFICATE_REVOKED_TIME_UNPROVEN", Warning,
            "Chứng thư đã bị thu hồi; thời điểm ký không được chứng minh là trước khi thu hồi.",
            "The certificate was revoked; the signing time is not proven to precede the revocation.";
        REVOKED_AFTER_SIGNING = "CERTIFICATE_REVOKED_AFTER_SIGNING", Info,
            "Chứng thư bị thu hồi sau thời điểm ký đã được chứng minh bằng dấu thời gian; chữ ký vẫn hợp lệ.",
            "The certificate was revoked after the time-stamped signing time; the signature stays valid.";
        REVOCATION_UNKNOWN = "REVOCATION_UNKNOWN", Warning,
            "Không có thông tin thu hồi (CRL/OCSP) để kiểm tra chứng thư.",
            "No revocation information (CRL/OCSP) is available to check the certificate.";
        REVOCATION_REQUIRED = "REVOCATION_REQUIRED", Warning,
            "Chính sách yêu cầu thông tin thu hồi nhưng không có: chưa kết luận được.",
            "The policy requires revocation information, which is missing: no conclusion yet.";
    }
    section "Signing time" {
        TIME_FROM_TIMESTAMP = "SIGNING_TIME_TIMESTAMPED", Info,
            "Thời điểm ký được chứng minh bằng dấu thời gian (RFC 3161).",
            "The signing time is proven by a time-stamp (RFC 3161).";
        TIME_UNVERIFIED = "SIGNING_TIME_UNVERIFIED", Info,
            "Thời điểm ký do phần mềm ký khai báo, không được chứng minh bằng dấu thời gian.",
            "The signing time is claimed by the signing software, not proven by a time-stamp.";
        TIME_UNKNOWN = "SIGNING_TIME_UNKNOWN", Info,
            "Chữ ký không có thời điểm ký; kiểm tra tại thời điểm hiện tại.",
            "The signature states no signing time; it was checked at the validation time.";
        TIMESTAMP_INVALID = "TIMESTAMP_INVALID", Warning,
            "Dấu thời gian kèm chữ ký không hợp lệ và không được dùng.",
            "The signature's time-stamp is not valid and was not used.";
        TIMESTAMP_UNTRUSTED = "TIMESTAMP_UNTRUSTED", Warning,
            "Dấu thời gian kèm chữ ký không do đơn vị cấp dấu thời gian tin cậy cấp và không được dùng.",
            "The signature's time-stamp is not from a trusted time-stamping authority and was not used.";
    }
    section "Changes after signing" {
        MODIFICATION_NOT_ANALYSED = "MODIFICATION_NOT_ANALYSED", Warning,
            "Tài liệu có phần cập nhật sau chữ ký này; các thay đổi đó chưa được phân tích.",
            "The document was updated after this signature; those changes have not been analysed.";
        MODIFICATION_DISALLOWED = "MODIFIED_AFTER_SIGNING", Error,
            "Tài liệu bị thay đổi sau khi ký theo cách không được phép.",
            "The document was changed after signing in a way that is not allowed.";
    }
    section "Decree 30" {
        D30_NOT_SIGNED = "D30_NOT_SIGNED", Error,
            "Văn bản không có chữ ký số.",
            "The document carries no digital signature.";
        D30_PERSON_ONLY = "D30_MISSING_AGENCY_SIGNATURE", Error,
            "Văn bản chỉ có chữ ký của người có thẩm quyền, thiếu chữ ký số của cơ quan ban hành.",
            "Only the competent person signed; the issuing agency's signature is missing.";
        D30_AGENCY_ONLY = "D30_MISSING_PERSON_SIGNATURE", Error,
            "Văn bản chỉ có chữ ký số của cơ quan, thiếu chữ ký của người có thẩm quyền.",
            "Only the agency signed; the competent person's signature is missing.";
        D30_WRONG_ORDER = "D30_WRONG_SIGNING_ORDER", Error,
            "Cơ quan ký trước người có thẩm quyền; Nghị định 30 yêu cầu người có thẩm quyền ký trước.",
            "The agency signed before the competent person; Decree 30 requires the person to sign first.";
        D30_NO_PERSON_OR_AGENCY = "D30_SIGNER_ROLES_UNKNOWN", Error,
            "Không xác định được chữ ký nào là của người có thẩm quyền hay của cơ quan.",
            "None of the signatures could be attributed to the competent person or to the agency.";
        D30_SIGNATURE_NOT_VALID = "D30_SIGNATURE_NOT_VALID", Error,
            "Văn bản có chữ ký số không hợp lệ hoặc chưa xác định được.",
            "The document has a signature that is not valid or could not be decided.";
        D30_PUBLIC_CA = "D30_PUBLIC_CA", Warning,
            "Chữ ký chỉ được tin cậy qua tổ chức cung cấp dịch vụ chứng thực công cộng, không phải CA chuyên dùng Chính phủ.",
            "The signature is trusted only through a public CA, not the government's specialised CA.";
        D30_MODIFICATION_NOT_ANALYSED = "D30_MODIFICATION_NOT_ANALYSED", Error,
            "Chưa phân tích được các thay đổi sau khi ký nên chưa kết luận tuân thủ.",
            "Changes after signing have not been analysed, so compliance cannot be concluded.";
        D30_MODIFIED = "D30_MODIFIED_AFTER_SIGNING", Error,
            "Văn bản bị thay đổi không được phép sau khi ký.",
            "The document was changed in a disallowed way after signing.";
    }
    section "Decree 30 audit (with the register)" {
        D30_FILE_MISSING = "D30_FILE_MISSING", Error,
            "Sổ đăng ký có văn bản này nhưng tệp văn bản không có trong dữ liệu xuất.",
            "The register lists the document but its file is missing from the export.";
        D30_AGENCY_SIGNATURE_FROM_OTHER_AGENCY = "D30_AGENCY_SIGNATURE_FROM_OTHER_AGENCY", Error,
            "Chữ ký số của cơ quan là của một cơ quan khác, không phải cơ quan ban hành văn bản.",
            "The agency signature belongs to another agency, not the issuing agency.";
        D30_PERSON_FROM_OTHER_AGENCY = "D30_PERSON_FROM_OTHER_AGENCY", Error,
            "Chứng thư số của người ký thuộc một cơ quan khác, không phải cơ quan ban hành văn bản.",
            "The person's certificate belongs to another agency, not the issuing agency.";
        D30_PERSON_AGENCY_UNSTATED = "D30_PERSON_AGENCY_UNSTATED", Error,
            "Chứng thư số của người ký không ghi cơ quan công tác: không xác định được người ký thuộc cơ quan ban hành.",
            "The person's certificate names no agency: the signer cannot be shown to belong to the issuing agency.";
        D30_AGENCY_SIGNATURE_NOT_LAST = "D30_AGENCY_SIGNATURE_NOT_LAST", Error,
            "Có chữ ký được thêm sau chữ ký số của cơ quan ban hành; chữ ký của cơ quan phải là chữ ký cuối cùng.",
            "A signature was added after the issuing agency's; the agency's signature must be the last.";
        D30_ISSUING_AGENCY_UNKNOWN = "D30_ISSUING_AGENCY_UNKNOWN", Error,
            "Không xác định được cơ quan ban hành (sổ đăng ký không ghi và không có chữ ký số của cơ quan).",
            "The issuing agency is unknown (the register does not name it and no agency signed).";
    }
    section "Register (outgoing-documents register)" {
        REGISTER_DATE_INVALID = "REGISTER_DATE_INVALID", Warning,
            "Ngày ban hành không hợp lệ (cần dd/mm/yyyy, yyyy-mm-dd hoặc ngày Excel).",
            "The issue date is not a date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date).";
        REGISTER_FILE_EMPTY = "REGISTER_FILE_EMPTY", Warning,
            "Dòng không ghi tệp văn bản: văn bản được tính là thiếu tệp.",
            "The row names no file: the document counts as missing from the export.";
        REGISTER_AGENCY_EMPTY = "REGISTER_AGENCY_EMPTY", Info,
            "Dòng không ghi cơ quan ban hành: cơ quan được xác định từ chữ ký số của cơ quan.",
            "The row names no issuing agency: it is taken from the agency's signature.";
        REGISTER_FILE_DUPLICATE = "REGISTER_FILE_DUPLICATE", Warning,
            "Tệp đã được ghi ở một dòng trước; dòng này bị bỏ qua.",
            "The file is already listed on an earlier row; this row is ignored.";
        REGISTER_AGENCY_NOT_IN_DIRECTORY = "REGISTER_AGENCY_NOT_IN_DIRECTORY", Info,
            "Cơ quan ban hành không có trong danh mục cơ quan; được thống kê theo tên ghi trong sổ.",
            "The issuing agency is not in the agency directory; it is tallied under the register's name.";
    }
    section "Certificate path" {
        SHA1_CA_CERTIFICATE = "SHA1_CA_CERTIFICATE", Info,
            "Một chứng thư CA trong chuỗi được ký bằng SHA-1 (thế hệ cũ, được chấp nhận).",
            "A CA certificate of the path is signed with SHA-1 (legacy generation, accepted).";
        SHA1_END_ENTITY_CERTIFICATE = "SHA1_END_ENTITY_CERTIFICATE", Warning,
            "Chứng thư của người ký được ký bằng SHA-1.",
            "The signer's certificate is signed with SHA-1.";
        WEAK_RSA_KEY_IN_PATH = "WEAK_RSA_KEY_IN_PATH", Warning,
            "Chuỗi chứng thư có khóa RSA ngắn hơn 2048 bit.",
            "The certificate path has an RSA key shorter than 2048 bits.";
        ANCHOR_OUTSIDE_VALIDITY = "TRUST_ANCHOR_OUTSIDE_VALIDITY", Warning,
            "Chứng thư gốc tin cậy không còn hiệu lực tại thời điểm kiểm tra.",
            "The trust anchor is outside its validity period at the validation time.";
    }
    section "Certificate path problems" {
        PATH_NO_ISSUER = "PATH_NO_ISSUER", Warning,
            "Không tìm thấy chứng thư của đơn vị cấp cho một chứng thư trong chuỗi.",
            "No issuer certificate was found for a certificate of the path.";
        PATH_BUDGET_EXHAUSTED = "PATH_BUDGET_EXHAUSTED", Warning,
            "Dừng tìm chuỗi chứng thư vì vượt giới hạn xử lý.",
            "Path building stopped at its work limit.";
        PATH_TOO_LONG = "PATH_TOO_LONG", Warning,
            "Chuỗi chứng thư dài hơn giới hạn cho phép.",
            "The certificate path is longer than allowed.";
        PATH_UNSUPPORTED_ALGORITHM = "PATH_UNSUPPORTED_ALGORITHM", Warning,
            "Một chứng thư trong chuỗi được ký bằng thuật toán không được hỗ trợ.",
            "A certificate of the path is signed with an unsupported algorithm.";
        PATH_BAD_SIGNATURE = "PATH_BAD_SIGNATURE", Warning,
            "Chữ ký trên một chứng thư trong chuỗi không khớp với khóa của đơn vị cấp.",
            "The signature on a certificate of the path does not verify with its issuer's key.";
        PATH_NOT_CA = "PATH_NOT_CA", Warning,
            "Một chứng thư dùng để cấp phát trong chuỗi không phải chứng thư CA.",
            "An issuing certificate of the path is not a CA certificate.";
        PATH_LENGTH_EXCEEDED = "PATH_LENGTH_EXCEEDED", Warning,
            "Chuỗi chứng thư vượt ràng buộc độ dài (pathLenConstraint).",
            "The path exceeds a pathLenConstraint.";
        PATH_MISSING_KEY_CERT_SIGN = "PATH_MISSING_KEY_CERT_SIGN", Warning,
            "Một chứng thư cấp phát trong chuỗi không có quyền ký chứng thư (keyCertSign).",
            "An issuing certificate of the path lacks keyUsage keyCertSign.";
        PATH_UNKNOWN_CRITICAL_EXTENSION = "PATH_UNKNOWN_CRITICAL_EXTENSION", Warning,
            "Một chứng thư trong chuỗi có phần mở rộng bắt buộc (critical) không được hỗ trợ.",
            "A certificate of the path has an unknown critical extension.";
        PATH_NAME_CONSTRAINTS = "PATH_NAME_CONSTRAINTS", Warning,
            "Một chứng thư trong chuỗi vi phạm ràng buộc tên (name constraints).",
            "A certificate of the path violates name constraints.";
        PATH_NO_VALID_POLICY = "PATH_NO_VALID_POLICY", Warning,
            "Không có chính sách chứng thư hợp lệ trong khi chuỗi yêu cầu.",
            "No certificate policy is valid although one is required.";
        PATH_INVALID_POLICY_MAPPING = "PATH_INVALID_POLICY_MAPPING", Warning,
            "Chuỗi ánh xạ chính sách chứng thư tới hoặc từ anyPolicy.",
            "A policy mapping maps to or from anyPolicy.";
        PATH_POLICY_TREE_TOO_LARGE = "PATH_POLICY_TREE_TOO_LARGE", Warning,
            "Cây chính sách chứng thư vượt giới hạn xử lý.",
            "The certificate policy tree is too large.";
        END_ENTITY_KEY_USAGE = "END_ENTITY_KEY_USAGE", Warning,
            "Mục đích sử dụng khóa của chứng thư không cho phép việc này.",
            "The end-entity certificate's key usage does not allow this use.";
    }
    section "CMS signature problems" {
        CMS_UNPARSEABLE = "CMS_UNPARSEABLE", Error,
            "Không phân tích được dữ liệu chữ ký CMS.",
            "The CMS cannot be parsed.";
        CMS_NOT_SIGNED_DATA = "CMS_NOT_SIGNED_DATA", Error,
            "Dữ liệu chữ ký không phải CMS SignedData.",
            "The CMS content type is not id-signedData.";
        CMS_SIGNER_INFO_COUNT = "CMS_SIGNER_INFO_COUNT", Error,
            "CMS SignedData phải có đúng một SignerInfo.",
            "The SignedData must have exactly one SignerInfo.";
        CMS_AMBIGUOUS_SIGNING_CERTIFICATE = "CMS_AMBIGUOUS_SIGNING_CERTIFICATE", Error,
            "Nhiều chứng thư khác nhau cùng khớp với định danh người ký.",
            "Several different certificates match the signer identifier.";
        CMS_CERTIFICATE_UNPARSEABLE = "CMS_CERTIFICATE_UNPARSEABLE", Info,
            "Một chứng thư kèm trong CMS không đọc được.",
            "A certificate in the CMS cannot be parsed.";
        UNSUPPORTED_DIGEST_ALGORITHM = "UNSUPPORTED_DIGEST_ALGORITHM", Error,
            "Thuật toán băm không được hỗ trợ.",
            "The digest algorithm is not supported.";
        UNSUPPORTED_SIGNATURE_ALGORITHM = "UNSUPPORTED_SIGNATURE_ALGORITHM", Error,
            "Thuật toán chữ ký không được hỗ trợ.",
            "The signature algorithm is not supported.";
        PSS_MGF_DISCREPANCY = "PSS_MGF_DISCREPANCY", Info,
            "RSASSA-PSS dùng hàm băm MGF1 khác hàm băm của thông điệp.",
            "RSASSA-PSS mask generation uses another hash than the message.";
        DIGEST_ALGORITHM_NOT_DECLARED = "DIGEST_ALGORITHM_NOT_DECLARED", Info,
            "Thuật toán băm của người ký không có trong SignedData.digestAlgorithms.",
            "The signer's digest algorithm is not listed in SignedData.digestAlgorithms.";
        SIGNATURE_HASH_DIFFERS_FROM_DIGEST = "SIGNATURE_HASH_DIFFERS_FROM_DIGEST", Info,
            "Hàm băm của thuật toán chữ ký khác thuật toán băm của người ký.",
            "The signature algorithm's hash differs from the digest algorithm.";
        ENCAPSULATED_CONTENT_IN_DETACHED = "ENCAPSULATED_CONTENT_IN_DETACHED", Error,
            "Chữ ký tách rời nhưng lại chứa nội dung đóng gói (eContent).",
            "A detached signature carries encapsulated content (eContent).";
        MISSING_ENCAPSULATED_CONTENT = "MISSING_ENCAPSULATED_CONTENT", Error,
            "Thiếu nội dung đóng gói (eContent) mà loại chữ ký yêu cầu.",
            "Encapsulated content (eContent) required by the SubFilter is absent.";
        UNEXPECTED_CONTENT_TYPE = "UNEXPECTED_CONTENT_TYPE", Error,
            "Loại nội dung đóng gói không đúng.",
            "The encapsulated content type is not the expected one.";
        ENCAPSULATED_DIGEST_MISMATCH = "ENCAPSULATED_DIGEST_MISMATCH", Error,
            "Giá trị SHA-1 đóng gói (adbe.pkcs7.sha1) không khớp với dữ liệu đã ký.",
            "The encapsulated SHA-1 (adbe.pkcs7.sha1) does not match the signed bytes.";
        MESSAGE_IMPRINT_MISMATCH = "MESSAGE_IMPRINT_MISMATCH", Error,
            "Giá trị băm trong dấu thời gian không khớp với dữ liệu được đóng dấu.",
            "The time-stamp's message imprint does not match the time-stamped data.";
        TST_INFO_UNPARSEABLE = "TST_INFO_UNPARSEABLE", Error,
            "Không đọc được thông tin dấu thời gian (TSTInfo).",
            "The time-stamp information (TSTInfo) cannot be parsed.";
        NO_SIGNED_ATTRIBUTES = "NO_SIGNED_ATTRIBUTES", Info,
            "Không có thuộc tính được ký: chữ ký được tính trực tiếp trên nội dung.",
            "No signed attributes: the signature is computed directly over the content.";
        SIGNED_ATTRIBUTES_NOT_DER = "SIGNED_ATTRIBUTES_NOT_DER", Info,
            "Thuộc tính được ký không theo mã hóa DER; đã kiểm tra đúng như nhận được.",
            "The signed attributes are not DER-encoded; verified as received.";
        MISSING_SIGNED_ATTRIBUTE = "MISSING_SIGNED_ATTRIBUTE", Error,
            "Thiếu một thuộc tính được ký bắt buộc.",
            "A required signed attribute is missing.";
        DUPLICATE_SIGNED_ATTRIBUTE = "DUPLICATE_SIGNED_ATTRIBUTE", Error,
            "Một thuộc tính được ký xuất hiện nhiều lần hoặc có nhiều giá trị.",
            "A signed attribute occurs more than once or has several values.";
        SIGNED_ATTRIBUTE_UNPARSEABLE = "SIGNED_ATTRIBUTE_UNPARSEABLE", Error,
            "Không đọc được một thuộc tính được ký.",
            "A signed attribute cannot be parsed.";
        CONTENT_TYPE_MISMATCH = "CONTENT_TYPE_MISMATCH", Error,
            "Thuộc tính contentType khác loại nội dung đóng gói.",
            "The signed contentType differs from the encapsulated content type.";
        MESSAGE_DIGEST_MISMATCH = "MESSAGE_DIGEST_MISMATCH", Error,
            "Thuộc tính messageDigest không khớp với giá trị băm của dữ liệu đã ký.",
            "The messageDigest does not match the digest of the signed bytes.";
        UNSUPPORTED_PUBLIC_KEY = "UNSUPPORTED_PUBLIC_KEY", Error,
            "Khóa công khai của chứng thư người ký không dùng được.",
            "The signer certificate's public key is not usable.";
        ESS_CERTIFICATE_MISMATCH = "ESS_CERTIFICATE_MISMATCH", Error,
            "Thuộc tính ESS signing-certificate không khớp với chứng thư của người ký.",
            "The ESS signing-certificate hash does not match the signer certificate.";
        ESS_ISSUER_SERIAL_MISMATCH = "ESS_ISSUER_SERIAL_MISMATCH", Error,
            "issuerSerial của ESS signing-certificate không khớp với chứng thư của người ký.",
            "The ESS signing-certificate issuerSerial does not match the signer certificate.";
        UNSIGNED_ATTRIBUTE_UNPARSEABLE = "UNSIGNED_ATTRIBUTE_UNPARSEABLE", Info,
            "Không đọc được một thuộc tính không được ký.",
            "An unsigned attribute cannot be parsed.";
        CMS_TRAILING_DATA = "CMS_TRAILING_DATA", Info,
            "Có dữ liệu khác 0 sau cấu trúc CMS trong /Contents.",
            "Non-zero bytes follow the CMS structure in /Contents.";
    }
    section "PAdES level" {
        PADES_NOT_APPLICABLE = "PADES_NOT_APPLICABLE", Info,
            "Loại chữ ký (/SubFilter) này không có mức PAdES.",
            "This SubFilter has no PAdES level.";
        PADES_MALFORMED_CMS = "PADES_MALFORMED_CMS", Info,
            "Không đánh giá được chữ ký CMS.",
            "The CMS signature cannot be evaluated.";
        PADES_NO_SIGNED_ATTRIBUTES = "PADES_NO_SIGNED_ATTRIBUTES", Info,
            "Không có thuộc tính được ký.",
            "No signed attributes.";
        PADES_NO_CONTENT_TYPE = "PADES_NO_CONTENT_TYPE", Info,
            "Thiếu thuộc tính được ký content-type.",
            "No content-type signed attribute.";
        PADES_NO_SIGNING_CERTIFICATE = "PADES_NO_SIGNING_CERTIFICATE", Info,
            "Thiếu thuộc tính ESS signing-certificate-v2.",
            "No ESS signing-certificate-v2 attribute.";
        PADES_SIGNING_CERTIFICATE_V1 = "PADES_SIGNING_CERTIFICATE_V1", Info,
            "Dùng ESS signing-certificate (v1) thay cho signing-certificate-v2.",
            "ESS signing-certificate (v1) instead of signing-certificate-v2.";
        PADES_SIGNING_CERTIFICATE_MISMATCH = "PADES_SIGNING_CERTIFICATE_MISMATCH", Info,
            "ESS signing-certificate không chỉ đúng chứng thư của người ký.",
            "ESS signing-certificate does not name the signer certificate.";
        PADES_SIGNING_TIME_PRESENT = "PADES_SIGNING_TIME_PRESENT", Info,
            "Có thuộc tính signing-time trong CMS (PAdES dùng /M).",
            "CMS signing-time attribute present (PAdES uses /M).";
        PADES_NO_TIMESTAMP = "PADES_NO_TIMESTAMP", Info,
            "Không có dấu thời gian chữ ký hợp lệ hay dấu thời gian tài liệu sau đó.",
            "No valid signature time-stamp or later document time-stamp.";
        PADES_INVALID_SIGNATURE_TIMESTAMP = "PADES_INVALID_SIGNATURE_TIMESTAMP", Info,
            "Dấu thời gian của chữ ký không hợp lệ.",
            "The signature time-stamp is not valid.";
        PADES_NO_DSS = "PADES_NO_DSS", Info,
            "Không có /DSS.",
            "No /DSS.";
        PADES_NO_CHAIN = "PADES_NO_CHAIN", Info,
            "Không có đường dẫn chứng thực tới điểm tin cậy.",
            "No certification path to a trust anchor.";
        PADES_MISSING_CERTIFICATE = "PADES_MISSING_CERTIFICATE", Info,
            "Một chứng thư của chuỗi không có trong /DSS lẫn CMS.",
            "A certificate of the path is neither in the /DSS nor in the CMS.";
        PADES_MISSING_REVOCATION = "PADES_MISSING_REVOCATION", Info,
            "/DSS không có CRL hay phản hồi OCSP cho một chứng thư của chuỗi.",
            "The /DSS has no CRL or OCSP response for a certificate of the path.";
        PADES_NO_ARCHIVE_TIMESTAMP = "PADES_NO_ARCHIVE_TIMESTAMP", Info,
            "Không có dấu thời gian tài liệu hợp lệ sau /DSS.",
            "No valid document time-stamp after the /DSS.";
    }
}

/// The README's "Finding codes" tables: the catalogue, then the change kinds of the modification
/// analysis ([`crate::report::ChangeKind`], reported as `changes[].kind`).
pub fn readme_tables() -> String {
    let mut out = markdown_table();
    out.push_str("\n| change kind | message (vi) | message (en) |\n|---|---|---|\n");
    for kind in crate::report::ChangeKind::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            kind.as_str(),
            kind.label(Lang::Vi),
            kind.label(Lang::En)
        ));
    }
    out
}

/// The catalogue as a Markdown table.
pub fn markdown_table() -> String {
    let mut out =
        String::from("| code | severity | message (vi) | message (en) |\n|---|---|---|---|\n");
    let mut section = "";
    for c in ALL {
        if c.section != section {
            section = c.section;
            out.push_str(&format!("| **{section}** | | | |\n"));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.code,
            c.severity.as_str(),
            c.vi.replace('|', "\\|"),
            c.en.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_upper_snake_case_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for c in ALL {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                !c.code.is_empty()
                    && c.code
                        .chars()
                        .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_'),
                "{} is not UPPER_SNAKE_CASE",
                c.code
            );
            assert!(
                !c.vi.trim().is_empty(),
                "{} has no Vietnamese message",
                c.code
            );
            assert!(!c.en.trim().is_empty(), "{} has no English message", c.code);
            assert_ne!(c.vi, c.en, "{} is not translated", c.code);
            assert!(!c.section.is_empty());
        }
    }

    #[test]
    fn codes_are_found_by_their_string() {
        assert_eq!(find("REVOCATION_UNKNOWN"), Some(&REVOCATION_UNKNOWN));
        assert_eq!(find("pki.revocation_unknown"), None);
    }
}
