//! Headers on every answer, and the request checks that come before routing.
//!
//! Content-Security-Policy: the app is same-origin static files: its module script
//! (`/boot.js`, no inline script), wasm-bindgen's loader (`/frontend.js`) which fetches and
//! instantiates `/frontend_bg.wasm` — WebAssembly compilation needs `'wasm-unsafe-eval'`, which
//! allows no JavaScript eval — the stylesheet, the inline SVG icon (`data:`), and `fetch` to
//! the API. Nothing else: no inline script or style, no framing, no plugins, no foreign origin.
//! No CORS header is ever sent: browsers keep other sites' pages from reading the API.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;

/// Longest request target accepted (path and query).
pub const MAX_URI_BYTES: usize = 8 * 1024;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' \
    'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src \
    'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STATIC_HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

/// The middleware: refuses over-long request targets (414), then adds the headers.
pub async fn harden(request: Request, next: Next) -> Response {
    let uri_len = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = if uri_len > MAX_URI_BYTES {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("địa chỉ quá dài / the request target is longer than {MAX_URI_BYTES} bytes"),
        )
        .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    for (name, value) in STATIC_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if is_api {
        // Token-guarded answers must not linger in shared caches.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
