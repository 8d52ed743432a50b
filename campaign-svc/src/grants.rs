//! Grant records: creating campaign grants (idempotently), reading them back, and a user's totals.
//!
//! Campaign grants are written through a [`GrantWriter`]: concurrent requests' inserts are
//! combined into one multi-row `INSERT ... ON CONFLICT DO NOTHING` (one round trip, one commit,
//! one WAL flush for the lot). Each request still gets its own answer: its row was inserted, or
//! it conflicted with an existing grant (the same `Idempotency-Key` or the same user and
//! campaign, even within the same batch). A request is answered only after the statement that
//! carried its row committed; should a batch fail as a whole, its rows are retried one by one so
//! one bad row cannot fail its neighbours.

use crate::batch::{Batcher, Request};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use shared::grant::WalletAddress;
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use std::collections::HashMap;
use uuid::Uuid;

mod status;
pub use status::{GrantSource, GrantStatus};

/// A grant as the API shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Grant {
    /// The grant id (travels unchanged to the chain and back).
    pub request_id: Uuid,
    /// What recorded it.
    pub source: GrantSource,
    /// The game's user id.
    pub user_id: String,
    /// The campaign (`ledger` for ledger runs).
    pub campaign_id: String,
    /// The ledger run that created it, if any.
    pub run_id: Option<i64>,
    /// Recipient.
    pub wallet_address: String,
    /// Coins credited (ledger grants).
    pub coins: i64,
    /// Amount in token base units.
    pub token_amount: i64,
    /// Token symbol.
    pub token_type: String,
    /// Where it is in its life.
    pub status: GrantStatus,
    /// The paying transaction.
    pub transaction_hash: Option<String>,
    /// Ledger version of that transaction.
    pub ledger_version: Option<i64>,
    /// The Jobs job id.
    pub job_id: Option<i64>,
    /// The chain reported the grant id as paid by an earlier transaction.
    pub already_paid: bool,
    /// Why it failed.
    pub error_message: Option<String>,
    /// permanent or transient.
    pub error_class: Option<String>,
    /// A failure gave the amount back to the ledger.
    pub released: bool,
    /// The failed grant this one retries.
    pub retry_of: Option<Uuid>,
    /// When the outbox relay handed it to Pub/Sub.
    pub published_at: Option<DateTime<Utc>>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it became completed or failed.
    pub settled_at: Option<DateTime<Utc>>,
    /// The caller's Idempotency-Key, if any.
    pub idempotency_key: Option<String>,
    #[serde(skip)]
    pub(crate) request_fingerprint: Option<String>,
}

/// `sqlx::query_as!` into [`Grant`]: the statement `$head <the columns of Grant> $tail` (after
/// `SELECT` or `RETURNING`), checked against the schema at compile time like any other query.
/// One list of the columns for every statement that reads a whole grant.
macro_rules! grant_query {
    ($head:literal, $tail:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            $crate::grants::Grant,
            $head
                + " request_id, source AS \"source: crate::grants::GrantSource\", user_id, \
                   campaign_id, run_id, wallet_address, coins, token_amount, token_type, \
                   status AS \"status: crate::grants::GrantStatus\", transaction_hash, \
                   ledger_version, job_id, already_paid, error_message, error_class, released, \
                   retry_of, published_at, created_at, updated_at, settled_at, idempotency_key, \
                   request_fingerprint "
                + $tail
            $(, $arg)*
        )
    };
}

/// A campaign grant to record.
#[derive(Debug, Clone)]
pub struct NewCampaignGrant {
    /// The game's user id.
    pub user_id: String,
    /// The campaign.
    pub campaign_id: String,
    /// Validated recipient.
    pub wallet: WalletAddress,
    /// Amount in token base units (validated).
    pub token_amount: i64,
    /// Token symbol.
    pub token_type: String,
    /// Whether the campaign allows several grants per user.
    pub allow_repeats: bool,
    /// The caller's `Idempotency-Key`.
    pub idempotency_key: Option<String>,
    /// A digest of what was asked, to tell a replay from a reused key.
    pub fingerprint: String,
    /// W3C trace context to carry on the bus.
    pub traceparent: String,
}

/// What a caller asked for, as sent: what tells a replay under the same `Idempotency-Key` from
/// another request. Made from the request only, never from server state (the campaign's amount
/// when `amount` is left out), so a replay still matches after an admin changed the campaign.
#[derive(Debug, Clone, Copy)]
pub struct RequestFingerprint<'a> {
    /// The user asked for.
    pub user_id: &'a str,
    /// The campaign asked for.
    pub campaign_id: &'a str,
    /// The amount asked for; `None` when the caller left it to the campaign.
    pub amount: Option<u64>,
}

impl RequestFingerprint<'_> {
    /// The digest stored with the grant (`v2`: computed from the request as sent).
    pub fn digest(&self) -> String {
        let amount = self
            .amount
            .map_or_else(|| "-".to_string(), |a| a.to_string());
        hex::encode(Sha256::digest(
            format!(
                "v2\u{1f}{}\u{1f}{}\u{1f}{amount}",
                self.user_id, self.campaign_id
            )
            .as_bytes(),
        ))
    }

    /// Whether `grant` was created by this same request. Grants recorded before fingerprints were
    /// made from the request carry a digest of (user, campaign, amount paid); such a grant
    /// matches a request for the same user and campaign that named that amount or none.
    pub fn matches(&self, grant: &Grant) -> bool {
        let Some(stored) = grant.request_fingerprint.as_deref() else {
            return false;
        };
        if stored == self.digest() {
            return true;
        }
        let legacy = hex::encode(Sha256::digest(
            format!(
                "{}\u{1f}{}\u{1f}{}",
                self.user_id, self.campaign_id, grant.token_amount
            )
            .as_bytes(),
        ));
        stored == legacy
            && self
                .amount
                .is_none_or(|a| i64::try_from(a).is_ok_and(|a| a == grant.token_amount))
    }
}

/// The grant an `Idempotency-Key` created, if any.
pub async fn find_by_idempotency_key(
    pool: &PgPool,
    key: &str,
) -> Result<Option<Grant>, sqlx::Error> {
    grant_query!("SELECT", "FROM grants WHERE idempotency_key = $1", key)
        .fetch_optional(pool)
        .await
}

/// What recording a campaign grant did.
#[derive(Debug)]
pub enum CreateOutcome {
    /// A new grant.
    Created(Grant),
    /// The same Idempotency-Key with the same request: the original grant.
    Replayed(Grant),
    /// The user already has a grant in this campaign (which does not allow repeats).
    Duplicate(Grant),
    /// The Idempotency-Key was used for a different request.
    KeyReused(Grant),
}

/// One row for the writer.
#[derive(Debug, Clone)]
struct Row {
    request_id: Uuid,
    user_id: String,
    campaign_id: String,
    wallet: String,
    token_amount: i64,
    token_type: String,
    dedupe_key: Option<String>,
    idempotency_key: Option<String>,
    fingerprint: String,
    traceparent: String,
}

/// Combines concurrent campaign-grant inserts into one statement per batch.
#[derive(Clone)]
pub struct GrantWriter {
    batcher: Batcher<Row, Result<Option<Grant>, sqlx::Error>>,
}

impl GrantWriter {
    /// Starts `writers` tasks, each taking up to `max_batch` queued rows per statement. They stop
    /// once every handle is dropped and the queue is empty.
    pub fn spawn(pool: PgPool, writers: usize, max_batch: usize) -> GrantWriter {
        let batcher = Batcher::spawn(writers, max_batch, move |batch| {
            let pool = pool.clone();
            async move { write_batch(&pool, batch).await }
        });
        GrantWriter { batcher }
    }

    /// Inserts the row in the next batch: `Some` if it was inserted, `None` if it conflicted with
    /// an existing grant.
    async fn insert(&self, row: Row) -> Result<Option<Grant>, sqlx::Error> {
        self.batcher
            .call(row)
            .await
            .unwrap_or(Err(sqlx::Error::PoolClosed))
    }
}

async fn write_batch(pool: &PgPool, batch: Vec<Request<Row, Result<Option<Grant>, sqlx::Error>>>) {
    metrics::histogram!("grant_insert_batch_size").record(batch.len() as f64);
    let rows: Vec<Row> = batch.iter().map(|p| p.item.clone()).collect();
    match insert_rows(pool, &rows).await {
        Ok(mut inserted) => {
            for p in batch {
                let _ = p.reply.send(Ok(inserted.remove(&p.item.request_id)));
            }
        }
        Err(e) if batch.len() > 1 => {
            tracing::warn!(error = %e, size = batch.len(), "batched grant insert failed; inserting one by one");
            for p in batch {
                let result = insert_rows(pool, std::slice::from_ref(&p.item))
                    .await
                    .map(|mut inserted| inserted.remove(&p.item.request_id));
                let _ = p.reply.send(result);
            }
        }
        Err(e) => {
            if let Some(p) = batch.into_iter().next() {
                let _ = p.reply.send(Err(e));
            }
        }
    }
}

/// One multi-row insert; returns the rows that were inserted (the others conflicted).
async fn insert_rows(pool: &PgPool, rows: &[Row]) -> Result<HashMap<Uuid, Grant>, sqlx::Error> {
    let column = |f: fn(&Row) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let optional = |f: fn(&Row) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.request_id).collect();
    let amounts: Vec<i64> = rows.iter().map(|r| r.token_amount).collect();
    let inserted: Vec<Grant> = grant_query!(
        "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, token_amount, \
         token_type, dedupe_key, idempotency_key, request_fingerprint, traceparent) \
         SELECT id, 'campaign', u, c, w, a, t, d, k, f, tp FROM unnest($1::uuid[], $2::text[], \
           $3::text[], $4::text[], $5::int8[], $6::text[], $7::text[], $8::text[], $9::text[], \
           $10::text[]) AS x(id, u, c, w, a, t, d, k, f, tp) \
         ON CONFLICT DO NOTHING RETURNING",
        "",
        &ids,
        &column(|r| r.user_id.clone()),
        &column(|r| r.campaign_id.clone()),
        &column(|r| r.wallet.clone()),
        &amounts,
        &column(|r| r.token_type.clone()),
        // Arrays with NULL elements: the macros map `text[]` to `[String]`.
        &optional(|r| r.dedupe_key.clone()) as &[Option<String>],
        &optional(|r| r.idempotency_key.clone()) as &[Option<String>],
        &column(|r| r.fingerprint.clone()),
        &column(|r| r.traceparent.clone()),
    )
    .fetch_all(pool)
    .await?;
    Ok(inserted.into_iter().map(|g| (g.request_id, g)).collect())
}

/// Records a campaign grant unless the same request or the same (user, campaign) already has one.
/// Safe under any concurrency: uniqueness lives in the database (`dedupe_key`, `idempotency_key`).
pub async fn create_campaign_grant(
    pool: &PgPool,
    writer: &GrantWriter,
    new: &NewCampaignGrant,
) -> Result<CreateOutcome, sqlx::Error> {
    let dedupe_key =
        (!new.allow_repeats).then(|| campaign_dedupe_key(&new.campaign_id, &new.user_id));
    let inserted = writer
        .insert(Row {
            request_id: Uuid::now_v7(),
            user_id: new.user_id.clone(),
            campaign_id: new.campaign_id.clone(),
            wallet: new.wallet.as_str().to_string(),
            token_amount: new.token_amount,
            token_type: new.token_type.clone(),
            dedupe_key: dedupe_key.clone(),
            idempotency_key: new.idempotency_key.clone(),
            fingerprint: new.fingerprint.clone(),
            traceparent: new.traceparent.clone(),
        })
        .await?;
    if let Some(grant) = inserted {
        return Ok(CreateOutcome::Created(grant));
    }
    if let Some(key) = &new.idempotency_key
        && let Some(existing) = find_by_idempotency_key(pool, key).await?
    {
        return Ok(
            if existing.request_fingerprint.as_deref() == Some(new.fingerprint.as_str()) {
                CreateOutcome::Replayed(existing)
            } else {
                CreateOutcome::KeyReused(existing)
            },
        );
    }
    if let Some(dedupe_key) = &dedupe_key
        && let Some(existing) =
            grant_query!("SELECT", "FROM grants WHERE dedupe_key = $1", dedupe_key)
                .fetch_optional(pool)
                .await?
    {
        return Ok(CreateOutcome::Duplicate(existing));
    }
    // The conflicting row vanished between the insert and the lookup (a grant that failed
    // before failures kept their slot): the slot is free again, so try once more.
    Box::pin(create_campaign_grant(pool, writer, new)).await
}

/// Why a grant cannot be retried.
#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    /// No grant with this id.
    #[error("no grant {0}")]
    NotFound(Uuid),
    /// The grant is not in a state a retry may change.
    #[error("{0}")]
    NotRetryable(String),
    /// A database call failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Retries a failed campaign grant under its own grant id: the grant goes back to `pending` and
/// into the outbox, and the relay publishes the same request again (`retry_count` + 1). Riding
/// the original id is what makes a second payment impossible: should the failure have been wrong
/// and the grant paid after all, the contract's paid-once table answers "already paid" and
/// chain-svc reports the original payment, whatever order the failure, the retry and a late
/// completion arrive in. The grant keeps its (user, campaign) slot throughout (a failure does not
/// free it), so no other grant can pay the slot either. The change of status is in the grant's
/// audit trail.
///
/// Ledger grants are not retried: their failure released the coins, and the next ledger run pays
/// them.
pub async fn retry(pool: &PgPool, request_id: Uuid) -> Result<Grant, RetryError> {
    let mut tx = pool.begin().await?;
    let grant = lock(&mut tx, request_id)
        .await?
        .ok_or(RetryError::NotFound(request_id))?;
    if grant.status != GrantStatus::Failed {
        return Err(RetryError::NotRetryable(format!(
            "grant is {}, only failed grants can be retried",
            grant.status
        )));
    }
    if grant.source == GrantSource::Ledger {
        return Err(RetryError::NotRetryable(
            "a failed ledger grant is released to the ledger; the next ledger run pays it".into(),
        ));
    }
    // Before retries rode the original id, a retry was a new grant pointing back here.
    let retried_as = sqlx::query_scalar!(
        "SELECT request_id FROM grants WHERE retry_of = $1",
        request_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(other) = retried_as {
        return Err(RetryError::NotRetryable(format!(
            "already retried as {other}"
        )));
    }
    // A grant failed before failures kept their slot has none: take it back, unless another
    // grant holds it now.
    let allow_repeats = sqlx::query_scalar!(
        "SELECT allow_repeats FROM campaigns WHERE campaign_id = $1",
        grant.campaign_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .unwrap_or(false);
    let dedupe_key =
        (!allow_repeats).then(|| campaign_dedupe_key(&grant.campaign_id, &grant.user_id));
    let reopened = grant_query!(
        "UPDATE grants SET status = 'pending', released = false, error_message = NULL, \
         error_class = NULL, settled_at = NULL, published_at = NULL, \
         retry_count = retry_count + 1, dedupe_key = coalesce(dedupe_key, $2), \
         updated_at = now() WHERE request_id = $1 RETURNING",
        "",
        request_id,
        dedupe_key,
    )
    .fetch_one(&mut *tx)
    .await;
    let reopened = match reopened {
        Ok(g) => g,
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            return Err(RetryError::NotRetryable(
                "the user already has another grant in this campaign".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    Ok(reopened)
}

/// The key that makes a campaign without repeats pay each user at most one grant.
fn campaign_dedupe_key(campaign_id: &str, user_id: &str) -> String {
    format!("campaign\u{1f}{campaign_id}\u{1f}{user_id}")
}

/// One grant by id (`db`: the pool, or a transaction's connection).
pub async fn find<'e>(
    db: impl PgExecutor<'e>,
    request_id: Uuid,
) -> Result<Option<Grant>, sqlx::Error> {
    grant_query!("SELECT", "FROM grants WHERE request_id = $1", request_id)
        .fetch_optional(db)
        .await
}

/// One grant by id, locked (`FOR UPDATE`) until `tx` ends.
pub async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    request_id: Uuid,
) -> Result<Option<Grant>, sqlx::Error> {
    grant_query!(
        "SELECT",
        "FROM grants WHERE request_id = $1 FOR UPDATE",
        request_id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// A user's most recent grants.
pub async fn recent_for_user(
    pool: &PgPool,
    user_id: &str,
    limit: i64,
) -> Result<Vec<Grant>, sqlx::Error> {
    grant_query!(
        "SELECT",
        "FROM grants WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2",
        user_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// The query behind [`stuck`] (`queries/stuck_grants.sql`; public so a test can check its
/// plan). Open grants are the two halves of `grants_open_idx` (queued for the bus, and handed
/// over): each half is read oldest first up to the limit and the two are merged, instead of
/// sorting every open grant.
pub const STUCK_SQL: &str = include_str!("../queries/stuck_grants.sql");

/// Open grants (pending or submitted) last changed more than `older_than_secs` ago, oldest first.
pub async fn stuck(
    pool: &PgPool,
    older_than_secs: u64,
    limit: i64,
) -> Result<Vec<Grant>, sqlx::Error> {
    sqlx::query_file_as!(
        Grant,
        "queries/stuck_grants.sql",
        older_than_secs as f64,
        limit
    )
    .fetch_all(pool)
    .await
}

/// One entry of a grant's audit trail.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct GrantEvent {
    /// Sequence number.
    pub event_id: i64,
    /// Previous status.
    pub from_status: Option<GrantStatus>,
    /// New status.
    pub to_status: GrantStatus,
    /// Whether the amount was released back to the ledger.
    pub released: bool,
    /// Hash, error and other details at the time.
    pub detail: serde_json::Value,
    /// When.
    pub at: DateTime<Utc>,
}

/// A grant's audit trail, oldest first.
pub async fn events(pool: &PgPool, request_id: Uuid) -> Result<Vec<GrantEvent>, sqlx::Error> {
    sqlx::query_as!(
        GrantEvent,
        r#"SELECT event_id, from_status AS "from_status: GrantStatus",
                  to_status AS "to_status: GrantStatus", released, detail, at
           FROM grant_events WHERE request_id = $1 ORDER BY event_id"#,
        request_id
    )
    .fetch_all(pool)
    .await
}

/// A user's totals in token base units over one kind of grant.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct Totals {
    /// Paid on-chain.
    pub paid: i64,
    /// Recorded, not settled yet.
    pub pending: i64,
    /// Failed (released back unless since paid).
    pub failed: i64,
    /// Number of grants.
    pub grants: i64,
}

impl Totals {
    /// Both kinds together.
    pub fn plus(&self, other: &Totals) -> Totals {
        Totals {
            paid: self.paid.saturating_add(other.paid),
            pending: self.pending.saturating_add(other.pending),
            failed: self.failed.saturating_add(other.failed),
            grants: self.grants.saturating_add(other.grants),
        }
    }
}

/// A user's totals, ledger grants (paying credited coins) apart from campaign grants (paid on
/// top of what the game's balance earned, retries of campaign grants included).
#[derive(Debug, Clone, Default)]
pub struct UserTotals {
    /// Grants of ledger runs.
    pub ledger: Totals,
    /// Grants of campaigns (`POST /token-request`).
    pub campaigns: Totals,
}

/// A user's totals over all their grants, by kind.
pub async fn totals_for_user(pool: &PgPool, user_id: &str) -> Result<UserTotals, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT source = 'ledger' AS "ledger!",
                  coalesce(sum(token_amount) FILTER (WHERE status = 'completed'), 0)::bigint AS "paid!",
                  coalesce(sum(token_amount) FILTER (WHERE status IN ('pending', 'submitted')), 0)::bigint
                    AS "pending!",
                  coalesce(sum(token_amount) FILTER (WHERE status = 'failed'), 0)::bigint AS "failed!",
                  count(*) AS "grants!"
           FROM grants WHERE user_id = $1 GROUP BY source = 'ledger'"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    let mut totals = UserTotals::default();
    for row in rows {
        let (paid, pending, failed, grants) = (row.paid, row.pending, row.failed, row.grants);
        let kind = if row.ledger {
            &mut totals.ledger
        } else {
            &mut totals.campaigns
        };
        *kind = Totals {
            paid,
            pending,
            failed,
            grants,
        };
    }
    Ok(totals)
}

/// Coins the ledger has credited to a user (0 when never credited).
pub async fn credited_coins(pool: &PgPool, user_id: &str) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT credited FROM user_ledger WHERE user_id = $1",
        user_id
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or(0))
}
