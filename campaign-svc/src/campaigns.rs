//! Campaign rules (amount, the most a caller may ask for, repeats, active) with a short-lived
//! in-process cache: every `POST /token-request` needs them, and they change rarely. A change made
//! through the admin API applies at once on the replica that took it and within
//! `CAMPAIGN_CACHE_TTL` on the others.
//!
//! Changes are partial updates ([`update`]): a field left out keeps its value, so switching a
//! campaign off and later changing its amount does not switch it back on.

use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a replica may keep using a campaign's rules after they changed elsewhere.
pub const CAMPAIGN_CACHE_TTL: Duration = Duration::from_secs(5);
const MAX_CACHED: usize = 10_000;

/// A campaign's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Campaign {
    /// Token base units per grant when the caller names no amount.
    pub token_amount: i64,
    /// The most a caller may ask for (`amount`); `None`: the campaign's `token_amount`.
    pub max_amount: Option<i64>,
    /// Whether a user may receive several grants.
    pub allow_repeats: bool,
    /// Whether it grants at all.
    pub active: bool,
    /// Whether an admin configured it (`false`: the defaults for a campaign nobody registered).
    pub registered: bool,
}

impl Campaign {
    /// The largest amount a caller may ask for in this campaign: its `max_amount` when an admin
    /// set one, else its own `token_amount` (so a grant-scope key cannot raise an admin-set
    /// amount, nor pay more than `DEFAULT_CAMPAIGN_AMOUNT` in an unregistered campaign).
    pub fn amount_cap(&self) -> i64 {
        self.max_amount.unwrap_or(self.token_amount)
    }
}

/// Reads campaign rules, defaulting unknown campaigns to one grant of the default amount.
#[derive(Debug, Clone)]
pub struct CampaignBook {
    default_amount: i64,
    cache: Arc<RwLock<HashMap<String, (Campaign, Instant)>>>,
}

impl CampaignBook {
    /// A book whose unknown campaigns pay `default_amount` once per user.
    pub fn new(default_amount: i64) -> Self {
        Self {
            default_amount,
            cache: Arc::default(),
        }
    }

    /// The rules of `campaign_id` (the defaults, `registered: false`, when nobody configured it).
    pub async fn get(&self, db: &PgPool, campaign_id: &str) -> Result<Campaign, sqlx::Error> {
        if let Some((campaign, at)) = self.cache.read().expect("cache lock").get(campaign_id)
            && at.elapsed() < CAMPAIGN_CACHE_TTL
        {
            return Ok(*campaign);
        }
        let campaign = find(db, campaign_id)
            .await?
            .map(|r| Campaign {
                token_amount: r.token_amount,
                max_amount: r.max_amount,
                allow_repeats: r.allow_repeats,
                active: r.active,
                registered: true,
            })
            .unwrap_or(Campaign {
                token_amount: self.default_amount,
                max_amount: None,
                allow_repeats: false,
                active: true,
                registered: false,
            });
        let mut cache = self.cache.write().expect("cache lock");
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(campaign_id.to_string(), (campaign, Instant::now()));
        Ok(campaign)
    }

    /// Forgets a campaign after it changed here.
    pub fn invalidate(&self, campaign_id: &str) {
        self.cache.write().expect("cache lock").remove(campaign_id);
    }
}

/// A registered campaign as stored and as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct CampaignRecord {
    /// The campaign.
    pub campaign_id: String,
    /// Token base units per grant when the caller names no amount.
    pub token_amount: i64,
    /// The most a caller may ask for; `None`: `token_amount`.
    pub max_amount: Option<i64>,
    /// Whether a user may receive several grants.
    pub allow_repeats: bool,
    /// Whether it grants at all.
    pub active: bool,
}

/// What an admin asked to change; `None` leaves a field as it is (or at its default when the
/// campaign is new: `max_amount` unset, `allow_repeats` false, `active` true).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignChange {
    /// New amount per grant (required to create a campaign).
    pub token_amount: Option<i64>,
    /// New most a caller may ask for.
    pub max_amount: Option<i64>,
    /// New repeat rule.
    pub allow_repeats: Option<bool>,
    /// Switch on or off.
    pub active: Option<bool>,
}

/// Why a campaign change was refused.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// A new campaign needs an amount.
    #[error("token_amount is required to create campaign {0:?}")]
    AmountRequired(String),
    /// The cap would be below the amount every grant without `amount` pays.
    #[error(
        "max_amount {max_amount} is below token_amount {token_amount}: a grant of the campaign's own amount would exceed it"
    )]
    MaxBelowAmount {
        /// The resulting amount.
        token_amount: i64,
        /// The resulting cap.
        max_amount: i64,
        /// Which of the two this change sent (the one to name).
        field: &'static str,
    },
    /// A database call failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A registered campaign.
pub async fn find(db: &PgPool, campaign_id: &str) -> Result<Option<CampaignRecord>, sqlx::Error> {
    sqlx::query_as!(
        CampaignRecord,
        "SELECT campaign_id, token_amount, max_amount, allow_repeats, active FROM campaigns \
         WHERE campaign_id = $1",
        campaign_id
    )
    .fetch_optional(db)
    .await
}

/// Creates or changes a campaign, changing only the fields `change` carries. The row is locked
/// while the change is merged into it, so concurrent partial updates of different fields never
/// undo each other.
#[tracing::instrument(name = "campaign_update", skip(db, change))]
pub async fn update(
    db: &PgPool,
    campaign_id: &str,
    change: &CampaignChange,
) -> Result<CampaignRecord, CampaignError> {
    // Two attempts: a concurrent create between our read and our insert makes the row exist,
    // and the second attempt then updates it under its lock.
    for _ in 0..2 {
        let mut tx = db.begin().await?;
        let current = sqlx::query_as!(
            CampaignRecord,
            "SELECT campaign_id, token_amount, max_amount, allow_repeats, active FROM campaigns \
             WHERE campaign_id = $1 FOR UPDATE",
            campaign_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        let merged = match &current {
            Some(c) => CampaignRecord {
                campaign_id: campaign_id.to_string(),
                token_amount: change.token_amount.unwrap_or(c.token_amount),
                max_amount: change.max_amount.or(c.max_amount),
                allow_repeats: change.allow_repeats.unwrap_or(c.allow_repeats),
                active: change.active.unwrap_or(c.active),
            },
            None => CampaignRecord {
                campaign_id: campaign_id.to_string(),
                token_amount: change
                    .token_amount
                    .ok_or_else(|| CampaignError::AmountRequired(campaign_id.to_string()))?,
                max_amount: change.max_amount,
                allow_repeats: change.allow_repeats.unwrap_or(false),
                active: change.active.unwrap_or(true),
            },
        };
        if let Some(max_amount) = merged.max_amount
            && max_amount < merged.token_amount
        {
            return Err(CampaignError::MaxBelowAmount {
                token_amount: merged.token_amount,
                max_amount,
                field: if change.max_amount.is_some() {
                    "max_amount"
                } else {
                    "token_amount"
                },
            });
        }
        let written = if current.is_some() {
            sqlx::query_as!(
                CampaignRecord,
                "UPDATE campaigns SET token_amount = $2, max_amount = $3, allow_repeats = $4, \
                 active = $5, updated_at = now() WHERE campaign_id = $1 \
                 RETURNING campaign_id, token_amount, max_amount, allow_repeats, active",
                campaign_id,
                merged.token_amount,
                merged.max_amount,
                merged.allow_repeats,
                merged.active
            )
            .fetch_optional(&mut *tx)
            .await?
        } else {
            sqlx::query_as!(
                CampaignRecord,
                "INSERT INTO campaigns (campaign_id, token_amount, max_amount, allow_repeats, active) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id) DO NOTHING \
                 RETURNING campaign_id, token_amount, max_amount, allow_repeats, active",
                campaign_id,
                merged.token_amount,
                merged.max_amount,
                merged.allow_repeats,
                merged.active
            )
            .fetch_optional(&mut *tx)
            .await?
        };
        if let Some(written) = written {
            tx.commit().await?;
            return Ok(written);
        }
    }
    Err(CampaignError::Database(sqlx::Error::Protocol(
        "campaign row created and removed concurrently twice".into(),
    )))
}
