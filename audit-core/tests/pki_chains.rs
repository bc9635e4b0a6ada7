//! Path validation and revocation on certificates generated here with rcgen: each test builds
//! the smallest PKI that exhibits one fault and checks the facts `pki` reports.

use audit_core::pki::{
    check_revocation, validate_path, Certificate, EndEntityUsage, PathError, RevocationReason,
    RevocationSources, RevocationStatus, TrustStore, ValidationOptions,
};
use audit_core::report::{AnchorKind, Revocation, Trust, ValidityAtSigning};
use audit_core::ValidationTime;
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertificateRevocationListParams,
    CustomExtension, DnType, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose, RevokedCertParams,
    SerialNumber,
};

const Y2020: i64 = 1_577_836_800;
const Y2021: i64 = 1_609_459_200;
const Y2022: i64 = 1_640_995_200;
const Y2023: i64 = 1_672_531_200;
const Y2031: i64 = 1_924_992_000;

/// A generated certificate with its key.
struct Issued {
    cert: rcgen::Certificate,
    key: KeyPair,
}

impl Issued {
    fn parsed(&self) -> Certificate {
        Certificate::from_der(self.cert.der()).expect("rcgen certificate parses")
    }
}

fn params(
    cn: &str,
    serial: u64,
    ca: Option<IsCa>,
    usages: Vec<KeyUsagePurpose>,
) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name = rcgen::DistinguishedName::new();
    p.distinguished_name.push(DnType::CountryName, "VN");
    p.distinguished_name
        .push(DnType::OrganizationName, "Ban Cơ yếu Chính phủ");
    p.distinguished_name.push(DnType::CommonName, cn);
    p.serial_number = Some(SerialNumber::from(serial));
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2030, 1, 1);
    p.is_ca = ca.unwrap_or(IsCa::ExplicitNoCa);
    p.key_usages = usages;
    p.use_authority_key_identifier_extension = true;
    p
}

fn ca_usages() -> Vec<KeyUsagePurpose> {
    vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign]
}

fn signer_usages() -> Vec<KeyUsagePurpose> {
    vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ]
}

fn root(cn: &str) -> Issued {
    let key = KeyPair::generate().unwrap();
    let cert = params(
        cn,
        1,
        Some(IsCa::Ca(BasicConstraints::Unconstrained)),
        ca_usages(),
    )
    .self_signed(&key)
    .unwrap();
    Issued { cert, key }
}

fn issue(p: CertificateParams, by: &Issued) -> Issued {
    let key = KeyPair::generate().unwrap();
    let cert = p.signed_by(&key, &by.cert, &by.key).unwrap();
    Issued { cert, key }
}

fn sub_ca(cn: &str, serial: u64, by: &Issued) -> Issued {
    issue(
        params(
            cn,
            serial,
            Some(IsCa::Ca(BasicConstraints::Unconstrained)),
            ca_usages(),
        ),
        by,
    )
}

fn leaf(cn: &str, serial: u64, by: &Issued) -> Issued {
    issue(params(cn, serial, None, signer_usages()), by)
}

fn store_with(anchor: &Issued) -> TrustStore {
    let mut store = TrustStore::new();
    store.add_anchors(anchor.cert.der()).unwrap();
    store
}

fn validate(
    leaf: &Issued,
    extra: &[&Issued],
    store: &TrustStore,
    at: i64,
) -> audit_core::pki::PathFacts {
    let extra: Vec<Certificate> = extra.iter().map(|i| i.parsed()).collect();
    validate_path(
        &leaf.parsed(),
        &extra,
        store,
        ValidationTime(at),
        &ValidationOptions::default(),
    )
}

/// The government-like chain: root, sub-CA, person certificate.
fn gov_chain() -> (Issued, Issued, Issued) {
    let root = root("RootCA chuyên dùng Chính phủ G2");
    let sub = sub_ca("CA phục vụ các cơ quan Nhà nước G2", 2, &root);
    let person = leaf("Nguyễn Văn A", 100, &sub);
    (root, sub, person)
}

#[test]
fn valid_chain_is_trusted() {
    let (root, sub, person) = gov_chain();
    let facts = validate(&person, &[&sub], &store_with(&root), Y2022);
    assert!(facts.is_valid(), "{:?}", facts.problems);
    assert_eq!(facts.trust, Trust::Trusted);
    assert_eq!(facts.validity_at_signing, ValidityAtSigning::Valid);
    let subjects: Vec<&str> = facts.chain.iter().map(|l| l.subject.as_str()).collect();
    assert_eq!(subjects.len(), 3);
    assert!(subjects[0].contains("Nguyễn Văn A"), "{subjects:?}");
    assert!(facts.chain[2].is_anchor);
    assert!(facts.findings.is_empty(), "{:?}", facts.findings);
}

#[test]
fn expired_and_not_yet_valid_are_time_facts() {
    let (root, sub, person) = gov_chain();
    let store = store_with(&root);
    let expired = validate(&person, &[&sub], &store, Y2031);
    assert_eq!(expired.trust, Trust::Trusted);
    assert_eq!(expired.validity_at_signing, ValidityAtSigning::Expired);
    assert!(expired
        .problems
        .iter()
        .any(|p| matches!(p, PathError::Expired { depth: 0, .. })));
    assert!(!expired.is_valid());

    let early = validate(&person, &[&sub], &store, Y2020 - 86_400);
    assert_eq!(early.validity_at_signing, ValidityAtSigning::NotYetValid);
    assert!(early
        .problems
        .iter()
        .any(|p| matches!(p, PathError::NotYetValid { depth: 0, .. })));
}

#[test]
fn look_alike_root_with_identical_names_is_untrusted() {
    let (root, sub, _) = gov_chain();
    // An attacker's hierarchy with exactly the same names, its own keys.
    let (fake_root, fake_sub, fake_person) = gov_chain();
    let store = store_with(&root);
    let facts = validate(&fake_person, &[&fake_sub, &fake_root], &store, Y2022);
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(
        matches!(
            facts.primary_problem(),
            Some(PathError::BadSignature { .. })
        ),
        "{:?}",
        facts.problems
    );
    // Even with the genuine sub-CA available as an alternative, the names chain but keys do not.
    let facts = validate(&fake_person, &[&sub, &fake_sub], &store, Y2022);
    assert_eq!(facts.trust, Trust::Untrusted);
}

#[test]
fn alternative_issuers_with_the_same_name_are_tried() {
    let (root, sub, person) = gov_chain();
    let (_, fake_sub, _) = gov_chain();
    let facts = validate(&person, &[&fake_sub, &sub], &store_with(&root), Y2022);
    assert!(facts.is_valid(), "{:?}", facts.problems);
    let facts = validate(&person, &[&sub, &fake_sub], &store_with(&root), Y2022);
    assert!(facts.is_valid(), "{:?}", facts.problems);
}

#[test]
fn missing_intermediate_means_no_issuer() {
    let (root, _, person) = gov_chain();
    let facts = validate(&person, &[], &store_with(&root), Y2022);
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(
        matches!(
            facts.primary_problem(),
            Some(PathError::NoIssuer { depth: 0, .. })
        ),
        "{:?}",
        facts.problems
    );
}

#[test]
fn ca_without_key_cert_sign_is_rejected() {
    let root = root("Root");
    let sub = issue(
        params(
            "Sub",
            2,
            Some(IsCa::Ca(BasicConstraints::Unconstrained)),
            vec![KeyUsagePurpose::CrlSign],
        ),
        &root,
    );
    let person = leaf("Signer", 3, &sub);
    let facts = validate(&person, &[&sub], &store_with(&root), Y2022);
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(
        facts
            .problems
            .contains(&PathError::MissingKeyCertSign { depth: 1 }),
        "{:?}",
        facts.problems
    );
}

#[test]
fn issuer_that_is_not_a_ca_is_rejected() {
    let root = root("Root");
    let not_ca = issue(params("Sub", 2, None, ca_usages()), &root);
    let person = leaf("Signer", 3, &not_ca);
    let facts = validate(&person, &[&not_ca], &store_with(&root), Y2022);
    assert!(
        facts.problems.contains(&PathError::NotCa { depth: 1 }),
        "{:?}",
        facts.problems
    );
}

#[test]
fn path_len_constraint_exceeded() {
    let root = root("Root");
    let sub1 = issue(
        params(
            "Sub 1",
            2,
            Some(IsCa::Ca(BasicConstraints::Constrained(0))),
            ca_usages(),
        ),
        &root,
    );
    let sub2 = sub_ca("Sub 2", 3, &sub1);
    let person = leaf("Signer", 4, &sub2);
    let facts = validate(&person, &[&sub1, &sub2], &store_with(&root), Y2022);
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(
        facts
            .problems
            .contains(&PathError::PathLenExceeded { depth: 1 }),
        "{:?}",
        facts.problems
    );
}

#[test]
fn unknown_critical_extension_is_rejected() {
    let root = root("Root");
    let mut p = params("Signer", 2, None, signer_usages());
    let mut ext =
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 99999, 1], vec![0x05, 0x00]);
    ext.set_criticality(true);
    p.custom_extensions.push(ext);
    let person = issue(p, &root);
    let facts = validate(&person, &[], &store_with(&root), Y2022);
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(
        matches!(facts.primary_problem(), Some(PathError::UnknownCriticalExtension { depth: 0, oid }) if oid == "1.3.6.1.4.1.99999.1"),
        "{:?}",
        facts.problems
    );
    // The same extension, not critical, is ignored.
    let mut p = params("Signer", 3, None, signer_usages());
    p.custom_extensions.push(CustomExtension::from_oid_content(
        &[1, 3, 6, 1, 4, 1, 99999, 1],
        vec![0x05, 0x00],
    ));
    let person = issue(p, &root);
    assert!(validate(&person, &[], &store_with(&root), Y2022).is_valid());
}

#[test]
fn signer_needs_digital_signature_or_non_repudiation() {
    let root = root("Root");
    let person = issue(
        params("Signer", 2, None, vec![KeyUsagePurpose::KeyEncipherment]),
        &root,
    );
    let store = store_with(&root);
    let facts = validate(&person, &[], &store, Y2022);
    assert!(
        matches!(
            facts.primary_problem(),
            Some(PathError::EndEntityKeyUsage { .. })
        ),
        "{:?}",
        facts.problems
    );
    let any = ValidationOptions {
        usage: EndEntityUsage::Any,
        ..ValidationOptions::default()
    };
    assert!(validate_path(&person.parsed(), &[], &store, ValidationTime(Y2022), &any).is_valid());
    // nonRepudiation alone is enough for document signing, not for DigitalSignature.
    let nr = issue(
        params("Signer", 3, None, vec![KeyUsagePurpose::ContentCommitment]),
        &root,
    );
    assert!(validate(&nr, &[], &store, Y2022).is_valid());
    let ds = ValidationOptions {
        usage: EndEntityUsage::DigitalSignature,
        ..ValidationOptions::default()
    };
    assert!(!validate_path(&nr.parsed(), &[], &store, ValidationTime(Y2022), &ds).is_valid());
}

#[test]
fn other_key_types_verify() {
    for alg in [&rcgen::PKCS_ED25519, &rcgen::PKCS_ECDSA_P384_SHA384] {
        let root_key = KeyPair::generate_for(alg).unwrap();
        let root_cert = params(
            "Root",
            1,
            Some(IsCa::Ca(BasicConstraints::Unconstrained)),
            ca_usages(),
        )
        .self_signed(&root_key)
        .unwrap();
        let root = Issued {
            cert: root_cert,
            key: root_key,
        };
        let key = KeyPair::generate_for(alg).unwrap();
        let cert = params("Signer", 2, None, signer_usages())
            .signed_by(&key, &root.cert, &root.key)
            .unwrap();
        let person = Issued { cert, key };
        let facts = validate(&person, &[], &store_with(&root), Y2022);
        assert!(facts.is_valid(), "{alg:?}: {:?}", facts.problems);
    }
}

#[test]
fn pem_bundles_load_several_anchors() {
    let a = root("Root A");
    let b = root("Root B");
    let bundle = format!("{}\n{}", a.cert.pem(), b.cert.pem());
    let mut store = TrustStore::new();
    assert_eq!(store.add_anchors(bundle.as_bytes()).unwrap(), 2);
    assert_eq!(
        store.add_anchors(a.cert.der()).unwrap(),
        0,
        "duplicates are ignored"
    );
    assert!(store.add_anchors(b"not a certificate").is_err());
}

#[test]
fn budget_bounds_the_search() {
    let (root, sub, person) = gov_chain();
    let fakes: Vec<Issued> = (0..5).map(|_| gov_chain().1).collect();
    let mut extra: Vec<&Issued> = fakes.iter().collect();
    extra.push(&sub);
    let extra: Vec<Certificate> = extra.iter().map(|i| i.parsed()).collect();
    let tight = ValidationOptions {
        max_signature_checks: 1,
        ..ValidationOptions::default()
    };
    let facts = validate_path(
        &person.parsed(),
        &extra,
        &store_with(&root),
        ValidationTime(Y2022),
        &tight,
    );
    assert_eq!(facts.signature_checks, 1);
    assert_eq!(facts.primary_problem(), Some(&PathError::BudgetExhausted));
    let facts = validate_path(
        &person.parsed(),
        &extra,
        &store_with(&root),
        ValidationTime(Y2022),
        &ValidationOptions::default(),
    );
    assert!(facts.is_valid(), "{:?}", facts.problems);
    // The authority key identifier steers the search to the right candidate first.
    assert_eq!(facts.signature_checks, 2);
}

#[test]
fn cross_certificate_loops_terminate() {
    // Two CAs that certify each other, no anchor among them.
    let a = root("CA A");
    let b = root("CA B");
    let a_by_b = issue(
        params(
            "CA A",
            10,
            Some(IsCa::Ca(BasicConstraints::Unconstrained)),
            ca_usages(),
        ),
        &b,
    );
    let b_by_a = issue(
        params(
            "CA B",
            11,
            Some(IsCa::Ca(BasicConstraints::Unconstrained)),
            ca_usages(),
        ),
        &a,
    );
    let person = leaf("Signer", 12, &a);
    let unrelated = root("Somebody else");
    let facts = validate(
        &person,
        &[&a, &b, &a_by_b, &b_by_a],
        &store_with(&unrelated),
        Y2022,
    );
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(facts.signature_checks < 20);
}

fn crl(
    issuer: &Issued,
    revoked: &[(u64, i64)],
    this: (i32, u8, u8),
    next: (i32, u8, u8),
) -> Vec<u8> {
    let params = CertificateRevocationListParams {
        this_update: date_time_ymd(this.0, this.1, this.2),
        next_update: date_time_ymd(next.0, next.1, next.2),
        crl_number: SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: revoked
            .iter()
            .map(|(serial, at)| RevokedCertParams {
                serial_number: SerialNumber::from(*serial),
                revocation_time: rcgen::date_time_ymd(1970, 1, 1)
                    + std::time::Duration::from_secs(*at as u64),
                reason_code: Some(rcgen::RevocationReason::KeyCompromise),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: KeyIdMethod::Sha256,
    };
    params
        .signed_by(&issuer.cert, &issuer.key)
        .unwrap()
        .der()
        .to_vec()
}

#[test]
fn revocation_from_crls() {
    let (root, sub, person) = gov_chain();
    let store = store_with(&root);
    let at = ValidationTime(Y2022);
    let facts = validate(&person, &[&sub], &store, Y2022);
    let mut sources = RevocationSources::new();
    sources
        .add_crl_der(&crl(&root, &[], (2021, 6, 1), (2029, 1, 1)))
        .unwrap();
    // PEM and DER forms load alike.
    let pem_crl = rcgen::CertificateRevocationListParams {
        this_update: date_time_ymd(2021, 6, 1),
        next_update: date_time_ymd(2029, 1, 1),
        crl_number: SerialNumber::from(7u64),
        issuing_distribution_point: None,
        revoked_certs: Vec::new(),
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&root.cert, &root.key)
    .unwrap()
    .pem()
    .unwrap();
    assert_eq!(
        RevocationSources::new()
            .add_crls(pem_crl.as_bytes())
            .unwrap(),
        1
    );
    // Nothing about the person yet: good sub-CA, unknown person.
    let rev = check_revocation(&facts, &sources, &store, &[], at);
    assert_eq!(rev.certificates.len(), 2);
    assert_eq!(rev.certificates[1].status, RevocationStatus::Good);
    assert_eq!(rev.certificates[0].status, RevocationStatus::Unknown);
    assert_eq!(rev.summary(), Revocation::Unknown);

    // The sub-CA's CRL: person revoked on 2021-06-01.
    let revoked_at = Y2021 + 151 * 86_400;
    sources
        .add_crl_der(&crl(&sub, &[(100, revoked_at)], (2021, 7, 1), (2029, 1, 1)))
        .unwrap();
    let rev = check_revocation(&facts, &sources, &store, &[], at);
    assert_eq!(
        rev.certificates[0].status,
        RevocationStatus::Revoked {
            at: revoked_at,
            reason: Some(RevocationReason::KeyCompromise)
        }
    );
    assert_eq!(rev.summary(), Revocation::Revoked);
    // Facts include the revocation time: revoked after a signing time on 2021-01-01, before one
    // on 2022-01-01; the policy module compares.
    let (depth, when, _) = rev.earliest_revocation().unwrap();
    assert_eq!(depth, 0);
    assert!(when > Y2021 && when < Y2022);
}

#[test]
fn crl_problems_leave_status_unknown() {
    let (root, sub, person) = gov_chain();
    let store = store_with(&root);
    let facts = validate(&person, &[&sub], &store, Y2022);
    // Stale: nextUpdate before the validation time.
    let mut sources = RevocationSources::new();
    sources
        .add_crl_der(&crl(&sub, &[], (2020, 6, 1), (2020, 7, 1)))
        .unwrap();
    let rev = check_revocation(&facts, &sources, &store, &[], ValidationTime(Y2022));
    assert_eq!(rev.certificates[0].status, RevocationStatus::Unknown);
    // Signed by a look-alike issuer with the same name: not accepted.
    let (_, fake_sub, _) = gov_chain();
    let mut sources = RevocationSources::new();
    sources
        .add_crl_der(&crl(&fake_sub, &[], (2021, 6, 1), (2029, 1, 1)))
        .unwrap();
    let rev = check_revocation(&facts, &sources, &store, &[], ValidationTime(Y2022));
    assert_eq!(rev.certificates[0].status, RevocationStatus::Unknown);
    assert!(format!("{:?}", rev.certificates[0].problems).contains("SignatureNotVerified"));
    // A fresh, genuine CRL issued after the validation time still proves non-revocation.
    let mut sources = RevocationSources::new();
    sources
        .add_crl_der(&crl(&sub, &[], (2022, 6, 1), (2029, 1, 1)))
        .unwrap();
    let rev = check_revocation(&facts, &sources, &store, &[], ValidationTime(Y2022));
    assert_eq!(rev.certificates[0].status, RevocationStatus::Good);
    let _ = Y2023;
}

#[test]
fn hostile_bytes_do_not_panic() {
    let (root, _, _) = gov_chain();
    let der = root.cert.der().to_vec();
    for cut in [0, 1, 10, der.len() / 2, der.len() - 1] {
        let _ = Certificate::from_der(&der[..cut]);
    }
    let mut sources = RevocationSources::new();
    assert!(sources
        .add_crl_der(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff])
        .is_err());
    assert!(sources
        .add_ocsp_der(&[0x30, 0x03, 0x0a, 0x01, 0x00])
        .is_err());
    assert!(sources
        .add_ocsp_der(&[0x30, 0x03, 0x0a, 0x01, 0x03])
        .is_err());
    assert!(sources
        .add_basic_ocsp_der(&[0x30, 0x80, 0x00, 0x00])
        .is_err());
}

#[test]
fn assess_combines_path_and_revocation() {
    let (root, sub, person) = gov_chain();
    let store = store_with(&root);
    let mut sources = RevocationSources::new();
    sources
        .add_crl_der(&crl(&root, &[], (2021, 6, 1), (2029, 1, 1)))
        .unwrap();
    let revoked_at = Y2021 + 151 * 86_400;
    sources
        .add_crl_der(&crl(&sub, &[(100, revoked_at)], (2021, 7, 1), (2029, 1, 1)))
        .unwrap();
    let facts = audit_core::pki::assess(
        &person.parsed(),
        &[sub.parsed()],
        &store,
        &sources,
        ValidationTime(Y2022),
        &ValidationOptions::default(),
    );
    assert_eq!(facts.trust(), Trust::Trusted);
    assert_eq!(facts.validity_at_signing(), ValidityAtSigning::Valid);
    assert_eq!(facts.revocation_summary(), Revocation::Revoked);
    assert!(
        facts.revoked_at_or_before(Y2022),
        "revoked before a signing time in 2022"
    );
    assert!(
        !facts.revoked_at_or_before(Y2021),
        "not revoked at a proven signing time in 2021"
    );
    assert!(facts.path.findings.is_empty());
}

#[test]
fn many_cross_signed_same_name_cas_stay_bounded() {
    // Eight keys under one name, each certified by every other: without a bound on candidates,
    // the permutations of cached signature checks would explode.
    let keys: Vec<Issued> = (0..8).map(|_| root("Loop CA")).collect();
    let mut crosses = Vec::new();
    for (i, subject) in keys.iter().enumerate() {
        for (j, issuer) in keys.iter().enumerate() {
            if i != j {
                let p = params(
                    "Loop CA",
                    (100 + i * 10 + j) as u64,
                    Some(IsCa::Ca(BasicConstraints::Unconstrained)),
                    ca_usages(),
                );
                let cert = p
                    .signed_by(&subject.key, &issuer.cert, &issuer.key)
                    .unwrap();
                crosses.push(Certificate::from_der(cert.der()).unwrap());
            }
        }
    }
    let person = leaf("Signer", 2, &keys[0]);
    let store = store_with(&root("Unrelated root"));
    let facts = validate_path(
        &person.parsed(),
        &crosses,
        &store,
        ValidationTime(Y2022),
        &ValidationOptions::default(),
    );
    assert_eq!(facts.trust, Trust::Untrusted);
    assert!(facts.signature_checks <= 64);
}

#[test]
fn time_stamping_authority_needs_its_extended_key_usage() {
    let root = root("Root");
    let tsa_options = ValidationOptions {
        usage: EndEntityUsage::TimeStamping,
        ..ValidationOptions::default()
    };
    let mut p = params("TSA", 2, None, vec![KeyUsagePurpose::DigitalSignature]);
    p.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::TimeStamping];
    let tsa = issue(p, &root);
    let store = store_with(&root);
    assert!(validate_path(
        &tsa.parsed(),
        &[],
        &store,
        ValidationTime(Y2022),
        &tsa_options
    )
    .is_valid());
    let mut p = params("TSA", 3, None, vec![KeyUsagePurpose::DigitalSignature]);
    p.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let not_tsa = issue(p, &root);
    let facts = validate_path(
        &not_tsa.parsed(),
        &[],
        &store,
        ValidationTime(Y2022),
        &tsa_options,
    );
    assert!(
        matches!(
            facts.primary_problem(),
            Some(PathError::EndEntityKeyUsage { .. })
        ),
        "{:?}",
        facts.problems
    );
}

#[test]
fn mutated_certificates_and_crls_do_not_panic() {
    let (root, sub, person) = gov_chain();
    let store = store_with(&root);
    let extra = vec![sub.parsed()];
    let der = person.cert.der().to_vec();
    let crl_der = crl(&sub, &[(100, Y2021)], (2021, 6, 1), (2029, 1, 1));
    let options = ValidationOptions::default();
    for i in 0..der.len().max(crl_der.len()) {
        for v in [0x00u8, 0x80, 0xff] {
            if i < der.len() {
                let mut bytes = der.clone();
                bytes[i] = v;
                if let Ok(cert) = Certificate::from_der(&bytes) {
                    let facts =
                        validate_path(&cert, &extra, &store, ValidationTime(Y2022), &options);
                    let _ = check_revocation(
                        &facts,
                        &RevocationSources::new(),
                        &store,
                        &extra,
                        ValidationTime(Y2022),
                    );
                }
            }
            if i < crl_der.len() {
                let mut bytes = crl_der.clone();
                bytes[i] = v;
                let mut sources = RevocationSources::new();
                if sources.add_crl_der(&bytes).is_ok() {
                    let facts = validate_path(
                        &person.parsed(),
                        &extra,
                        &store,
                        ValidationTime(Y2022),
                        &options,
                    );
                    let _ =
                        check_revocation(&facts, &sources, &store, &extra, ValidationTime(Y2022));
                }
            }
        }
    }
}

#[test]
fn anchors_carry_labels_into_the_facts() {
    let (root, sub, person) = gov_chain();
    let public_root = crate::root("Vietnam National Root CA");
    let mut store = TrustStore::new();
    assert_eq!(
        store
            .add_labelled_anchors(
                root.cert.pem().as_bytes(),
                "vgca-g2",
                AnchorKind::Government
            )
            .unwrap(),
        1
    );
    store
        .add_labelled_anchors(public_root.cert.der(), "national-root", AnchorKind::Public)
        .unwrap();
    let facts = validate(&person, &[&sub], &store, Y2022);
    assert!(facts.is_valid());
    assert_eq!(facts.anchor_label.as_deref(), Some("vgca-g2"));
    assert_eq!(facts.anchor, Some(AnchorKind::Government));
    let public_leaf = leaf("Công ty A", 5, &public_root);
    let public = validate(&public_leaf, &[], &store, Y2022);
    assert_eq!(public.anchor_label.as_deref(), Some("national-root"));
    assert_eq!(public.anchor, Some(AnchorKind::Public));
}

/// DER TLV with a short or long definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u32).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (4 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

#[test]
fn pkcs7_certificate_bundles_load() {
    let (root, sub, _) = gov_chain();
    // A certs-only SignedData, as `openssl crl2pkcs7 -nocrl` or rootca.gov.vn's .p7b.
    let certs = [root.cert.der().to_vec(), sub.cert.der().to_vec()].concat();
    let signed_data = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            tlv(0x31, &[]),
            tlv(
                0x30,
                &tlv(
                    0x06,
                    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01],
                ),
            ),
            tlv(0xa0, &certs),
            tlv(0x31, &[]),
        ]
        .concat(),
    );
    let p7b = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02],
            ),
            tlv(0xa0, &signed_data),
        ]
        .concat(),
    );
    let mut store = TrustStore::new();
    assert_eq!(store.add_anchors(&p7b).unwrap(), 2);
    // And as PEM.
    let b64 = {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for chunk in p7b.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
                << (8 * (3 - chunk.len()));
            for i in 0..4 {
                if i <= chunk.len() {
                    s.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    };
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN PKCS7-----\n{}\n-----END PKCS7-----\n",
        lines.join("\n")
    );
    let mut store = TrustStore::new();
    assert_eq!(store.add_intermediates(pem.as_bytes()).unwrap(), 2);
}

#[test]
fn a_signer_configured_as_anchor_is_trusted_but_still_expires() {
    let (_, _, person) = gov_chain();
    let store = store_with(&person);
    let facts = validate(&person, &[], &store, Y2022);
    assert!(facts.is_valid(), "{:?}", facts.problems);
    let facts = validate(&person, &[], &store, Y2031);
    assert_eq!(facts.trust, Trust::Trusted);
    assert_eq!(facts.validity_at_signing, ValidityAtSigning::Expired);
    assert!(!facts.is_valid());
}

/// A BasicOCSPResponse wrapped in an OCSPResponse, built by hand (RFC 6960 §4.2.1) and signed
/// with `signer`'s P-256 key; `status` is the encoded CertStatus.
fn ocsp_response(
    cert: &Certificate,
    issuer: &Certificate,
    signer: &Issued,
    status: Vec<u8>,
) -> Vec<u8> {
    let sha1 = |d: &[u8]| {
        ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, d)
            .as_ref()
            .to_vec()
    };
    let time = |s: &str| tlv(0x18, s.as_bytes());
    let cert_id = tlv(
        0x30,
        &[
            tlv(
                0x30,
                &[tlv(0x06, &[0x2b, 0x0e, 0x03, 0x02, 0x1a]), tlv(0x05, &[])].concat(),
            ),
            tlv(0x04, &sha1(issuer.subject().der())),
            tlv(0x04, &sha1(&issuer.public_key().key)),
            tlv(0x02, cert.serial()),
        ]
        .concat(),
    );
    let single = tlv(
        0x30,
        &[
            cert_id,
            status,
            time("20210701000000Z"),
            tlv(0xa0, &time("20290101000000Z")),
        ]
        .concat(),
    );
    let signer_cert = signer.parsed();
    let response_data = tlv(
        0x30,
        &[
            tlv(0xa2, &tlv(0x04, &sha1(&signer_cert.public_key().key))),
            time("20210701000000Z"),
            tlv(0x30, &single),
        ]
        .concat(),
    );
    let rng = ring::rand::SystemRandom::new();
    let key = ring::signature::EcdsaKeyPair::from_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
        &signer.key.serialize_der(),
        &rng,
    )
    .unwrap();
    let signature = key.sign(&rng, &response_data).unwrap();
    let basic = tlv(
        0x30,
        &[
            response_data,
            tlv(
                0x30,
                &tlv(0x06, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]),
            ),
            tlv(0x03, &[&[0u8][..], signature.as_ref()].concat()),
        ]
        .concat(),
    );
    let bytes = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01],
            ),
            tlv(0x04, &basic),
        ]
        .concat(),
    );
    tlv(0x30, &[tlv(0x0a, &[0]), tlv(0xa0, &bytes)].concat())
}

#[test]
fn revocation_from_ocsp() {
    let (root, sub, person) = gov_chain();
    let store = store_with(&root);
    let facts = validate(&person, &[&sub], &store, Y2022);
    let (leaf_cert, sub_cert) = (person.parsed(), sub.parsed());
    let revoked_status = tlv(
        0xa1,
        &[tlv(0x18, b"20210601000000Z"), tlv(0xa0, &tlv(0x0a, &[1]))].concat(),
    );
    let mut sources = RevocationSources::new();
    sources
        .add_ocsp_der(&ocsp_response(
            &leaf_cert,
            &sub_cert,
            &sub,
            revoked_status.clone(),
        ))
        .unwrap();
    let rev = check_revocation(&facts, &sources, &store, &[], ValidationTime(Y2022));
    assert_eq!(
        rev.certificates[0].status,
        RevocationStatus::Revoked {
            at: Y2021 + 151 * 86_400,
            reason: Some(RevocationReason::KeyCompromise)
        }
    );
    assert!(matches!(
        rev.certificates[0].source,
        Some(audit_core::pki::RevocationSource::Ocsp {
            delegated: false,
            ..
        })
    ));

    // Good, signed by the CA itself.
    let mut sources = RevocationSources::new();
    sources
        .add_ocsp_der(&ocsp_response(&leaf_cert, &sub_cert, &sub, tlv(0x80, &[])))
        .unwrap();
    let rev = check_revocation(&facts, &sources, &store, &[], ValidationTime(Y2022));
    assert_eq!(rev.certificates[0].status, RevocationStatus::Good);

    // Signed by a stranger: not accepted, status unknown.
    let stranger = leaf("Stranger", 77, &root);
    let mut sources = RevocationSources::new();
    sources
        .add_ocsp_der(&ocsp_response(
            &leaf_cert,
            &sub_cert,
            &stranger,
            revoked_status,
        ))
        .unwrap();
    let rev = check_revocation(
        &facts,
        &sources,
        &store,
        &[stranger.parsed()],
        ValidationTime(Y2022),
    );
    assert_eq!(rev.certificates[0].status, RevocationStatus::Unknown);
}

/// The public half of a 1024-bit RSA key (PKCS #1 RSAPublicKey), for a certificate that only
/// needs to carry it: no private key is needed or kept.
struct Rsa1024PublicKey(Vec<u8>);

impl rcgen::PublicKeyData for Rsa1024PublicKey {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }
    fn algorithm(&self) -> &rcgen::SignatureAlgorithm {
        &rcgen::PKCS_RSA_SHA256
    }
}

#[test]
fn short_rsa_keys_are_a_finding_not_a_failure() {
    const RSA1024: &str = "30818902818100bc50472fbc244a21479db0e6000ee6eafc434ba99eac7e2d44ba57923fbf081bb7713572073f4715bd\
        b39cb2df83a29e7c9c4b2a6059e42f4402d79ab01308dd7e8b1dd5633c2ccc9aaf9dc08bb60587ec1417c8886c903bb6\
        23a9b60c9ed5b2ca854703c314c21b29f944d7070a6bbd3c9d988204af524a81f7ec5168634d6b0203010001";
    let bytes: Vec<u8> = (0..RSA1024.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&RSA1024[i..i + 2], 16).unwrap())
        .collect();
    let root = root("Root");
    let cert = params("Old signer", 2, None, signer_usages())
        .signed_by(&Rsa1024PublicKey(bytes), &root.cert, &root.key)
        .unwrap();
    let parsed = Certificate::from_der(cert.der()).unwrap();
    assert_eq!(parsed.public_key().bits, 1024);
    let facts = validate_path(
        &parsed,
        &[],
        &store_with(&root),
        ValidationTime(Y2022),
        &ValidationOptions::default(),
    );
    assert!(facts.is_valid(), "{:?}", facts.problems);
    assert!(
        facts
            .findings
            .contains(&audit_core::pki::PathFinding::WeakRsaKey {
                depth: 0,
                bits: 1024
            }),
        "{:?}",
        facts.findings
    );
}
