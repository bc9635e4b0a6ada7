//! Who signed: the competent person or the issuing agency (Decree 30 Art. 32.2.d, Appendix I).
//!
//! DESIGN.md: the agency directory decides first (names, aliases, certificate subjects); these
//! certificate heuristics are the fallback, and [`RoleDecision::basis`] says which one decided,
//! so the report is honest about how sure it is. A directory lookup slots in ahead of
//! [`classify_certificate`] in `verify` without changing this file.
//!
//! Heuristics, strongest first (Vietnamese government CA profile: organisation certificates carry
//! the tax code `UID=MST:…` or budget code `MNS:…`; personal certificates the citizen ID
//! `CCCD:…`/`CMND:…`):
//! 1. subject identifier `MST:`/`MNS:` → organisation; `CCCD:`/`CMND:` → person;
//! 2. an agency word in the common name (Sở, UBND, Ủy ban nhân dân, Bộ, Cục, Văn phòng, Trung
//!    tâm, Ban, Chi cục, Phòng, …) → organisation;
//! 3. a personal-name shape (2 to 6 capitalised words, letters only) → person;
//! 4. otherwise unknown.

use crate::report::{Role, SignerIdentity};

/// A role and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDecision {
    pub role: Role,
    pub basis: Option<String>,
}

impl RoleDecision {
    pub fn unknown() -> Self {
        Self {
            role: Role::Unknown,
            basis: None,
        }
    }
}

/// Agency words (lower case, NFC) as whole-word sequences of a common name.
const AGENCY_WORDS: &[&str] = &[
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "hđnd",
    "hội đồng nhân dân",
    "chi cục",
    "văn phòng",
    "trung tâm",
    "sở",
    "bộ",
    "cục",
    "ban",
    "phòng",
    "tổng cục",
    "công an",
    "bệnh viện",
    "viện",
    "tòa án",
    "viện kiểm sát",
    "kho bạc",
    "chi nhánh",
    "công ty",
    "ministry",
    "department",
    "committee",
];

/// Decides the role from the verified certificate's identity.
pub fn classify_certificate(id: &SignerIdentity) -> RoleDecision {
    let subject_upper = id.subject.to_uppercase();
    for (marker, role) in [
        ("MST:", Role::Organization),
        ("MNS:", Role::Organization),
        ("CCCD:", Role::Person),
        ("CMND:", Role::Person),
        ("HC:", Role::Person),
    ] {
        if subject_upper.contains(marker) {
            return RoleDecision {
                role,
                basis: Some(format!("certificate subject identifier {marker}")),
            };
        }
    }
    let Some(cn) = id.common_name.as_deref() else {
        return RoleDecision::unknown();
    };
    let words: Vec<String> = cn
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for phrase in AGENCY_WORDS {
        let needle: Vec<&str> = phrase.split(' ').collect();
        if words
            .windows(needle.len())
            .any(|w| w.iter().zip(&needle).all(|(a, b)| a == b))
        {
            return RoleDecision {
                role: Role::Organization,
                basis: Some(format!("certificate common name contains \"{phrase}\"")),
            };
        }
    }
    let raw: Vec<&str> = cn.split_whitespace().collect();
    let name_shape = (2..=6).contains(&raw.len())
        && raw.iter().all(|w| {
            w.chars().all(char::is_alphabetic) && w.chars().next().is_some_and(char::is_uppercase)
        });
    if name_shape {
        return RoleDecision {
            role: Role::Person,
            basis: Some("certificate common name has the shape of a personal name".into()),
        };
    }
    RoleDecision::unknown()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(cn: &str, subject: &str) -> SignerIdentity {
        SignerIdentity {
            common_name: Some(cn.into()),
            subject: subject.into(),
            ..SignerIdentity::default()
        }
    }

    #[test]
    fn heuristics() {
        let r = |cn: &str, s: &str| classify_certificate(&id(cn, s)).role;
        assert_eq!(
            r("Sở Tài chính", "CN=Sở Tài chính, UID=MST:2900325692"),
            Role::Organization
        );
        assert_eq!(
            r("Nguyễn Văn A", "CN=Nguyễn Văn A, UID=CCCD:040012345678"),
            Role::Person
        );
        assert_eq!(
            r("UBND huyện Nghi Lộc", "CN=UBND huyện Nghi Lộc"),
            Role::Organization
        );
        assert_eq!(
            r("Ủy ban nhân dân tỉnh Nghệ An", "CN=x"),
            Role::Organization
        );
        assert_eq!(
            r("Trần Thị Bích Ngọc", "CN=Trần Thị Bích Ngọc"),
            Role::Person
        );
        assert_eq!(r("test-signer 01", "CN=test-signer 01"), Role::Unknown);
    }
}
