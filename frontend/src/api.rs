//! Typed client for the kyso server's JSON API. Only rankings and trust anchors come from the
//! server; documents are verified locally and never sent.

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Why a request to the server failed; shown to the user, never swallowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached.
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The answer was not the expected JSON.
    Decode(String),
}

/// One agency's row in the rankings, as served by `GET /api/rankings`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RankingRow {
    pub rank: u32,
    pub agency: String,
    pub documents: u64,
    pub signed: u64,
    pub compliant: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Rankings {
    pub period: Option<String>,
    pub agencies: Vec<RankingRow>,
}

pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}
