//! Agency names as people write them (DESIGN.md "Tally and rankings": names are matched after
//! Unicode NFC, case folding, accent folding and alias expansion).
//!
//! The register, the directory and the certificates spell one agency many ways: `Sở Thông tin và
//! Truyền thông`, `Sở TT&TT`, `STTTT`, `SỞ THÔNG TIN VÀ TRUYỀN THÔNG`, the same with decomposed
//! (NFD) accents or with none at all, with or without the `tỉnh Nghệ An` suffix. A [`NameKey`] is
//! the comparable form: folded tokens with the common administrative abbreviations expanded and
//! the conjunction `và` dropped; [`NameKey::matches`] also accepts initialisms (`SNV` = `Sở Nội
//! vụ`) and a province suffix that one side omits.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `s` in Unicode NFC (the form every text of a report is in).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Lower case, accents removed (`đ` → `d`), every run of punctuation and white space turned into
/// one space; `&` is kept (it joins abbreviations such as `TT&TT`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfd().flat_map(char::to_lowercase) {
        let c = match c {
            'đ' | 'ð' => 'd',
            c if is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_alphanumeric() || c == '&' {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Abbreviations of Vietnamese administrative names (folded) and what they stand for, `và`
/// omitted (keys drop it).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("ub", "uy ban"),
    ("vpubnd", "van phong uy ban nhan dan"),
    ("vp", "van phong"),
    ("tt&tt", "thong tin truyen thong"),
    ("tttt", "thong tin truyen thong"),
    ("kh&dt", "ke hoach dau tu"),
    ("khdt", "ke hoach dau tu"),
    ("gd&dt", "giao duc dao tao"),
    ("gddt", "giao duc dao tao"),
    ("nn&ptnt", "nong nghiep phat trien nong thon"),
    ("nnptnt", "nong nghiep phat trien nong thon"),
    ("tn&mt", "tai nguyen moi truong"),
    ("tnmt", "tai nguyen moi truong"),
    ("ldtb&xh", "lao dong thuong binh xa hoi"),
    ("ldtbxh", "lao dong thuong binh xa hoi"),
    ("kh&cn", "khoa hoc cong nghe"),
    ("khcn", "khoa hoc cong nghe"),
    ("gt&vt", "giao thong van tai"),
    ("gtvt", "giao thong van tai"),
    ("vhttdl", "van hoa the thao du lich"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
    ("h", "huyen"),
    ("q", "quan"),
];

/// Words that carry no identity in an agency name.
const STOP_WORDS: &[&str] = &["va", "&"];

/// The comparable form of an agency name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameKey(Vec<String>);

impl NameKey {
    /// Folds `name`, expands the abbreviations and drops `và`.
    pub fn new(name: &str) -> Self {
        let folded = fold(name);
        let raw: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        // `KH & ĐT` is `KH&ĐT`.
        let mut joined: Vec<String> = Vec::new();
        let mut pending_amp = false;
        for t in &raw {
            if *t == "&" {
                pending_amp = true;
                continue;
            }
            match joined.last_mut() {
                Some(last) if pending_amp => {
                    last.push('&');
                    last.push_str(t);
                }
                _ => joined.push((*t).to_owned()),
            }
            pending_amp = false;
        }
        let mut tokens = Vec::new();
        for t in joined {
            if let Some((_, long)) = ABBREVIATIONS.iter().find(|(short, _)| *short == t) {
                tokens.extend(long.split(' ').map(str::to_owned));
            } else if t.contains('&') {
                // An unknown `A&B`: its parts, each an abbreviation of its own.
                tokens.extend(t.split('&').filter(|p| !p.is_empty()).map(str::to_owned));
            } else {
                tokens.push(t);
            }
        }
        tokens.retain(|t| !STOP_WORDS.contains(&t.as_str()));
        Self(tokens)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn tokens(&self) -> &[String] {
        &self.0
    }

    /// A stable, URL-safe identifier (`so-tai-chinh`).
    pub fn slug(&self) -> String {
        self.0.join("-")
    }

    /// This key and the same without a trailing province suffix (`tỉnh Nghệ An`, `Nghệ An`).
    fn variants<'a>(&'a self, provinces: &'a [NameKey]) -> impl Iterator<Item = &'a [String]> {
        let full = std::iter::once(self.0.as_slice());
        let stripped = provinces.iter().flat_map(move |p| {
            let mut out: Vec<&'a [String]> = Vec::new();
            if let Some(rest) = strip_suffix(&self.0, &p.0) {
                if rest.len() >= 2 {
                    out.push(rest);
                }
                if let Some(rest2) = rest.strip_suffix(&["tinh".to_owned()]) {
                    if rest2.len() >= 2 {
                        out.push(rest2);
                    }
                }
            }
            out
        });
        full.chain(stripped)
    }

    /// Whether the two names denote the same agency, exactly (after folding, expansion, and a
    /// province suffix that one side omits).
    pub fn same_as(&self, other: &NameKey, provinces: &[NameKey]) -> bool {
        !self.is_empty()
            && self
                .variants(provinces)
                .any(|a| other.variants(provinces).any(|b| a == b))
    }

    /// Whether one name is an initialism of the other (`SNV` = `Sở Nội vụ`, `Sở TC` = `Sở Tài
    /// chính`), province suffix tolerated. Weaker than [`Self::same_as`]: callers accept it only
    /// when it singles out one agency.
    pub fn abbreviates(&self, other: &NameKey, provinces: &[NameKey]) -> bool {
        self.variants(provinces).any(|a| {
            other
                .variants(provinces)
                .any(|b| a != b && (initialism(a, b) || initialism(b, a)))
        })
    }
}

fn strip_suffix<'a>(tokens: &'a [String], suffix: &[String]) -> Option<&'a [String]> {
    (!suffix.is_empty()).then_some(())?;
    tokens.strip_suffix(suffix)
}

/// Whether `short` spells `full` with some tokens replaced by the initials of consecutive words
/// of `full` (each such token at least two letters, and at least one such token).
fn initialism(short: &[String], full: &[String]) -> bool {
    fn go(short: &[String], full: &[String], abbreviated: bool) -> bool {
        match (short.split_first(), full.is_empty()) {
            (None, true) => abbreviated,
            (None, false) | (Some(_), true) => false,
            (Some((s, rest)), false) => {
                if full.first() == Some(s) && go(rest, &full[1..], abbreviated) {
                    return true;
                }
                let n = s.chars().count();
                n >= 2
                    && n <= full.len()
                    && s.chars().zip(&full[..n]).all(|(c, w)| w.starts_with(c))
                    && go(rest, &full[n..], true)
            }
        }
    }
    go(short, full, false)
}

/// The provinces whose name a register may omit: `Nghệ An` (the demo's and the plan's
/// province) and any `tỉnh X` named in `names`.
pub fn provinces<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<NameKey> {
    let mut out = vec![NameKey::new("Nghệ An")];
    for name in names {
        let key = NameKey::new(name);
        if let Some(pos) = key.0.iter().position(|t| t == "tinh") {
            let rest = &key.0[pos + 1..];
            if !rest.is_empty() && rest.len() <= 3 {
                let p = NameKey(rest.to_vec());
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        NameKey::new(a).same_as(&NameKey::new(b), &provinces([]))
    }

    fn abbr(a: &str, b: &str) -> bool {
        NameKey::new(a).abbreviates(&NameKey::new(b), &provinces([]))
    }

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        assert_eq!(fold("Sở Tài chính"), "so tai chinh");
        assert_eq!(fold("SỞ  TÀI-CHÍNH."), "so tai chinh");
        assert_eq!(fold("Đoàn Ngọc Sơn"), "doan ngoc son");
        // NFD input (decomposed tone marks) folds the same.
        let nfd: String = "Sở Tài chính".nfd().collect();
        assert_eq!(fold(&nfd), "so tai chinh");
        assert_eq!(nfc(&nfd), "Sở Tài chính");
        // ủy and uỷ (two placements of the tone mark) fold the same.
        assert_eq!(fold("Ủy ban"), fold("Uỷ ban"));
    }

    #[test]
    fn abbreviations_expand() {
        assert!(same(
            "UBND huyện Nghi Lộc",
            "Ủy ban nhân dân huyện Nghi Lộc"
        ));
        assert!(same("UBND H. Nghi Lộc", "Uỷ ban nhân dân huyện Nghi Lộc"));
        assert!(same("UBND TP. Vinh", "UBND thành phố Vinh"));
        assert!(same("Sở TT&TT", "Sở Thông tin và Truyền thông"));
        assert!(same("Sở TT & TT", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"));
        assert!(same(
            "Sở Thông tin Truyền thông",
            "Sở Thông tin và Truyền thông"
        ));
        assert!(same("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"));
        assert!(same("HĐND tỉnh", "Hội đồng nhân dân tỉnh"));
        assert!(same("So Tai chinh", "Sở Tài chính"));
        assert!(!same("Sở Tài chính", "Sở Tư pháp"));
        assert!(!same("UBND huyện Nghi Lộc", "UBND thành phố Vinh"));
    }

    #[test]
    fn province_suffix_is_tolerated_on_either_side() {
        assert!(same("Sở Tài chính tỉnh Nghệ An", "Sở Tài chính"));
        assert!(same("Sở Tài chính", "Sở Tài chính Nghệ An"));
        assert!(same(
            "Văn phòng UBND tỉnh",
            "Văn phòng Ủy ban nhân dân tỉnh Nghệ An"
        ));
        // Another province is another agency.
        assert!(!same(
            "Sở Tài chính tỉnh Hà Tĩnh",
            "Sở Tài chính tỉnh Nghệ An"
        ));
        let p = provinces(["UBND tỉnh Hà Tĩnh"]);
        assert!(
            NameKey::new("Sở Tài chính tỉnh Hà Tĩnh").same_as(&NameKey::new("Sở Tài chính"), &p)
        );
    }

    #[test]
    fn initialisms_are_recognised() {
        assert!(abbr("SNV", "Sở Nội vụ"));
        assert!(abbr("Sở TC", "Sở Tài chính"));
        assert!(abbr("STTTT", "Sở Thông tin và Truyền thông"));
        assert!(abbr("SKHĐT", "Sở Kế hoạch và Đầu tư"));
        assert!(abbr("Sở Nội vụ", "SNV"));
        assert!(!abbr("SNV", "Sở Tài chính"));
        assert!(!abbr("Sở Nội vụ", "Sở Nội vụ"));
    }

    #[test]
    fn slug_is_url_safe() {
        assert_eq!(
            NameKey::new("Sở Giáo dục và Đào tạo").slug(),
            "so-giao-duc-dao-tao"
        );
    }
}
