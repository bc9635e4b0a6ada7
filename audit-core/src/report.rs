//! The one serialised schema shared by the CLI (`kyso verify --format json`), the HTTP API, the
//! SQLite store and the browser app. Field names and enum spellings are the vocabulary of
//! `DESIGN.md` ("Verdict vocabulary") and are stable: runs stored in SQLite are read back with it.
//!
//! Everything here is a *fact or a verdict already decided*; nothing in this module decides.

use serde::{Deserialize, Serialize};

/// Version of the JSON document `{"schema": 1, "documents": [...]}`.
pub const SCHEMA_VERSION: u32 = 1;

/// Verdict on a whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentVerdict {
    /// Every signature is valid and nothing disallowed changed after any of them.
    Valid,
    /// At least one signature is invalid, or the document was changed in a disallowed way.
    Invalid,
    /// Some signature could not be decided (e.g. untrusted chain, unknown algorithm).
    Indeterminate,
    /// A readable PDF without any signature.
    Unsigned,
    /// Not a PDF, or a PDF whose structure cannot be read within the limits.
    Unreadable,
}

/// Integrity of one signature's signed bytes (DESIGN.md: `integrity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Integrity {
    /// The digest matches and the signature over the signed attributes verifies.
    Intact,
    /// Digest or signature mismatch: the signed bytes or the signature were altered.
    Broken,
    /// Cannot be evaluated: missing or garbled /Contents or /ByteRange, unparseable CMS, no signer
    /// certificate, unsupported algorithm.
    Malformed,
}

/// What part of the file a signature's /ByteRange covers (ISO 32000-2 §12.8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Anything short of a whole revision: a gap that is not exactly /Contents, a signed zone that
    /// does not end at a revision's %%EOF, overlapping ranges (defeats signature wrapping).
    Partial,
    /// Exactly one complete revision; later incremental updates follow it.
    EntireRevision,
    /// The whole file except the /Contents value.
    EntireFile,
}

/// Whether the signer's certificate chains to a configured trust anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    Trusted,
    Untrusted,
}

/// The signer certificate's validity period relative to the signing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityAtSigning {
    Valid,
    Expired,
    NotYetValid,
}

/// Revocation status of the signer's certificate at the signing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Revocation {
    Good,
    Revoked,
    Unknown,
}

/// Judgement on what changed in the file after this signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modification {
    None,
    Allowed,
    Disallowed,
}

/// Whether a signature belongs to a natural person or to an agency (Decree 30 Art. 32.2.d).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Person,
    Organization,
    Unknown,
}

/// Bottom line for one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    Valid,
    Invalid,
    Indeterminate,
}

/// ETSI EN 319 102-1 §5.1.3 main indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Indication {
    TotalPassed,
    TotalFailed,
    Indeterminate,
}

/// ETSI EN 319 102-1 §5.1.3 sub-indications used by kyso.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubIndication {
    FormatFailure,
    HashFailure,
    SigCryptoFailure,
    Revoked,
    /// Revoked, and the signing time is not proven to precede the revocation (INDETERMINATE).
    RevokedNoPoe,
    NotYetValid,
    Expired,
    CryptoConstraintsFailure,
    NoSigningCertificateFound,
    NoCertificateChainFound,
    /// A path exists but violates a constraint (INDETERMINATE).
    ChainConstraintsFailure,
    /// Outside the certificate's validity at a time that is not proven (INDETERMINATE).
    OutOfBoundsNoPoe,
    SigConstraintsFailure,
    TryLater,
    Generic,
}

/// Decree 30 compliance of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decree30Status {
    Compliant,
    NonCompliant,
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
}

/// One change found in a revision after a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeReport {
    pub revision: usize,
    pub object: Option<String>,
    pub kind: String,
    pub verdict: Modification,
    pub message_vi: String,
    pub message_en: String,
}

/// Everything known about one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureReport {
    /// Fully qualified field name (`parent.child`), or a synthetic name for a signature dictionary
    /// found outside the field tree.
    pub field: String,
    /// Index (0 = original document) of the revision this signature signs.
    pub revision: Option<usize>,
    pub sub_filter: Option<String>,
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

/// Whether a signature time-stamp proves the signature existed at its genTime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimestampStatus {
    /// Intact, imprint over the signature value, TSA trusted with id-kp-timeStamping at genTime.
    Valid,
    /// Present but not proving anything (broken, wrong imprint, untrusted or revoked TSA ...).
    Invalid,
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

/// A PAdES baseline level (ETSI EN 319 142-1 §6.3), lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum BaselineLevel {
    #[serde(rename = "b_b")]
    BB,
    #[serde(rename = "b_t")]
    BT,
    #[serde(rename = "b_lt")]
    BLt,
    #[serde(rename = "b_lta")]
    BLta,
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

/// The cipher a document is encrypted with (ISO 32000-2 §7.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncryptionAlgorithm {
    /// RC4 (/V 1, 2, or crypt filter /V2): broken.
    Rc4,
    /// AES-128-CBC (/AESV2).
    #[serde(rename = "aes_128")]
    Aes128,
    /// AES-256-CBC (/AESV3).
    #[serde(rename = "aes_256")]
    Aes256,
    /// Strings and streams in clear (/Identity crypt filters).
    Identity,
}

/// Who holds the key a document is encrypted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncryptionHandler {
    /// The standard security handler (§7.6.4): passwords.
    Password,
    /// The public-key security handler (§7.6.5, /Adobe.PubSec): recipients' private keys.
    PublicKey,
    /// Another security handler, named in `filter`.
    Other,
}

/// How the document was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecryptionStatus {
    /// With the empty user password: the document opens in every reader without a prompt.
    EmptyUserPassword,
    /// With the user password given by the caller.
    UserPassword,
    /// With the owner password given by the caller.
    OwnerPassword,
    /// A password is needed (none was given, or the one given opens nothing).
    PasswordRequired,
    /// Encrypted for certificate holders: no key to decrypt with.
    NoKey,
    /// The encryption is not supported or its dictionary is malformed.
    Unsupported,
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
    pub sub_filter: Option<String>,
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
