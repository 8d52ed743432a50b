//! The results consumer: applies chain-svc's result for each grant, idempotently, in batches.
//!
//! The state machine per grant: `pending → submitted → completed | failed`. A result for a grant
//! already in that final state is a duplicate and changes nothing; a late `failed` after
//! `completed` never downgrades it. A `failed` result releases a ledger grant's coins back to the
//! user's uncredited delta (the next run pays them under a new grant id). A failed campaign grant
//! keeps its (user, campaign) slot: it is retried under its own grant id
//! (`POST /admin/grants/{id}/retry`), so the contract's paid-once table pays the slot at most
//! once whatever the chain really did. chain-svc sends `failed` only when the grant is
//! definitively unpaid; should a `completed` ever follow a released failure, the money did move,
//! so the grant becomes completed, the release is undone, and an alert metric counts it.
//! Every change is recorded in `grant_events` by a trigger.
//!
//! Batching: message handlers hand their decoded result to one [`Applier`] task per replica and
//! wait for its verdict. The applier takes whatever has queued up (up to `max_batch`) and applies
//! it in one transaction: the grants are locked in `request_id` order (so concurrent batches on
//! other replicas cannot deadlock), the state machine runs in memory in arrival order, and the
//! changes are written with one set-based `UPDATE` per round (a round holds at most one result
//! per grant, so two results for the same grant in one batch are applied one after the other,
//! exactly as if they had come in separate transactions). A message is acked only after the
//! transaction that applied it committed. Should a batch's transaction fail for any reason but
//! an unreachable database, its results are applied again one at a time, each in its own
//! transaction, so one result the database refuses never holds back the others: only that one
//! is nacked (and redelivered, until Pub/Sub's dead-letter policy takes it); re-applying is a
//! no-op for any result that did land. Malformed messages and results for unknown grants go to
//! the dead-letter topic.
//!
//! Before anything is decoded, a result must be signed by chain-svc ([`shared::signing`],
//! `MESSAGE_SIGNING_KEYS_FILE`): an unsigned one, one signed with an unknown key or one whose
//! signature does not match is dead-lettered under the [`VerifyError::label`] (`unsigned`,
//! `unknown_signing_key`, `bad_signature`), counted, and never applied.
//!
//! What reaches the database is a [`CheckedResult`]: decoded from the bus, its free text made
//! storable (Postgres text and jsonb refuse the NUL character, so a NUL in `error_message`
//! becomes U+FFFD instead of failing every batch it rides in), its hash `0x` + 64 lower-case hex
//! digits and its numbers within their columns. Under the grant's row lock, a result must then
//! match its grant: the user, the campaign, the wallet and the amount the grant was requested with
//! (chain-svc copies them from the request). Anything else is a [`Refusal`]: the message goes to
//! the dead-letter topic with the refusal's label as its reason, it is counted, and the grant is
//! untouched.

use crate::batch::{Batcher, Request as BatchRequest};
use crate::grants::{GrantSource, GrantStatus};
use google_cloud_pubsub::model::Message;
use google_cloud_pubsub::subscriber::handler::Handler;
use shared::grant::{ErrorClass, GrantResult, Outcome, WalletAddress};
use shared::pubsub::BusPublisher;
use shared::signing::{Keyring, MessageKind, VerifyError};
use shared::telemetry::TRACEPARENT;
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tracing::Instrument;
use uuid::Uuid;

/// What applying a result did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The grant moved to completed.
    Completed,
    /// The grant moved to failed and its amount was released.
    Failed,
    /// The grant was already in this final state.
    Duplicate,
    /// A failed result for a completed grant: ignored.
    LateFailureIgnored,
    /// A completed result for a grant whose failure had been released: completed, release undone.
    PaidAfterRelease,
    /// No such grant here.
    UnknownGrant,
    /// The result does not match its grant; the grant was left untouched.
    Refused(Refusal),
}

impl Applied {
    /// Whether the grant's status changed (so its notification event was recorded with it).
    pub fn settled(self) -> bool {
        match self {
            Applied::Completed | Applied::Failed | Applied::PaidAfterRelease => true,
            Applied::Duplicate
            | Applied::LateFailureIgnored
            | Applied::UnknownGrant
            | Applied::Refused(_) => false,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Applied::Completed => "completed",
            Applied::Failed => "failed",
            Applied::Duplicate => "duplicate",
            Applied::LateFailureIgnored => "late_failure_ignored",
            Applied::PaidAfterRelease => "paid_after_release",
            Applied::UnknownGrant => "unknown_grant",
            Applied::Refused(_) => "refused",
        }
    }
}

/// Why a result is not applied. Each sends the message to the dead-letter topic under its
/// [`Refusal::label`], and leaves the grant untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// `ledger_version` does not fit the grant's signed 64-bit column.
    #[error("ledger_version is larger than 2^63 - 1")]
    LedgerVersion,
    /// `job_id` does not fit the grant's signed 64-bit column.
    #[error("job_id is larger than 2^63 - 1")]
    JobId,
    /// `user_id` is not the grant's.
    #[error("user_id differs from the grant's")]
    UserId,
    /// `campaign_id` is not the grant's.
    #[error("campaign_id differs from the grant's")]
    CampaignId,
    /// `wallet_address` is not the grant's.
    #[error("wallet_address differs from the grant's")]
    WalletAddress,
    /// `token_amount` is not the grant's.
    #[error("token_amount differs from the grant's")]
    TokenAmount,
}

impl Refusal {
    /// A short, stable label: the dead-letter reason and the metric's `reason`.
    pub fn label(self) -> &'static str {
        match self {
            Refusal::LedgerVersion => "ledger_version_out_of_range",
            Refusal::JobId => "job_id_out_of_range",
            Refusal::UserId => "mismatched_user_id",
            Refusal::CampaignId => "mismatched_campaign_id",
            Refusal::WalletAddress => "mismatched_wallet_address",
            Refusal::TokenAmount => "mismatched_token_amount",
        }
    }
}

struct Current {
    request_id: Uuid,
    status: GrantStatus,
    source: GrantSource,
    coins: i64,
    user_id: String,
    campaign_id: String,
    wallet_address: String,
    token_amount: i64,
    released: bool,
}

impl Current {
    /// Whether `result` is this grant's: the fields chain-svc copies from the request.
    fn check(&self, result: &GrantResult) -> Result<(), Refusal> {
        if result.user_id != self.user_id {
            return Err(Refusal::UserId);
        }
        if result.campaign_id != self.campaign_id {
            return Err(Refusal::CampaignId);
        }
        // The stored wallet is normalised by the schema's CHECK; parsing it again compares the
        // two by the one wallet rule whatever its spelling.
        if WalletAddress::parse(&self.wallet_address).as_ref() != Ok(&result.wallet_address) {
            return Err(Refusal::WalletAddress);
        }
        if i64::try_from(result.token_amount) != Ok(self.token_amount) {
            return Err(Refusal::TokenAmount);
        }
        Ok(())
    }
}

/// The final values one round writes to one grant.
struct Change {
    id: Uuid,
    completed: bool,
    transaction_hash: Option<String>,
    ledger_version: Option<i64>,
    job_id: Option<i64>,
    already_paid: bool,
    error_message: Option<String>,
    error_class: Option<&'static str>,
}

/// A result from the bus as the ledger can store it. The only way to build one is
/// [`CheckedResult::check`], so nothing unstorable reaches [`apply_batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedResult(GrantResult);

impl CheckedResult {
    /// `result` if the ledger can store it: `ledger_version` and `job_id` fit the grant's signed
    /// 64-bit columns (a completed result's hash was checked when it was decoded:
    /// [`shared::grant::check_tx_hash`], `0x` + 64 lower-case hex digits). Its free text is made storable: Postgres
    /// text and jsonb cannot hold the NUL character, so each NUL in `error_message` becomes
    /// U+FFFD (the message stays readable, and the replacement shows where something was).
    pub fn check(mut result: GrantResult) -> Result<Self, Refusal> {
        if result
            .ledger_version
            .is_some_and(|v| i64::try_from(v).is_err())
        {
            return Err(Refusal::LedgerVersion);
        }
        if result.job_id.is_some_and(|v| i64::try_from(v).is_err()) {
            return Err(Refusal::JobId);
        }
        if let Some(message) = result.error_message.as_mut()
            && message.contains('\0')
        {
            *message = message.replace('\0', "\u{fffd}");
        }
        Ok(CheckedResult(result))
    }

    /// The result.
    pub fn result(&self) -> &GrantResult {
        &self.0
    }
}

/// Applies one result in one transaction.
pub async fn apply_result(pool: &PgPool, result: &CheckedResult) -> Result<Applied, sqlx::Error> {
    let applied = apply_batch(pool, std::slice::from_ref(result)).await?;
    Ok(applied[0])
}

/// Applies `results` in one transaction if it can; if that transaction fails (for any reason
/// but an unreachable database), applies them again one at a time, each in its own transaction,
/// so only the results the database refuses fail. One verdict per result, in order.
pub async fn apply_isolating(
    pool: &PgPool,
    results: &[CheckedResult],
) -> Vec<Result<Applied, ApplyError>> {
    let e = match apply_batch(pool, results).await {
        Ok(applied) => return applied.into_iter().map(Ok).collect(),
        Err(e) => e,
    };
    if results.len() == 1 || crate::database::unreachable(&e) {
        let e = ApplyError::Database(Arc::new(e));
        return results.iter().map(|_| Err(e.clone())).collect();
    }
    tracing::warn!(error = %e, size = results.len(), "result batch failed; applying its results one at a time");
    metrics::counter!("grant_results_batches_split_total").increment(1);
    let mut verdicts = Vec::with_capacity(results.len());
    let mut gone: Option<ApplyError> = None;
    for result in results {
        if let Some(e) = &gone {
            verdicts.push(Err(e.clone()));
            continue;
        }
        // In arrival order, as the batch would have applied them.
        let verdict = apply_result(pool, result).await.map_err(|e| {
            let unreachable = crate::database::unreachable(&e);
            let e = ApplyError::Database(Arc::new(e));
            if unreachable {
                // The database went away: the rest would only wait for it, one by one.
                gone = Some(e.clone());
            }
            e
        });
        verdicts.push(verdict);
    }
    verdicts
}

/// Applies `results` in one transaction, in order; returns what each one did (same order).
pub async fn apply_batch(
    pool: &PgPool,
    results: &[CheckedResult],
) -> Result<Vec<Applied>, sqlx::Error> {
    if results.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin().await?;
    let applied = apply_in(&mut tx, results).await?;
    tx.commit().await?;
    Ok(applied)
}

/// Applies `results` inside the caller's transaction `tx`, in order: the one state machine of a
/// grant's outcome, for results from the bus and for an operator failing a stuck grant
/// ([`crate::stuck`]) alike.
pub async fn apply_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    results: &[CheckedResult],
) -> Result<Vec<Applied>, sqlx::Error> {
    let results: Vec<&GrantResult> = results.iter().map(CheckedResult::result).collect();
    let mut ids: Vec<Uuid> = results.iter().map(|r| r.request_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let rows = sqlx::query_as!(
        Current,
        r#"SELECT request_id, status AS "status: GrantStatus", source AS "source: GrantSource",
                  coins, user_id, campaign_id, wallet_address, token_amount, released
           FROM grants WHERE request_id = ANY($1) ORDER BY request_id FOR UPDATE"#,
        &ids
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut state: HashMap<Uuid, Current> = rows.into_iter().map(|r| (r.request_id, r)).collect();

    // Rounds: the k-th result for a grant goes into round k.
    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let k = seen.entry(r.request_id).or_insert(0);
        if rounds.len() <= *k {
            rounds.push(Vec::new());
        }
        rounds[*k].push(i);
        *k += 1;
    }

    let mut applied = vec![Applied::UnknownGrant; results.len()];
    for round in rounds {
        let mut changes = Vec::new();
        // user → coins to add to `credited` (BTreeMap: locks are taken in user order)
        let mut credits: BTreeMap<String, i64> = BTreeMap::new();
        for i in round {
            let result = results[i];
            let Some(current) = state.get_mut(&result.request_id) else {
                continue;
            };
            if let Err(refusal) = current.check(result) {
                applied[i] = Applied::Refused(refusal);
                continue;
            }
            applied[i] = match (current.status, result.is_completed()) {
                (GrantStatus::Completed, true) | (GrantStatus::Failed, false) => Applied::Duplicate,
                (GrantStatus::Completed, false) => Applied::LateFailureIgnored,
                (_, true) => {
                    changes.push(Change {
                        id: result.request_id,
                        completed: true,
                        transaction_hash: result.transaction_hash.clone(),
                        // Both fit: CheckedResult::check refused anything larger.
                        ledger_version: result.ledger_version.map(|v| v as i64),
                        job_id: result.job_id.map(|v| v as i64),
                        already_paid: result.outcome == Outcome::AlreadyPaid,
                        error_message: None,
                        error_class: None,
                    });
                    let was_released = current.released;
                    current.status = GrantStatus::Completed;
                    current.released = false;
                    if was_released {
                        if current.source == GrantSource::Ledger {
                            *credits.entry(current.user_id.clone()).or_default() += current.coins;
                        }
                        Applied::PaidAfterRelease
                    } else {
                        Applied::Completed
                    }
                }
                (_, false) => {
                    changes.push(Change {
                        id: result.request_id,
                        completed: false,
                        transaction_hash: None,
                        ledger_version: None,
                        job_id: result.job_id.map(|v| v as i64),
                        already_paid: false,
                        error_message: Some(
                            result
                                .error_message
                                .clone()
                                .unwrap_or_else(|| "failed without a reason".into()),
                        ),
                        error_class: result.error_class.map(|c| match c {
                            ErrorClass::Permanent => "permanent",
                            ErrorClass::Transient => "transient",
                        }),
                    });
                    current.status = GrantStatus::Failed;
                    current.released = true;
                    if current.source == GrantSource::Ledger {
                        *credits.entry(current.user_id.clone()).or_default() -= current.coins;
                    }
                    Applied::Failed
                }
            };
        }
        write_changes(tx, &changes).await?;
        write_credits(tx, &credits).await?;
    }
    Ok(applied)
}

/// One set-based UPDATE for a round's changes (at most one per grant).
async fn write_changes(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    changes: &[Change],
) -> Result<(), sqlx::Error> {
    if changes.is_empty() {
        return Ok(());
    }
    let n = changes.len();
    let (mut ids, mut completed, mut hashes, mut versions, mut jobs) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut paid, mut messages, mut classes) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for c in changes {
        ids.push(c.id);
        completed.push(c.completed);
        hashes.push(c.transaction_hash.clone());
        versions.push(c.ledger_version);
        jobs.push(c.job_id);
        paid.push(c.already_paid);
        messages.push(c.error_message.clone());
        classes.push(c.error_class);
    }
    // completed: the chain's hash/version/job, errors cleared, release undone.
    // failed: the reason, the job if known, released. A campaign grant keeps its (user,
    // campaign) slot: it is retried under its own id, never replaced by another grant.
    sqlx::query!(
        "UPDATE grants AS g SET \
           status = CASE WHEN u.completed THEN 'completed'::grant_status \
                         ELSE 'failed'::grant_status END, \
           transaction_hash = CASE WHEN u.completed THEN u.hash ELSE g.transaction_hash END, \
           ledger_version = CASE WHEN u.completed THEN u.version ELSE g.ledger_version END, \
           job_id = CASE WHEN u.completed THEN u.job ELSE coalesce(u.job, g.job_id) END, \
           already_paid = CASE WHEN u.completed THEN u.paid ELSE g.already_paid END, \
           error_message = u.message, error_class = u.class, \
           released = NOT u.completed, \
           settled_at = now(), updated_at = now() \
         FROM unnest($1::uuid[], $2::bool[], $3::text[], $4::int8[], $5::int8[], $6::bool[], \
                     $7::text[], $8::text[]) AS u(id, completed, hash, version, job, paid, message, class) \
         WHERE g.request_id = u.id",
        &ids,
        &completed,
        // Arrays with NULL elements: the macros map `text[]` to `[String]`, `int8[]` to `[i64]`.
        &hashes as &[Option<String>],
        &versions as &[Option<i64>],
        &jobs as &[Option<i64>],
        &paid,
        &messages as &[Option<String>],
        &classes as &[Option<&str>],
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds each user's net change to `credited`, locking the rows in user order.
async fn write_credits(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    credits: &BTreeMap<String, i64>,
) -> Result<(), sqlx::Error> {
    let (users, coins): (Vec<&str>, Vec<i64>) = credits
        .iter()
        .filter(|(_, c)| **c != 0)
        .map(|(u, c)| (u.as_str(), *c))
        .unzip();
    if users.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "SELECT 1 AS locked FROM user_ledger WHERE user_id = ANY($1) ORDER BY user_id FOR UPDATE",
        &users as &[&str]
    )
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE user_ledger AS l SET credited = greatest(l.credited + u.coins, 0), \
         updated_at = now() FROM unnest($1::text[], $2::int8[]) AS u(user_id, coins) \
         WHERE l.user_id = u.user_id",
        &users as &[&str],
        &coins
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Why the applier could not give a verdict (the message is nacked and comes back).
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApplyError {
    /// The transaction that applied the result failed.
    #[error("applying the result failed: {0}")]
    Database(Arc<sqlx::Error>),
    /// The applier is gone (shutting down).
    #[error("the results applier has stopped")]
    Stopped,
}

/// What the applier answers for one result.
type Verdict = Result<Applied, ApplyError>;

/// The handle message handlers use to have a result applied in the next batch: a
/// [`Batcher`](crate::batch::Batcher) with one worker (one applying transaction at a time per
/// replica), the same mechanism that batches grant inserts and user lookups.
#[derive(Clone)]
pub struct Applier {
    batcher: Batcher<CheckedResult, Verdict>,
}

impl Applier {
    /// Starts the batching task; it stops once every handle is dropped and the queue is empty.
    /// After a batch that settled a grant it wakes `settled` (the webhook fan-out: the batch
    /// recorded notification events).
    pub fn spawn(
        pool: PgPool,
        max_batch: usize,
        settled: Arc<tokio::sync::Notify>,
    ) -> (Applier, tokio::task::JoinHandle<()>) {
        let (batcher, task) = Batcher::spawn_joinable(
            1,
            max_batch,
            move |batch: Vec<BatchRequest<CheckedResult, Verdict>>| {
                let pool = pool.clone();
                let settled = settled.clone();
                async move {
                    let results: Vec<CheckedResult> =
                        batch.iter().map(|r| r.item.clone()).collect();
                    let started = std::time::Instant::now();
                    let verdicts = apply_isolating(&pool, &results).await;
                    if verdicts.iter().any(|v| matches!(v, Ok(a) if a.settled())) {
                        settled.notify_one();
                    }
                    metrics::histogram!("grant_results_batch_size").record(results.len() as f64);
                    metrics::histogram!("grant_results_batch_seconds")
                        .record(started.elapsed().as_secs_f64());
                    for (request, verdict) in batch.into_iter().zip(verdicts) {
                        let _ = request.reply.send(verdict);
                    }
                }
            },
        );
        (Applier { batcher }, task)
    }

    /// Queues `result` and waits until it was applied (or failed).
    pub async fn apply(&self, result: CheckedResult) -> Result<Applied, ApplyError> {
        self.batcher.call(result).await.ok_or(ApplyError::Stopped)?
    }
}

/// Handles one message from the results subscription: verified with `keyring` before it is
/// decoded.
pub async fn handle_message(
    applier: Applier,
    dead_letters: BusPublisher,
    keyring: Arc<Keyring>,
    message: Message,
    ack: Handler,
) {
    let request_id = message
        .attributes
        .get("request_id")
        .cloned()
        .unwrap_or_default();
    let trace = message
        .attributes
        .get(TRACEPARENT)
        .cloned()
        .unwrap_or_default();
    let span = tracing::info_span!("grant_result", %request_id, traceparent = %trace);
    async move {
        if let Err(e) = keyring.verify(MessageKind::GrantResult, &message.data, &message.attributes)
        {
            refuse_unauthentic(&dead_letters, message, e, ack).await;
            return;
        }
        let result = match GrantResult::decode(&message.data) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "malformed result; dead-lettering");
                dead_letter(&dead_letters, message, e.kind(), &e.to_string(), ack).await;
                return;
            }
        };
        let result = match CheckedResult::check(result) {
            Ok(r) => r,
            Err(refusal) => {
                tracing::warn!(error = %refusal, "result the ledger cannot store; dead-lettering");
                dead_letter(
                    &dead_letters,
                    message,
                    refusal.label(),
                    &refusal.to_string(),
                    ack,
                )
                .await;
                return;
            }
        };
        let result_id = result.0.request_id;
        match applier.apply(result).await {
            Ok(Applied::UnknownGrant) => {
                tracing::warn!("result for an unknown grant; dead-lettering");
                dead_letter(
                    &dead_letters,
                    message,
                    "unknown_grant",
                    &format!("no grant with request id {result_id}"),
                    ack,
                )
                .await;
            }
            Ok(Applied::Refused(refusal)) => {
                tracing::warn!(error = %refusal, "result does not match its grant; dead-lettering");
                dead_letter(
                    &dead_letters,
                    message,
                    refusal.label(),
                    &refusal.to_string(),
                    ack,
                )
                .await;
            }
            Ok(applied) => {
                let label = applied.label();
                if applied == Applied::PaidAfterRelease {
                    tracing::error!("a released grant was paid after all; release undone");
                }
                metrics::counter!("grant_results_applied_total", "outcome" => label).increment(1);
                tracing::debug!(outcome = label, "result applied");
                ack.ack();
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot apply result; it will be redelivered");
                metrics::counter!("grant_results_errors_total").increment(1);
                ack.nack();
            }
        }
    }
    .instrument(span)
    .await
}

/// Dead-letters a result that is not signed by a key of ours; it is never decoded.
async fn refuse_unauthentic(
    publisher: &BusPublisher,
    message: Message,
    error: VerifyError,
    ack: Handler,
) {
    let reason = error.label();
    tracing::warn!(%reason, error = %error, "unauthenticated result; dead-lettering");
    dead_letter(publisher, message, reason, &error.to_string(), ack).await;
}

/// Sends a message we cannot use to the dead-letter topic, then acks it. If that publish fails
/// the message is nacked, and Pub/Sub's own dead-letter policy takes it after a few attempts.
/// Its attributes follow [`shared::dead_letter`], the schema chain-svc's requests pipe uses too.
async fn dead_letter(
    publisher: &BusPublisher,
    message: Message,
    reason: &str,
    error: &str,
    ack: Handler,
) {
    let attributes =
        shared::dead_letter::attributes(&message.attributes, &message.message_id, reason, error);
    match publisher.publish(message.data.to_vec(), attributes).await {
        Ok(_) => {
            metrics::counter!("grant_results_dead_lettered_total", "reason" => reason.to_string())
                .increment(1);
            ack.ack();
        }
        Err(e) => {
            tracing::warn!(error = %e, "dead-letter publish failed; nacking");
            ack.nack();
        }
    }
}
