//! The browser app, embedded in the binary at build time (see `build.rs`).

use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$OUT_DIR/app/"]
struct App;

/// Whether `make app` had produced the app when this binary was built.
pub fn app_built() -> bool {
    App::get("index.html").is_some()
}

/// Serves an embedded file; any other path without an extension is a client-side route and gets
/// `index.html`.
pub async fn serve(method: Method, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return super::errors::ApiError::no_route().into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response();
    }
    // Only names of the embedded set are looked up; a path that tries to climb or smuggles
    // separators is nobody's route.
    let suspicious = path.split('/').any(|s| s == "." || s == "..")
        || path.contains('\\')
        || path.to_ascii_lowercase().contains("%2e")
        || path.to_ascii_lowercase().contains("%2f")
        || path.to_ascii_lowercase().contains("%5c")
        || path.contains('\0');
    if suspicious {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    if let Some(file) = App::get(path).filter(|_| !path.is_empty()) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        return ([(header::CONTENT_TYPE, mime.as_ref())], file.data).into_response();
    }
    let is_route = !path.rsplit('/').next().unwrap_or("").contains('.');
    match App::get("index.html") {
        Some(index) if is_route => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            index.data,
        )
            .into_response(),
        Some(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
        None => (StatusCode::SERVICE_UNAVAILABLE, Html(NOT_BUILT)).into_response(),
    }
}

const NOT_BUILT: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>kyso — ứng dụng chưa được dựng</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Ứng dụng web chưa được dựng / The web app was not built</h1>
<p>Bản <code>kyso</code> này được biên dịch khi thư mục <code>frontend/dist</code> chưa có.
Chạy <code>make app</code> (hoặc <code>make run</code>) rồi biên dịch lại.</p>
<p>This <code>kyso</code> binary was compiled before <code>frontend/dist</code> existed.
Run <code>make app</code> (or <code>make run</code>) and rebuild. The JSON API
(<code>/api/health</code>) works regardless.</p>
</body></html>"#;
