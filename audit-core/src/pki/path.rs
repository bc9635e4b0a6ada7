//! Path building (RFC 4158, depth-first with a work budget) and path validation (RFC 5280 §6.1).

use std::collections::HashMap;

use crate::codes::{self, Code};
use crate::report::{AnchorKind, Trust, ValidityAtSigning};
use crate::time::ValidationTime;

use super::cert::{ku, Certificate, CertificateError};
use super::error::{Depth, PathError};
use super::name::NameConstraintState;
use super::policy::{self, PolicyFailure, PolicySettings};
use super::sig::{verify_signature, HashAlgorithm, SignatureError, SignatureFacts};

/// Trust anchors and a pool of intermediate certificates.
///
/// RFC 5280 §6.1.1 (d): a trust anchor is a name and a key; the anchor certificate's own validity
/// and extensions are not part of path validation. Intermediates come from the CMS certificate
/// set, the PDF /DSS, or the user, and are only candidates: trust comes from anchors alone.
///
/// Each anchor has an [`AnchorKind`] (government CA unless said otherwise), so that the policy
/// can tell a government chain from a public-CA chain (Decree 30 finding), and optionally a
/// free-text label (e.g. "vgca-g2") reported with the path.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
    /// Kinds of anchors that are not government CAs, by fingerprint.
    kinds: Vec<([u8; 32], AnchorKind)>,
    /// Labels given to anchors, by fingerprint.
    labels: Vec<([u8; 32], String)>,
    intermediates: Vec<Certificate>,
}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every certificate in `bytes` (one DER certificate, a PEM bundle or a certs-only
    /// PKCS #7) as a government-CA trust anchor. Returns how many were added (duplicates are
    /// ignored).
    pub fn add_anchors(&mut self, bytes: &[u8]) -> Result<usize, CertificateError> {
        self.add_anchors_of_kind(bytes, AnchorKind::Government)
    }

    /// Like [`TrustStore::add_anchors`], for anchors of the given kind (reported as
    /// [`PathFacts::anchor`]).
    pub fn add_anchors_of_kind(
        &mut self,
        bytes: &[u8],
        kind: AnchorKind,
    ) -> Result<usize, CertificateError> {
        let certs = Certificate::parse_many(bytes)?;
        let mut added = 0;
        for c in certs {
            self.set_kind(&c, kind);
            if push_unique(&mut self.anchors, c) {
                added += 1;
            }
        }
        Ok(added)
    }

    /// Like [`TrustStore::add_anchors_of_kind`], and labels the anchors (reported as
    /// [`PathFacts::anchor_label`]).
    pub fn add_labelled_anchors(
        &mut self,
        bytes: &[u8],
        label: &str,
        kind: AnchorKind,
    ) -> Result<usize, CertificateError> {
        let certs = Certificate::parse_many(bytes)?;
        let mut added = 0;
        for c in certs {
            self.labels.retain(|(fp, _)| *fp != c.sha256);
            self.labels.push((c.sha256, label.to_owned()));
            self.set_kind(&c, kind);
            if push_unique(&mut self.anchors, c) {
                added += 1;
            }
        }
        Ok(added)
    }

    fn set_kind(&mut self, cert: &Certificate, kind: AnchorKind) {
        self.kinds.retain(|(fp, _)| *fp != cert.sha256);
        if kind != AnchorKind::Government {
            self.kinds.push((cert.sha256, kind));
        }
    }

    /// The label of an anchor, if it was given one.
    pub fn label_of(&self, anchor: &Certificate) -> Option<&str> {
        self.labels
            .iter()
            .find(|(fp, _)| *fp == anchor.sha256)
            .map(|(_, l)| l.as_str())
    }

    /// The kind of an anchor (government CA unless it was added as another kind).
    pub fn kind_of(&self, anchor: &Certificate) -> AnchorKind {
        self.kinds
            .iter()
            .find(|(fp, _)| *fp == anchor.sha256)
            .map_or(AnchorKind::Government, |(_, k)| *k)
    }

    /// Adds every certificate in `bytes` (DER or PEM bundle) to the intermediate pool.
    pub fn add_intermediates(&mut self, bytes: &[u8]) -> Result<usize, CertificateError> {
        let certs = Certificate::parse_many(bytes)?;
        Ok(certs
            .into_iter()
            .filter(|c| push_unique(&mut self.intermediates, c.clone()))
            .count())
    }

    pub fn add_anchor(&mut self, cert: Certificate) -> bool {
        push_unique(&mut self.anchors, cert)
    }

    pub fn add_intermediate(&mut self, cert: Certificate) -> bool {
        push_unique(&mut self.intermediates, cert)
    }

    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    pub(crate) fn is_anchor(&self, cert: &Certificate) -> bool {
        self.anchors.iter().any(|a| a.sha256 == cert.sha256)
    }
}

fn push_unique(list: &mut Vec<Certificate>, cert: Certificate) -> bool {
    if list.iter().any(|c| c.sha256 == cert.sha256) {
        return false;
    }
    list.push(cert);
    true
}

/// What the end-entity certificate must be allowed to do (RFC 5280 §4.2.1.3, §4.2.1.12).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EndEntityUsage {
    /// Signing documents: keyUsage digitalSignature or nonRepudiation (contentCommitment), when
    /// keyUsage is present. The Vietnamese government profile sets both.
    #[default]
    DocumentSigning,
    /// keyUsage digitalSignature only.
    DigitalSignature,
    /// keyUsage nonRepudiation only.
    NonRepudiation,
    /// An RFC 3161 time-stamping authority: extKeyUsage id-kp-timeStamping (RFC 3161 §2.3).
    TimeStamping,
    /// An OCSP responder: extKeyUsage id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
    OcspSigning,
    /// A CRL issuer: keyUsage cRLSign (RFC 5280 §6.3.3 (f)).
    CrlSigning,
    /// No end-entity usage check (for test suites such as PKITS).
    Any,
}

/// Options of a validation run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationOptions {
    pub usage: EndEntityUsage,
    pub policy: PolicySettings,
    /// At most this many signature verifications while building paths.
    pub max_signature_checks: u32,
    /// At most this many issuer candidates considered in all (cached signature results make
    /// revisits cheap, but the number of paths through them still has to be bounded).
    pub max_candidates: u32,
    /// At most this many certificates in a path, trust anchor included.
    pub max_path_len: usize,
}

impl Default for ValidationOptions {
    fn default() -> Self {
        ValidationOptions {
            usage: EndEntityUsage::DocumentSigning,
            policy: PolicySettings::default(),
            max_signature_checks: 64,
            max_candidates: 1024,
            max_path_len: 10,
        }
    }
}

/// Facts about one certificate of a validated path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub subject: String,
    pub issuer: String,
    /// Serial number in lower-case hex.
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    pub is_anchor: bool,
    /// Hash algorithm of this certificate's own signature (None for the anchor).
    pub signature_hash: Option<HashAlgorithm>,
    pub key_bits: usize,
}

/// A non-fatal fact worth reporting about a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathFinding {
    /// A CA certificate signed with SHA-1 (accepted: the first-generation Vietnamese government CA,
    /// 2010-2030, is SHA-1).
    Sha1CaCertificate { depth: Depth, subject: String },
    /// The end-entity certificate itself is signed with SHA-1.
    Sha1EndEntityCertificate,
    /// An RSA key shorter than 2048 bits in the path.
    WeakRsaKey { depth: Depth, bits: usize },
    /// The trust anchor certificate is outside its own validity period at the validation time.
    AnchorOutsideValidity { subject: String },
}

impl PathFinding {
    /// The catalogue entry of this finding ([`crate::codes`]).
    pub fn catalogue(&self) -> &'static Code {
        match self {
            PathFinding::Sha1CaCertificate { .. } => &codes::SHA1_CA_CERTIFICATE,
            PathFinding::Sha1EndEntityCertificate => &codes::SHA1_END_ENTITY_CERTIFICATE,
            PathFinding::WeakRsaKey { .. } => &codes::WEAK_RSA_KEY_IN_PATH,
            PathFinding::AnchorOutsideValidity { .. } => &codes::ANCHOR_OUTSIDE_VALIDITY,
        }
    }

    /// The stable code ([`crate::codes`]).
    pub fn code(&self) -> &'static str {
        self.catalogue().code
    }
}

/// The result of path validation: facts only.
#[derive(Debug, Clone)]
pub struct PathFacts {
    /// `Trusted` when a path to a trust anchor exists whose signatures and constraints are all
    /// valid, validity periods aside (those are `validity_at_signing`).
    pub trust: Trust,
    /// Validity of every certificate of the chosen path at the validation time (`Expired` when
    /// any is expired, else `NotYetValid` when any is not yet valid). For an untrusted result, the
    /// end-entity certificate's own period.
    pub validity_at_signing: ValidityAtSigning,
    /// The chosen path (end-entity first, trust anchor last), or the best partial path.
    pub chain: Vec<ChainLink>,
    /// Every problem of the chosen path, most specific first. Empty means fully valid.
    pub problems: Vec<PathError>,
    pub findings: Vec<PathFinding>,
    /// §6.1.6: the authority-constrained policies valid for the end-entity certificate.
    pub policies: Vec<String>,
    /// The kind of the trust anchor the path ends at (`None` when it ends at none).
    pub anchor: Option<AnchorKind>,
    /// The label of the trust anchor the path ends at, when the store labelled it.
    pub anchor_label: Option<String>,
    /// Signature verifications spent.
    pub signature_checks: u32,
    /// The certificates of `chain`, for revocation checking.
    pub(crate) certs: Vec<Certificate>,
}

impl PathFacts {
    /// Trusted and free of any problem, time included.
    pub fn is_valid(&self) -> bool {
        self.trust == Trust::Trusted && self.problems.is_empty()
    }

    /// The most specific problem, if any.
    pub fn primary_problem(&self) -> Option<&PathError> {
        // `max_by_key` keeps the last maximum; the first is the one found first in §6.1 order.
        self.problems.iter().rev().max_by_key(|p| p.rank())
    }

    /// The certificates of the chosen path, end-entity first.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certs
    }
}

/// Builds and validates a path from `leaf` to a trust anchor of `store` at time `at`.
/// `extra` are further candidate intermediates (CMS certificate set, /DSS).
pub fn validate_path(
    leaf: &Certificate,
    extra: &[Certificate],
    store: &TrustStore,
    at: ValidationTime,
    options: &ValidationOptions,
) -> PathFacts {
    let mut pool: Vec<&Certificate> = Vec::new();
    for c in store.intermediates.iter().chain(extra) {
        if !pool.iter().any(|p| p.sha256 == c.sha256)
            && !store.is_anchor(c)
            && c.sha256 != leaf.sha256
        {
            pool.push(c);
        }
    }
    let mut builder = Builder {
        store,
        pool,
        leaf,
        at: at.0,
        options,
        checks: 0,
        visits: 0,
        sig_cache: HashMap::new(),
        best: None,
        found: None,
    };
    if store.is_anchor(leaf) {
        // The target is itself a trust anchor: the path is the anchor alone.
        let mut facts = builder.facts(&[]);
        facts.trust = Trust::Trusted;
        facts.anchor = Some(store.kind_of(leaf));
        facts.anchor_label = store.label_of(leaf).map(str::to_owned);
        match facts.validity_at_signing {
            ValidityAtSigning::Expired => facts.problems.push(PathError::Expired {
                depth: 0,
                not_after: leaf.not_after,
            }),
            ValidityAtSigning::NotYetValid => facts.problems.push(PathError::NotYetValid {
                depth: 0,
                not_before: leaf.not_before,
            }),
            ValidityAtSigning::Valid => {}
        }
        if let Some(l) = facts.chain.first_mut() {
            l.is_anchor = true;
        }
        return facts;
    }
    let mut chain: Vec<Step<'_>> = Vec::new();
    builder.extend(leaf, &mut chain);
    if let Some(found) = builder.found.take() {
        return found;
    }
    match builder.best.take() {
        Some(best) => best,
        None => {
            let mut facts = builder.facts(&[]);
            facts.problems = vec![PathError::NoIssuer {
                depth: 0,
                issuer: leaf.issuer.to_string(),
            }];
            facts
        }
    }
}

#[derive(Clone, Copy)]
struct Step<'a> {
    cert: &'a Certificate,
    is_anchor: bool,
    /// Facts of the signature of the certificate below, verified with this one's key.
    sig: SignatureFacts,
}

struct Builder<'a> {
    store: &'a TrustStore,
    pool: Vec<&'a Certificate>,
    leaf: &'a Certificate,
    at: i64,
    options: &'a ValidationOptions,
    checks: u32,
    visits: u32,
    sig_cache: HashMap<([u8; 32], [u8; 32]), Result<SignatureFacts, SignatureError>>,
    best: Option<PathFacts>,
    found: Option<PathFacts>,
}

impl<'a> Builder<'a> {
    fn candidates(&self, child: &Certificate) -> Vec<(&'a Certificate, bool)> {
        let mut c: Vec<(&'a Certificate, bool)> = Vec::new();
        c.extend(
            self.store
                .anchors
                .iter()
                .filter(|a| a.subject == child.issuer)
                .map(|a| (a, true)),
        );
        c.extend(
            self.pool
                .iter()
                .copied()
                .filter(|p| p.subject == child.issuer)
                .map(|p| (p, false)),
        );
        // RFC 4158 §3.5: prefer matching key identifiers, then anchors, then certificates valid at
        // the validation time, then newer ones.
        let aki = child.authority_key_id.as_deref();
        c.sort_by_key(|(cand, anchor)| {
            let key_match = match (aki, cand.subject_key_id.as_deref()) {
                (Some(a), Some(s)) => a == s,
                _ => true,
            };
            (
                !key_match,
                !*anchor,
                !cand.valid_at(self.at),
                std::cmp::Reverse(cand.not_before),
            )
        });
        c
    }

    fn record(&mut self, facts: PathFacts) {
        let score = |f: &PathFacts| {
            let hard = f
                .problems
                .iter()
                .filter(|p| !p.is_time_problem())
                .map(PathError::rank)
                .max();
            (hard.is_none(), hard.unwrap_or(0), f.chain.len())
        };
        match &self.best {
            Some(b) if score(b) >= score(&facts) => {}
            _ => self.best = Some(facts),
        }
    }

    fn verify(
        &mut self,
        child: &Certificate,
        issuer: &Certificate,
    ) -> Option<Result<SignatureFacts, SignatureError>> {
        let key = (child.sha256, issuer.sha256);
        if let Some(r) = self.sig_cache.get(&key) {
            return Some(r.clone());
        }
        if self.checks >= self.options.max_signature_checks {
            return None;
        }
        self.checks += 1;
        let r = verify_signature(
            &child.signature_algorithm,
            &issuer.public_key,
            &child.tbs,
            &child.signature,
        );
        self.sig_cache.insert(key, r.clone());
        Some(r)
    }

    /// Depth-first search: `top` is the certificate whose issuer is sought; `chain` holds the
    /// issuers found so far above the leaf.
    fn extend(&mut self, top: &Certificate, chain: &mut Vec<Step<'a>>) {
        let depth = chain.len();
        let mut any_candidate = false;
        for (cand, is_anchor) in self.candidates(top) {
            if self.found.is_some() {
                return;
            }
            // Cycle avoidance: never the same certificate, nor the same name and key, twice.
            let same = |c: &Certificate| {
                c.sha256 == cand.sha256
                    || (c.subject == cand.subject && c.public_key == cand.public_key)
            };
            if !is_anchor && (same(self.leaf) || chain.iter().any(|s| same(s.cert))) {
                continue;
            }
            any_candidate = true;
            self.visits += 1;
            let verified = if self.visits > self.options.max_candidates {
                None
            } else {
                self.verify(top, cand)
            };
            let Some(sig) = verified else {
                let mut f = self.facts(chain);
                f.problems = vec![PathError::BudgetExhausted];
                self.record(f);
                return;
            };
            match sig {
                Err(e) => {
                    let mut f = self.facts(chain);
                    f.problems = vec![match e {
                        SignatureError::UnsupportedAlgorithm(a) => {
                            PathError::UnsupportedAlgorithm {
                                depth,
                                algorithm: a,
                            }
                        }
                        SignatureError::KeyMismatch { algorithm, .. } => {
                            PathError::UnsupportedAlgorithm {
                                depth,
                                algorithm: format!("{algorithm:?}"),
                            }
                        }
                        SignatureError::Invalid => PathError::BadSignature { depth },
                    }];
                    self.record(f);
                }
                Ok(sig) => {
                    chain.push(Step {
                        cert: cand,
                        is_anchor,
                        sig,
                    });
                    if is_anchor {
                        let facts = self.validate(chain);
                        if facts.is_valid() {
                            self.found = Some(facts);
                        } else {
                            self.record(facts);
                        }
                    } else if chain.len() + 2 > self.options.max_path_len {
                        let mut f = self.facts(chain);
                        f.problems = vec![PathError::TooLong {
                            max: self.options.max_path_len,
                        }];
                        self.record(f);
                    } else {
                        self.extend(cand, chain);
                    }
                    chain.pop();
                }
            }
        }
        if !any_candidate {
            let mut f = self.facts(chain);
            f.problems = vec![PathError::NoIssuer {
                depth,
                issuer: top.issuer.to_string(),
            }];
            self.record(f);
        }
    }

    /// Facts skeleton for the leaf plus `chain` (untrusted, no problems yet).
    fn facts(&self, chain: &[Step<'a>]) -> PathFacts {
        let mut certs: Vec<Certificate> = vec![self.leaf.clone()];
        let mut links = Vec::new();
        let mut below_sig: Vec<Option<SignatureFacts>> =
            chain.iter().map(|s| Some(s.sig)).collect();
        below_sig.push(None);
        let all: Vec<(&Certificate, bool)> = std::iter::once((self.leaf, false))
            .chain(chain.iter().map(|s| (s.cert, s.is_anchor)))
            .collect();
        for (i, (c, anchor)) in all.iter().enumerate() {
            links.push(ChainLink {
                subject: c.subject.to_string(),
                issuer: c.issuer.to_string(),
                serial: crate::hex::encode(&c.serial),
                not_before: c.not_before,
                not_after: c.not_after,
                is_anchor: *anchor,
                signature_hash: below_sig.get(i).copied().flatten().map(|s| s.hash),
                key_bits: c.public_key.bits,
            });
            if i > 0 {
                certs.push((*c).clone());
            }
        }
        let anchor_cert = chain.last().filter(|s| s.is_anchor).map(|s| s.cert);
        let anchor = anchor_cert.map(|a| self.store.kind_of(a));
        let anchor_label = anchor_cert
            .and_then(|a| self.store.label_of(a))
            .map(str::to_owned);
        PathFacts {
            trust: Trust::Untrusted,
            validity_at_signing: time_validity(self.leaf, self.at),
            anchor,
            anchor_label,
            chain: links,
            problems: Vec::new(),
            findings: Vec::new(),
            policies: Vec::new(),
            signature_checks: self.checks,
            certs,
        }
    }

    /// RFC 5280 §6.1.3-§6.1.5 over a complete candidate path (`chain` ends with the anchor).
    fn validate(&self, chain: &[Step<'a>]) -> PathFacts {
        let mut facts = self.facts(chain);
        let mut problems: Vec<PathError> = Vec::new();
        let mut findings: Vec<PathFinding> = Vec::new();
        // The path in RFC order: certificate 1 is issued by the anchor, certificate n is the leaf.
        // `depth` counts from the leaf (0) upwards.
        let mut below: Vec<(&Certificate, Depth, SignatureFacts)> = Vec::new();
        for (i, step) in chain.iter().enumerate() {
            let subject = if i == 0 {
                self.leaf
            } else {
                chain.get(i - 1).map_or(self.leaf, |s| s.cert)
            };
            below.push((subject, i, step.sig));
        }
        below.reverse(); // now anchor-issued first
        let n = below.len();
        if let Some(anchor) = chain.last() {
            if !anchor.cert.valid_at(self.at) {
                findings.push(PathFinding::AnchorOutsideValidity {
                    subject: anchor.cert.subject.to_string(),
                });
            }
        }
        let mut max_path_length = n;
        let mut constraints = NameConstraintState::default();
        let mut validity = ValidityAtSigning::Valid;
        for (idx, (cert, depth, sig)) in below.iter().enumerate() {
            let (cert, depth) = (*cert, *depth);
            let last = idx + 1 == n;
            // (a)(1) signature: verified while building. Record weak facts.
            if sig.weak_hash {
                if last {
                    findings.push(PathFinding::Sha1EndEntityCertificate);
                } else {
                    findings.push(PathFinding::Sha1CaCertificate {
                        depth,
                        subject: cert.subject.to_string(),
                    });
                }
            }
            if matches!(cert.public_key.algorithm, super::sig::KeyAlgorithm::Rsa)
                && cert.public_key.bits < 2048
            {
                findings.push(PathFinding::WeakRsaKey {
                    depth,
                    bits: cert.public_key.bits,
                });
            }
            // (a)(2) validity at the validation time.
            if self.at > cert.not_after {
                problems.push(PathError::Expired {
                    depth,
                    not_after: cert.not_after,
                });
                validity = ValidityAtSigning::Expired;
            } else if self.at < cert.not_before {
                problems.push(PathError::NotYetValid {
                    depth,
                    not_before: cert.not_before,
                });
                if validity == ValidityAtSigning::Valid {
                    validity = ValidityAtSigning::NotYetValid;
                }
            }
            // (b), (c) name constraints, skipped for self-issued intermediates.
            if (!cert.is_self_issued() || last)
                && !cert
                    .constrained_names()
                    .iter()
                    .all(|nm| constraints.allows(nm))
            {
                problems.push(PathError::NameConstraints { depth });
            }
            // (o) critical extensions not understood.
            if let Some(oid) = cert.unknown_critical.first() {
                problems.push(PathError::UnknownCriticalExtension {
                    depth,
                    oid: oid.clone(),
                });
            }
            if last {
                if let Some(p) = end_entity_usage(cert, &self.options.usage) {
                    problems.push(p);
                }
                continue;
            }
            // §6.1.4 (g) name constraints of this CA.
            if let Some((permitted, excluded)) = &cert.name_constraints {
                constraints.add(permitted.clone(), excluded.clone());
            }
            // (k) basicConstraints cA.
            if !cert.is_ca() {
                problems.push(PathError::NotCa { depth });
            }
            // (l), (m) path length.
            if !cert.is_self_issued() {
                if max_path_length == 0 {
                    problems.push(PathError::PathLenExceeded { depth });
                }
                max_path_length = max_path_length.saturating_sub(1);
            }
            if let Some((_, Some(len))) = cert.basic_constraints {
                max_path_length = max_path_length.min(len as usize);
            }
            // (n) keyCertSign.
            if !cert.has_key_usage(ku::KEY_CERT_SIGN) {
                problems.push(PathError::MissingKeyCertSign { depth });
            }
        }
        // Policy processing (§6.1.3 (d)-(f), §6.1.4 (a)(b)(h)-(j), §6.1.5 (g)).
        let ordered: Vec<&Certificate> = below.iter().map(|(c, _, _)| *c).collect();
        match policy::process(&ordered, &self.options.policy) {
            Ok(p) => facts.policies = p,
            Err(PolicyFailure::NoValidPolicy { depth_from_leaf }) => {
                problems.push(PathError::NoValidPolicy {
                    depth: depth_from_leaf,
                })
            }
            Err(PolicyFailure::MappingToOrFromAnyPolicy { depth_from_leaf }) => {
                problems.push(PathError::InvalidPolicyMapping {
                    depth: depth_from_leaf,
                })
            }
            Err(PolicyFailure::TreeTooLarge) => problems.push(PathError::PolicyTreeTooLarge),
        }
        problems.sort_by_key(|p| std::cmp::Reverse(p.rank()));
        facts.trust = if problems.iter().all(PathError::is_time_problem) {
            Trust::Trusted
        } else {
            Trust::Untrusted
        };
        facts.validity_at_signing = validity;
        facts.problems = problems;
        facts.findings = findings;
        facts
    }
}

fn end_entity_usage(cert: &Certificate, usage: &EndEntityUsage) -> Option<PathError> {
    // extKeyUsage is not required for document signing: the Vietnamese government profile
    // carries clientAuth/emailProtection only (research/domain.md §3.2).
    let (ok, required) = match usage {
        EndEntityUsage::DocumentSigning => (
            cert.has_key_usage(ku::DIGITAL_SIGNATURE) || cert.has_key_usage(ku::NON_REPUDIATION),
            "digitalSignature or nonRepudiation",
        ),
        EndEntityUsage::DigitalSignature => (
            cert.has_key_usage(ku::DIGITAL_SIGNATURE),
            "digitalSignature",
        ),
        EndEntityUsage::NonRepudiation => {
            (cert.has_key_usage(ku::NON_REPUDIATION), "nonRepudiation")
        }
        // RFC 3161 §2.3: the TSA certificate's extKeyUsage is exactly id-kp-timeStamping.
        EndEntityUsage::TimeStamping => (
            cert.has_eku("1.3.6.1.5.5.7.3.8"),
            "extKeyUsage timeStamping",
        ),
        EndEntityUsage::OcspSigning => (
            cert.has_eku(super::cert::EKU_OCSP_SIGNING),
            "extKeyUsage OCSPSigning",
        ),
        EndEntityUsage::CrlSigning => (cert.has_key_usage(ku::CRL_SIGN), "cRLSign"),
        EndEntityUsage::Any => (true, ""),
    };
    (!ok).then(|| PathError::EndEntityKeyUsage {
        required: required.to_owned(),
    })
}

fn time_validity(cert: &Certificate, at: i64) -> ValidityAtSigning {
    if at > cert.not_after {
        ValidityAtSigning::Expired
    } else if at < cert.not_before {
        ValidityAtSigning::NotYetValid
    } else {
        ValidityAtSigning::Valid
    }
}
