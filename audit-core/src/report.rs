//! The one serialised schema shared by the CLI (`kyso verify --format json`), the HTTP API, the
//! SQLite store and the browser app. Field names and enum spellings are the vocabulary of
//! `DESIGN.md` ("Verdict vocabulary") and are stable: runs stored in SQLite are read back with it.
//!
//! Every enum value has one stable spelling ([`DocumentVerdict::as_str`] and its siblings, the
//! same as its serde spelling, lower snake case) and a label in each language
//! ([`DocumentVerdict::label`]), used alike by the CLI text output and the app. Finding codes and
//! their sentences are in [`crate::codes`].
//!
//! Everything here is a *fact or a verdict already decided*; nothing in this module decides.

use serde::{Deserialize, Serialize};

/// Version of the JSON document `{"schema": 1, "documents": [...]}`.
pub const SCHEMA_VERSION: u32 = 1;

/// Defines a report enum whose variants each have a stable spelling (serde, [`as_str`]) and a
/// label in both languages, listed once.
///
/// [`as_str`]: DocumentVerdict::as_str
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $spelling:literal, $vi:literal, $en:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $spelling)] $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The stable spelling (the same as the serde one).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $spelling,)*
                }
            }

            /// The label shown to users, in `lang`.
            pub fn label(self, lang: $crate::lang::Lang) -> &'static str {
                match self {
                    $(Self::$variant => lang.pick($vi, $en),)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// Verdict on a whole document.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum DocumentVerdict {
        /// Every signature is valid and nothing disallowed changed after any of them.
        Valid = "valid", "Hợp lệ", "Valid";
        /// At least one signature is invalid, or the document was changed in a disallowed way.
        Invalid = "invalid", "Không hợp lệ", "Invalid";
        /// Some signature could not be decided (e.g. untrusted chain, unknown algorithm).
        Indeterminate = "indeterminate", "Chưa xác định", "Indeterminate";
        /// A readable PDF without any signature.
        Unsigned = "unsigned", "Chưa ký số", "Not signed";
        /// Not a PDF, or a PDF whose structure cannot be read within the limits.
        Unreadable = "unreadable", "Không đọc được", "Unreadable";
    }
}

vocabulary! {
    /// Integrity of one signature's signed bytes (DESIGN.md: `integrity`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Integrity {
        /// The digest matches and the signature over the signed attributes verifies.
        Intact = "intact", "Nguyên vẹn", "Intact";
        /// Digest or signature mismatch: the signed bytes or the signature were altered.
        Broken = "broken", "Đã bị thay đổi", "Altered";
        /// Cannot be evaluated: missing or garbled /Contents or /ByteRange, unparseable CMS, no
        /// signer certificate, unsupported algorithm.
        Malformed = "malformed", "Không kiểm tra được", "Cannot be checked";
    }
}

vocabulary! {
    /// What part of the file a signature's /ByteRange covers (ISO 32000-2 §12.8.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Coverage {
        /// Anything short of a whole revision: a gap that is not exactly /Contents, a signed zone
        /// that does not end at a revision's %%EOF, overlapping ranges (defeats signature
        /// wrapping).
        Partial = "partial", "Không trọn vẹn", "Partial";
        /// Exactly one complete revision; later incremental updates follow it.
        EntireRevision = "entire_revision", "Một phiên bản, có cập nhật sau", "One revision, updated later";
        /// The whole file except the /Contents value.
        EntireFile = "entire_file", "Toàn bộ tệp", "Entire file";
    }
}

vocabulary! {
    /// Whether the signer's certificate chains to a configured trust anchor.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Trust {
        Trusted = "trusted", "Tin cậy", "Trusted";
        Untrusted = "untrusted", "Không tin cậy", "Untrusted";
    }
}

vocabulary! {
    /// The kind of trust anchor a certification path ends at (Decree 30: state documents are
    /// signed under the government's specialised CA; a public CA is a finding).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    #[non_exhaustive]
    pub enum AnchorKind {
        /// The government's specialised CA (Ban Cơ yếu Chính phủ, VGCA G1/G2).
        #[default]
        Government = "government", "CA chuyên dùng Chính phủ", "Government CA";
        /// A public (commercial) CA, e.g. under the Vietnam National Root CA.
        Public = "public", "CA công cộng", "Public CA";
    }
}

vocabulary! {
    /// The signer certificate's validity period relative to the signing time.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ValidityAtSigning {
        Valid = "valid", "Còn hiệu lực", "Valid";
        Expired = "expired", "Hết hạn", "Expired";
        NotYetValid = "not_yet_valid", "Chưa có hiệu lực", "Not yet valid";
    }
}

vocabulary! {
    /// Revocation status of the signer's certificate at the signing time.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Revocation {
        Good = "good", "Chưa bị thu hồi", "Not revoked";
        Revoked = "revoked", "Đã bị thu hồi", "Revoked";
        Unknown = "unknown", "Chưa rõ", "Unknown";
    }
}

vocabulary! {
    /// Judgement on what changed in the file after this signature.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Modification {
        None = "none", "Không thay đổi", "No change";
        Allowed = "allowed", "Thay đổi được phép", "Allowed changes";
        Disallowed = "disallowed", "Thay đổi không được phép", "Disallowed changes";
    }
}

vocabulary! {
    /// Whether a signature belongs to a natural person or to an agency (Decree 30 Art. 32.2.d).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Role {
        Person = "person", "Cá nhân", "Person";
        Organization = "organization", "Cơ quan", "Agency";
        Unknown = "unknown", "Chưa rõ vai trò", "Role unknown";
    }
}

vocabulary! {
    /// Bottom line for one signature.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SignatureStatus {
        Valid = "valid", "Hợp lệ", "Valid";
        Invalid = "invalid", "Không hợp lệ", "Invalid";
        Indeterminate = "indeterminate", "Chưa xác định", "Indeterminate";
    }
}

vocabulary! {
    /// ETSI EN 319 102-1 §5.1.3 main indication.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Indication {
        TotalPassed = "TOTAL_PASSED", "Đạt", "Total passed";
        TotalFailed = "TOTAL_FAILED", "Không đạt", "Total failed";
        Indeterminate = "INDETERMINATE", "Chưa xác định", "Indeterminate";
    }
}

vocabulary! {
    /// ETSI EN 319 102-1 §5.1.3 sub-indications used by kyso.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum SubIndication {
        FormatFailure = "FORMAT_FAILURE", "Sai định dạng", "Format failure";
        HashFailure = "HASH_FAILURE", "Sai giá trị băm", "Hash failure";
        SigCryptoFailure = "SIG_CRYPTO_FAILURE", "Giá trị chữ ký không khớp", "Signature cryptographic failure";
        Revoked = "REVOKED", "Đã bị thu hồi", "Revoked";
        /// Revoked, and the signing time is not proven to precede the revocation (INDETERMINATE).
        RevokedNoPoe = "REVOKED_NO_POE", "Đã bị thu hồi, chưa chứng minh được thời điểm ký", "Revoked, no proof of existence";
        NotYetValid = "NOT_YET_VALID", "Chưa có hiệu lực", "Not yet valid";
        Expired = "EXPIRED", "Hết hạn", "Expired";
        CryptoConstraintsFailure = "CRYPTO_CONSTRAINTS_FAILURE", "Thuật toán mật mã không đạt yêu cầu", "Cryptographic constraints failure";
        NoSigningCertificateFound = "NO_SIGNING_CERTIFICATE_FOUND", "Không tìm thấy chứng thư của người ký", "No signing certificate found";
        NoCertificateChainFound = "NO_CERTIFICATE_CHAIN_FOUND", "Không tìm thấy chuỗi chứng thư tới điểm tin cậy", "No certificate chain found";
        /// A path exists but violates a constraint (INDETERMINATE).
        ChainConstraintsFailure = "CHAIN_CONSTRAINTS_FAILURE", "Chuỗi chứng thư vi phạm ràng buộc", "Chain constraints failure";
        /// Outside the certificate's validity at a time that is not proven (INDETERMINATE).
        OutOfBoundsNoPoe = "OUT_OF_BOUNDS_NO_POE", "Ngoài thời hạn hiệu lực, chưa chứng minh được thời điểm ký", "Out of bounds, no proof of existence";
        SigConstraintsFailure = "SIG_CONSTRAINTS_FAILURE", "Vi phạm ràng buộc của chữ ký", "Signature constraints failure";
        TryLater = "TRY_LATER", "Kiểm tra lại sau", "Try later";
        Generic = "GENERIC", "Chưa xác định", "Generic";
    }
}

vocabulary! {
    /// Decree 30 compliance of a document.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Decree30Status {
        Compliant = "compliant", "Đạt", "Compliant";
        NonCompliant = "non_compliant", "Chưa đạt", "Not compliant";
    }
}

vocabulary! {
    /// How much a finding weighs (the catalogue in [`crate::codes`] gives each code one).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Severity {
        /// A fact worth knowing; nothing wrong.
        Info = "info", "Thông tin", "Information";
        /// Something that keeps a signature from being fully valid or a document from being
        /// compliant, or deserves a look.
        Warning = "warning", "Cảnh báo", "Warning";
        /// A failure: the signature is invalid or the document non-compliant because of it.
        Error = "error", "Lỗi", "Error";
    }
}

/// A reportable fact with a stable code (stored in SQLite, never renumbered) and a sentence in
/// each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
}

/// Identity of a signer, always read from the *verified* certificate (never /Name or /Reason).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerIdentity {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub subject: String,
    pub issuer: String,
    /// Serial number in lower-case hex.
    pub serial: String,
}

/// Trust facts about the signer certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateReport {
    pub trust: Trust,
    pub validity_at_signing: Option<ValidityAtSigning>,
    pub revocation: Revocation,
    /// The kind of trust anchor the path ends at; `None` when untrusted (and in reports stored
    /// before it was added).
    #[serde(default)]
    pub anchor: Option<AnchorKind>,
}

/// One change found in a revision after a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeReport {
    pub revision: usize,
    pub object: Option<String>,
    pub kind: ChangeKind,
    pub verdict: Modification,
    pub message_vi: String,
    pub message_en: String,
}

vocabulary! {
    /// What one change after a signature is (ISO 32000-2 §7.5.6 incremental updates, judged by
    /// `modification` against §12.8.2.2 DocMDP and §12.8.2.4 FieldMDP). The label is the
    /// sentence of the change's message.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum ChangeKind {
        SignatureAdded = "signature_added", "Thêm chữ ký số", "A signature was added";
        DocumentTimestampAdded = "document_timestamp_added", "Thêm dấu thời gian cho văn bản", "A document timestamp was added";
        SignatureFieldAdded = "signature_field_added", "Thêm ô chữ ký chưa ký", "An unsigned signature field was added";
        DssUpdated = "dss_updated", "Bổ sung dữ liệu kiểm tra dài hạn (DSS)", "Long-term validation data (DSS) was added";
        StructureTreeUpdated = "structure_tree_updated", "Cập nhật cây cấu trúc (thẻ tiếp cận) của văn bản", "The logical structure tree (accessibility tags) was updated";
        FormFilled = "form_filled", "Điền giá trị vào trường biểu mẫu có sẵn", "A pre-existing form field was filled in";
        FieldAppearanceChanged = "field_appearance_changed", "Thay đổi hình thức hiển thị của trường biểu mẫu", "A form field's appearance changed";
        AnnotationAdded = "annotation_added", "Thêm chú thích (annotation) vào trang", "An annotation was added to a page";
        AnnotationChanged = "annotation_changed", "Sửa chú thích (annotation) có sẵn", "An existing annotation was modified";
        TabOrderChanged = "tab_order_changed", "Thay đổi thứ tự chuyển giữa các chú thích trên trang (/Tabs)", "The annotation tab order of a page (/Tabs) changed";
        MetadataUpdated = "metadata_updated", "Cập nhật thông tin mô tả (metadata)", "Document metadata was updated";
        XrefRedirect = "xref_redirect", "Bảng tham chiếu trỏ đối tượng sang vị trí khác trong tệp", "The cross-reference table redirects an object to other bytes of the file";
        CatalogChanged = "catalog_changed", "Sửa danh mục gốc của văn bản (catalog)", "The document catalog was changed";
        PagesRepointed = "pages_repointed", "Cây trang của văn bản bị thay bằng cây trang khác", "The catalog now points to a different page tree";
        PageTreeChanged = "page_tree_changed", "Sửa cây trang", "The page tree was changed";
        PageChanged = "page_changed", "Sửa nội dung hoặc tài nguyên của trang", "A page's contents or resources were changed";
        ContentStreamChanged = "content_stream_changed", "Sửa luồng nội dung hiển thị của trang", "A page content stream was changed";
        FontChanged = "font_changed", "Định nghĩa lại phông chữ", "A font was redefined";
        XObjectChanged = "xobject_changed", "Sửa hình ảnh hoặc khối nội dung (XObject)", "An image or form XObject was changed";
        ResourceChanged = "resource_changed", "Sửa tài nguyên hiển thị của trang", "A page resource was changed";
        SharedAppearanceOverwritten = "shared_appearance_overwritten", "Ghi đè hình thức hiển thị đang được dùng ở nơi khác", "An appearance stream also used elsewhere was overwritten or reused";
        SignatureDictionaryChanged = "signature_dictionary_changed", "Sửa từ điển chữ ký sau khi ký", "A signature dictionary was rewritten after signing";
        SignatureValueReplaced = "signature_value_replaced", "Thay giá trị của ô chữ ký đã ký", "The value of a signed signature field was replaced";
        FieldAdded = "field_added", "Thêm trường biểu mẫu mới (không phải chữ ký)", "A new non-signature form field was added";
        FieldChanged = "field_changed", "Sửa thuộc tính của trường biểu mẫu", "Form field properties were changed";
        FieldRemoved = "field_removed", "Xóa trường biểu mẫu", "A form field was removed";
        WidgetAdded = "widget_added", "Thêm vùng hiển thị (widget) không thuộc chữ ký mới", "A widget not belonging to a new signature was added";
        AnnotationRemoved = "annotation_removed", "Xóa chú thích khỏi trang", "An annotation was removed from a page";
        AcroFormChanged = "acroform_changed", "Sửa cấu hình biểu mẫu (AcroForm)", "The interactive form dictionary was changed";
        PermsChanged = "perms_changed", "Sửa quyền chứng thực văn bản (/Perms)", "The document permissions (/Perms) were changed";
        ObjectFreed = "object_freed", "Xóa đối tượng đang được văn bản sử dụng", "An object in use was freed";
        ObjectUnreadable = "object_unreadable", "Đối tượng thêm sau khi ký không đọc được", "An object written after signing cannot be read";
        DuplicateObjectNumber = "duplicate_object_number", "Một số hiệu đối tượng được khai báo hai lần", "An object number is defined twice in one revision";
        UnaccountedBytes = "unaccounted_bytes", "Có dữ liệu ghép thêm sau lần lưu cuối không thuộc phiên bản hợp lệ nào", "Bytes after the last revision belong to no well-formed incremental update";
        UnreachableRevision = "unreachable_revision", "Có phiên bản văn bản không liên kết vào chuỗi phiên bản", "A revision exists that the /Prev chain does not reach";
        NewestRevisionUnreadable = "newest_revision_unreadable", "Phiên bản mới nhất của văn bản không đọc được", "The newest revision's cross-reference data cannot be read";
        OtherObjectChanged = "other_object_changed", "Thay đổi khác không được phép", "Another change no rule allows";
        CertificationAfterApproval = "certification_after_approval", "Chữ ký chứng thực được thêm sau chữ ký phê duyệt", "A certification signature follows an approval signature";
        SecondCertification = "second_certification", "Văn bản có hơn một chữ ký chứng thực", "The document has more than one certification signature";
        SignedRevisionUnknown = "signed_revision_unknown", "Không xác định được phiên bản được ký", "The signed revision cannot be determined";
        AnalysisIncomplete = "analysis_incomplete", "Không phân tích hết được thay đổi (vượt giới hạn)", "The change analysis stopped at a limit";
        EncryptionChanged = "encryption_changed", "Thay đổi cách mã hóa hoặc quyền sử dụng của văn bản (/Encrypt)", "The document's encryption or permissions (/Encrypt) were changed";
    }
}

/// The type of a signature, as named by the signature dictionary's /SubFilter (ISO 32000-2
/// §12.8.3). Serialised as the PDF name (without `/`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SubFilter {
    /// `adbe.pkcs7.detached`: detached CMS over the ByteRange.
    AdbePkcs7Detached,
    /// `ETSI.CAdES.detached` (PAdES, ETSI EN 319 142-1 §6.3).
    EtsiCadesDetached,
    /// `adbe.pkcs7.sha1`: CMS whose encapsulated content is the SHA-1 of the ByteRange.
    AdbePkcs7Sha1,
    /// `ETSI.RFC3161`: a document time-stamp token (ISO 32000-2 §12.8.5).
    EtsiRfc3161,
    /// Anything else (e.g. `adbe.x509.rsa_sha1`): an unsupported signature type, never "unsigned".
    Other(String),
}

impl SubFilter {
    /// Parses the PDF name (without the leading `/`).
    pub fn from_name(name: &str) -> Self {
        match name {
            "adbe.pkcs7.detached" => Self::AdbePkcs7Detached,
            "ETSI.CAdES.detached" => Self::EtsiCadesDetached,
            "adbe.pkcs7.sha1" => Self::AdbePkcs7Sha1,
            "ETSI.RFC3161" => Self::EtsiRfc3161,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The PDF name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::AdbePkcs7Detached => "adbe.pkcs7.detached",
            Self::EtsiCadesDetached => "ETSI.CAdES.detached",
            Self::AdbePkcs7Sha1 => "adbe.pkcs7.sha1",
            Self::EtsiRfc3161 => "ETSI.RFC3161",
            Self::Other(name) => name,
        }
    }
}

impl std::fmt::Display for SubFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SubFilter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SubFilter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(Self::from_name(&name))
    }
}

/// Everything known about one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureReport {
    /// Fully qualified field name (`parent.child`), or a synthetic name for a signature dictionary
    /// found outside the field tree.
    pub field: String,
    /// Index (0 = original document) of the revision this signature signs.
    pub revision: Option<usize>,
    pub sub_filter: Option<SubFilter>,
    pub signer: Option<SignerIdentity>,
    pub role: Role,
    /// How `role` was decided (directory entry, certificate heuristic, ...).
    pub role_basis: Option<String>,
    /// Claimed signing time (CMS signingTime, else /M), RFC 3339.
    pub signing_time: Option<String>,
    pub integrity: Integrity,
    pub coverage: Coverage,
    pub certificate: CertificateReport,
    pub modification: Option<Modification>,
    pub changes: Vec<ChangeReport>,
    pub status: SignatureStatus,
    pub indication: Indication,
    pub sub_indication: Option<SubIndication>,
    pub findings: Vec<Finding>,
    /// The signature time-stamp token (RFC 3161 Appendix A), when the CMS carries one. Absent in
    /// reports stored before it was added.
    #[serde(default)]
    pub timestamp: Option<TimestampReport>,
    /// The PAdES baseline level reached (ETSI EN 319 142-1 §6), or its PKCS #7 analogue. `None`
    /// for document time-stamps and in reports stored before it was added.
    #[serde(default)]
    pub pades: Option<PadesReport>,
}

impl SignatureReport {
    /// A document time-stamp (/SubFilter ETSI.RFC3161, ISO 32000-2 §12.8.5): nobody's signature.
    pub fn is_document_timestamp(&self) -> bool {
        self.sub_filter == Some(SubFilter::EtsiRfc3161)
    }
}

vocabulary! {
    /// Whether a time-stamp (a signature time-stamp token, or a document time-stamp) proves the
    /// signature existed at its genTime.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum TimestampStatus {
        /// Intact, imprint over the signature value, TSA trusted with id-kp-timeStamping at
        /// genTime.
        Valid = "valid", "Hợp lệ", "Valid";
        /// Present but not proving anything (broken, wrong imprint, untrusted or revoked TSA ...).
        Invalid = "invalid", "Không hợp lệ", "Invalid";
    }
}

/// A signature time-stamp token (RFC 3161 §2.4.2, Appendix A).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimestampReport {
    /// genTime, RFC 3339 (`None` when the token's TSTInfo is unreadable).
    pub time: Option<String>,
    pub status: TimestampStatus,
    /// Common name of the TSA certificate that signed the token.
    pub tsa: Option<String>,
}

vocabulary! {
    /// A PAdES baseline level (ETSI EN 319 142-1 §6.3), lowest first (each includes the ones
    /// before).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum BaselineLevel {
        BB = "b_b", "B-B", "B-B";
        BT = "b_t", "B-T", "B-T";
        BLt = "b_lt", "B-LT", "B-LT";
        BLta = "b_lta", "B-LTA", "B-LTA";
    }
}

impl BaselineLevel {
    /// The level's suffix in labels such as `PAdES-BASELINE-LT`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::BB => "B",
            Self::BT => "T",
            Self::BLt => "LT",
            Self::BLta => "LTA",
        }
    }
}

/// The level a signature reaches and what stops the next one (a fact of its form, not a
/// verdict on its validity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PadesReport {
    /// `None` when not even B-B is reached.
    pub level: Option<BaselineLevel>,
    /// `PAdES-BASELINE-LT`, `PKCS7-T`, ...; `None` with `level`.
    pub label: Option<String>,
    #[serde(default)]
    pub non_conformities: Vec<Finding>,
}

/// Decree 30 verdict on a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decree30Report {
    pub status: Decree30Status,
    pub findings: Vec<Finding>,
}

vocabulary! {
    /// The cipher a document is encrypted with (ISO 32000-2 §7.6.3, §7.6.5 crypt filters).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum EncryptionAlgorithm {
        /// RC4 (/V 1, 2, or crypt filter /V2): broken.
        Rc4 = "rc4", "RC4", "RC4";
        /// AES-128-CBC (/AESV2).
        Aes128 = "aes_128", "AES-128", "AES-128";
        /// AES-256-CBC (/AESV3).
        Aes256 = "aes_256", "AES-256", "AES-256";
        /// Strings and streams in clear (/Identity crypt filters).
        Identity = "identity", "Không mã hóa (Identity)", "Identity";
    }
}

vocabulary! {
    /// Who holds the key a document is encrypted with.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum EncryptionHandler {
        /// The standard security handler (§7.6.4): passwords.
        Password = "password", "Mật khẩu", "Password";
        /// The public-key security handler (§7.6.5, /Adobe.PubSec): recipients' private keys.
        PublicKey = "public_key", "Chứng thư số của người nhận", "Recipients' certificates";
        /// Another security handler, named in `filter`.
        Other = "other", "Trình bảo mật khác", "Another security handler";
    }
}

vocabulary! {
    /// How the document was opened.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum DecryptionStatus {
        /// With the empty user password: the document opens in every reader without a prompt.
        EmptyUserPassword = "empty_user_password", "Mở không cần mật khẩu", "Opens without a password";
        /// With the user password given by the caller.
        UserPassword = "user_password", "Mở bằng mật khẩu người dùng", "Opened with the user password";
        /// With the owner password given by the caller.
        OwnerPassword = "owner_password", "Mở bằng mật khẩu chủ sở hữu", "Opened with the owner password";
        /// A password is needed (none was given, or the one given opens nothing).
        PasswordRequired = "password_required", "Cần mật khẩu", "Password required";
        /// Encrypted for certificate holders: no key to decrypt with.
        NoKey = "no_key", "Mã hóa cho người nhận, không có khóa", "Encrypted for recipients, no key";
        /// The encryption is not supported or its dictionary is malformed.
        Unsupported = "unsupported", "Không hỗ trợ", "Not supported";
    }
}

/// The permission flags of /P (§7.6.4.2, Table 22): what the author allows a reader to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Bit 3.
    pub print: bool,
    /// Bit 12 (with bit 3).
    pub print_high_quality: bool,
    /// Bit 4: changes other than those of bits 6, 9 and 11.
    pub modify: bool,
    /// Bit 5: copy or extract text and graphics.
    pub copy: bool,
    /// Bit 6: add or modify annotations, fill form fields.
    pub annotate: bool,
    /// Bit 9: fill form fields, including signature fields.
    pub fill_forms: bool,
    /// Bit 10: extract for accessibility.
    pub extract_for_accessibility: bool,
    /// Bit 11: insert, rotate or delete pages.
    pub assemble: bool,
}

impl Permissions {
    /// Decodes /P (bits numbered from 1, §7.6.4.2).
    pub fn from_flags(p: i32) -> Self {
        let bit = |n: u32| p & (1 << (n - 1)) != 0;
        Self {
            print: bit(3),
            print_high_quality: bit(3) && bit(12),
            modify: bit(4),
            copy: bit(5),
            annotate: bit(6),
            fill_forms: bit(9) || bit(6),
            extract_for_accessibility: bit(10),
            assemble: bit(11),
        }
    }

    /// Whether anything is withheld.
    pub fn restricted(&self) -> bool {
        !(self.print
            && self.print_high_quality
            && self.modify
            && self.copy
            && self.annotate
            && self.fill_forms
            && self.extract_for_accessibility
            && self.assemble)
    }
}

/// A document's encryption, a reported fact (ISO 32000-2 §7.6): it never changes a verdict by
/// itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptionReport {
    pub handler: EncryptionHandler,
    /// /Filter as written (`Standard`, `Adobe.PubSec`, ...).
    pub filter: String,
    /// The cipher of streams (of strings when streams are in clear); `None` when unknown.
    pub algorithm: Option<EncryptionAlgorithm>,
    /// /V.
    pub version: i64,
    /// /R of the standard handler.
    pub revision: Option<i64>,
    pub key_bits: Option<u32>,
    /// /P decoded; `None` for handlers without /P.
    pub permissions: Option<Permissions>,
    /// /EncryptMetadata (false: the XMP metadata is readable without the key).
    pub encrypt_metadata: bool,
    pub status: DecryptionStatus,
}

/// A signature dictionary found in a document that could not be decrypted: listed, not verified
/// (changes after signing cannot be analysed without the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureFound {
    /// Index of the revision whose update wrote the signature dictionary.
    pub revision: usize,
    /// /SubFilter, e.g. `adbe.pkcs7.detached` (names are never encrypted).
    pub sub_filter: Option<SubFilter>,
    /// True for a document time-stamp (/Type /DocTimeStamp).
    pub document_timestamp: bool,
}

/// The report on one document: the unit stored, served and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentReport {
    /// File name as given by the caller (the engine never sees paths).
    pub file: String,
    /// SHA-256 of the whole file, lower-case hex.
    pub sha256: String,
    pub size: u64,
    pub verdict: DocumentVerdict,
    /// Why the document is `unreadable`, precisely.
    pub error: Option<String>,
    /// Number of revisions (original + incremental updates).
    pub revisions: usize,
    pub signatures: Vec<SignatureReport>,
    pub decree30: Decree30Report,
    /// Document-level findings (parser anomalies, unaccounted bytes, ...).
    pub findings: Vec<Finding>,
    /// The document's encryption (ISO 32000-2 §7.6), `None` when it is not encrypted (and in
    /// reports stored before it was added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<EncryptionReport>,
    /// Signature dictionaries of a document that could not be decrypted (listed, not verified).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures_found: Vec<SignatureFound>,
}

/// The JSON document printed by `kyso verify --format json` and returned by `POST /api/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyOutput {
    pub schema: u32,
    pub documents: Vec<DocumentReport>,
}

impl VerifyOutput {
    pub fn new(documents: Vec<DocumentReport>) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            documents,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    /// The stable spelling, the serde spelling and both labels of every value of `values`.
    fn check<T: Serialize + Copy>(
        values: &[T],
        as_str: fn(T) -> &'static str,
        label: fn(T, Lang) -> &'static str,
    ) {
        let mut seen = std::collections::HashSet::new();
        for v in values {
            let spelled = serde_json::to_value(v).unwrap();
            assert_eq!(spelled, as_str(*v), "serde and as_str differ");
            assert!(seen.insert(as_str(*v)), "duplicate spelling {}", as_str(*v));
            for lang in Lang::ALL {
                assert!(
                    !label(*v, lang).is_empty(),
                    "{} has no {lang:?} label",
                    as_str(*v)
                );
            }
        }
    }

    #[test]
    fn every_value_has_one_spelling_and_both_labels() {
        check(
            DocumentVerdict::ALL,
            DocumentVerdict::as_str,
            DocumentVerdict::label,
        );
        check(Integrity::ALL, Integrity::as_str, Integrity::label);
        check(Coverage::ALL, Coverage::as_str, Coverage::label);
        check(Trust::ALL, Trust::as_str, Trust::label);
        check(AnchorKind::ALL, AnchorKind::as_str, AnchorKind::label);
        check(
            ValidityAtSigning::ALL,
            ValidityAtSigning::as_str,
            ValidityAtSigning::label,
        );
        check(Revocation::ALL, Revocation::as_str, Revocation::label);
        check(Modification::ALL, Modification::as_str, Modification::label);
        check(Role::ALL, Role::as_str, Role::label);
        check(
            SignatureStatus::ALL,
            SignatureStatus::as_str,
            SignatureStatus::label,
        );
        check(Indication::ALL, Indication::as_str, Indication::label);
        check(
            SubIndication::ALL,
            SubIndication::as_str,
            SubIndication::label,
        );
        check(
            Decree30Status::ALL,
            Decree30Status::as_str,
            Decree30Status::label,
        );
        check(Severity::ALL, Severity::as_str, Severity::label);
        check(ChangeKind::ALL, ChangeKind::as_str, ChangeKind::label);
        check(
            TimestampStatus::ALL,
            TimestampStatus::as_str,
            TimestampStatus::label,
        );
        check(
            BaselineLevel::ALL,
            BaselineLevel::as_str,
            BaselineLevel::label,
        );
    }

    #[test]
    fn enum_values_are_lower_snake_case_and_etsi_indications_upper() {
        let lower = |s: &str| s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        assert!(ChangeKind::ALL.iter().all(|k| lower(k.as_str())));
        assert!(DocumentVerdict::ALL.iter().all(|k| lower(k.as_str())));
        assert!(SubIndication::ALL.iter().all(|k| k
            .as_str()
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_')));
    }

    #[test]
    fn document_verdict_labels_in_vietnamese() {
        let vi: Vec<&str> = DocumentVerdict::ALL
            .iter()
            .map(|v| v.label(Lang::Vi))
            .collect();
        assert_eq!(
            vi,
            [
                "Hợp lệ",
                "Không hợp lệ",
                "Chưa xác định",
                "Chưa ký số",
                "Không đọc được"
            ]
        );
    }

    #[test]
    fn sub_filter_round_trips_as_its_pdf_name() {
        for name in [
            "adbe.pkcs7.detached",
            "ETSI.CAdES.detached",
            "adbe.pkcs7.sha1",
            "ETSI.RFC3161",
            "adbe.x509.rsa_sha1",
        ] {
            let sf = SubFilter::from_name(name);
            assert_eq!(serde_json::to_value(&sf).unwrap(), name);
            assert_eq!(
                serde_json::from_value::<SubFilter>(name.into()).unwrap(),
                sf
            );
        }
    }
}
