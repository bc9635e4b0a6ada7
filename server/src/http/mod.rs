//! The web server (`kyso serve`): the embedded browser app and the JSON API (DESIGN.md "HTTP
//! API"). Routing is axum's; connections are ours (see [`listener`]): header-read and idle
//! timeouts, a connection limit, a lingering close after 413.

mod access;
mod anchors;
mod api;
mod assets;
mod database;
mod errors;
mod listener;
mod security;
mod verify;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use audit_core::VerifyContext;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::Semaphore;

pub use access::Token;
pub use listener::ConnectionLimits;

use errors::ApiError;

/// Everything `kyso serve` is told.
#[derive(Debug)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    /// The audit database; a missing file is served as "no database" (503 on its routes).
    pub db: PathBuf,
    pub token: Option<Token>,
    /// Trust anchors, intermediates and CRLs of `POST /api/verify` (the time is set per request).
    pub context: VerifyContext,
    pub max_upload: u64,
    pub max_verifications: usize,
    pub verify_timeout: Duration,
    pub connections: ConnectionLimits,
}

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    db: Option<Arc<database::Database>>,
    token: Option<Token>,
    verifier: Arc<verify::Verifier>,
    /// `GET /api/trust-anchors`, built once.
    anchors: Arc<Value>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/rankings", get(api::rankings))
        .route("/api/periods", get(api::periods))
        .route("/api/agencies/{agency_id}", get(api::agency))
        .route("/api/audits", get(api::audits))
        .route("/api/audits/{id}/documents", get(api::documents))
        .route("/api/trust-anchors", get(trust_anchors))
        .route("/api/verify", post(verify::verify))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(assets::serve)
        .layer(axum::middleware::from_fn(security::harden))
        .with_state(state)
}

/// Serves until Ctrl-C / SIGTERM.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let db = if config.db.is_file() {
        Some(Arc::new(
            database::Database::open(&config.db).map_err(anyhow::Error::new)?,
        ))
    } else {
        eprintln!(
            "kyso: warning: {} does not exist: the rankings API answers 503 until `kyso audit --db {}` records a run",
            config.db.display(),
            config.db.display()
        );
        None
    };
    let anchors = anchors::trust_anchors(&config.context.trust);
    let state = AppState {
        db,
        token: config.token,
        verifier: Arc::new(verify::Verifier {
            context: config.context,
            max_upload: config.max_upload,
            timeout: config.verify_timeout,
            slots: Arc::new(Semaphore::new(config.max_verifications.max(1))),
        }),
        anchors: Arc::new(json!({ "anchors": anchors })),
    };
    if state.token.is_none() {
        eprintln!(
            "kyso: KYSO_TOKEN is not set: document-level routes and POST /api/verify answer 403"
        );
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    let local = listener.local_addr()?;
    println!("kyso: serving on http://{local}/");
    if !assets::app_built() {
        eprintln!("kyso: warning: the browser app was not built into this binary (run `make app`)");
    }
    listener::serve(
        listener,
        router(state),
        config.connections,
        shutdown_signal(),
    )
    .await;
    Ok(())
}

async fn health(State(state): State<AppState>) -> Json<Value> {
    let db = match &state.db {
        None => Value::Null,
        Some(db) => {
            let path = db.path().display().to_string();
            let facts = db
                .read(|store| {
                    let version = store.schema_version().map_err(|e| ApiError::store(&e))?;
                    let latest = store
                        .latest_complete_run()
                        .map_err(|e| ApiError::store(&e))?;
                    Ok((version, latest))
                })
                .await;
            match facts {
                Ok((version, latest)) => json!({
                    "path": path,
                    "schema_version": version,
                    "latest_complete_run": latest,
                }),
                Err(e) => json!({"path": path, "error": e.code}),
            }
        }
    };
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "app_built": assets::app_built(),
        "db": db,
    }))
}

async fn trust_anchors(State(state): State<AppState>) -> Json<Value> {
    Json(Value::clone(&state.anchors))
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "phương thức không được hỗ trợ / method not allowed on this route",
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, the server simply runs until killed.
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
