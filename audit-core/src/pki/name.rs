//! Distinguished names as path validation compares them.
//!
//! RFC 5280 §7.1 asks for the LDAP StringPrep comparison of RFC 4518. We implement the part that
//! matters for real chains and for PKITS §4.3: attribute values of the directory-string types
//! (PrintableString, UTF8String, IA5String, TeletexString, BMPString, UniversalString) are decoded,
//! leading and trailing whitespace removed, inner runs of whitespace collapsed and the text
//! lower-cased (Unicode simple case folding via `to_lowercase`), so that a PrintableString and a
//! UTF8String with the same text compare equal (PKITS 4.3.10 "rollover"). Other value types are
//! compared byte for byte with their tag. RDNs are compared as sets (sorted), names as sequences.

use x509_parser::asn1_rs::Tag;
use x509_parser::x509::{RelativeDistinguishedName, X509Name};

/// One attribute of a relative distinguished name, normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NormAttr {
    pub oid: String,
    pub value: NormValue,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum NormValue {
    Text(String),
    Raw(u32, Vec<u8>),
}

/// A distinguished name: its DER (for hashing, e.g. OCSP CertID), its normalised form (for
/// comparison), and a readable rendering (for reports).
#[derive(Debug, Clone)]
pub struct DistinguishedName {
    pub(crate) der: Vec<u8>,
    pub(crate) rdns: Vec<Vec<NormAttr>>,
    display: String,
}

impl PartialEq for DistinguishedName {
    fn eq(&self, other: &Self) -> bool {
        self.rdns == other.rdns
    }
}
impl Eq for DistinguishedName {}

impl std::fmt::Display for DistinguishedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display)
    }
}

impl DistinguishedName {
    pub(crate) fn from_x509(name: &X509Name<'_>) -> Self {
        let rdns = name.iter_rdn().map(normalise_rdn).collect();
        DistinguishedName {
            der: name.as_raw().to_vec(),
            rdns,
            display: name.to_string(),
        }
    }

    /// `self` extended by one RDN: how a DistributionPointName nameRelativeToCRLIssuer becomes
    /// a full name (RFC 5280 §4.2.1.13). The DER is not rebuilt (only used for comparison).
    pub(crate) fn with_rdn(&self, rdn: &RelativeDistinguishedName<'_>) -> Self {
        let mut rdns = self.rdns.clone();
        rdns.push(normalise_rdn(rdn));
        DistinguishedName {
            der: Vec::new(),
            rdns,
            display: format!("{} + RDN", self.display),
        }
    }

    /// The DER encoding exactly as it appeared in the certificate.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// True for the empty sequence (RFC 5280 §4.1.2.6: the subject may be empty when the
    /// subjectAltName carries the identity).
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// RFC 5280 §4.2.1.10: a directoryName is within a subtree when the subtree's RDNs are a
    /// prefix of the name's.
    pub(crate) fn within(&self, base: &DistinguishedName) -> bool {
        base.rdns.len() <= self.rdns.len() && self.rdns.iter().zip(&base.rdns).all(|(a, b)| a == b)
    }

    /// Values of legacy emailAddress attributes (PKCS #9), which §4.2.1.10 subjects to rfc822Name
    /// constraints.
    pub(crate) fn email_addresses(&self) -> Vec<String> {
        self.rdns
            .iter()
            .flatten()
            .filter(|a| a.oid == "1.2.840.113549.1.9.1")
            .filter_map(|a| match &a.value {
                NormValue::Text(t) => Some(t.clone()),
                NormValue::Raw(..) => None,
            })
            .collect()
    }

    /// `self` extended by the RDN whose SET content is `set_content` (an IMPLICIT [1]
    /// nameRelativeToCRLIssuer, read from raw bytes: x509-parser 0.18 drops this choice).
    pub(crate) fn with_rdn_content(&self, set_content: &[u8]) -> Option<Self> {
        use x509_parser::prelude::FromDer;
        let mut set = vec![0x31u8];
        let len = set_content.len();
        if len < 0x80 {
            set.push(u8::try_from(len).ok()?);
        } else {
            let bytes = u32::try_from(len).ok()?.to_be_bytes();
            let skip = bytes.iter().take_while(|b| **b == 0).count();
            let bytes = bytes.get(skip..)?;
            set.push(0x80 | u8::try_from(bytes.len()).ok()?);
            set.extend_from_slice(bytes);
        }
        set.extend_from_slice(set_content);
        let (_, rdn) = RelativeDistinguishedName::from_der(&set).ok()?;
        Some(self.with_rdn(&rdn))
    }

    /// Parses a DER Name (e.g. an OCSP ResponderID byName).
    pub(crate) fn from_raw_der(der: &[u8]) -> Option<Self> {
        use x509_parser::prelude::FromDer;
        let (_, name) = X509Name::from_der(der).ok()?;
        Some(Self::from_x509(&name))
    }
}

fn normalise_rdn(rdn: &RelativeDistinguishedName<'_>) -> Vec<NormAttr> {
    let mut attrs: Vec<NormAttr> = rdn
        .iter()
        .map(|atv| NormAttr {
            oid: atv.attr_type().to_id_string(),
            value: normalise_value(atv.attr_value().tag(), atv.attr_value().data),
        })
        .collect();
    attrs.sort();
    attrs
}

fn normalise_value(tag: Tag, data: &[u8]) -> NormValue {
    let text = match tag {
        Tag::PrintableString
        | Tag::Utf8String
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => std::str::from_utf8(data).ok().map(str::to_owned),
        Tag::TeletexString => Some(data.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString => {
            if data.len() % 2 != 0 {
                None
            } else {
                let units: Vec<u16> = data
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).ok()
            }
        }
        Tag::UniversalString => {
            if data.len() % 4 != 0 {
                None
            } else {
                data.chunks_exact(4)
                    .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                    .collect::<Option<String>>()
            }
        }
        _ => None,
    };
    match text {
        Some(t) => NormValue::Text(fold(&t)),
        None => NormValue::Raw(tag.0, data.to_vec()),
    }
}

/// Whitespace collapse and case folding (RFC 4518 §2.3, §2.6.1, simplified).
pub(crate) fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// An owned GeneralName of the kinds name constraints are applied to (RFC 5280 §4.2.1.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConstrainedName {
    Directory(DistinguishedName),
    Rfc822(String),
    Dns(String),
    Uri(String),
    Ip(Vec<u8>),
    /// A form we do not evaluate (otherName, x400Address, ediPartyName, registeredID).
    Other(u32),
}

impl ConstrainedName {
    pub(crate) fn from_general_name(gn: &x509_parser::extensions::GeneralName<'_>) -> Self {
        use x509_parser::extensions::GeneralName as G;
        match gn {
            G::DirectoryName(n) => ConstrainedName::Directory(DistinguishedName::from_x509(n)),
            G::RFC822Name(s) => ConstrainedName::Rfc822((*s).to_owned()),
            G::DNSName(s) => ConstrainedName::Dns((*s).to_owned()),
            G::URI(s) => ConstrainedName::Uri((*s).to_owned()),
            G::IPAddress(b) => ConstrainedName::Ip(b.to_vec()),
            G::OtherName(..) => ConstrainedName::Other(0),
            G::X400Address(_) => ConstrainedName::Other(3),
            G::EDIPartyName(_) => ConstrainedName::Other(5),
            G::RegisteredID(_) => ConstrainedName::Other(8),
            G::Invalid(t, _) => ConstrainedName::Other(t.0),
        }
    }

    fn kind(&self) -> u32 {
        match self {
            ConstrainedName::Directory(_) => 4,
            ConstrainedName::Rfc822(_) => 1,
            ConstrainedName::Dns(_) => 2,
            ConstrainedName::Uri(_) => 6,
            ConstrainedName::Ip(_) => 7,
            ConstrainedName::Other(k) => 100 + k,
        }
    }
}

/// Whether `name` lies within the subtree `base` (same kind assumed by the caller).
fn matches(name: &ConstrainedName, base: &ConstrainedName) -> bool {
    match (name, base) {
        (ConstrainedName::Directory(n), ConstrainedName::Directory(b)) => n.within(b),
        (ConstrainedName::Rfc822(n), ConstrainedName::Rfc822(b)) => rfc822_matches(n, b),
        (ConstrainedName::Dns(n), ConstrainedName::Dns(b)) => dns_matches(n, b),
        (ConstrainedName::Uri(n), ConstrainedName::Uri(b)) => match uri_host(n) {
            Some(host) => host_matches_uri_constraint(&host, b),
            None => false,
        },
        (ConstrainedName::Ip(n), ConstrainedName::Ip(b)) => ip_matches(n, b),
        _ => false,
    }
}

fn rfc822_matches(name: &str, constraint: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let constraint = constraint.to_ascii_lowercase();
    let Some((_, host)) = name.rsplit_once('@') else {
        return false;
    };
    if constraint.contains('@') {
        name == constraint
    } else if constraint.starts_with('.') {
        host.ends_with(&constraint)
    } else {
        host == constraint
    }
}

fn dns_matches(name: &str, constraint: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let constraint = constraint.trim_end_matches('.').to_ascii_lowercase();
    if constraint.is_empty() {
        return true;
    }
    if let Some(stripped) = constraint.strip_prefix('.') {
        return name.ends_with(&format!(".{stripped}"));
    }
    name == constraint || name.ends_with(&format!(".{constraint}"))
}

fn host_matches_uri_constraint(host: &str, constraint: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let constraint = constraint.to_ascii_lowercase();
    if constraint.starts_with('.') {
        host.ends_with(&constraint)
    } else {
        host == constraint
    }
}

fn uri_host(uri: &str) -> Option<String> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next()?;
    (!host.is_empty()).then(|| host.to_owned())
}

fn ip_matches(name: &[u8], constraint: &[u8]) -> bool {
    let n = name.len();
    if constraint.len() != 2 * n {
        return false;
    }
    let (addr, mask) = constraint.split_at(n);
    name.iter()
        .zip(addr)
        .zip(mask)
        .all(|((a, b), m)| a & m == b & m)
}

/// The state variables permitted_subtrees and excluded_subtrees of RFC 5280 §6.1.2 (b)(c). The
/// permitted set is kept as the list of every CA's permitted subtrees: a name must satisfy each of
/// them (that is the intersection of §6.1.4 (g)), per name form.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameConstraintState {
    permitted: Vec<Vec<ConstrainedName>>,
    excluded: Vec<ConstrainedName>,
}

impl NameConstraintState {
    pub(crate) fn add(
        &mut self,
        permitted: Option<Vec<ConstrainedName>>,
        excluded: Vec<ConstrainedName>,
    ) {
        if let Some(p) = permitted {
            self.permitted.push(p);
        }
        self.excluded.extend(excluded);
    }

    /// §6.1.3 (b)(c): is this name acceptable?
    pub(crate) fn allows(&self, name: &ConstrainedName) -> bool {
        if let ConstrainedName::Directory(d) = name {
            if d.is_empty() {
                return true;
            }
        }
        let kind = name.kind();
        for set in &self.permitted {
            let same_kind: Vec<&ConstrainedName> =
                set.iter().filter(|c| c.kind() == kind).collect();
            if !same_kind.is_empty() && !same_kind.iter().any(|c| matches(name, c)) {
                return false;
            }
        }
        !self
            .excluded
            .iter()
            .any(|c| c.kind() == kind && matches(name, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("  Good   CA "), "good ca");
        assert_eq!(fold("CƠ QUAN Chứng thực"), "cơ quan chứng thực");
    }

    #[test]
    fn dns_and_mail() {
        assert!(dns_matches("host.example.com", "example.com"));
        assert!(!dns_matches("badexample.com", "example.com"));
        assert!(rfc822_matches("a@mail.example.com", ".example.com"));
        assert!(!rfc822_matches("a@example.com", ".example.com"));
        assert!(rfc822_matches("a@Example.com", "example.com"));
        assert_eq!(
            uri_host("http://user@host.example.com:80/x").as_deref(),
            Some("host.example.com")
        );
    }
}
