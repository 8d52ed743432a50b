//! Campaign rules (amount, repeats, active) with a short-lived in-process cache: every
//! `POST /token-request` needs them, and they change rarely. A change made through the admin API
//! applies at once on the replica that took it and within `CAMPAIGN_CACHE_TTL` on the others.

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
    /// Token base units per grant.
    pub token_amount: i64,
    /// Whether a user may receive several grants.
    pub allow_repeats: bool,
    /// Whether it grants at all.
    pub active: bool,
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

    /// The rules of `campaign_id`.
    pub async fn get(&self, db: &PgPool, campaign_id: &str) -> Result<Campaign, sqlx::Error> {
        if let Some((campaign, at)) = self.cache.read().expect("cache lock").get(campaign_id)
            && at.elapsed() < CAMPAIGN_CACHE_TTL
        {
            return Ok(*campaign);
        }
        let campaign = sqlx::query_as::<_, (i64, bool, bool)>(
            "SELECT token_amount, allow_repeats, active FROM campaigns WHERE campaign_id = $1",
        )
        .bind(campaign_id)
        .fetch_optional(db)
        .await?
        .map(|(token_amount, allow_repeats, active)| Campaign {
            token_amount,
            allow_repeats,
            active,
        })
        .unwrap_or(Campaign {
            token_amount: self.default_amount,
            allow_repeats: false,
            active: true,
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
