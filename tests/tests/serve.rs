//! `kyso serve` over real HTTP: health, content types, client-side routes, unknown API paths.

use std::io::{Read, Write};
use std::net::TcpStream;

use kyso_tests::harness::Server;

/// A minimal HTTP/1.1 GET returning (status, headers, body); enough for these assertions.
fn get(url: &str, path: &str) -> anyhow::Result<(u16, String, Vec<u8>)> {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| anyhow::anyhow!("no header terminator"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no status in {head:?}"))?;
    Ok((status, head.to_ascii_lowercase(), raw[split + 4..].to_vec()))
}

#[test]
fn health_reports_ok_and_whether_the_app_is_built() -> anyhow::Result<()> {
    let server = Server::start(&[])?;
    let (status, headers, body) = get(&server.url, "/api/health")?;
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: application/json"));
    let body: serde_json::Value = serde_json::from_slice(&body)?;
    assert_eq!(body["status"], "ok");
    assert!(body["app_built"].is_boolean());
    Ok(())
}

#[test]
fn the_app_is_served_with_correct_content_types() -> anyhow::Result<()> {
    let server = Server::start(&[])?;
    let (status, headers, body) = get(&server.url, "/")?;
    if status == 503 {
        // Built without the app: the error page must say how to build it.
        assert!(String::from_utf8_lossy(&body).contains("make app"));
        return Ok(());
    }
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: text/html"));
    let (status, headers, body) = get(&server.url, "/frontend_bg.wasm")?;
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: application/wasm"));
    assert_eq!(&body[..4], b"\0asm");
    let (status, headers, _) = get(&server.url, "/frontend.js")?;
    assert_eq!(status, 200);
    assert!(headers.contains("javascript"));
    // Client-side routes get the app; unknown API paths and files are 404.
    assert_eq!(get(&server.url, "/xep-hang")?.0, 200);
    assert_eq!(get(&server.url, "/api/does-not-exist")?.0, 404);
    assert_eq!(get(&server.url, "/missing.js")?.0, 404);
    Ok(())
}
