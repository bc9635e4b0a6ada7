//! Stable finding codes of the policy (stored in SQLite, matched by tests and tallies: never
//! renamed), each with its sentence in Vietnamese and English.

use crate::report::Finding;

/// A finding code and its two sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

impl Code {
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

macro_rules! codes {
    ($($name:ident = $code:literal, $vi:literal, $en:literal;)*) => {
        $(pub const $name: Code = Code { code: $code, vi: $vi, en: $en };)*
        /// Every policy code, for documentation and uniqueness tests.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    // ---- document (structure)
    UNREADABLE = "DOCUMENT_UNREADABLE",
        "Không đọc được tệp như một tài liệu PDF.",
        "The file cannot be read as a PDF document.";
    NEWEST_REVISION_UNREADABLE = "NEWEST_REVISION_UNREADABLE",
        "Phần cập nhật cuối của tệp bị hỏng: nội dung người xem thấy có thể khác với nội dung đã ký.",
        "The file's last update is broken: what a viewer shows may differ from what was signed.";
    UNACCOUNTED_BYTES = "UNACCOUNTED_BYTES_AFTER_SIGNED_REVISION",
        "Có dữ liệu nằm sau phiên bản cuối cùng mà không thuộc phiên bản nào của tài liệu.",
        "Bytes follow the last revision that belong to no revision of the document.";
    UNACCOUNTED_SIGNATURE = "SIGNATURE_OUTSIDE_REVISIONS",
        "Dữ liệu thừa ở cuối tệp chứa một chữ ký (/ByteRange) mà chuỗi phiên bản không dẫn tới.",
        "Trailing bytes contain a signature (/ByteRange) that the revision chain does not reach.";
    PARSER_ANOMALY = "PDF_ANOMALY",
        "Cấu trúc PDF có điểm không đúng chuẩn ISO 32000 (đã được ghi nhận, không tự sửa).",
        "The PDF structure deviates from ISO 32000 (recorded, not repaired).";
    HYBRID_XREF = "PDF_HYBRID_XREF",
        "Tệp dùng bảng tham chiếu lai (bảng + luồng /XRefStm): các trình đọc có thể thấy nội dung khác nhau.",
        "The file uses hybrid cross-references (table + /XRefStm): readers may see different content.";
    LOCATE_PROBLEM = "SIGNATURE_FIELDS_INCOMPLETE",
        "Không duyệt hết được cây trường biểu mẫu hoặc cây trang.",
        "The form field tree or page tree could not be walked completely.";
    SHARED_SIGNATURE = "SIGNATURE_SHARED_BY_FIELDS",
        "Một chữ ký được nhiều trường dùng chung; chỉ báo cáo một lần.",
        "One signature is referenced by several fields; it is reported once.";
    EMPTY_SIGNATURE_FIELDS = "EMPTY_SIGNATURE_FIELDS",
        "Tài liệu có trường chữ ký chưa được ký.",
        "The document has signature fields that were never signed.";

    // ---- document (encryption, ISO 32000-2 §7.6)
    PASSWORD_REQUIRED = "PASSWORD_REQUIRED",
        "Văn bản được bảo vệ bằng mật khẩu: cần mật khẩu đúng để kiểm tra chữ ký.",
        "The document is password-protected: the right password is needed to check its signatures.";
    ENCRYPTION_NO_KEY = "ENCRYPTION_NO_KEY",
        "Văn bản được mã hóa cho người nhận có chứng thư số (Adobe.PubSec): không có khóa để giải mã nên không kiểm tra được chữ ký.",
        "The document is encrypted for certificate holders (Adobe.PubSec): there is no key to decrypt it, so its signatures cannot be checked.";
    ENCRYPTION_UNSUPPORTED = "ENCRYPTION_UNSUPPORTED",
        "Văn bản dùng kiểu mã hóa không được hỗ trợ hoặc từ điển /Encrypt bị lỗi.",
        "The document's encryption is not supported or its /Encrypt dictionary is malformed.";
    ENCRYPTION_WEAK = "ENCRYPTION_WEAK",
        "Văn bản được mã hóa bằng thuật toán yếu (RC4 hoặc khóa dưới 128 bit): việc mã hóa và giới hạn quyền không bảo vệ được gì; chữ ký không bị ảnh hưởng.",
        "The document is encrypted with a weak algorithm (RC4 or a key under 128 bits): the encryption and its restrictions protect nothing; the signatures are not affected.";
    ENCRYPTION_PERMISSIONS_MISMATCH = "ENCRYPTION_PERMISSIONS_MISMATCH",
        "Quyền sử dụng ghi trong /P không khớp với bản được mã hóa (/Perms): /P đã bị sửa sau khi mã hóa.",
        "The permissions in /P do not match their encrypted copy (/Perms): /P was altered after encryption.";

    // ---- signature: format
    VALUE_MALFORMED = "SIGNATURE_VALUE_MALFORMED",
        "Giá trị chữ ký (/V) không đọc được.",
        "The signature value (/V) cannot be read.";
    COVERAGE_FORMAT = "BYTE_RANGE_MALFORMED",
        "/ByteRange hoặc /Contents của chữ ký không hợp lệ: không xác định được phần dữ liệu đã ký.",
        "The signature's /ByteRange or /Contents is malformed: the signed bytes cannot be determined.";
    COVERAGE_PARTIAL = "COVERAGE_PARTIAL",
        "Chữ ký không bao trùm trọn một phiên bản của tài liệu.",
        "The signature does not cover a complete revision of the document.";
    CMS_MALFORMED = "CMS_MALFORMED",
        "Dữ liệu chữ ký (CMS) bị lỗi cấu trúc, không kiểm tra được.",
        "The signature data (CMS) is malformed and cannot be checked.";
    CMS_NOTE = "CMS_NOTE",
        "Dữ liệu chữ ký (CMS) có điểm không đúng chuẩn nhưng vẫn kiểm tra được.",
        "The signature data (CMS) deviates from the standard but could still be checked.";
    UNSUPPORTED_SIGNATURE_TYPE = "UNSUPPORTED_SIGNATURE_TYPE",
        "Loại chữ ký (/SubFilter) không được hỗ trợ; chữ ký chưa được kiểm tra (không có nghĩa là chưa ký).",
        "The signature type (/SubFilter) is not supported; the signature was not checked (this does not mean unsigned).";
    UNSUPPORTED_FILTER = "UNSUPPORTED_SIGNATURE_HANDLER",
        "Trình xử lý chữ ký (/Filter) không được biết tới.",
        "The signature handler (/Filter) is unknown.";
    NO_SIGNING_CERTIFICATE = "NO_SIGNING_CERTIFICATE",
        "Chữ ký không kèm chứng thư số của người ký: không xác định được người ký.",
        "The signature does not carry the signer's certificate: the signer cannot be identified.";

    // ---- signature: integrity and crypto
    DIGEST_MISMATCH = "DIGEST_MISMATCH",
        "Nội dung đã bị thay đổi sau khi ký (giá trị băm không khớp).",
        "The content was changed after signing (digest mismatch).";
    SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH",
        "Giá trị chữ ký không khớp với khóa công khai của chứng thư.",
        "The signature value does not verify with the certificate's public key.";
    WEAK_DIGEST = "WEAK_DIGEST_ALGORITHM",
        "Chữ ký dùng thuật toán băm yếu (SHA-1/MD5), không còn được chấp nhận.",
        "The signature uses a weak digest algorithm (SHA-1/MD5) that is no longer accepted.";
    WEAK_KEY = "WEAK_SIGNER_KEY",
        "Khóa RSA của người ký ngắn hơn mức tối thiểu được chấp nhận.",
        "The signer's RSA key is shorter than the accepted minimum.";

    // ---- signature: certificate and trust
    UNTRUSTED = "CERTIFICATE_UNTRUSTED",
        "Chứng thư của người ký không dẫn tới một chứng thư gốc tin cậy đã cấu hình.",
        "The signer's certificate does not chain to a configured trust anchor.";
    CHAIN_INVALID = "CERTIFICATE_CHAIN_INVALID",
        "Chuỗi chứng thư tới chứng thư gốc vi phạm ràng buộc (RFC 5280).",
        "The certificate path to the trust anchor violates a constraint (RFC 5280).";
    EXPIRED = "CERTIFICATE_EXPIRED",
        "Chứng thư đã hết hạn tại thời điểm ký.",
        "The certificate had expired at the signing time.";
    NOT_YET_VALID = "CERTIFICATE_NOT_YET_VALID",
        "Chứng thư chưa có hiệu lực tại thời điểm ký.",
        "The certificate was not yet valid at the signing time.";
    OUT_OF_BOUNDS_UNPROVEN = "CERTIFICATE_VALIDITY_UNPROVEN",
        "Chứng thư không có hiệu lực tại thời điểm ký được khai báo, và thời điểm ký không được chứng minh.",
        "The certificate is outside its validity at the claimed signing time, and that time is not proven.";
    REVOKED = "CERTIFICATE_REVOKED",
        "Chứng thư đã bị thu hồi trước thời điểm ký.",
        "The certificate was revoked before the signing time.";
    REVOKED_UNPROVEN = "CERTIFICATE_REVOKED_TIME_UNPROVEN",
        "Chứng thư đã bị thu hồi; thời điểm ký không được chứng minh là trước khi thu hồi.",
        "The certificate was revoked; the signing time is not proven to precede the revocation.";
    REVOKED_AFTER_SIGNING = "CERTIFICATE_REVOKED_AFTER_SIGNING",
        "Chứng thư bị thu hồi sau thời điểm ký đã được chứng minh bằng dấu thời gian; chữ ký vẫn hợp lệ.",
        "The certificate was revoked after the time-stamped signing time; the signature stays valid.";
    REVOCATION_UNKNOWN = "REVOCATION_UNKNOWN",
        "Không có thông tin thu hồi (CRL/OCSP) để kiểm tra chứng thư.",
        "No revocation information (CRL/OCSP) is available to check the certificate.";
    REVOCATION_REQUIRED = "REVOCATION_REQUIRED",
        "Chính sách yêu cầu thông tin thu hồi nhưng không có: chưa kết luận được.",
        "The policy requires revocation information, which is missing: no conclusion yet.";

    // ---- signature: time
    TIME_FROM_TIMESTAMP = "SIGNING_TIME_TIMESTAMPED",
        "Thời điểm ký được chứng minh bằng dấu thời gian (RFC 3161).",
        "The signing time is proven by a time-stamp (RFC 3161).";
    TIME_UNVERIFIED = "SIGNING_TIME_UNVERIFIED",
        "Thời điểm ký do phần mềm ký khai báo, không được chứng minh bằng dấu thời gian.",
        "The signing time is claimed by the signing software, not proven by a time-stamp.";
    TIME_UNKNOWN = "SIGNING_TIME_UNKNOWN",
        "Chữ ký không có thời điểm ký; kiểm tra tại thời điểm hiện tại.",
        "The signature states no signing time; it was checked at the validation time.";
    TIMESTAMP_INVALID = "TIMESTAMP_INVALID",
        "Dấu thời gian kèm chữ ký không hợp lệ và không được dùng.",
        "The signature's time-stamp is not valid and was not used.";
    TIMESTAMP_UNTRUSTED = "TIMESTAMP_UNTRUSTED",
        "Dấu thời gian kèm chữ ký không do đơn vị cấp dấu thời gian tin cậy cấp và không được dùng.",
        "The signature's time-stamp is not from a trusted time-stamping authority and was not used.";

    // ---- signature: after signing
    MODIFICATION_NOT_ANALYSED = "MODIFICATION_NOT_ANALYSED",
        "Tài liệu có phần cập nhật sau chữ ký này; các thay đổi đó chưa được phân tích.",
        "The document was updated after this signature; those changes have not been analysed.";
    MODIFICATION_DISALLOWED = "MODIFIED_AFTER_SIGNING",
        "Tài liệu bị thay đổi sau khi ký theo cách không được phép.",
        "The document was changed after signing in a way that is not allowed.";

    // ---- Decree 30
    D30_NOT_SIGNED = "D30_NOT_SIGNED",
        "Văn bản không có chữ ký số.",
        "The document carries no digital signature.";
    D30_PERSON_ONLY = "D30_MISSING_AGENCY_SIGNATURE",
        "Văn bản chỉ có chữ ký của người có thẩm quyền, thiếu chữ ký số của cơ quan ban hành.",
        "Only the competent person signed; the issuing agency's signature is missing.";
    D30_AGENCY_ONLY = "D30_MISSING_PERSON_SIGNATURE",
        "Văn bản chỉ có chữ ký số của cơ quan, thiếu chữ ký của người có thẩm quyền.",
        "Only the agency signed; the competent person's signature is missing.";
    D30_WRONG_ORDER = "D30_WRONG_SIGNING_ORDER",
        "Cơ quan ký trước người có thẩm quyền; Nghị định 30 yêu cầu người có thẩm quyền ký trước.",
        "The agency signed before the competent person; Decree 30 requires the person to sign first.";
    D30_NO_PERSON_OR_AGENCY = "D30_SIGNER_ROLES_UNKNOWN",
        "Không xác định được chữ ký nào là của người có thẩm quyền hay của cơ quan.",
        "None of the signatures could be attributed to the competent person or to the agency.";
    D30_SIGNATURE_NOT_VALID = "D30_SIGNATURE_NOT_VALID",
        "Văn bản có chữ ký số không hợp lệ hoặc chưa xác định được.",
        "The document has a signature that is not valid or could not be decided.";
    D30_PUBLIC_CA = "D30_PUBLIC_CA",
        "Chữ ký chỉ được tin cậy qua tổ chức cung cấp dịch vụ chứng thực công cộng, không phải CA chuyên dùng Chính phủ.",
        "The signature is trusted only through a public CA, not the government's specialised CA.";
    D30_MODIFICATION_NOT_ANALYSED = "D30_MODIFICATION_NOT_ANALYSED",
        "Chưa phân tích được các thay đổi sau khi ký nên chưa kết luận tuân thủ.",
        "Changes after signing have not been analysed, so compliance cannot be concluded.";
    D30_MODIFIED = "D30_MODIFIED_AFTER_SIGNING",
        "Văn bản bị thay đổi không được phép sau khi ký.",
        "The document was changed in a disallowed way after signing.";
}
