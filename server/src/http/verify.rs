//! `POST /api/verify`: the PDF as the request body, a DocumentReport back. Verification is
//! CPU-bound and runs on tokio's blocking pool under three bounds:
//! - concurrency: at most `max_verifications` at once (each holds up to `max_upload` bytes);
//!   beyond it 429 at once, before the body is read;
//! - size: `--max-upload` (413 when Content-Length says more, or as soon as the streamed body
//!   passes it; the rest is never read);
//! - time: one deadline for reading the body and verifying (408). A verification that passes
//!   the deadline keeps its slot until it ends, so timed-out work still counts against the
//!   concurrency bound.

use std::sync::Arc;
use std::time::Duration;

use audit_core::{verify_document, ValidationTime, VerifyContext};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::BodyExt;
use serde::Deserialize;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::errors::ApiError;
use super::AppState;

/// The verification service's settings and slots.
#[derive(Debug)]
pub struct Verifier {
    /// Trust store, intermediates, CRLs, policies; the time is set per request.
    pub context: VerifyContext,
    pub max_upload: u64,
    pub timeout: Duration,
    pub slots: Arc<Semaphore>,
}

#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    /// The file name to report (default `upload.pdf`).
    name: Option<String>,
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "tệp lớn hơn giới hạn {} MB / the document is larger than this server accepts ({} bytes)",
            limit / (1024 * 1024),
            limit
        ),
    )
}

fn timed_out() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        "quá thời gian xử lý / the upload and verification took longer than this server allows",
    )
}

/// The reported name: the last path component, printable, at most 200 characters.
fn file_name(name: Option<String>) -> String {
    let name = name.unwrap_or_default();
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "upload.pdf".to_owned()
    } else {
        clean
    }
}

/// Reads the body up to `limit` bytes (413 beyond, without reading further).
async fn read_body(body: Body, limit: u64) -> Result<Vec<u8>, ApiError> {
    let mut body = body;
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::bad_request(
                "body_unreadable",
                format!(
                    "không đọc được nội dung gửi lên / the request body could not be read: {e}"
                ),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() as u64 + data.len() as u64 > limit {
                return Err(too_large(limit));
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

pub async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<VerifyQuery>, axum::extract::rejection::QueryRejection>,
    body: Body,
) -> Response {
    match verify_inner(state, headers, query, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn verify_inner(
    state: AppState,
    headers: HeaderMap,
    query: Result<Query<VerifyQuery>, axum::extract::rejection::QueryRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    super::access::require_token(state.token.as_ref(), &headers)?;
    let Query(query) = query.map_err(super::api::bad_query)?;
    let verifier = Arc::clone(&state.verifier);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > verifier.max_upload) {
        return Err(too_large(verifier.max_upload));
    }
    let slot = Arc::clone(&verifier.slots)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_verifications",
            "máy chủ đang kiểm tra nhiều văn bản, hãy thử lại sau giây lát / the server is busy \
             verifying other documents: retry shortly",
        )
        .with_header(header::RETRY_AFTER, "1")
        })?;
    let deadline = Instant::now() + verifier.timeout;
    let bytes = tokio::time::timeout_at(deadline, read_body(body, verifier.max_upload))
        .await
        .map_err(|_| timed_out())??;
    if bytes.is_empty() {
        return Err(ApiError::bad_request(
            "empty_body",
            "không có tệp PDF trong yêu cầu / send the PDF as the request body",
        ));
    }
    let name = file_name(query.name);
    let mut context = verifier.context.clone();
    context.at = ValidationTime(time::OffsetDateTime::now_utc().unix_timestamp());
    let work = tokio::task::spawn_blocking(move || {
        // The slot is released when the verification ends, even after a timeout.
        let _slot = slot;
        verify_document(&name, &bytes, &context)
    });
    match tokio::time::timeout_at(deadline, work).await {
        Err(_) => Err(timed_out()),
        Ok(Err(e)) => {
            eprintln!("kyso serve: a verification failed: {e}");
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "lỗi nội bộ khi kiểm tra / the verification failed inside the server",
            ))
        }
        Ok(Ok(report)) => Ok(Json(report).into_response()),
    }
}
