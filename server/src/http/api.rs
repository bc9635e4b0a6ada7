//! The JSON API's read routes (DESIGN.md "HTTP API"), answered from the store: rankings from the
//! stored tallies (no re-audit per request), periods, an agency's trend, the runs, and a run's
//! documents page by page (token-guarded: they name files and signers).

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::errors::ApiError;
use super::AppState;
use crate::store::query::{
    period_label, AgencyTrend, AuditRun, DocumentFilter, DocumentPage, Periods, Rankings, RunState,
    StatusFilter, ALL_PERIODS,
};
use crate::store::Store;

/// Largest page of documents.
pub const MAX_PER_PAGE: u64 = 500;
const DEFAULT_PER_PAGE: u64 = 50;
/// Largest page number (an offset beyond any real run).
const MAX_PAGE: u64 = 1_000_000;
/// Longest agency id accepted in a path or filter.
const MAX_AGENCY_ID: usize = 200;

/// A malformed query string (wrong type, bad number …).
pub fn bad_query(e: QueryRejection) -> ApiError {
    ApiError::bad_request(
        "invalid_query",
        format!(
            "tham số truy vấn không hợp lệ / invalid query string: {}",
            e.body_text()
        ),
    )
}

fn bad_path(e: PathRejection) -> ApiError {
    ApiError::bad_request(
        "invalid_path",
        format!("đường dẫn không hợp lệ / invalid path: {}", e.body_text()),
    )
}

fn database(state: &AppState) -> Result<Arc<super::database::Database>, ApiError> {
    state.db.clone().ok_or_else(ApiError::no_database)
}

/// The requested run, else the latest complete one.
fn choose_run(store: &Store, run: Option<i64>) -> Result<i64, ApiError> {
    match run {
        Some(id) => {
            if store.run_exists(id).map_err(|e| ApiError::store(&e))? {
                Ok(id)
            } else {
                Err(run_not_found(id))
            }
        }
        None => store
            .latest_complete_run()
            .map_err(|e| ApiError::store(&e))?
            .ok_or_else(|| {
                ApiError::not_found(
                    "no_complete_run",
                    "chưa có lượt kiểm tra nào hoàn tất / no audit run has completed yet",
                )
            }),
    }
}

/// [`choose_run`], and the run must have finished (only a finished run has tallies).
fn choose_finished_run(store: &Store, run: Option<i64>) -> Result<i64, ApiError> {
    let id = choose_run(store, run)?;
    match store.run_info(id).map_err(|e| ApiError::store(&e))? {
        Ok(_) => Ok(id),
        Err(RunState::Missing) => Err(run_not_found(id)),
        Err(RunState::Unfinished) => Err(run_unfinished(id)),
    }
}

fn run_not_found(id: i64) -> ApiError {
    ApiError::not_found(
        "run_not_found",
        format!("không có lượt kiểm tra {id} / no audit run {id}"),
    )
}

fn run_unfinished(id: i64) -> ApiError {
    ApiError::not_found(
        "run_unfinished",
        format!(
            "lượt kiểm tra {id} chưa kết thúc / audit run {id} has not finished (interrupted or \
             still running): it has no tallies yet"
        ),
    )
}

fn check_period(period: Option<String>) -> Result<String, ApiError> {
    let period = period.unwrap_or_else(|| ALL_PERIODS.to_owned());
    if period_label(&period).is_none() {
        return Err(ApiError::bad_request(
            "invalid_period",
            "kỳ không hợp lệ / period must be all, a year (2021), a quarter (2021-Q2) or a month \
             (2021-05)",
        ));
    }
    Ok(period)
}

#[derive(Debug, Deserialize)]
pub struct RankingsQuery {
    period: Option<String>,
    run: Option<i64>,
}

/// `GET /api/rankings?period=&run=`.
pub async fn rankings(
    State(state): State<AppState>,
    query: Result<Query<RankingsQuery>, QueryRejection>,
) -> Result<Json<Rankings>, ApiError> {
    let Query(q) = query.map_err(bad_query)?;
    let period = check_period(q.period)?;
    let db = database(&state)?;
    let rankings = db
        .read(move |store| {
            let run = choose_run(store, q.run)?;
            match store.rankings(run, &period).map_err(|e| ApiError::store(&e))? {
                Ok(Some(r)) => Ok(r),
                Ok(None) => Err(ApiError::not_found(
                    "period_not_found",
                    format!("lượt kiểm tra {run} không có kỳ {period} / run {run} has no period {period}"),
                )),
                Err(RunState::Missing) => Err(run_not_found(run)),
                Err(RunState::Unfinished) => Err(run_unfinished(run)),
            }
        })
        .await?;
    Ok(Json(rankings))
}

#[derive(Debug, Deserialize)]
pub struct RunQuery {
    run: Option<i64>,
}

/// `GET /api/periods?run=`: the periods of a run, newest first.
pub async fn periods(
    State(state): State<AppState>,
    query: Result<Query<RunQuery>, QueryRejection>,
) -> Result<Json<Periods>, ApiError> {
    let Query(q) = query.map_err(bad_query)?;
    let db = database(&state)?;
    let periods = db
        .read(move |store| {
            let run = choose_finished_run(store, q.run)?;
            let periods = store.periods(run).map_err(|e| ApiError::store(&e))?;
            Ok(Periods { run, periods })
        })
        .await?;
    Ok(Json(periods))
}

/// `GET /api/agencies/{agency_id}?run=`: one agency in every period, and across runs.
pub async fn agency(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<RunQuery>, QueryRejection>,
) -> Result<Json<AgencyTrend>, ApiError> {
    let Path(agency_id) = path.map_err(bad_path)?;
    let Query(q) = query.map_err(bad_query)?;
    if agency_id.is_empty() || agency_id.chars().count() > MAX_AGENCY_ID {
        return Err(ApiError::bad_request(
            "invalid_agency",
            "mã cơ quan không hợp lệ / invalid agency id",
        ));
    }
    let db = database(&state)?;
    let trend = db
        .read(move |store| {
            let run = choose_finished_run(store, q.run)?;
            store
                .agency_trend(run, &agency_id)
                .map_err(|e| ApiError::store(&e))?
                .ok_or_else(|| {
                    ApiError::not_found(
                        "agency_not_found",
                        format!(
                            "lượt kiểm tra {run} không có cơ quan {agency_id} / run {run} ranks no agency {agency_id}"
                        ),
                    )
                })
        })
        .await?;
    Ok(Json(trend))
}

#[derive(Debug, Serialize)]
pub struct Audits {
    /// Newest first.
    audits: Vec<AuditRun>,
}

/// `GET /api/audits`: every run.
pub async fn audits(State(state): State<AppState>) -> Result<Json<Audits>, ApiError> {
    let db = database(&state)?;
    let audits = db
        .read(|store| store.runs().map_err(|e| ApiError::store(&e)))
        .await?;
    Ok(Json(Audits { audits }))
}

#[derive(Debug, Deserialize)]
pub struct DocumentsQuery {
    agency: Option<String>,
    status: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

/// `GET /api/audits/{id}/documents?agency=&status=&page=&per_page=` (token).
pub async fn documents(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
    query: Result<Query<DocumentsQuery>, QueryRejection>,
) -> Result<Json<DocumentPage>, ApiError> {
    super::access::require_token(state.token.as_ref(), &headers)?;
    let Path(run) = path.map_err(bad_path)?;
    let Query(q) = query.map_err(bad_query)?;
    let page = q.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ApiError::bad_request(
            "invalid_page",
            format!("page phải từ 1 đến {MAX_PAGE} / page must be 1 to {MAX_PAGE}"),
        ));
    }
    let per_page = q.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::bad_request(
            "invalid_per_page",
            format!("per_page phải từ 1 đến {MAX_PER_PAGE} / per_page must be 1 to {MAX_PER_PAGE}"),
        ));
    }
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(word) => Some(StatusFilter::parse(word).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_status",
                format!(
                    "status không hợp lệ / status must be one of: {}, {}",
                    StatusFilter::COMPLIANCE.join(", "),
                    StatusFilter::VERDICTS.join(", ")
                ),
            )
        })?),
    };
    let agency_id = q.agency.filter(|a| !a.is_empty());
    if agency_id
        .as_ref()
        .is_some_and(|a| a.chars().count() > MAX_AGENCY_ID)
    {
        return Err(ApiError::bad_request(
            "invalid_agency",
            "mã cơ quan không hợp lệ / invalid agency id",
        ));
    }
    let filter = DocumentFilter { agency_id, status };
    let db = database(&state)?;
    let page = db
        .read(move |store| {
            if !store.run_exists(run).map_err(|e| ApiError::store(&e))? {
                return Err(run_not_found(run));
            }
            store
                .documents(run, &filter, page, per_page)
                .map_err(|e| ApiError::store(&e))
        })
        .await?;
    Ok(Json(page))
}
