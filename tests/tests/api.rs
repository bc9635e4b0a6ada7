//! The JSON API through a real `kyso serve` on a random loopback port, over the demo export
//! recorded by the real `kyso audit --db`: every route and error code, the token rules,
//! pagination bounds, upload limits (413 while the client keeps streaming, 429, 408), the
//! security headers, hostile URLs and slow clients.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use kyso_tests::harness::{workspace_root, Server};
use kyso_tests::history::record_demo;
use serde_json::Value;

const TOKEN: &str = "test-token-0123456789abcdef";
const VALID_DOC: &str = "demo/van-ban/nghiloc/2021-0111-0003-bc.pdf";

/// The demo recorded once for this test binary.
fn demo_db() -> PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("kyso-api-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = dir.join("kyso.db");
        record_demo(&db).expect("record the demo");
        db
    })
    .clone()
}

fn demo_path(rel: &str) -> String {
    workspace_root().join(rel).display().to_string()
}

/// `kyso serve` over the demo database, with the demo's trust inputs.
fn server(extra: &[&str], token: Option<&str>) -> Server {
    let db = demo_db().display().to_string();
    let (trust, certs, crl) = (
        demo_path("demo/trust"),
        demo_path("demo/certs"),
        demo_path("demo/crl"),
    );
    let mut args = vec![
        "--db", &db, "--trust", &trust, "--certs", &certs, "--crl", &crl,
    ];
    args.extend(extra);
    let env: Vec<(&str, &str)> = token.map(|t| ("KYSO_TOKEN", t)).into_iter().collect();
    Server::start_with_env(&args, &env).expect("kyso serve")
}

#[derive(Debug)]
struct Response {
    status: u16,
    /// Lower-cased head.
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}: ");
        self.head
            .lines()
            .find_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
    }

    /// The error shape `{"error": {"code", "message"}}` with this code.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let json = self.json();
        assert_eq!(json["error"]["code"], code, "{json}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{json}"
        );
    }
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    stream
}

/// Parses one HTTP/1.1 response from everything read until the server closed.
fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header terminator in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap_or("0"), 16)
                .unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 2 + size + 2..];
        }
        body = out;
    }
    Response { status, head, body }
}

fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = connect(server);
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse(&raw)
}

fn get(server: &Server, path: &str) -> Response {
    request(server, "GET", path, &[], b"")
}

fn get_with_token(server: &Server, path: &str, token: &str) -> Response {
    let auth = format!("Bearer {token}");
    request(server, "GET", path, &[("Authorization", &auth)], b"")
}

#[test]
fn public_routes_answer_from_the_stored_tallies() {
    let server = server(&["--trust-public", &demo_path("demo/certs")], None);

    let health = get(&server, "/api/health").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["db"]["schema_version"], 2);
    assert_eq!(health["db"]["latest_complete_run"], 1);

    let r = get(&server, "/api/rankings");
    assert_eq!(r.status, 200);
    let rankings = r.json();
    assert_eq!(rankings["schema"], 1);
    assert_eq!(rankings["period"], "all");
    assert_eq!(rankings["run"]["id"], "1");
    assert_eq!(rankings["run"]["complete"], true);
    let agencies = rankings["agencies"].as_array().expect("agencies");
    assert_eq!(agencies.len(), 12);
    let at_target = agencies
        .iter()
        .filter(|a| a["documents"] == a["compliant"])
        .count();
    assert_eq!(
        rankings["headline"]["text_vi"],
        format!("{at_target}/12 cơ quan đạt 100%")
    );
    for field in [
        "agency",
        "agency_id",
        "documents",
        "files_present",
        "signed",
        "valid",
        "compliant",
        "signing_rate",
        "compliance_rate",
        "rank",
        "gap",
    ] {
        assert!(agencies.iter().all(|a| a.get(field).is_some()), "{field}");
    }
    assert_eq!(agencies[0]["rank"], 1);

    let q1 = get(&server, "/api/rankings?period=2021-Q1&run=1").json();
    assert_eq!(q1["period"], "2021-Q1");
    assert_eq!(q1["label"], "Quý I/2021");

    let periods = get(&server, "/api/periods").json();
    let keys: Vec<&str> = periods["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .filter_map(|p| p["period"].as_str())
        .collect();
    assert_eq!(keys, ["2021-03", "2021-02", "2021-01", "2021-Q1", "2021"]);
    assert_eq!(periods["periods"][3]["kind"], "quarter");

    let id = agencies[0]["agency_id"].as_str().expect("id");
    let agency = get(&server, &format!("/api/agencies/{id}")).json();
    assert_eq!(agency["agency_id"], id);
    assert_eq!(agency["overall"]["documents"], agencies[0]["documents"]);
    assert!(agency["periods"].as_array().is_some_and(|p| p.len() >= 3));
    assert_eq!(agency["runs"].as_array().map(Vec::len), Some(1));

    let audits = get(&server, "/api/audits").json();
    let runs = audits["audits"].as_array().expect("audits");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["id"], 1);
    assert_eq!(runs[0]["complete"], true);
    assert_eq!(runs[0]["documents"], 82);

    let anchors = get(&server, "/api/trust-anchors").json();
    let anchors = anchors["anchors"].as_array().expect("anchors");
    assert_eq!(anchors.len(), 2);
    let kinds: Vec<&str> = anchors.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(kinds, ["government", "public"]);
    for a in anchors {
        assert!(a["pem"]
            .as_str()
            .is_some_and(|p| p.starts_with("-----BEGIN CERTIFICATE-----\n")));
        assert!(a["sha256"]
            .as_str()
            .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())));
        assert!(a["label"].as_str().is_some_and(|l| !l.is_empty()));
        assert!(a["subject"].as_str().is_some_and(|s| s.contains("CN=")));
    }
}

#[test]
fn public_route_errors_are_json_with_stable_codes() {
    let server = server(&[], None);
    get(&server, "/api/rankings?period=2021-Q5").assert_error(400, "invalid_period");
    get(&server, "/api/rankings?period=%zz").assert_error(400, "invalid_period");
    get(&server, "/api/rankings?run=abc").assert_error(400, "invalid_query");
    get(&server, "/api/rankings?run=99").assert_error(404, "run_not_found");
    get(&server, "/api/rankings?period=2019").assert_error(404, "period_not_found");
    get(&server, "/api/periods?run=-1").assert_error(404, "run_not_found");
    get(&server, "/api/agencies/no-such-agency").assert_error(404, "agency_not_found");
    get(&server, "/api/agencies/%ff%fe").assert_error(400, "invalid_path");
    get(&server, "/api/nope").assert_error(404, "no_such_route");
    request(&server, "DELETE", "/api/rankings", &[], b"").assert_error(405, "method_not_allowed");
    // The server is still up.
    assert_eq!(get(&server, "/api/health").status, 200);
}

#[test]
fn without_a_database_the_data_routes_answer_503() {
    let missing = std::env::temp_dir().join(format!("kyso-none-{}.db", std::process::id()));
    let server = Server::start(&["--db", missing.to_str().unwrap_or_default()]).expect("serve");
    get(&server, "/api/rankings").assert_error(503, "no_database");
    get(&server, "/api/audits").assert_error(503, "no_database");
    assert_eq!(get(&server, "/api/health").json()["db"], Value::Null);
    assert_eq!(get(&server, "/api/trust-anchors").status, 200);
    assert!(!missing.exists(), "kyso serve never creates a database");
}

#[test]
fn document_data_and_verification_need_the_token() {
    let pdf = std::fs::read(workspace_root().join(VALID_DOC)).expect("demo pdf");
    // No token configured: closed.
    let closed = server(&[], None);
    get(&closed, "/api/audits/1/documents").assert_error(403, "token_not_configured");
    get_with_token(&closed, "/api/audits/1/documents", TOKEN)
        .assert_error(403, "token_not_configured");
    request(&closed, "POST", "/api/verify", &[], &pdf).assert_error(403, "token_not_configured");

    let open = server(&[], Some(TOKEN));
    let r = get(&open, "/api/audits/1/documents");
    r.assert_error(401, "unauthorized");
    assert_eq!(
        r.header("www-authenticate").as_deref(),
        Some("bearer realm=\"kyso\"")
    );
    get_with_token(
        &open,
        "/api/audits/1/documents",
        "test-token-0123456789abcdeX",
    )
    .assert_error(401, "unauthorized");
    get_with_token(&open, "/api/audits/1/documents", &TOKEN[..TOKEN.len() - 1])
        .assert_error(401, "unauthorized");
    request(
        &open,
        "GET",
        "/api/audits/1/documents",
        &[("Authorization", &format!("Basic {TOKEN}"))],
        b"",
    )
    .assert_error(401, "unauthorized");
    request(&open, "POST", "/api/verify", &[], &pdf).assert_error(401, "unauthorized");
    assert_eq!(
        get_with_token(&open, "/api/audits/1/documents", TOKEN).status,
        200
    );
    // Public routes stay public.
    assert_eq!(get(&open, "/api/rankings").status, 200);
    assert_eq!(get(&open, "/api/audits").status, 200);

    // A short token is refused at start-up.
    let err = Server::start_with_env(&["--db", "/nonexistent.db"], &[("KYSO_TOKEN", "short")]);
    assert!(err.is_err(), "a 5-character token must not start a server");
}

#[test]
fn documents_are_paginated_within_bounds() {
    let server = server(&[], Some(TOKEN));
    let page = |q: &str| get_with_token(&server, &format!("/api/audits/1/documents{q}"), TOKEN);
    let all = page("?per_page=500").json();
    assert_eq!(all["total"], 82);
    assert_eq!(all["documents"].as_array().map(Vec::len), Some(82));
    let first = page("").json();
    assert_eq!(
        (first["page"].clone(), first["per_page"].clone()),
        (1.into(), 50.into())
    );
    assert_eq!(first["documents"].as_array().map(Vec::len), Some(50));
    let second = page("?page=2&per_page=50").json();
    assert_eq!(second["documents"].as_array().map(Vec::len), Some(32));
    let doc = &second["documents"][0];
    for field in ["file", "verdict", "signatures", "agency", "compliance"] {
        assert!(doc.get(field).is_some(), "{field}: {doc}");
    }
    assert_eq!(
        page("?page=3").json()["documents"].as_array().map(Vec::len),
        Some(0)
    );
    page("?per_page=501").assert_error(400, "invalid_per_page");
    page("?per_page=0").assert_error(400, "invalid_per_page");
    page("?page=0").assert_error(400, "invalid_page");
    page("?page=-1").assert_error(400, "invalid_query");
    page("?per_page=1e3").assert_error(400, "invalid_query");
    page("?status=bogus").assert_error(400, "invalid_status");
    let nc = page("?status=non_compliant&per_page=500").json();
    let docs = nc["documents"].as_array().expect("documents");
    assert!(!docs.is_empty());
    assert!(docs
        .iter()
        .all(|d| d["compliance"]["status"] == "non_compliant"));
    let unsigned = page("?status=unsigned&per_page=500").json();
    assert!(unsigned["documents"]
        .as_array()
        .is_some_and(|d| !d.is_empty() && d.iter().all(|d| d["verdict"] == "unsigned")));
    let by_agency = page("?agency=sgddt&per_page=500").json();
    assert!(by_agency["documents"]
        .as_array()
        .is_some_and(|d| !d.is_empty() && d.iter().all(|d| d["agency_id"] == "sgddt")));
    get_with_token(&server, "/api/audits/99/documents", TOKEN).assert_error(404, "run_not_found");
    get_with_token(&server, "/api/audits/x/documents", TOKEN).assert_error(400, "invalid_path");
}

#[test]
fn verify_returns_the_document_report() {
    let server = server(&[], Some(TOKEN));
    let pdf = std::fs::read(workspace_root().join(VALID_DOC)).expect("demo pdf");
    let auth = format!("Bearer {TOKEN}");
    let r = request(
        &server,
        "POST",
        "/api/verify?name=c%C3%B4ng-v%C4%83n.pdf",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/pdf"),
        ],
        &pdf,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let report = r.json();
    assert_eq!(report["file"], "công-văn.pdf");
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["decree30"]["status"], "compliant");
    assert_eq!(report["signatures"].as_array().map(Vec::len), Some(2));
    request(
        &server,
        "POST",
        "/api/verify",
        &[("Authorization", &auth)],
        b"",
    )
    .assert_error(400, "empty_body");
    let junk = request(
        &server,
        "POST",
        "/api/verify",
        &[("Authorization", &auth)],
        b"not a pdf",
    );
    assert_eq!(junk.status, 200);
    assert_eq!(junk.json()["verdict"], "unreadable");
}

/// Sends a chunked POST that never ends on its own: the writer keeps streaming 64 KB chunks until
/// the server closes; returns the response and how many bytes had been sent when it arrived.
fn stream_until_refused(server: &Server, limit_mb: u64) -> (Response, u64) {
    let mut stream = connect(server);
    let head = format!(
        "POST /api/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("head");
    let sent = Arc::new(AtomicU64::new(0));
    let mut writer = stream.try_clone().expect("clone");
    let counter = Arc::clone(&sent);
    let cap = limit_mb * 64 * 1024 * 1024;
    let handle = std::thread::spawn(move || {
        let chunk = vec![b'%'; 64 * 1024];
        let framed = [
            format!("{:x}\r\n", chunk.len()).into_bytes(),
            chunk,
            b"\r\n".to_vec(),
        ]
        .concat();
        while counter.load(Ordering::Relaxed) < cap {
            if writer.write_all(&framed).is_err() {
                break;
            }
            counter.fetch_add(64 * 1024, Ordering::Relaxed);
        }
    });
    // Read until the head and the body have arrived (the server then closes).
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let mut at_response = None;
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if at_response.is_none() {
                    at_response = Some(sent.load(Ordering::Relaxed));
                }
                raw.extend_from_slice(&buf[..n]);
            }
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = handle.join();
    (parse(&raw), at_response.unwrap_or(u64::MAX))
}

#[test]
fn an_upload_over_the_limit_is_refused_without_reading_the_rest() {
    let server = server(&["--max-upload", "1MB"], Some(TOKEN));
    let auth = format!("Bearer {TOKEN}");
    // Declared too large: refused on the head alone, no body sent at all.
    let mut stream = connect(&server);
    write!(
        stream,
        "POST /api/verify HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nContent-Length: 2000000000\r\n\r\n"
    )
    .expect("head");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw).assert_error(413, "payload_too_large");

    // Streamed without a length, by a client that keeps sending: 413 once past 1 MB.
    let (response, sent) = stream_until_refused(&server, 1);
    response.assert_error(413, "payload_too_large");
    assert!(
        sent < 16 * 1024 * 1024,
        "the answer came after {sent} bytes, long after the 1 MB limit"
    );
    // The server is fine and a document under the limit still verifies.
    let pdf = std::fs::read(workspace_root().join(VALID_DOC)).expect("demo pdf");
    assert!(pdf.len() < 1024 * 1024);
    let r = request(
        &server,
        "POST",
        "/api/verify",
        &[("Authorization", &auth)],
        &pdf,
    );
    assert_eq!(r.status, 200);
}

#[test]
fn verifications_beyond_the_limit_get_429_and_slow_uploads_408() {
    let server = server(
        &["--max-verifications", "1", "--verify-timeout", "2"],
        Some(TOKEN),
    );
    // A slow upload holds the only verification slot.
    let mut slow = connect(&server);
    write!(
        slow,
        "POST /api/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Length: 100000\r\nConnection: close\r\n\r\n%PDF-1.7\n"
    )
    .expect("slow head");
    std::thread::sleep(Duration::from_millis(300));
    let auth = format!("Bearer {TOKEN}");
    let busy = request(
        &server,
        "POST",
        "/api/verify",
        &[("Authorization", &auth)],
        b"%PDF",
    );
    busy.assert_error(429, "too_many_verifications");
    assert_eq!(busy.header("retry-after").as_deref(), Some("1"));
    // The slow upload runs out of time.
    let started = Instant::now();
    let mut raw = Vec::new();
    let _ = slow.read_to_end(&mut raw);
    parse(&raw).assert_error(408, "request_timeout");
    assert!(started.elapsed() < Duration::from_secs(10));
    // The slot is free again.
    let pdf = std::fs::read(workspace_root().join(VALID_DOC)).expect("demo pdf");
    let r = request(
        &server,
        "POST",
        "/api/verify",
        &[("Authorization", &auth)],
        &pdf,
    );
    assert_eq!(r.status, 200);
}

fn assert_security_headers(r: &Response, what: &str) {
    let csp = r
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP in {}", r.head));
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "style-src 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        r.header("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(
        r.header("x-frame-options").as_deref(),
        Some("deny"),
        "{what}"
    );
    assert!(
        !r.head.contains("access-control-allow"),
        "{what}: no CORS: {}",
        r.head
    );
}

#[test]
fn security_headers_on_the_app_and_the_api_and_no_cors() {
    let server = server(&[], Some(TOKEN));
    let origin = [("Origin", "https://evil.example")];
    let app = request(&server, "GET", "/", &origin, b"");
    assert!(matches!(app.status, 200 | 503));
    assert_security_headers(&app, "app");
    assert_security_headers(&request(&server, "GET", "/xep-hang", &origin, b""), "route");
    let api = request(&server, "GET", "/api/rankings", &origin, b"");
    assert_eq!(api.status, 200);
    assert_security_headers(&api, "api");
    assert_eq!(api.header("cache-control").as_deref(), Some("no-store"));
    let preflight = request(
        &server,
        "OPTIONS",
        "/api/verify",
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_ne!(preflight.status, 200);
    assert_security_headers(&preflight, "preflight");
    assert_security_headers(&get(&server, "/api/nope"), "api 404");
    if app.status == 200 {
        // The app's page has no inline script (the CSP would block it).
        let html = String::from_utf8_lossy(&app.body);
        assert!(html.contains("src=\"/boot.js\""), "{html}");
        assert!(!html.contains("<script type=\"module\">"), "{html}");
        assert_eq!(get(&server, "/boot.js").status, 200);
    }
}

#[test]
fn long_urls_and_bad_queries_get_4xx_not_a_crash() {
    let server = server(&[], Some(TOKEN));
    let long = "a".repeat(9 * 1024);
    get(&server, &format!("/api/rankings?period={long}")).assert_error(414, "uri_too_long");
    get(&server, &format!("/{long}")).assert_error(414, "uri_too_long");
    // Longer than hyper's own URI limit: its 414, still not a crash.
    let huge = "b".repeat(70 * 1024);
    let r = get(&server, &format!("/api/rankings?x={huge}"));
    assert!(matches!(r.status, 414 | 431), "{}", r.status);
    get(&server, "/api/rankings?run=1&run=2").assert_error(400, "invalid_query");
    get(&server, "/api/rankings?run=99999999999999999999").assert_error(400, "invalid_query");
    let r = get(&server, "/api/rankings?%%%=&&==");
    assert!(matches!(r.status, 200 | 400), "{}", r.status);
    assert_eq!(get(&server, "/api/health").status, 200);
}

#[test]
fn asset_paths_never_leave_the_embedded_set() {
    let server = server(&[], None);
    for path in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fCargo.toml",
        "/frontend.js/../../Cargo.toml",
        "/.%2e/Cargo.toml",
        "/..\\Cargo.toml",
        "/README.md",
        "/Cargo.toml",
    ] {
        let r = get(&server, path);
        let body = String::from_utf8_lossy(&r.body);
        assert!(
            !body.contains("[package]")
                && !body.contains("root:x:0")
                && !body.contains("[workspace]"),
            "{path}: {}",
            r.status
        );
        assert!(matches!(r.status, 400 | 404 | 503), "{path}: {}", r.status);
    }
}

#[test]
fn slow_clients_cannot_hold_the_server() {
    let server = server(&["--header-timeout", "1", "--max-connections", "4"], None);
    // Four connections take every slot and send their head one byte at a time.
    let mut slow: Vec<TcpStream> = (0..4).map(|_| connect(&server)).collect();
    let started = Instant::now();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let closed = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for mut s in slow.drain(..) {
        let stop = Arc::clone(&stop);
        let closed = Arc::clone(&closed);
        handles.push(std::thread::spawn(move || {
            for b in b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: "
                .iter()
                .cycle()
            {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                if s.write_all(&[*b]).is_err() {
                    closed.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }));
    }
    std::thread::sleep(Duration::from_millis(200));
    // A normal client is served once the slow ones are cut off (header-read timeout: 1 s).
    let r = get(&server, "/api/health");
    assert_eq!(r.status, 200);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(8), "served after {waited:?}");
    let deadline = Instant::now() + Duration::from_secs(8);
    while closed.load(Ordering::Relaxed) < 4 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    assert_eq!(
        closed.load(Ordering::Relaxed),
        4,
        "the server closes connections that do not send their head in time"
    );
}

#[test]
fn an_unfinished_run_is_listed_but_has_no_rankings_and_is_never_the_default() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("kyso-api-unfinished-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("kyso.db");
    std::fs::copy(demo_db(), &db).expect("copy the demo database");
    // A later run that was interrupted (what kill -9 leaves: a run row, no finish).
    rusqlite::Connection::open(&db)
        .and_then(|c| {
            c.execute(
                "INSERT INTO runs (started, validation_time, fingerprint, audit_key,
                                   kyso_version, schema)
                 VALUES ('2021-05-01T00:00:00Z', '2021-05-01T00:00:00Z', 'f', 'k', '0', 1)",
                [],
            )
        })
        .expect("insert a run");
    let server = Server::start(&["--db", db.to_str().unwrap_or_default()]).expect("serve");
    let runs = get(&server, "/api/audits").json();
    assert_eq!(runs["audits"][0]["id"], 2);
    assert_eq!(runs["audits"][0]["complete"], false);
    assert_eq!(runs["audits"][0]["finished"], Value::Null);
    assert_eq!(get(&server, "/api/rankings").json()["run"]["id"], "1");
    get(&server, "/api/rankings?run=2").assert_error(404, "run_unfinished");
    get(&server, "/api/periods?run=2").assert_error(404, "run_unfinished");
    get(&server, "/api/agencies/sgddt?run=2").assert_error(404, "run_unfinished");
    assert_eq!(get(&server, "/api/agencies/sgddt").status, 200);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
