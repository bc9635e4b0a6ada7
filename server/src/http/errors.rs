//! The API's errors: `{"error": {"code", "message"}}` (DESIGN.md "HTTP API") with 400, 401, 403,
//! 404, 408, 413, 414, 429 or 503. Codes are lower snake_case words, stable like the rest of
//! the vocabulary; messages say what to do, in Vietnamese and English.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::StoreError;

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// `WWW-Authenticate` for 401, `Retry-After` for 429 and 503.
    pub header: Option<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            header: None,
        }
    }

    pub fn with_header(mut self, name: header::HeaderName, value: &'static str) -> Self {
        self.header = Some((name, HeaderValue::from_static(value)));
        self
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// No such API route.
    pub fn no_route() -> Self {
        Self::not_found(
            "no_such_route",
            "không có API này / no such API route (see GET /api/health and the README)",
        )
    }

    /// The server has no database to answer from.
    pub fn no_database() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no_database",
            "máy chủ chưa có cơ sở dữ liệu kiểm tra / the server has no audit database: run \
             `kyso audit --db FILE` and start `kyso serve --db FILE`",
        )
    }

    /// A store failure: logged in full on the server, summarised to the client.
    pub fn store(e: &StoreError) -> Self {
        eprintln!("kyso serve: {e}");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "cơ sở dữ liệu tạm thời không đọc được / the database cannot be read right now",
        )
        .with_header(header::RETRY_AFTER, "5")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": {"code": self.code, "message": self.message}}));
        let mut response = (self.status, body).into_response();
        if let Some((name, value)) = self.header {
            response.headers_mut().insert(name, value);
        }
        response
    }
}
