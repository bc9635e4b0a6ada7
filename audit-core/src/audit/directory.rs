//! The agency directory (optional input, DESIGN.md "Tally and rankings") and the index that
//! resolves every spelling of an agency, in the register or in a certificate, to one agency.
//!
//! Directory formats (documented in the README):
//! - JSON, the demo's `agencies.json`: an array (or `{"agencies": [...]}`) of objects with `id`,
//!   `name`, and optionally `aliases` (array), `parent`, `mst` (tax code), `code` (the
//!   13-character agency identifier, Decree 30 Appendix VI) and `certificate_subject_cn` (a
//!   string or an array: the CNs of the agency's certificates).
//! - CSV (any encoding and separator the register accepts), one agency per row, headers `id`,
//!   `name`/`tên`, `aliases`/`tên khác` (several separated by `;` or `|`), `parent`/`cơ quan chủ
//!   quản`, `mst`/`mã số thuế`, `code`/`mã định danh`, `certificate_subject_cn`/`tên trên
//!   chứng thư` (several separated by `;` or `|`).
//!
//! Without a directory the index is built from the register's own spellings (and, without a
//! register, from the organisation certificates), so matching works the same way.

use serde::Deserialize;

use super::names::{fold, nfc, provinces, NameKey};
use crate::report::SignerIdentity;

/// One agency of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    pub mst: Option<String>,
    pub code: Option<String>,
    pub certificate_names: Vec<String>,
}

/// The agency directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyDirectory {
    pub entries: Vec<DirectoryEntry>,
}

/// Why a directory file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    #[error(
        "the agency directory is not valid JSON: {0} / danh mục cơ quan không phải JSON hợp lệ"
    )]
    Json(String),
    #[error("the agency directory has no name column (name / tên cơ quan) / danh mục cơ quan thiếu cột tên")]
    NoNameColumn,
    #[error("agency directory entry {0} has no name / mục {0} của danh mục không có tên")]
    EntryWithoutName(usize),
    #[error("agency directory id {0:?} is used twice / mã {0:?} bị trùng")]
    DuplicateId(String),
    #[error("the agency directory is empty / danh mục cơ quan rỗng")]
    Empty,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
struct JsonEntry {
    #[serde(default)]
    id: Option<String>,
    #[serde(default, alias = "canonical_name", alias = "ten")]
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default, alias = "tax_code")]
    mst: Option<String>,
    #[serde(default, alias = "agency_code")]
    code: Option<String>,
    #[serde(
        default,
        alias = "certificate_subject_cns",
        alias = "certificate_subjects",
        alias = "certificate_names"
    )]
    certificate_subject_cn: Option<OneOrMany>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonDirectory {
    List(Vec<JsonEntry>),
    Wrapped { agencies: Vec<JsonEntry> },
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| nfc(s.trim())).filter(|s| !s.is_empty())
}

impl AgencyDirectory {
    /// Reads a directory: JSON when the content starts with `[` or `{`, else CSV.
    pub fn parse(bytes: &[u8]) -> Result<Self, DirectoryError> {
        let start = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(bytes)
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        let raw = match start {
            None => return Err(DirectoryError::Empty),
            Some(b'[' | b'{') => Self::raw_from_json(bytes)?,
            Some(_) => Self::raw_from_csv(bytes)?,
        };
        Self::from_raw(raw)
    }

    fn raw_from_json(bytes: &[u8]) -> Result<Vec<JsonEntry>, DirectoryError> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let parsed: JsonDirectory =
            serde_json::from_slice(body).map_err(|e| DirectoryError::Json(e.to_string()))?;
        Ok(match parsed {
            JsonDirectory::List(v) | JsonDirectory::Wrapped { agencies: v } => v,
        })
    }

    fn raw_from_csv(bytes: &[u8]) -> Result<Vec<JsonEntry>, DirectoryError> {
        let text = super::register::decode_text(bytes);
        let mut best: Option<(usize, u8)> = None;
        for sep in [b',', b';', b'\t'] {
            let header = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(sep)
                .from_reader(text.as_bytes())
                .records()
                .next()
                .and_then(Result::ok);
            let n = header.map_or(0, |h| h.iter().filter(|c| csv_field(c).is_some()).count());
            if n > 0 && best.is_none_or(|(b, _)| n > b) {
                best = Some((n, sep));
            }
        }
        let (_, sep) = best.ok_or(DirectoryError::NoNameColumn)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sep)
            .from_reader(text.as_bytes());
        let mut records = reader.records().map_while(Result::ok);
        let header: Vec<Option<CsvField>> = records
            .next()
            .map(|h| h.iter().map(csv_field).collect())
            .unwrap_or_default();
        if !header.contains(&Some(CsvField::Name)) {
            return Err(DirectoryError::NoNameColumn);
        }
        let split = |s: &str| -> Vec<String> {
            s.split([';', '|'])
                .map(|p| nfc(p.trim()))
                .filter(|p| !p.is_empty())
                .collect()
        };
        let mut out = Vec::new();
        for record in records {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut e = JsonEntry {
                id: None,
                name: None,
                aliases: Vec::new(),
                parent: None,
                mst: None,
                code: None,
                certificate_subject_cn: None,
            };
            for (cell, field) in record.iter().zip(&header) {
                let v = Some(cell.to_owned());
                match field {
                    Some(CsvField::Id) => e.id = v,
                    Some(CsvField::Name) => e.name = v,
                    Some(CsvField::Aliases) => e.aliases = split(cell),
                    Some(CsvField::Parent) => e.parent = v,
                    Some(CsvField::Mst) => e.mst = v,
                    Some(CsvField::Code) => e.code = v,
                    Some(CsvField::Certificates) => {
                        e.certificate_subject_cn = Some(OneOrMany::Many(split(cell)));
                    }
                    None => {}
                }
            }
            out.push(e);
        }
        Ok(out)
    }

    fn from_raw(raw: Vec<JsonEntry>) -> Result<Self, DirectoryError> {
        if raw.is_empty() {
            return Err(DirectoryError::Empty);
        }
        let mut entries: Vec<DirectoryEntry> = Vec::new();
        for (i, e) in raw.into_iter().enumerate() {
            let name = clean(e.name).ok_or(DirectoryError::EntryWithoutName(i + 1))?;
            let code = clean(e.code);
            let id = clean(e.id)
                .or_else(|| code.clone())
                .unwrap_or_else(|| NameKey::new(&name).slug());
            if entries.iter().any(|x| x.id == id) {
                return Err(DirectoryError::DuplicateId(id));
            }
            entries.push(DirectoryEntry {
                id,
                aliases: e
                    .aliases
                    .into_iter()
                    .map(|a| nfc(a.trim()))
                    .filter(|a| !a.is_empty())
                    .collect(),
                parent: clean(e.parent),
                mst: clean(e.mst).map(|m| m.chars().filter(|c| !c.is_whitespace()).collect()),
                code,
                certificate_names: e
                    .certificate_subject_cn
                    .map(OneOrMany::into_vec)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| nfc(a.trim()))
                    .filter(|a| !a.is_empty())
                    .collect(),
                name,
            });
        }
        Ok(Self { entries })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvField {
    Id,
    Name,
    Aliases,
    Parent,
    Mst,
    Code,
    Certificates,
}

fn csv_field(header: &str) -> Option<CsvField> {
    let h = fold(header).replace('_', " ");
    Some(match h.as_str() {
        "id" | "ma" | "ma co quan" => CsvField::Id,
        "name" | "canonical name" | "ten" | "ten co quan" | "co quan" => CsvField::Name,
        "aliases" | "alias" | "ten khac" | "ten goi khac" | "viet tat" | "ten viet tat" => {
            CsvField::Aliases
        }
        "parent" | "co quan chu quan" | "cap tren" | "don vi chu quan" => CsvField::Parent,
        "mst" | "ma so thue" | "tax code" => CsvField::Mst,
        "code" | "agency code" | "ma dinh danh" => CsvField::Code,
        "certificate subject cn"
        | "certificate subject cns"
        | "certificate subjects"
        | "certificate names"
        | "ten tren chung thu"
        | "chung thu" => CsvField::Certificates,
        _ => return None,
    })
}

/// The attributes of an RFC 4514 distinguished name string (as [`SignerIdentity::subject`] is
/// written), unescaped, in order.
pub fn subject_attributes(subject: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = subject.chars().peekable();
    let mut push = |s: &mut String| {
        if let Some((k, v)) = s.split_once('=') {
            out.push((k.trim().to_ascii_uppercase(), v.trim().to_owned()));
        }
        s.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            ',' | '+' => push(&mut current),
            c => current.push(c),
        }
    }
    push(&mut current);
    out
}

/// The tax code (`MST:…`) in a subject, without spaces.
pub fn subject_mst(subject: &str) -> Option<String> {
    subject_attributes(subject).into_iter().find_map(|(_, v)| {
        let upper = v.to_ascii_uppercase();
        let pos = upper.find("MST:")?;
        let m: String = v[pos + 4..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || c.is_whitespace())
            .filter(|c| !c.is_whitespace())
            .collect();
        (!m.is_empty()).then_some(m)
    })
}

/// One agency as the audit knows it: from the directory, or from a spelling seen in the
/// register or a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAgency {
    /// Stable id: the directory's, else the slug of the folded name.
    pub id: String,
    /// The directory's canonical name, else the first spelling seen.
    pub name: String,
    /// The 13-character agency identifier code, when the directory has it.
    pub code: Option<String>,
    pub mst: Option<String>,
    pub in_directory: bool,
    keys: Vec<NameKey>,
}

/// How a certificate was recognised as an agency's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognised {
    /// By the tax code in its subject.
    TaxCode(String),
    /// By its common name.
    Name,
}

/// Resolves agency names and certificates to agencies.
#[derive(Debug, Clone)]
pub struct AgencyIndex {
    agencies: Vec<KnownAgency>,
    provinces: Vec<NameKey>,
}

impl AgencyIndex {
    /// The index of a directory (or an empty one, filled from the names met).
    pub fn new(directory: Option<&AgencyDirectory>) -> Self {
        let entries = directory.map_or(&[][..], |d| d.entries.as_slice());
        let provinces = provinces(
            entries
                .iter()
                .flat_map(|e| e.parent.iter().chain(std::iter::once(&e.name)))
                .map(String::as_str),
        );
        let agencies = entries
            .iter()
            .map(|e| KnownAgency {
                id: e.id.clone(),
                name: e.name.clone(),
                code: e.code.clone(),
                mst: e.mst.clone(),
                in_directory: true,
                keys: std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .chain(&e.certificate_names)
                    .map(|n| NameKey::new(n))
                    .filter(|k| !k.is_empty())
                    .collect(),
            })
            .collect();
        Self {
            agencies,
            provinces,
        }
    }

    pub fn get(&self, index: usize) -> Option<&KnownAgency> {
        self.agencies.get(index)
    }

    pub fn len(&self) -> usize {
        self.agencies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    /// The agency a name denotes: an exact match (after folding and expansion, province suffix
    /// tolerated) first, else the one agency it is an initialism of.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        let key = NameKey::new(name);
        if key.is_empty() {
            return None;
        }
        if let Some(i) = self
            .agencies
            .iter()
            .position(|a| a.keys.iter().any(|k| k.same_as(&key, &self.provinces)))
        {
            return Some(i);
        }
        let mut candidates = self
            .agencies
            .iter()
            .enumerate()
            .filter(|(_, a)| a.keys.iter().any(|k| k.abbreviates(&key, &self.provinces)))
            .map(|(i, _)| i);
        match (candidates.next(), candidates.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// [`Self::resolve`], or a new agency named so (not in the directory).
    pub fn resolve_or_add(&mut self, name: &str) -> Option<usize> {
        if let Some(i) = self.resolve(name) {
            return Some(i);
        }
        let key = NameKey::new(name);
        if key.is_empty() {
            return None;
        }
        let base = key.slug();
        let mut id = base.clone();
        let mut n = 2;
        while self.agencies.iter().any(|a| a.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.agencies.push(KnownAgency {
            id,
            name: nfc(name.trim()),
            code: None,
            mst: None,
            in_directory: false,
            keys: vec![key],
        });
        Some(self.agencies.len() - 1)
    }

    /// Names an agency that is not in the directory by the spelling shown (its id becomes that
    /// spelling's slug, kept unique).
    pub fn rename(&mut self, index: usize, name: &str) {
        let key = NameKey::new(name);
        if key.is_empty() || self.agencies.get(index).is_none_or(|a| a.in_directory) {
            return;
        }
        let base = key.slug();
        let mut id = base.clone();
        let mut n = 2;
        while self
            .agencies
            .iter()
            .enumerate()
            .any(|(i, a)| i != index && a.id == id)
        {
            id = format!("{base}-{n}");
            n += 1;
        }
        if let Some(a) = self.agencies.get_mut(index) {
            a.id = id;
            a.name = nfc(name.trim());
        }
    }

    /// The agency an organisation certificate is: by the tax code in its subject (directory
    /// agencies), else by its common name.
    pub fn organisation_of(&self, signer: &SignerIdentity) -> Option<(usize, Recognised)> {
        if let Some(mst) = subject_mst(&signer.subject) {
            if let Some(i) = self
                .agencies
                .iter()
                .position(|a| a.mst.as_deref() == Some(mst.as_str()))
            {
                return Some((i, Recognised::TaxCode(mst)));
            }
        }
        let cn = signer.common_name.as_deref()?;
        self.resolve(cn).map(|i| (i, Recognised::Name))
    }

    /// The agencies a certificate's organisation attributes (O, OU) name, most specific first
    /// (RFC 4514 strings list the most specific attribute first), with the unresolved values.
    pub fn employers_of(&self, signer: &SignerIdentity) -> (Vec<usize>, Vec<String>) {
        let mut found = Vec::new();
        let mut unresolved = Vec::new();
        for (k, v) in subject_attributes(&signer.subject) {
            if k != "O" && k != "OU" && k != "2.5.4.10" && k != "2.5.4.11" {
                continue;
            }
            match self.resolve(&v) {
                Some(i) if !found.contains(&i) => found.push(i),
                Some(_) => {}
                None => unresolved.push(nfc(&v)),
            }
        }
        (found, unresolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = r#"[
      {"id": "stc", "name": "Sở Tài chính", "parent": "UBND tỉnh Nghệ An",
       "aliases": ["STC", "Sở TC"], "mst": "2900324517", "code": "000.00.12.H40",
       "certificate_subject_cn": "Sở Tài chính"},
      {"id": "stttt", "name": "Sở Thông tin và Truyền thông", "parent": "UBND tỉnh Nghệ An",
       "aliases": ["Sở TT&TT"], "mst": "2900779281", "certificate_subject_cn": ["STTTT Nghệ An"]},
      {"id": "snv", "name": "Sở Nội vụ", "mst": "2900325302"}
    ]"#;

    fn id(cn: &str, subject: &str) -> SignerIdentity {
        SignerIdentity {
            common_name: Some(cn.into()),
            subject: subject.into(),
            ..SignerIdentity::default()
        }
    }

    #[test]
    fn json_directory_resolves_names_aliases_and_certificates() {
        let dir = AgencyDirectory::parse(DEMO.as_bytes()).unwrap();
        assert_eq!(dir.entries.len(), 3);
        let idx = AgencyIndex::new(Some(&dir));
        assert_eq!(idx.resolve("SỞ TÀI CHÍNH"), Some(0));
        assert_eq!(idx.resolve("So Tai chinh tinh Nghe An"), Some(0));
        assert_eq!(idx.resolve("Sở TC"), Some(0));
        assert_eq!(idx.resolve("Sở Thông tin Truyền thông"), Some(1));
        assert_eq!(idx.resolve("SNV"), Some(2), "initialism of one agency");
        assert_eq!(idx.resolve("Sở Y tế"), None);
        let org = id(
            "Sở Tài chính",
            "C=VN, ST=Nghệ An, O=UBND tỉnh Nghệ An, CN=Sở Tài chính, UID=MST:2900324517",
        );
        assert_eq!(
            idx.organisation_of(&org),
            Some((0, Recognised::TaxCode("2900324517".into())))
        );
        let renamed = id("STTTT Nghệ An", "CN=STTTT Nghệ An");
        assert_eq!(idx.organisation_of(&renamed), Some((1, Recognised::Name)));
        let person = id(
            "Nguyễn Văn A",
            "C=VN, O=Sở Thông tin và Truyền thông, T=Giám đốc, CN=Nguyễn Văn A, UID=CCCD:0400",
        );
        assert_eq!(idx.employers_of(&person), (vec![1], vec![]));
        let stranger = id("B", "O=Sở Y tế, OU=Phòng Nghiệp vụ, CN=B");
        assert_eq!(idx.employers_of(&stranger).0, Vec::<usize>::new());
        assert_eq!(
            idx.employers_of(&stranger).1,
            ["Sở Y tế", "Phòng Nghiệp vụ"]
        );
    }

    #[test]
    fn csv_directory_with_vietnamese_headers() {
        let csv = "Mã;Tên cơ quan;Tên khác;Mã số thuế;Mã định danh\nstc;Sở Tài chính;STC|Sở TC;2900324517;000.00.12.H40\n";
        let dir = AgencyDirectory::parse(csv.as_bytes()).unwrap();
        assert_eq!(dir.entries[0].aliases, ["STC", "Sở TC"]);
        assert_eq!(dir.entries[0].code.as_deref(), Some("000.00.12.H40"));
        assert_eq!(dir.entries[0].id, "stc");
    }

    #[test]
    fn bad_directories_are_clear_errors() {
        assert!(matches!(
            AgencyDirectory::parse(b"[{\"id\": 1"),
            Err(DirectoryError::Json(_))
        ));
        assert_eq!(
            AgencyDirectory::parse(b"a,b\n1,2\n"),
            Err(DirectoryError::NoNameColumn)
        );
        assert_eq!(
            AgencyDirectory::parse(br#"[{"id":"a","name":"X"},{"id":"a","name":"Y"}]"#),
            Err(DirectoryError::DuplicateId("a".into()))
        );
        assert_eq!(AgencyDirectory::parse(b"  "), Err(DirectoryError::Empty));
    }

    #[test]
    fn without_a_directory_names_group_as_they_come() {
        let mut idx = AgencyIndex::new(None);
        let a = idx.resolve_or_add("Sở Nội vụ");
        assert_eq!(idx.resolve_or_add("SỞ NỘI VỤ"), a);
        assert_eq!(idx.resolve_or_add("SNV"), a);
        let b = idx.resolve_or_add("Sở Y tế");
        assert_ne!(a, b);
        assert_eq!(idx.get(a.unwrap()).unwrap().id, "so-noi-vu");
    }

    #[test]
    fn subjects_parse_with_escapes() {
        assert_eq!(
            subject_attributes("CN=UBND\\, tỉnh, O=A+UID=MST:1"),
            [
                ("CN".to_owned(), "UBND, tỉnh".to_owned()),
                ("O".to_owned(), "A".to_owned()),
                ("UID".to_owned(), "MST:1".to_owned())
            ]
        );
        assert_eq!(
            subject_mst("CN=x, UID=MST:2900324517-001"),
            Some("2900324517-001".into())
        );
    }
}
