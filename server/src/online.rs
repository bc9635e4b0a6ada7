//! Online revocation (`kyso verify --online`): fetch the CRLs named in the certificates'
//! cRLDistributionPoints (RFC 5280 §4.2.1.13) and ask the OCSP responders named in their
//! authorityInfoAccess (RFC 5280 §4.2.2.1, RFC 6960), then hand the DER to audit-core's
//! `RevocationSources` like any `--crl` file.
//!
//! The network lives here, in the binary, behind [`RevocationFetcher`]: audit-core stays pure and
//! never learns where its revocation data came from. Only `http`/`https` URLs are followed (no
//! LDAP, no file), with a 5 s connect timeout, a 10 s total timeout and a 10 MB response cap, so
//! a slow or hostile responder cannot stall an audit. Responses are cached on disk under
//! `--cache-dir`, keyed by the SHA-256 of the URL (and of the request, for OCSP): a cached CRL
//! is reused until its nextUpdate (RFC 5280 §5.1.2.5), an OCSP response for an hour.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use audit_core::pki::{Certificate, Crl};
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response accepted (the largest real CRLs are a few MB).
pub const MAX_RESPONSE_BYTES: u64 = 10 * 1024 * 1024;
/// How long a cached OCSP response is reused.
const OCSP_CACHE_SECONDS: u64 = 3600;
/// How long a cached CRL without nextUpdate is reused.
const CRL_WITHOUT_NEXT_UPDATE_SECONDS: u64 = 3600;
/// id-ad-ocsp (RFC 5280 §4.2.2.1).
const ID_AD_OCSP: &str = "1.3.6.1.5.5.7.48.1";
/// Most URLs fetched for one call: a certificate naming hundreds of URLs gets a handful tried.
const MAX_URLS: usize = 32;

/// Why one URL gave nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub url: String,
    pub message: String,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.url, self.message)
    }
}

fn fetch_error(url: &str, message: impl std::fmt::Display) -> FetchError {
    FetchError {
        url: url.to_owned(),
        message: message.to_string(),
    }
}

/// Where revocation data comes from: HTTP in production, a cache in front of it, a fake in tests.
pub trait RevocationFetcher {
    /// GET of a CRL distribution point.
    fn get_crl(&self, url: &str) -> Result<Vec<u8>, FetchError>;
    /// POST of a DER OCSPRequest (RFC 6960 Appendix A.1).
    fn post_ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, FetchError>;
}

/// Blocking HTTP(S) with rustls (ring), timeouts and a size cap.
pub struct HttpFetcher {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        Self::new(MAX_RESPONSE_BYTES)
    }
}

impl HttpFetcher {
    pub fn new(max_bytes: u64) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(TOTAL_TIMEOUT))
            .http_status_as_error(true)
            .max_redirects(3)
            .user_agent(concat!("kyso/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
            max_bytes,
        }
    }

    fn read(
        &self,
        url: &str,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<Vec<u8>, FetchError> {
        let mut response = response;
        response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| fetch_error(url, e))
    }
}

/// Only plain web URLs are followed (RFC 5280 allows ldap: and others; they are skipped).
fn check_scheme(url: &str) -> Result<(), FetchError> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Ok(())
    } else {
        Err(fetch_error(url, "not an http(s) URL; skipped"))
    }
}

impl RevocationFetcher for HttpFetcher {
    fn get_crl(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        check_scheme(url)?;
        let response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| fetch_error(url, e))?;
        self.read(url, response)
    }

    fn post_ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, FetchError> {
        check_scheme(url)?;
        let response = self
            .agent
            .post(url)
            .header("Content-Type", "application/ocsp-request")
            .header("Accept", "application/ocsp-response")
            .send(request)
            .map_err(|e| fetch_error(url, e))?;
        self.read(url, response)
    }
}

/// An on-disk cache in front of another fetcher.
pub struct CachedFetcher<F> {
    inner: F,
    dir: PathBuf,
    /// Seconds since the Unix epoch (the CLI passes the clock; tests pass any time).
    now: i64,
}

impl<F: RevocationFetcher> CachedFetcher<F> {
    pub fn new(inner: F, dir: impl Into<PathBuf>, now: i64) -> Self {
        Self {
            inner,
            dir: dir.into(),
            now,
        }
    }

    /// `<hex SHA-256 of key>.<extension>`: for a CRL the key is the URL, for OCSP the URL, a
    /// zero byte and the request (a URL never contains a zero byte).
    fn path(&self, key: &[u8], extension: &str) -> PathBuf {
        self.dir.join(format!("{}.{extension}", cache_key(key)))
    }

    fn store(&self, path: &Path, bytes: &[u8]) {
        // A cache that cannot be written is not an error: the answer is still used.
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Age of a cache file in seconds (None when unknown).
    fn age(path: &Path) -> Option<u64> {
        let modified = std::fs::metadata(path).ok()?.modified().ok()?;
        SystemTime::now()
            .duration_since(modified)
            .ok()
            .map(|d| d.as_secs())
    }
}

impl<F: RevocationFetcher> RevocationFetcher for CachedFetcher<F> {
    fn get_crl(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        check_scheme(url)?;
        let path = self.path(url.as_bytes(), "crl");
        if let Ok(bytes) = std::fs::read(&path) {
            let fresh = match Crl::from_der(&bytes).map(|c| c.next_update()) {
                Ok(Some(next)) => next >= self.now,
                Ok(None) => Self::age(&path).is_some_and(|a| a < CRL_WITHOUT_NEXT_UPDATE_SECONDS),
                Err(_) => false,
            };
            if fresh {
                return Ok(bytes);
            }
        }
        match self.inner.get_crl(url) {
            Ok(bytes) => {
                self.store(&path, &bytes);
                Ok(bytes)
            }
            // Unreachable distribution point: a stale copy is still evidence; audit-core judges
            // its freshness against the signing time (RFC 5280 §6.3.3 (a)).
            Err(e) => std::fs::read(&path).map_err(|_| e),
        }
    }

    fn post_ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, FetchError> {
        check_scheme(url)?;
        let path = self.path(&[url.as_bytes(), &[0], request].concat(), "ocsp");
        if Self::age(&path).is_some_and(|a| a < OCSP_CACHE_SECONDS) {
            if let Ok(bytes) = std::fs::read(&path) {
                return Ok(bytes);
            }
        }
        let bytes = self.inner.post_ocsp(url, request)?;
        self.store(&path, &bytes);
        Ok(bytes)
    }
}

/// Lower-case hex SHA-256 of `key`: the cache file name stem.
pub fn cache_key(key: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, key)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The default cache folder: `$XDG_CACHE_HOME/kyso`, else `.kyso-cache`.
pub fn default_cache_dir() -> PathBuf {
    match std::env::var_os("XDG_CACHE_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("kyso"),
        _ => PathBuf::from(".kyso-cache"),
    }
}

/// What was fetched for a set of certificates.
#[derive(Debug, Default)]
pub struct FetchedRevocation {
    /// DER CRLs.
    pub crls: Vec<Vec<u8>>,
    /// DER OCSPResponses.
    pub ocsps: Vec<Vec<u8>>,
    pub errors: Vec<FetchError>,
}

/// The http(s) URLs a certificate names: (CRL distribution points, OCSP responders).
pub fn revocation_urls(cert: &Certificate) -> (Vec<String>, Vec<String>) {
    let mut crls = Vec::new();
    let mut ocsp = Vec::new();
    let Ok((_, x509)) = x509_parser::certificate::X509Certificate::from_der(cert.der()) else {
        return (crls, ocsp);
    };
    for ext in x509.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::CRLDistributionPoints(points) => {
                for point in points.iter() {
                    if let Some(DistributionPointName::FullName(names)) = &point.distribution_point
                    {
                        for name in names {
                            if let GeneralName::URI(uri) = name {
                                crls.push((*uri).to_owned());
                            }
                        }
                    }
                }
            }
            ParsedExtension::AuthorityInfoAccess(aia) => {
                for desc in aia.iter() {
                    if desc.access_method.to_id_string() == ID_AD_OCSP {
                        if let GeneralName::URI(uri) = &desc.access_location {
                            ocsp.push((*uri).to_owned());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (crls, ocsp)
}

/// Fetches revocation data for every certificate of `certs` that is not self-issued: each
/// distinct CRL URL once, and an OCSP request per certificate whose issuer is among `certs`.
pub fn fetch_for(certs: &[Certificate], fetcher: &dyn RevocationFetcher) -> FetchedRevocation {
    let mut out = FetchedRevocation::default();
    let mut crl_urls: Vec<String> = Vec::new();
    let mut ocsp_requests: Vec<(String, Vec<u8>)> = Vec::new();
    for cert in certs.iter().filter(|c| !c.is_self_issued()) {
        let (crls, ocsps) = revocation_urls(cert);
        for url in crls {
            if !crl_urls.contains(&url) {
                crl_urls.push(url);
            }
        }
        if ocsps.is_empty() {
            continue;
        }
        let Some(issuer) = certs
            .iter()
            .find(|i| i.subject() == cert.issuer() && *i != cert)
        else {
            out.errors.push(fetch_error(
                &ocsps[0],
                format!("issuer of {} not available; OCSP not asked", cert.subject()),
            ));
            continue;
        };
        let request = ocsp_request(cert, issuer);
        for url in ocsps {
            if !ocsp_requests
                .iter()
                .any(|(u, r)| *u == url && *r == request)
            {
                ocsp_requests.push((url, request.clone()));
            }
        }
    }
    for url in crl_urls.iter().take(MAX_URLS) {
        match fetcher.get_crl(url) {
            Ok(bytes) => out.crls.push(bytes),
            Err(e) => out.errors.push(e),
        }
    }
    for (url, request) in ocsp_requests.iter().take(MAX_URLS) {
        match fetcher.post_ocsp(url, request) {
            Ok(bytes) => out.ocsps.push(bytes),
            Err(e) => out.errors.push(e),
        }
    }
    out
}

/// The certificates of every signature of a PDF (the CMS certificate sets), for [`fetch_for`].
/// Unreadable files and signatures contribute nothing; `kyso verify` reports them itself.
pub fn signature_certificates(
    bytes: &[u8],
    limits: &audit_core::limits::Limits,
) -> Vec<Certificate> {
    use audit_core::cms;
    use audit_core::signature::SignatureValue;
    let Ok(doc) = audit_core::pdf::Document::parse(bytes, limits) else {
        return Vec::new();
    };
    let mut out: Vec<Certificate> = Vec::new();
    for field in audit_core::signature::locate(&doc).fields {
        let SignatureValue::Signed(dict) = &field.value else {
            continue;
        };
        let Some(contents) = dict.contents_bytes() else {
            continue;
        };
        let sub_filter = dict.sub_filter_or_unknown();
        // Integrity is not the question here: only the certificate set is read.
        let facts = cms::verify(contents, &[], &sub_filter);
        for der in &facts.certificates {
            if let Ok(cert) = Certificate::from_der(der) {
                if !out.contains(&cert) {
                    out.push(cert);
                }
            }
        }
    }
    out
}

/// `kyso verify --online`: fetches revocation data for the certificates of every file (and the
/// `--certs` intermediates and trust anchors, as OCSP issuers) and adds it to the context's
/// revocation sources. Failures are warnings on stderr: offline data still applies.
pub fn extend_context(
    files: &[PathBuf],
    mut ctx: audit_core::VerifyContext,
    cache_dir: &Path,
) -> audit_core::VerifyContext {
    let mut certs: Vec<Certificate> = Vec::new();
    for file in files {
        if let Ok(bytes) = std::fs::read(file) {
            for cert in signature_certificates(&bytes, &ctx.limits) {
                if !certs.contains(&cert) {
                    certs.push(cert);
                }
            }
        }
    }
    for cert in ctx
        .extra_certificates
        .iter()
        .chain(ctx.trust.intermediates())
        .chain(ctx.trust.anchors())
    {
        if !certs.contains(cert) {
            certs.push(cert.clone());
        }
    }
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let fetcher = CachedFetcher::new(HttpFetcher::default(), cache_dir, now);
    let fetched = fetch_for(&certs, &fetcher);
    for e in &fetched.errors {
        eprintln!("kyso: --online: {e}");
    }
    for der in &fetched.crls {
        if let Err(e) = ctx.revocation.add_crl_der(der) {
            eprintln!("kyso: --online: a fetched CRL is unusable: {e}");
        }
    }
    for der in &fetched.ocsps {
        if let Err(e) = ctx.revocation.add_ocsp(der) {
            eprintln!("kyso: --online: a fetched OCSP response is unusable: {e}");
        }
    }
    ctx
}

/// DER TLV with a definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// An OCSPRequest for one certificate (RFC 6960 §4.1.1): CertID with SHA-1 (the hash every
/// responder supports, §4.3) over the issuer's name and the issuer's public key BIT STRING value,
/// and the serial number; no nonce, so the responder may answer from its pre-produced cache.
pub fn ocsp_request(cert: &Certificate, issuer: &Certificate) -> Vec<u8> {
    let sha1 = |d: &[u8]| {
        ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, d)
            .as_ref()
            .to_vec()
    };
    // id-sha1 1.3.14.3.2.26 with NULL parameters.
    let algorithm = tlv(
        0x30,
        &[tlv(0x06, &[0x2b, 0x0e, 0x03, 0x02, 0x1a]), tlv(0x05, &[])].concat(),
    );
    let cert_id = tlv(
        0x30,
        &[
            algorithm,
            tlv(0x04, &sha1(issuer.subject().der())),
            tlv(0x04, &sha1(&issuer.public_key().key)),
            tlv(0x02, cert.serial()),
        ]
        .concat(),
    );
    let request = tlv(0x30, &cert_id);
    let request_list = tlv(0x30, &request);
    let tbs_request = tlv(0x30, &request_list);
    tlv(0x30, &tbs_request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use audit_core::pki::{assess, RevocationSources, TrustStore, ValidationOptions};
    use audit_core::report::Revocation;
    use audit_core::ValidationTime;
    use rcgen::{
        BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
        CustomExtension, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose, RevokedCertParams,
        SerialNumber,
    };
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A loopback HTTP/1.1 server answering GET /ca.crl and POST /ocsp, counting hits.
    struct Responder {
        port: u16,
        hits: Arc<AtomicUsize>,
    }

    fn serve(listener: TcpListener, crl: Vec<u8>, ocsp: Vec<u8>) -> Responder {
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                counter.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0u8; length];
                reader.read_exact(&mut body).unwrap();
                let (status, payload) = if request_line.starts_with("GET /ca.crl") {
                    ("200 OK", crl.clone())
                } else if request_line.starts_with("POST /ocsp") && body.first() == Some(&0x30) {
                    ("200 OK", ocsp.clone())
                } else {
                    ("404 Not Found", Vec::new())
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    payload.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&payload);
            }
        });
        Responder { port, hits }
    }

    struct Pki {
        ca: rcgen::Certificate,
        ca_key: KeyPair,
        leaf: Certificate,
        ca_parsed: Certificate,
    }

    /// AuthorityInfoAccess with one OCSP URI (rcgen has no builder for it).
    fn aia(url: &str) -> CustomExtension {
        let oid = tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01]);
        let desc = tlv(0x30, &[oid, tlv(0x86, url.as_bytes())].concat());
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], tlv(0x30, &desc))
    }

    fn pki(port: u16) -> Pki {
        let ca_key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Online Test CA");
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = p.self_signed(&ca_key).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Nguyễn Văn A");
        p.serial_number = Some(SerialNumber::from(0x4242u64));
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.crl_distribution_points = vec![
            CrlDistributionPoint {
                uris: vec![format!("http://127.0.0.1:{port}/ca.crl")],
            },
            CrlDistributionPoint {
                uris: vec!["ldap://ldap.example/cn=CA?certificateRevocationList".into()],
            },
        ];
        p.custom_extensions = vec![aia(&format!("http://127.0.0.1:{port}/ocsp"))];
        let leaf = p.signed_by(&leaf_key, &ca, &ca_key).unwrap();
        Pki {
            ca_parsed: Certificate::from_der(ca.der()).unwrap(),
            leaf: Certificate::from_der(leaf.der()).unwrap(),
            ca,
            ca_key,
        }
    }

    fn revoked_crl(pki: &Pki) -> Vec<u8> {
        CertificateRevocationListParams {
            this_update: rcgen::date_time_ymd(2024, 1, 1),
            next_update: rcgen::date_time_ymd(2030, 1, 1),
            crl_number: SerialNumber::from(7u64),
            issuing_distribution_point: None,
            revoked_certs: vec![RevokedCertParams {
                serial_number: SerialNumber::from(0x4242u64),
                revocation_time: rcgen::date_time_ymd(2024, 6, 1),
                reason_code: None,
                invalidity_date: None,
            }],
            key_identifier_method: KeyIdMethod::Sha256,
        }
        .signed_by(&pki.ca, &pki.ca_key)
        .unwrap()
        .der()
        .to_vec()
    }

    /// A successful OCSPResponse saying `good`, signed by the CA itself (ECDSA P-256).
    fn good_ocsp(pki: &Pki) -> Vec<u8> {
        let sha1 = |d: &[u8]| {
            ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, d)
                .as_ref()
                .to_vec()
        };
        let time = |s: &str| tlv(0x18, s.as_bytes());
        // The CertID of the request, as a responder echoes it.
        let request = ocsp_request(&pki.leaf, &pki.ca_parsed);
        let cert_id = request[8..].to_vec();
        let single = tlv(
            0x30,
            &[
                cert_id,
                tlv(0x80, &[]),
                time("20240701000000Z"),
                tlv(0xa0, &time("20290101000000Z")),
            ]
            .concat(),
        );
        let data = tlv(
            0x30,
            &[
                tlv(0xa2, &tlv(0x04, &sha1(&pki.ca_parsed.public_key().key))),
                time("20240701000000Z"),
                tlv(0x30, &single),
            ]
            .concat(),
        );
        let rng = ring::rand::SystemRandom::new();
        let key = ring::signature::EcdsaKeyPair::from_pkcs8(
            &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            &pki.ca_key.serialize_der(),
            &rng,
        )
        .unwrap();
        let signature = key.sign(&rng, &data).unwrap();
        let basic = tlv(
            0x30,
            &[
                data,
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

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kyso-online-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    const NOW: i64 = 1_750_000_000; // 2025-06-15

    fn revocation(pki: &Pki, fetched: &FetchedRevocation) -> Revocation {
        let mut store = TrustStore::new();
        store.add_anchors(pki.ca.der()).unwrap();
        let mut sources = RevocationSources::new();
        for crl in &fetched.crls {
            sources.add_crl_der(crl).unwrap();
        }
        for ocsp in &fetched.ocsps {
            sources.add_ocsp(ocsp).unwrap();
        }
        assess(
            &pki.leaf,
            &[],
            &store,
            &sources,
            ValidationTime(NOW),
            &ValidationOptions::default(),
        )
        .revocation_summary()
    }

    #[test]
    fn urls_and_request_come_from_the_certificate() {
        let pki = pki(8080);
        let (crls, ocsp) = revocation_urls(&pki.leaf);
        assert_eq!(
            crls,
            vec![
                "http://127.0.0.1:8080/ca.crl".to_owned(),
                "ldap://ldap.example/cn=CA?certificateRevocationList".to_owned()
            ]
        );
        assert_eq!(ocsp, vec!["http://127.0.0.1:8080/ocsp".to_owned()]);
        let request = ocsp_request(&pki.leaf, &pki.ca_parsed);
        // OCSPRequest > TBSRequest > requestList > Request > CertID, serial last.
        assert_eq!(&request[..2], &[0x30, request.len() as u8 - 2]);
        assert!(request.ends_with(&[0x02, 0x02, 0x42, 0x42]));
    }

    #[test]
    fn fetched_crl_revokes_and_the_cache_answers_the_second_run() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let pki = pki(listener.local_addr().unwrap().port());
        let responder = serve(listener, revoked_crl(&pki), good_ocsp(&pki));
        let certs = [pki.leaf.clone(), pki.ca_parsed.clone()];
        let dir = temp_dir("cache");

        assert_eq!(
            revocation(&pki, &FetchedRevocation::default()),
            Revocation::Unknown
        );
        let first = fetch_for(
            &certs,
            &CachedFetcher::new(HttpFetcher::default(), &dir, NOW),
        );
        assert_eq!(first.crls.len(), 1);
        assert_eq!(first.ocsps.len(), 1);
        // The ldap: distribution point is reported, not followed.
        assert_eq!(first.errors.len(), 1, "{:?}", first.errors);
        assert!(first.errors[0].url.starts_with("ldap:"));
        assert_eq!(responder.hits.load(Ordering::SeqCst), 2);
        // OCSP says good, the CRL says revoked: revoked wins.
        assert_eq!(revocation(&pki, &first), Revocation::Revoked);

        let second = fetch_for(
            &certs,
            &CachedFetcher::new(HttpFetcher::default(), &dir, NOW),
        );
        assert_eq!(second.crls, first.crls);
        assert_eq!(second.ocsps, first.ocsps);
        assert_eq!(
            responder.hits.load(Ordering::SeqCst),
            2,
            "served from the cache"
        );

        // After the CRL's nextUpdate (2030) the cached copy is stale and fetched again.
        let later = 1_900_000_000;
        let third = fetch_for(
            &certs,
            &CachedFetcher::new(HttpFetcher::default(), &dir, later),
        );
        assert_eq!(third.crls.len(), 1);
        assert_eq!(responder.hits.load(Ordering::SeqCst), 3);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn size_cap_and_http_errors_are_reported() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let pki = pki(listener.local_addr().unwrap().port());
        let crl = revoked_crl(&pki);
        let _responder = serve(listener, crl.clone(), Vec::new());
        let certs = [pki.leaf.clone(), pki.ca_parsed.clone()];
        let small = HttpFetcher::new(u64::try_from(crl.len()).unwrap() - 1);
        let fetched = fetch_for(&certs, &small);
        assert!(fetched.crls.is_empty());
        // CRL too large, ldap skipped, OCSP answered with an empty body.
        assert_eq!(fetched.errors.len(), 2, "{:?}", fetched.errors);
        assert_eq!(fetched.ocsps, vec![Vec::<u8>::new()]);
        let missing = HttpFetcher::default()
            .get_crl(&format!("http://127.0.0.1:{}/nothing", _responder.port));
        assert!(missing.is_err());
        // Without the issuer, no OCSP request can be made.
        let alone = fetch_for(&certs[..1], &HttpFetcher::default());
        assert!(alone
            .errors
            .iter()
            .any(|e| e.message.contains("issuer") && e.url.ends_with("/ocsp")));
    }
}
