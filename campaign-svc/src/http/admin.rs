//! Operator endpoints (scope `admin`): run the ledger now, list runs, configure campaigns, list
//! stuck grants and retry failed campaign grants (under their own grant id).

use super::ApiContext;
use super::error::ApiError;
use super::input::{self, BaseUnits, Fields, Flag, Input, Seconds, Source};
use super::token_request::GrantView;
use crate::campaigns::CampaignRecord;
use crate::campaigns::{self, CampaignChange, CampaignError};
use crate::grants::RetryError;
use crate::ledger::{LedgerError, LedgerRunOutcome, SkippedRows, run_ledger};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/admin/ledger-runs", post(run_now).get(list_runs))
        .route("/admin/campaigns/{campaign_id}", put(upsert_campaign))
        .route("/admin/grants/stuck", get(stuck))
        .route("/admin/grants/{request_id}/retry", post(retry))
}

#[tracing::instrument(name = "admin_ledger_run", skip_all)]
async fn run_now(State(ctx): State<ApiContext>) -> Result<Json<LedgerRunOutcome>, ApiError> {
    match run_ledger(&ctx.db, &ctx.game, &ctx.rules, "admin").await {
        Ok(outcome) => Ok(Json(outcome)),
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

/// The latest ledger runs (`LedgerRuns` in openapi.json).
#[derive(Serialize)]
struct LedgerRuns {
    runs: Vec<RunRow>,
}

async fn list_runs(State(ctx): State<ApiContext>) -> Result<Json<LedgerRuns>, ApiError> {
    let runs = sqlx::query_as!(
        RunRow,
        r#"SELECT run_id, trigger, status, error, started_at, finished_at, users_scanned,
                  users_skipped_no_wallet, skipped AS "skipped: sqlx::types::Json<SkippedRows>",
                  grants_created, coins_credited, tokens_granted
           FROM ledger_runs ORDER BY run_id DESC LIMIT 50"#
    )
    .fetch_all(&ctx.db)
    .await?;
    Ok(Json(LedgerRuns { runs }))
}

/// `PUT /admin/campaigns/{campaign_id}`: a partial update. Each of `token_amount`, `max_amount`,
/// `allow_repeats` and `active` that the body carries is set; one it leaves out (or sends as
/// null) keeps its value, or its default for a new campaign, which needs `token_amount`. A query
/// string or an unknown member is refused, naming it.
/// `PUT /admin/campaigns/{campaign_id}`'s body (`CampaignRules` in openapi.json).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignRules {
    /// Base units a grant pays by default.
    pub token_amount: Option<BaseUnits>,
    /// The most a caller may ask for.
    pub max_amount: Option<BaseUnits>,
    /// More than one grant per user.
    pub allow_repeats: Option<Flag>,
    /// Takes grants.
    pub active: Option<Flag>,
}

impl Fields for CampaignRules {
    const SOURCE: Source = Source::Body;
}

#[tracing::instrument(name = "admin_campaign", skip_all, fields(campaign_id))]
async fn upsert_campaign(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    rules: Result<Input<CampaignRules>, ApiError>,
) -> Result<(StatusCode, Json<CampaignRecord>), ApiError> {
    let campaign_id = input::path_param(path, "campaign_id")?;
    tracing::Span::current().record("campaign_id", campaign_id.as_str());
    shared::grant::check_identifier("campaign_id", &campaign_id)?;
    let Input(rules) = rules?;
    if rules.token_amount.is_none()
        && rules.max_amount.is_none()
        && rules.allow_repeats.is_none()
        && rules.active.is_none()
    {
        return Err(ApiError::bad_field(
            "body",
            "nothing to change: send at least one of token_amount, max_amount, allow_repeats, active",
        ));
    }
    let max = ctx.config.max_grant_amount;
    let amount = |name: &'static str, value: Option<BaseUnits>| -> Result<Option<i64>, ApiError> {
        value
            .map(|BaseUnits(a)| shared::grant::check_amount(name, a, max).map(|a| a as i64))
            .transpose()
            .map_err(ApiError::from)
    };
    let change = CampaignChange {
        token_amount: amount("token_amount", rules.token_amount)?,
        max_amount: amount("max_amount", rules.max_amount)?,
        allow_repeats: rules.allow_repeats.map(|Flag(b)| b),
        active: rules.active.map(|Flag(b)| b),
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
    Ok((StatusCode::OK, Json(campaign)))
}

/// Largest `older_than_secs` of `GET /admin/grants/stuck` (a year).
const MAX_STUCK_AGE_SECS: u64 = 86_400 * 365;
/// Largest `limit` of `GET /admin/grants/stuck`.
const MAX_STUCK_LIMIT: u64 = 1000;

input::whole_number!(
    /// A number of grants.
    GrantCount,
    "grants"
);

/// `GET /admin/grants/stuck`'s query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StuckQuery {
    /// Unsettled for at least this long (default 300).
    pub older_than_secs: Option<Seconds>,
    /// At most this many (default 100).
    pub limit: Option<GrantCount>,
}

impl Fields for StuckQuery {
    const SOURCE: Source = Source::Query;
}

/// Grants unsettled for too long (`StuckGrants` in openapi.json).
#[derive(Serialize)]
struct StuckGrants {
    older_than_secs: u64,
    grants: Vec<GrantView>,
}

async fn stuck(
    State(ctx): State<ApiContext>,
    Input(query): Input<StuckQuery>,
) -> Result<Json<StuckGrants>, ApiError> {
    // Out-of-range values are refused, as openapi.json documents, rather than silently clamped.
    let older = query.older_than_secs.map_or(300, |Seconds(s)| s);
    if older > MAX_STUCK_AGE_SECS {
        return Err(ApiError::bad_field(
            "older_than_secs",
            format!("older_than_secs must be at most {MAX_STUCK_AGE_SECS} (a year)"),
        ));
    }
    let limit = query.limit.map_or(100, |GrantCount(n)| n);
    if !(1..=MAX_STUCK_LIMIT).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            format!("limit must be between 1 and {MAX_STUCK_LIMIT}"),
        ));
    }
    let grants = crate::grants::stuck(&ctx.db, older, limit as i64).await?;
    Ok(Json(StuckGrants {
        older_than_secs: older,
        grants: grants.into_iter().map(GrantView::from).collect(),
    }))
}

/// Retries a failed campaign grant under its own grant id (see [`crate::grants::retry`]): the
/// contract's paid-once table makes a second payment of the grant impossible.
#[tracing::instrument(name = "admin_retry", skip_all, fields(request_id))]
async fn retry(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
) -> Result<(StatusCode, Json<GrantView>), ApiError> {
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
    Ok((StatusCode::ACCEPTED, Json(GrantView::from(grant))))
}
