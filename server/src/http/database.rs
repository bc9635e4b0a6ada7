//! The store as the web server uses it: read-only connections, pooled, used on tokio's blocking
//! threads (SQLite calls block), with a bound on how many run at once so that a burst of API
//! requests cannot take every blocking thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::errors::ApiError;
use crate::store::{OpenMode, Store, StoreError};

/// Concurrent database readers.
const MAX_READERS: usize = 8;

#[derive(Debug)]
pub struct Database {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    readers: Arc<Semaphore>,
}

impl Database {
    /// Checks the file once (upgrading an older schema, refusing a newer one), then serves
    /// read-only connections.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        drop(Store::open(path, OpenMode::Existing)?);
        let first = Store::open(path, OpenMode::ReadOnly)?;
        Ok(Self {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            readers: Arc::new(Semaphore::new(MAX_READERS)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a connection on a blocking thread.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .readers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::no_database())?;
        let db = Arc::clone(self);
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = match db.idle.lock().ok().and_then(|mut v| v.pop()) {
                Some(s) => s,
                None => {
                    Store::open(&db.path, OpenMode::ReadOnly).map_err(|e| ApiError::store(&e))?
                }
            };
            let result = f(&store);
            if let Ok(mut idle) = db.idle.lock() {
                idle.push(store);
            }
            result
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(e) => {
                eprintln!("kyso serve: a database task failed: {e}");
                Err(ApiError::new(
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "cơ sở dữ liệu tạm thời không đọc được / the database cannot be read right now",
                ))
            }
        }
    }
}
