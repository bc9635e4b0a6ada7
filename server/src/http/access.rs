//! Who may read document-level data and use `POST /api/verify`: the holder of `KYSO_TOKEN`
//! (`Authorization: Bearer <token>`). Rankings, periods, agencies, audits and trust anchors are
//! public. Without a configured token the guarded routes answer 403 (closed by default); a
//! missing or wrong token is 401. Tokens are compared in constant time over their SHA-256, so
//! neither the content nor the length leaks through timing.

use axum::http::{header, HeaderMap, StatusCode};
use ring::digest::{digest, SHA256};
use subtle::ConstantTimeEq;

use super::errors::ApiError;

/// Shortest token accepted (a guessable token is refused at start-up).
pub const MIN_TOKEN_CHARS: usize = 16;

/// The configured token (its SHA-256 only).
#[derive(Clone)]
pub struct Token([u8; 32]);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Why a token from the environment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("KYSO_TOKEN is shorter than {MIN_TOKEN_CHARS} characters; use a long random value (e.g. `openssl rand -hex 32`)")]
    TooShort,
    #[error("KYSO_TOKEN contains spaces or control characters")]
    NotPrintable,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest(&SHA256, bytes).as_ref());
    out
}

impl Token {
    /// The token from `KYSO_TOKEN`'s value; empty means none.
    pub fn from_env_value(value: &str) -> Result<Option<Self>, TokenError> {
        if value.is_empty() {
            return Ok(None);
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError::NotPrintable);
        }
        if value.chars().count() < MIN_TOKEN_CHARS {
            return Err(TokenError::TooShort);
        }
        Ok(Some(Self(sha256(value.as_bytes()))))
    }

    fn matches(&self, presented: &[u8]) -> bool {
        bool::from(sha256(presented).ct_eq(&self.0))
    }
}

/// Checks the request's bearer token against the configured one.
pub fn require_token(configured: Option<&Token>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = configured else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "token_not_configured",
            "máy chủ chưa cấu hình KYSO_TOKEN nên không cung cấp dữ liệu từng văn bản / this \
             server has no KYSO_TOKEN: document-level data and verification are disabled",
        ));
    };
    let unauthorized = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "cần mã truy cập hợp lệ / a valid token is required: Authorization: Bearer <KYSO_TOKEN>",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"kyso\"")
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(unauthorized)?
        .as_bytes();
    let presented = match value.split_first_chunk::<7>() {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case(b"bearer ") => rest,
        _ => return Err(unauthorized()),
    };
    if token.matches(presented.trim_ascii()) {
        Ok(())
    } else {
        Err(unauthorized())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, value.parse().unwrap());
        h
    }

    #[test]
    fn token_rules() {
        let t = Token::from_env_value("0123456789abcdef0123").unwrap();
        let t = t.as_ref();
        assert!(require_token(t, &headers("Bearer 0123456789abcdef0123")).is_ok());
        assert!(require_token(t, &headers("bearer 0123456789abcdef0123")).is_ok());
        for wrong in [
            "Bearer 0123456789abcdef012",
            "Bearer 0123456789abcdef01234",
            "Basic 0123456789abcdef0123",
            "0123456789abcdef0123",
            "Bearer",
        ] {
            let e = require_token(t, &headers(wrong)).unwrap_err();
            assert_eq!(e.status, StatusCode::UNAUTHORIZED, "{wrong}");
        }
        assert_eq!(
            require_token(t, &HeaderMap::new()).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            require_token(None, &headers("Bearer 0123456789abcdef0123"))
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN
        );
        assert!(Token::from_env_value("").unwrap().is_none());
        assert_eq!(
            Token::from_env_value("short").unwrap_err(),
            TokenError::TooShort
        );
        assert_eq!(
            Token::from_env_value("has a space in it, long enough").unwrap_err(),
            TokenError::NotPrintable
        );
    }
}
