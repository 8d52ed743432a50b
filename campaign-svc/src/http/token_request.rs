//! `POST /token-request`: a campaign grant for one user.
//!
//! Accepts the original spec's form (`?user_id=alice&campaign_id=summer`) and a JSON body (`user_id`,
//! `campaign_id`, optional `amount`), with an optional `Idempotency-Key` header. One grant per
//! (user, campaign) unless the campaign allows repeats; the database enforces it, so concurrent
//! duplicates cannot slip through. Answers 202 with the grant and its status URL.
//!
//! An `Idempotency-Key` is looked up before the campaign's rules are read: the same request as
//! sent answers 200 with the grant the key created, however the campaign changed since. A
//! caller-supplied `amount` may not exceed the campaign's maximum, and an unregistered campaign
//! id is refused unless `ACCEPT_UNREGISTERED_CAMPAIGNS` is on.

use super::ApiContext;
use super::error::ApiError;
use super::input::{self, BaseUnits, Fields, Identifier, Input, Source};
use crate::grants::{self, CreateOutcome, Grant, NewCampaignGrant, RequestFingerprint};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::grant::check_amount;
use shared::telemetry::{TRACEPARENT, TraceContext};
use shared::wallet::{WalletAddress, WalletProblem};

pub fn router() -> Router<ApiContext> {
    Router::new().route("/token-request", post(create))
}

/// `POST /token-request`'s fields, from the query string and/or a JSON body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The game's user id.
    pub user_id: Identifier,
    /// The campaign.
    pub campaign_id: Identifier,
    /// The amount in base units; the campaign's own when absent.
    pub amount: Option<BaseUnits>,
}

impl Fields for TokenRequest {
    const SOURCE: Source = Source::QueryAndBody;
}

/// A grant as the API returns it (`Grant` in openapi.json): its fields and where to follow it.
#[derive(Debug, Serialize)]
pub struct GrantView {
    /// The grant's own fields.
    #[serde(flatten)]
    pub grant: Grant,
    /// `/grants/{request_id}`.
    pub status_url: String,
}

impl From<Grant> for GrantView {
    fn from(grant: Grant) -> Self {
        let status_url = format!("/grants/{}", grant.request_id);
        Self { grant, status_url }
    }
}

#[tracing::instrument(
    name = "token_request",
    skip_all,
    fields(user_id, campaign_id, request_id)
)]
async fn create(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    Input(request): Input<TokenRequest>,
) -> Result<Response, ApiError> {
    let TokenRequest {
        user_id: Identifier(user_id),
        campaign_id: Identifier(campaign_id),
        amount,
    } = request;
    let amount = amount.map(|BaseUnits(a)| a);
    let span = tracing::Span::current();
    span.record("user_id", user_id.as_str());
    span.record("campaign_id", campaign_id.as_str());
    let idempotency_key = idempotency_key(&headers)?;

    // A replay is answered from the grant it created, before anything the server may have
    // changed since (the campaign's amount or active flag, the user's wallet) is consulted: the
    // client whose first answer was lost learns that its grant exists.
    let asked = RequestFingerprint {
        user_id: &user_id,
        campaign_id: &campaign_id,
        amount,
    };
    if let Some(key) = &idempotency_key
        && let Some(existing) = grants::find_by_idempotency_key(&ctx.db, key).await?
    {
        return replay_or_refuse(existing, &asked);
    }

    let campaign = ctx.campaigns.get(&ctx.db, &campaign_id).await?;
    if !campaign.registered && !ctx.config.accept_unregistered_campaigns {
        return Err(ApiError::unprocessable(
            "unknown_campaign",
            "campaign_id",
            format!(
                "campaign {campaign_id:?} is not registered (PUT /admin/campaigns/{{campaign_id}}); \
                 this service does not accept unregistered campaigns"
            ),
        ));
    }
    if !campaign.active {
        return Err(ApiError::unprocessable(
            "campaign_inactive",
            "campaign_id",
            format!("campaign {campaign_id:?} is not active"),
        ));
    }
    let max = ctx.config.max_grant_amount;
    let token_amount = match amount {
        None => check_amount("amount", campaign.token_amount.max(0) as u64, max)?,
        Some(asked_for) => {
            let asked_for = check_amount("amount", asked_for, max)?;
            let cap = campaign.amount_cap().max(0) as u64;
            if asked_for > cap {
                return Err(ApiError::unprocessable(
                    "amount_above_campaign_max",
                    "amount",
                    format!(
                        "amount {asked_for} exceeds the most campaign {campaign_id:?} pays per grant ({cap})"
                    ),
                ));
            }
            asked_for
        }
    };

    let user = ctx.users.find(&user_id).await?;
    let Some(user) = user else {
        return Err(ApiError::unprocessable(
            "user_not_found",
            "user_id",
            format!("user {user_id:?} is not in the game's users"),
        ));
    };
    let wallet =
        WalletAddress::from_game(user.wallet_address.as_deref()).map_err(
            |problem| match problem {
                WalletProblem::Missing => ApiError::unprocessable(
                    "no_wallet",
                    "user_id",
                    format!("user {user_id:?} has no wallet address"),
                ),
                WalletProblem::Invalid(e) => ApiError::unprocessable(
                    "invalid_wallet",
                    "user_id",
                    format!(
                        "user {user_id:?} has an unusable wallet address: {}",
                        e.reason
                    ),
                ),
            },
        )?;

    let fingerprint = asked.digest();
    let trace =
        TraceContext::continue_or_root(headers.get(TRACEPARENT).and_then(|v| v.to_str().ok()));
    let outcome = grants::create_campaign_grant(
        &ctx.db,
        &ctx.writer,
        &NewCampaignGrant {
            user_id,
            campaign_id,
            wallet,
            token_amount: token_amount as i64,
            token_type: ctx.config.token_type.clone(),
            allow_repeats: campaign.allow_repeats,
            idempotency_key,
            fingerprint,
            traceparent: trace.header(),
        },
    )
    .await?;
    match outcome {
        CreateOutcome::Created(grant) => {
            span.record("request_id", tracing::field::display(grant.request_id));
            metrics::counter!("grants_created_total", "source" => "campaign").increment(1);
            let location = format!("/grants/{}", grant.request_id);
            let mut response = (StatusCode::ACCEPTED, Json(GrantView::from(grant))).into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                response
                    .headers_mut()
                    .insert(axum::http::header::LOCATION, v);
            }
            Ok(response)
        }
        CreateOutcome::Replayed(grant) => Ok(replayed(grant)),
        CreateOutcome::Duplicate(grant) => Err(ApiError::Conflict {
            code: "grant_exists",
            message: format!(
                "user {:?} already has a grant in campaign {:?}",
                grant.user_id, grant.campaign_id
            ),
            details: json!({
                "field": "campaign_id",
                "request_id": grant.request_id,
                "status_url": format!("/grants/{}", grant.request_id),
            }),
        }),
        CreateOutcome::KeyReused(_) => Err(key_reused()),
    }
}

/// The answer to a request whose `Idempotency-Key` already has a grant: that grant when the
/// request is the same as the one that created it, else a 422.
fn replay_or_refuse(existing: Grant, asked: &RequestFingerprint<'_>) -> Result<Response, ApiError> {
    if asked.matches(&existing) {
        Ok(replayed(existing))
    } else {
        Err(key_reused())
    }
}

/// 200 with the original grant, marked as a replay.
fn replayed(grant: Grant) -> Response {
    let mut response = (StatusCode::OK, Json(GrantView::from(grant))).into_response();
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

fn key_reused() -> ApiError {
    ApiError::unprocessable(
        "idempotency_key_reused",
        "Idempotency-Key",
        "this Idempotency-Key was already used for a different request",
    )
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = input::single_header(headers, "Idempotency-Key")? else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| (0x21..0x7f).contains(&b)))
        .ok_or_else(|| {
            ApiError::bad_field(
                "Idempotency-Key",
                "must be 1 to 255 printable ASCII characters without spaces",
            )
        })?;
    Ok(Some(key.to_string()))
}
