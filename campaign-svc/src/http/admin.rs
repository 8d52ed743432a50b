//! Operator endpoints (scope `admin`): run the ledger now, list runs, configure campaigns, list
//! stuck grants and retry failed campaign grants (under their own grant id).

use super::error::ApiError;
use super::token_request::grant_body;
use super::{ApiContext, input};
use crate::campaigns::{self, CampaignChange, CampaignError};
use crate::grants::RetryError;
use crate::ledger::{LedgerError, SkippedRows, run_ledger};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{Value, json};

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/admin/ledger-runs", post(run_now).get(list_runs))
        .route("/admin/campaigns/{campaign_id}", put(upsert_campaign))
        .route("/admin/grants/stuck", get(stuck))
        .route("/admin/grants/{request_id}/retry", post(retry))
}

#[tracing::instrument(name = "admin_ledger_run", skip_all)]
async fn run_now(State(ctx): State<ApiContext>) -> Result<Json<Value>, ApiError> {
    match run_ledger(&ctx.db, &ctx.game, &ctx.rules, "admin").await {
        Ok(outcome) => Ok(Json(json!(outcome))),
        Err(e) => Err(ledger_run_error(e)),
    }
}

/// A failed run as the caller sees it: its cause named, the run's id when it was recorded.
fn ledger_run_error(e: LedgerError) -> ApiError {
    let message = e.to_string();
    match e {
        LedgerError::Partitions {
            run_id,
            unreachable,
            ..
        } => ApiError::Failed {
            status: if unreachable {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            },
            code: "ledger_run_failed",
            message,
            details: json!({ "run_id": run_id }),
        },
        LedgerError::Database(e) if crate::database::unreachable(&e) => {
            ApiError::Unavailable("the ledger database is unreachable".into())
        }
        LedgerError::Database(_) => ApiError::Failed {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "ledger_run_failed",
            message,
            details: json!({}),
        },
        LedgerError::Rules(_) => ApiError::Failed {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "invalid_ledger_rules",
            message,
            details: json!({}),
        },
    }
}

#[derive(serde::Serialize)]
struct RunRow {
    run_id: i64,
    trigger: String,
    status: String,
    error: Option<String>,
    started_at: chrono::DateTime<chrono::Utc>,
    finished_at: Option<chrono::DateTime<chrono::Utc>>,
    users_scanned: i64,
    users_skipped_no_wallet: i64,
    skipped: sqlx::types::Json<SkippedRows>,
    grants_created: i64,
    coins_credited: i64,
    tokens_granted: i64,
}

async fn list_runs(State(ctx): State<ApiContext>) -> Result<Json<Value>, ApiError> {
    let runs = sqlx::query_as!(
        RunRow,
        r#"SELECT run_id, trigger, status, error, started_at, finished_at, users_scanned,
                  users_skipped_no_wallet, skipped AS "skipped: sqlx::types::Json<SkippedRows>",
                  grants_created, coins_credited, tokens_granted
           FROM ledger_runs ORDER BY run_id DESC LIMIT 50"#
    )
    .fetch_all(&ctx.db)
    .await?;
    Ok(Json(json!({ "runs": runs })))
}

/// `PUT /admin/campaigns/{campaign_id}`: a partial update. Each of `token_amount`, `max_amount`,
/// `allow_repeats` and `active` that the body carries is set; one it leaves out (or sends as
/// null) keeps its value, or its default for a new campaign, which needs `token_amount`. A query
/// string or an unknown member is refused, naming it.
#[tracing::instrument(name = "admin_campaign", skip_all, fields(campaign_id))]
async fn upsert_campaign(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let campaign_id = input::path_param(path, "campaign_id")?;
    tracing::Span::current().record("campaign_id", campaign_id.as_str());
    shared::grant::check_identifier("campaign_id", &campaign_id)?;
    input::no_query(query.as_deref())?;
    let fields = input::fields(
        None,
        &headers,
        &body,
        &["token_amount", "max_amount", "allow_repeats", "active"],
    )?;
    if fields.is_empty() {
        return Err(ApiError::bad_field(
            "body",
            "nothing to change: send at least one of token_amount, max_amount, allow_repeats, active",
        ));
    }
    let max = ctx.config.max_grant_amount.max(0) as u64;
    let amount = |name: &'static str| -> Result<Option<i64>, ApiError> {
        input::optional_u64(&fields, name, "token base units")?
            .map(|a| shared::grant::check_amount(name, a, max).map(|a| a as i64))
            .transpose()
            .map_err(ApiError::from)
    };
    let change = CampaignChange {
        token_amount: amount("token_amount")?,
        max_amount: amount("max_amount")?,
        allow_repeats: input::optional_bool(&fields, "allow_repeats")?,
        active: input::optional_bool(&fields, "active")?,
    };
    let campaign = campaigns::update(&ctx.db, &campaign_id, &change)
        .await
        .map_err(|e| match e {
            CampaignError::AmountRequired(_) => ApiError::bad_field("token_amount", e.to_string()),
            CampaignError::MaxBelowAmount { field, .. } => {
                ApiError::unprocessable("max_amount_below_token_amount", field, e.to_string())
            }
            CampaignError::Database(e) => e.into(),
        })?;
    ctx.campaigns.invalidate(&campaign_id);
    Ok((StatusCode::OK, Json(json!(campaign))))
}

/// Largest `older_than_secs` of `GET /admin/grants/stuck` (a year).
const MAX_STUCK_AGE_SECS: u64 = 86_400 * 365;
/// Largest `limit` of `GET /admin/grants/stuck`.
const MAX_STUCK_LIMIT: u64 = 1000;

async fn stuck(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let fields = input::fields(
        query.as_deref(),
        &headers,
        &[],
        &["older_than_secs", "limit"],
    )?;
    // Out-of-range values are refused, as openapi.json documents, rather than silently clamped.
    let older = input::optional_u64(&fields, "older_than_secs", "seconds")?.unwrap_or(300);
    if older > MAX_STUCK_AGE_SECS {
        return Err(ApiError::bad_field(
            "older_than_secs",
            format!("older_than_secs must be at most {MAX_STUCK_AGE_SECS} (a year)"),
        ));
    }
    let limit = input::optional_u64(&fields, "limit", "grants")?.unwrap_or(100);
    if !(1..=MAX_STUCK_LIMIT).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            format!("limit must be between 1 and {MAX_STUCK_LIMIT}"),
        ));
    }
    let grants = crate::grants::stuck(&ctx.db, older, limit as i64).await?;
    Ok(Json(json!({
        "older_than_secs": older,
        "grants": grants.iter().map(grant_body).collect::<Vec<_>>(),
    })))
}

/// Retries a failed campaign grant under its own grant id (see [`crate::grants::retry`]): the
/// contract's paid-once table makes a second payment of the grant impossible.
#[tracing::instrument(name = "admin_retry", skip_all, fields(request_id))]
async fn retry(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let request_id = input::uuid_path(path, "request_id")?;
    tracing::Span::current().record("request_id", tracing::field::display(request_id));
    let grant = crate::grants::retry(&ctx.db, request_id)
        .await
        .map_err(|e| match e {
            RetryError::NotFound(_) => ApiError::NotFound(e.to_string()),
            RetryError::NotRetryable(message) => ApiError::Conflict {
                code: "not_retryable",
                message,
                details: json!({ "request_id": request_id }),
            },
            RetryError::Database(e) => e.into(),
        })?;
    metrics::counter!("grants_retried_total").increment(1);
    Ok((StatusCode::ACCEPTED, Json(grant_body(&grant))))
}
