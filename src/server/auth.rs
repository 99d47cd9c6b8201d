//! Bearer-token authentication of writes. Reading stays public.
//!
//! The token file (see [`crate::curation::tokens`]) is read at each write, so
//! tokens added or revoked with `maillage token` take effect at once. The
//! presented token never reaches a log line or an error message.

use super::error::ApiError;
use super::AppState;
use crate::curation::tokens::Tokens;
use crate::curation::{Account, Role};
use axum::http::{header, HeaderMap};

/// The account behind the request's `Authorization: Bearer` token, if it may act as `needed`.
pub async fn require(
    state: &AppState,
    headers: &HeaderMap,
    needed: Role,
) -> Result<Account, ApiError> {
    let Some(path) = state.config.tokens.clone() else {
        return Err(ApiError::Forbidden(
            "writes are disabled: the server has no token file (--tokens, or a --data folder)"
                .into(),
        ));
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_owned())
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "this route writes: send Authorization: Bearer <token> (maillage token add creates one)".into(),
            )
        })?;
    let account =
        tokio::task::spawn_blocking(move || Tokens::load(&path).map(|t| t.check(&presented)))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .ok_or_else(|| {
                ApiError::Unauthorized("the bearer token is not valid (unknown or revoked)".into())
            })?;
    if needed == Role::Admin && account.role != Role::Admin {
        return Err(ApiError::Forbidden(format!(
            "{} is a curator: SPARQL Update and Graph Store writes need an admin token \
             (curators write through POST /imports)",
            account.name
        )));
    }
    Ok(account)
}
