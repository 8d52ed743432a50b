//! `GET /status?user_id=` (a user's totals, the ledger's apart from the campaigns', and recent
//! grants) and `GET /grants/{request_id}` (one grant with its audit trail).

use super::ApiContext;
use super::error::ApiError;
use super::input::{Fields, Identifier, Input, Source};
use super::token_request::GrantView;
use crate::game::Balance;
use crate::grants::{self, GrantEvent};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/status", get(user_status))
        .route("/grants/{request_id}", get(show_grant))
}

/// `GET /status`'s query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    /// The game's user id.
    pub user_id: Identifier,
}

impl Fields for StatusQuery {
    const SOURCE: Source = Source::Query;
}

/// A user's totals (`Status` in openapi.json).
#[derive(Debug, Serialize)]
pub struct Status {
    user_id: String,
    known_to_game: bool,
    wallet_address: Option<String>,
    token_type: String,
    /// What the game's balance earned and how far ledger runs have paid it.
    ledger: Totals,
    /// Grants of campaigns, paid on top of the balance.
    campaigns: CampaignTotals,
    /// The flat fields of earlier versions (deprecated in openapi.json): `earned` and
    /// `credited` are the ledger's, `paid`, `pending`, `failed` and `grant_count` both kinds.
    #[serde(flatten)]
    flat: Totals,
    grants: Vec<GrantView>,
}

/// Earned and credited coins' worth, and grants by outcome: the ledger's part of a user's
/// totals, and (with both kinds' grants) the deprecated flat fields.
#[derive(Debug, Serialize)]
struct Totals {
    earned: Option<i64>,
    credited: i64,
    paid: i64,
    pending: i64,
    failed: i64,
    grant_count: i64,
}

/// The campaigns' part of a user's totals.
#[derive(Debug, Serialize)]
struct CampaignTotals {
    granted: i64,
    paid: i64,
    pending: i64,
    failed: i64,
    grant_count: i64,
}

/// One grant with its audit trail (`GrantDetail` in openapi.json).
#[derive(Debug, Serialize)]
pub struct GrantDetail {
    /// The grant as everywhere else.
    #[serde(flatten)]
    grant: GrantView,
    /// Its status changes, oldest first.
    events: Vec<GrantEvent>,
}

#[tracing::instrument(name = "status", skip_all, fields(user_id))]
async fn user_status(
    State(ctx): State<ApiContext>,
    Input(query): Input<StatusQuery>,
) -> Result<Json<Status>, ApiError> {
    let Identifier(user_id) = query.user_id;
    tracing::Span::current().record("user_id", user_id.as_str());
    let rate = ctx.rules.coin_token_rate;
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
    Ok(Json(Status {
        user_id,
        known_to_game: user.is_some(),
        wallet_address: user.and_then(|u| u.wallet_address),
        token_type: ctx.config.token_type.clone(),
        ledger: Totals {
            earned,
            credited,
            paid: ledger.paid,
            pending: ledger.pending,
            failed: ledger.failed,
            grant_count: ledger.grants,
        },
        campaigns: CampaignTotals {
            granted: campaigns.paid.saturating_add(campaigns.pending),
            paid: campaigns.paid,
            pending: campaigns.pending,
            failed: campaigns.failed,
            grant_count: campaigns.grants,
        },
        flat: Totals {
            earned,
            credited,
            paid: all.paid,
            pending: all.pending,
            failed: all.failed,
            grant_count: all.grants,
        },
        grants: recent.into_iter().map(GrantView::from).collect(),
    }))
}

#[tracing::instrument(name = "grant", skip_all, fields(request_id))]
async fn show_grant(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<GrantDetail>, ApiError> {
    let request_id = super::input::uuid_path(path, "request_id")?;
    tracing::Span::current().record("request_id", tracing::field::display(request_id));
    let grant = grants::find(&ctx.db, request_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no grant {request_id}")))?;
    let events = grants::events(&ctx.db, request_id).await?;
    Ok(Json(GrantDetail {
        grant: GrantView::from(grant),
        events,
    }))
}
