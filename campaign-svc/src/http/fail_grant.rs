//! `POST /admin/grants/{request_id}/fail` (scope `admin`): an operator ends one stuck grant, with
//! a reason, after chain-svc confirmed the contract has not paid it ([`crate::stuck`]). Body:
//! `{"reason": "...", "release": false}`; `release: true` gives a ledger grant's coins back to
//! the next ledger run, as a `failed` result from chain-svc would.

use super::ApiContext;
use super::auth::{key_identity, presented_key};
use super::error::ApiError;
use super::input::{self, Fields, Flag, Input, Source, Text};
use super::token_request::GrantView;
use crate::stuck::{FailRequest, MAX_REASON_CHARS, StuckError, fail_stuck_grant};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// The body of `POST /admin/grants/{request_id}/fail` (`FailGrant` in openapi.json).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailGrant {
    /// Why the grant is being ended (required, not blank).
    pub reason: Option<Text>,
    /// Give a ledger grant's coins back to the next ledger run.
    pub release: Option<Flag>,
}

impl Fields for FailGrant {
    const SOURCE: Source = Source::Body;
}

pub fn router() -> Router<ApiContext> {
    Router::new().route("/admin/grants/{request_id}/fail", post(fail))
}

#[tracing::instrument(name = "admin_fail_grant", skip_all, fields(request_id))]
async fn fail(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Input<FailGrant>, ApiError>,
) -> Result<Json<GrantView>, ApiError> {
    let request_id = input::uuid_path(path, "request_id")?;
    tracing::Span::current().record("request_id", tracing::field::display(request_id));
    let Input(body) = body?;
    let reason = match body.reason {
        Some(Text(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => {
            return Err(ApiError::bad_field(
                "reason",
                "reason is required: say why this grant is being ended",
            ));
        }
    };
    if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(ApiError::bad_field(
            "reason",
            format!(
                "reason must be at most {MAX_REASON_CHARS} characters without control characters"
            ),
        ));
    }
    let release = body.release.is_some_and(|Flag(b)| b);
    let actor = match presented_key(&headers) {
        Some(key) if ctx.keys.enabled() => format!("key:{}", &hex::encode(key_identity(key))[..16]),
        _ => "open".to_string(),
    };
    let request = FailRequest {
        request_id,
        reason,
        release,
        actor,
    };
    let grant = fail_stuck_grant(&ctx.db, &ctx.chain, ctx.config.resend_after_secs, &request)
        .await
        .map_err(|e| stuck_error(e, request_id))?;
    Ok(Json(GrantView::from(grant)))
}

fn stuck_error(e: StuckError, request_id: Uuid) -> ApiError {
    let message = e.to_string();
    match e {
        StuckError::NotFound(_) => ApiError::NotFound(message),
        StuckError::Settled(status) => ApiError::Conflict {
            code: "not_stuck",
            message,
            details: json!({ "request_id": request_id, "status": status }),
        },
        StuckError::TooRecent {
            age_secs,
            min_age_secs,
        } => ApiError::Conflict {
            code: "not_stuck",
            message,
            details: json!({ "request_id": request_id, "age_secs": age_secs, "min_age_secs": min_age_secs }),
        },
        StuckError::Paid(on_chain) => ApiError::Conflict {
            code: "grant_paid",
            message,
            details: json!({ "request_id": request_id, "chain": on_chain }),
        },
        StuckError::InFlight => ApiError::Conflict {
            code: "grant_in_flight",
            message,
            details: json!({ "request_id": request_id }),
        },
        StuckError::Chain(_) => ApiError::Failed {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "chain_unavailable",
            message: format!(
                "cannot ask whether the grant was paid, so it is left as it is: {message}"
            ),
            details: json!({ "request_id": request_id }),
        },
        StuckError::Database(e) => e.into(),
    }
}
