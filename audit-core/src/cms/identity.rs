//! The signer's identity, read from the certificate (never from /Name): common name, organization,
//! and full distinguished names as RFC 4514 strings.

use x509_parser::asn1_rs::Tag;
use x509_parser::certificate::X509Certificate;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use crate::report::SignerIdentity;

/// Builds the [`SignerIdentity`] shown to users from a parsed certificate.
pub fn signer_identity(cert: &X509Certificate<'_>) -> SignerIdentity {
    let first = |name: &X509Name<'_>, oid: &str| {
        name.iter_attributes()
            .find(|a| a.attr_type().to_id_string() == oid)
            .map(attribute_value)
    };
    SignerIdentity {
        common_name: first(cert.subject(), "2.5.4.3"),
        organization: first(cert.subject(), "2.5.4.10"),
        subject: rfc4514(cert.subject()),
        issuer: rfc4514(cert.issuer()),
        serial: crate::hex::encode(super::ber::trim_unsigned(cert.raw_serial())),
    }
}

/// RFC 4514 §2: RDNs in reverse order of the encoding, `+` between multi-valued RDN members,
/// short names for the usual attribute types, the dotted OID otherwise.
pub fn rfc4514(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let oid = atv.attr_type().to_id_string();
                    let key = short_name(&oid).map_or(oid.clone(), str::to_owned);
                    format!("{key}={}", escape(&attribute_value(atv)))
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "SERIALNUMBER",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "T",
        "2.5.4.42" => "GN",
        "2.5.4.97" => "organizationIdentifier",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "E",
        _ => return None,
    })
}

/// Decodes a DirectoryString (RFC 5280 §4.1.2.4) of any of the string types seen in certificates,
/// including BMPString (UTF-16BE) and UniversalString (UTF-32BE) used by some Vietnamese CAs.
fn attribute_value(atv: &AttributeTypeAndValue<'_>) -> String {
    let value = atv.attr_value();
    let data = value.data;
    match value.tag() {
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks(2)
                .map(|c| match c {
                    [a, b] => u16::from_be_bytes([*a, *b]),
                    _ => 0xfffd,
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::UniversalString => data
            .chunks(4)
            .map(|c| match c {
                [a, b, c, d] => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d]))
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
                _ => char::REPLACEMENT_CHARACTER,
            })
            .collect(),
        // T.61 in practice carries Latin-1.
        Tag::TeletexString => data.iter().map(|&b| char::from(b)).collect(),
        _ => String::from_utf8_lossy(data).into_owned(),
    }
}

/// RFC 4514 §2.4 escaping.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        if c == '\0' {
            out.push_str("\\00");
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_rfc4514_specials() {
        assert_eq!(escape("UBND, tỉnh Nghệ An"), "UBND\\, tỉnh Nghệ An");
        assert_eq!(escape("#1 a+b "), "\\#1 a\\+b\\ ");
        assert_eq!(escape("Sở \"TT\""), "Sở \\\"TT\\\"");
    }
}
