//! `GET /status?user_id=` (a user's totals, the ledger's apart from the campaigns', and recent
//! grants) and `GET /grants/{request_id}` (one grant with its audit trail).

use super::ApiContext;
use super::error::ApiError;
use super::token_request::grant_body;
use crate::game::Balance;
use crate::grants;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/status", get(user_status))
        .route("/grants/{request_id}", get(show_grant))
}

#[tracing::instrument(name = "status", skip_all, fields(user_id))]
async fn user_status(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let fields = super::input::fields(query.as_deref(), &headers, &[], &["user_id"])?;
    let user_id = super::input::required_string(&fields, "user_id")?;
    tracing::Span::current().record("user_id", user_id.as_str());
    let rate = ctx.config.coin_token_rate;
    let (user, totals, credited, recent) = tokio::try_join!(
        async { Ok::<_, ApiError>(ctx.users.find(&user_id).await?) },
        async { Ok(grants::totals_for_user(&ctx.db, &user_id).await?) },
        async { Ok(grants::credited_coins(&ctx.db, &user_id).await?) },
        async { Ok::<_, ApiError>(grants::recent_for_user(&ctx.db, &user_id, 20).await?) },
    )?;
    let earned = match user.as_ref().map(|u| u.balance) {
        Some(Balance::Unreadable) => {
            return Err(ApiError::unprocessable(
                "unreadable_balance",
                "user_id",
                "the game's balance for this user is not a whole number of coins within 64 bits; \
                 it is not paid until the game's data is fixed",
            ));
        }
        Some(Balance::Coins(coins)) => Some(coins.saturating_mul(rate)),
        // A row without a balance has earned nothing, as the ledger sees it.
        Some(Balance::Missing) => Some(0),
        None => None,
    };
    let credited = credited.saturating_mul(rate);
    let all = totals.ledger.plus(&totals.campaigns);
    let ledger = &totals.ledger;
    let campaigns = &totals.campaigns;
    Ok(Json(json!({
        "user_id": user_id,
        "known_to_game": user.is_some(),
        "wallet_address": user.as_ref().and_then(|u| u.wallet_address.clone()),
        "token_type": ctx.config.token_type,
        // What the game's balance earned and how far ledger runs have paid it.
        "ledger": {
            "earned": earned,
            "credited": credited,
            "paid": ledger.paid,
            "pending": ledger.pending,
            "failed": ledger.failed,
            "grant_count": ledger.grants,
        },
        // Grants of campaigns, paid on top of the balance.
        "campaigns": {
            "granted": campaigns.paid.saturating_add(campaigns.pending),
            "paid": campaigns.paid,
            "pending": campaigns.pending,
            "failed": campaigns.failed,
            "grant_count": campaigns.grants,
        },
        // The flat fields of earlier versions (deprecated in openapi.json): `earned` and
        // `credited` are the ledger's, `paid`, `pending`, `failed` and `grant_count` both kinds.
        "earned": earned,
        "credited": credited,
        "paid": all.paid,
        "pending": all.pending,
        "failed": all.failed,
        "grant_count": all.grants,
        "grants": recent.iter().map(grant_body).collect::<Vec<_>>(),
    })))
}

#[tracing::instrument(name = "grant", skip_all, fields(request_id))]
async fn show_grant(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let request_id = super::input::uuid_path(path, "request_id")?;
    tracing::Span::current().record("request_id", tracing::field::display(request_id));
    let grant = grants::find(&ctx.db, request_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no grant {request_id}")))?;
    let events = grants::events(&ctx.db, request_id).await?;
    let mut body = grant_body(&grant);
    body["events"] = json!(events);
    Ok(Json(body))
}
