//! The ledger run: turn what the game says each user earned into grants for what they have not
//! been credited yet.
//!
//! Exactly once, by construction:
//! * One runner at a time across replicas: a session-level `pg_try_advisory_lock` held for the
//!   whole run (Postgres drops it if the runner's connection dies); a second runner finds it taken
//!   and skips.
//! * Set-based and atomic per user: users are split into `workers` partitions by a hash of the
//!   user id, and each partition is one SQL statement in one transaction that reads balances,
//!   computes `delta = balance - credited`, inserts one grant per positive delta (each grant row
//!   is also its outbox entry) and adds the delta to `credited`. A user's grant and credit commit
//!   together or not at all, so a crash mid-run leaves every user either fully processed or
//!   untouched, and the next run picks up exactly the rest. Partitions run in parallel on separate
//!   connections, so a large run uses every core Postgres has.
//! * Deltas below `MIN_PAYOUT_COINS` wait; negative deltas (coins spent in the game) are never
//!   clawed back; one grant never exceeds `MAX_GRANT_AMOUNT` (the rest is paid by later runs).
//! * One bad game row never fails its partition: a row the rule cannot pay is skipped, credited
//!   nothing and counted by its [`SkipReason`] (a user id that breaks the identifier rule of
//!   `shared::identifier`, which the API and chain-svc apply too, a user id the game returns more than once, a
//!   balance that is not a whole number of coins within bigint, a missing or invalid wallet), and
//!   the arithmetic cannot overflow whatever the balances are. The run's report in `ledger_runs`
//!   (`GET /admin/ledger-runs`) holds its status, its error if it failed, and the skipped counts.

use crate::game::GameSource;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sqlx::{PgPool, Postgres, Row, Transaction};
use std::time::Instant;

/// Advisory lock key for ledger runs ("LEDGERUN" in ASCII).
const LEDGER_LOCK_KEY: i64 = 0x4c45_4447_4552_554e;

/// Parameters of a run.
#[derive(Debug, Clone)]
pub struct LedgerRules {
    /// Smallest delta worth a payout, in coins.
    pub min_payout_coins: i64,
    /// Token base units per coin.
    pub coin_token_rate: i64,
    /// Largest single grant, in token base units.
    pub max_grant_amount: i64,
    /// Token symbol written into grants.
    pub token_type: String,
    /// Partitions processed in parallel (one connection each).
    pub workers: u32,
}

/// Why a game row was skipped by a run (credited nothing, paid nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// The user id breaks the identifier rule (`shared::identifier`: empty, longer than 128
    /// bytes, a control or invisible formatting character, whitespace at either end): the API
    /// could never show it and chain-svc would refuse to pay it.
    InvalidUserId,
    /// The game's query returns this user id more than once: every row of it is skipped until
    /// the game's data is fixed (which row is right is not the ledger's to guess).
    DuplicateUserId,
    /// The balance is not a whole number of coins within bigint's range.
    InvalidBalance,
    /// No wallet address.
    NoWallet,
    /// A wallet address that is not one (see `shared::wallet`).
    InvalidWallet,
}

impl SkipReason {
    /// Every reason, in the order a row is checked (a row counts under the first that applies).
    pub const ALL: [SkipReason; 5] = [
        SkipReason::InvalidUserId,
        SkipReason::DuplicateUserId,
        SkipReason::InvalidBalance,
        SkipReason::NoWallet,
        SkipReason::InvalidWallet,
    ];

    /// The stable label in reports and metrics.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::InvalidUserId => "invalid_user_id",
            SkipReason::DuplicateUserId => "duplicate_user_id",
            SkipReason::InvalidBalance => "invalid_balance",
            SkipReason::NoWallet => "no_wallet",
            SkipReason::InvalidWallet => "invalid_wallet",
        }
    }
}

/// Game rows a run skipped, by [`SkipReason`].
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct SkippedRows {
    /// Rows whose user id breaks the identifier rule.
    pub invalid_user_id: i64,
    /// Rows whose user id the game's query returns more than once.
    pub duplicate_user_id: i64,
    /// Rows whose balance is not a whole number of coins within bigint's range.
    pub invalid_balance: i64,
    /// Rows without a wallet.
    pub no_wallet: i64,
    /// Rows whose wallet is not an address.
    pub invalid_wallet: i64,
}

impl SkippedRows {
    /// The count for `reason`.
    pub fn get(&self, reason: SkipReason) -> i64 {
        match reason {
            SkipReason::InvalidUserId => self.invalid_user_id,
            SkipReason::DuplicateUserId => self.duplicate_user_id,
            SkipReason::InvalidBalance => self.invalid_balance,
            SkipReason::NoWallet => self.no_wallet,
            SkipReason::InvalidWallet => self.invalid_wallet,
        }
    }

    fn slot(&mut self, reason: SkipReason) -> &mut i64 {
        match reason {
            SkipReason::InvalidUserId => &mut self.invalid_user_id,
            SkipReason::DuplicateUserId => &mut self.duplicate_user_id,
            SkipReason::InvalidBalance => &mut self.invalid_balance,
            SkipReason::NoWallet => &mut self.no_wallet,
            SkipReason::InvalidWallet => &mut self.invalid_wallet,
        }
    }

    fn add(&mut self, other: &SkippedRows) {
        for reason in SkipReason::ALL {
            *self.slot(reason) += other.get(reason);
        }
    }

    /// Every skipped row.
    pub fn total(&self) -> i64 {
        SkipReason::ALL.iter().map(|r| self.get(*r)).sum()
    }
}

/// What a run did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LedgerRunOutcome {
    /// The run happened.
    Completed {
        /// Its id.
        run_id: i64,
        /// Game rows read.
        users_scanned: i64,
        /// Rows skipped because their wallet is missing or invalid (`skipped.no_wallet +
        /// skipped.invalid_wallet`).
        users_skipped_no_wallet: i64,
        /// Rows skipped, by reason.
        skipped: SkippedRows,
        /// Grants created.
        grants_created: i64,
        /// Coins credited by those grants.
        coins_credited: i64,
        /// Token base units granted.
        tokens_granted: i64,
        /// Wall-clock milliseconds.
        duration_ms: u64,
    },
    /// Another replica holds the ledger lock; nothing was done.
    Skipped,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A database call outside the partitions failed (the run may not have been recorded).
    #[error("ledger run failed: {0}")]
    Database(sqlx::Error),
    /// The rules make no sense (e.g. a zero rate).
    #[error("invalid ledger rules: {0}")]
    Rules(&'static str),
    /// One or more partitions failed: their users are untouched (the others committed), and the
    /// run is recorded as failed with `cause`.
    #[error("ledger run {run_id} failed: {cause}")]
    Partitions {
        /// The failed run.
        run_id: i64,
        /// What failed, partition by partition.
        cause: String,
        /// Whether a database could not be reached at all (rather than a statement failing).
        unreachable: bool,
    },
}

// The cause is part of the message above, so it is not also reported as `source()` (it would
// print twice in an error chain).
impl From<sqlx::Error> for LedgerError {
    fn from(e: sqlx::Error) -> Self {
        Self::Database(e)
    }
}

/// Runs the ledger once. `trigger` is recorded (`schedule`, `cli`, `admin`, ...).
#[tracing::instrument(skip_all, fields(trigger))]
pub async fn run_ledger(
    ledger: &PgPool,
    game: &GameSource,
    rules: &LedgerRules,
    trigger: &str,
) -> Result<LedgerRunOutcome, LedgerError> {
    if rules.coin_token_rate <= 0 {
        return Err(LedgerError::Rules("COIN_TOKEN_RATE must be positive"));
    }
    if rules.max_grant_amount < rules.coin_token_rate {
        return Err(LedgerError::Rules(
            "MAX_GRANT_AMOUNT must be at least one coin's worth of tokens",
        ));
    }
    let started = Instant::now();
    // The lock lives on one dedicated connection for the whole run.
    let mut lock_conn = ledger.acquire().await?;
    let locked = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_lock($1) AS "locked!""#,
        LEDGER_LOCK_KEY
    )
    .fetch_one(&mut *lock_conn)
    .await?;
    if !locked {
        tracing::info!("another replica is running the ledger; skipping");
        metrics::counter!("ledger_runs_total", "outcome" => "skipped").increment(1);
        return Ok(LedgerRunOutcome::Skipped);
    }
    let result = run_locked(ledger, game, rules, trigger, started).await;
    let unlocked = sqlx::query_scalar!("SELECT pg_advisory_unlock($1)", LEDGER_LOCK_KEY)
        .fetch_one(&mut *lock_conn)
        .await;
    if unlocked.is_err() {
        // The lock dies with the connection; never hand a possibly-locked connection back.
        lock_conn.detach();
    }
    result
}

async fn run_locked(
    ledger: &PgPool,
    game: &GameSource,
    rules: &LedgerRules,
    trigger: &str,
    started: Instant,
) -> Result<LedgerRunOutcome, LedgerError> {
    let run_id = sqlx::query_scalar!(
        "INSERT INTO ledger_runs (trigger) VALUES ($1) RETURNING run_id",
        trigger
    )
    .fetch_one(ledger)
    .await?;
    let workers = rules.workers.clamp(1, 64);
    let partitions = futures::future::join_all(
        (0..workers).map(|k| run_partition(ledger, game, rules, run_id, k, workers)),
    )
    .await;
    let mut totals = PartitionTotals::default();
    let mut failures = Vec::new();
    let mut unreachable = false;
    for (k, p) in partitions.into_iter().enumerate() {
        match p {
            Ok(t) => totals.add(&t),
            Err(e) => {
                unreachable |= crate::database::unreachable(&e);
                failures.push(format!("partition {} of {workers}: {e}", k + 1));
            }
        }
    }
    let cause = (!failures.is_empty()).then(|| failures.join("; "));
    let tokens = totals.coins.saturating_mul(rules.coin_token_rate);
    let skipped = serde_json::to_value(totals.skipped).expect("counts serialise");
    // The report and its `ledger_run.finished` notification event ([`crate::notifications`]) are
    // one statement: one commits exactly when the other does.
    sqlx::query!(
        "WITH run AS ( \
        UPDATE ledger_runs SET finished_at = now(), status = $7, users_scanned = $2, \
        users_skipped_no_wallet = $3, grants_created = $4, coins_credited = $5, \
        tokens_granted = $6, error = $8, skipped = $9 WHERE run_id = $1 RETURNING * \
        ), event AS (SELECT grant_request_id() AS id, clock_timestamp() AS at) \
        INSERT INTO notification_events (event_id, event_type, payload, created_at) \
        SELECT event.id, 'ledger_run.finished', jsonb_build_object('id', event.id, \
          'type', 'ledger_run.finished', 'timestamp', event.at, 'data', jsonb_build_object( \
          'run_id', run.run_id, 'trigger', run.trigger, 'status', run.status, \
          'error', run.error, 'started_at', run.started_at, 'finished_at', run.finished_at, \
          'users_scanned', run.users_scanned, 'grants_created', run.grants_created, \
          'coins_credited', run.coins_credited, 'tokens_granted', run.tokens_granted, \
          'skipped', run.skipped)), event.at \
        FROM run, event",
        run_id,
        totals.scanned,
        totals.no_wallet(),
        totals.created,
        totals.coins,
        tokens,
        if cause.is_some() {
            "failed"
        } else {
            "completed"
        },
        cause.as_deref(),
        skipped,
    )
    .execute(ledger)
    .await?;
    for reason in SkipReason::ALL {
        let n = totals.skipped.get(reason);
        if n > 0 {
            metrics::counter!("ledger_users_skipped_total", "reason" => reason.label())
                .increment(n as u64);
        }
    }
    if totals.skipped.invalid_user_id > 0
        || totals.skipped.duplicate_user_id > 0
        || totals.skipped.invalid_balance > 0
    {
        tracing::warn!(
            run_id,
            invalid_user_id = totals.skipped.invalid_user_id,
            duplicate_user_id = totals.skipped.duplicate_user_id,
            invalid_balance = totals.skipped.invalid_balance,
            "the game's data has rows the ledger cannot pay; they are skipped until fixed"
        );
    }
    if let Some(cause) = cause {
        metrics::counter!("ledger_runs_total", "outcome" => "failed").increment(1);
        tracing::error!(run_id, %cause, "ledger run failed");
        // Partitions that committed stay committed: each user is processed fully or not at all.
        return Err(LedgerError::Partitions {
            run_id,
            cause,
            unreachable,
        });
    }
    let duration_ms = started.elapsed().as_millis() as u64;
    metrics::counter!("ledger_runs_total", "outcome" => "completed").increment(1);
    metrics::counter!("ledger_grants_created_total").increment(totals.created as u64);
    metrics::histogram!("ledger_run_duration_seconds").record(started.elapsed().as_secs_f64());
    tracing::info!(
        run_id,
        scanned = totals.scanned,
        skipped = totals.skipped.total(),
        created = totals.created,
        coins = totals.coins,
        duration_ms,
        "ledger run completed"
    );
    Ok(LedgerRunOutcome::Completed {
        run_id,
        users_scanned: totals.scanned,
        users_skipped_no_wallet: totals.no_wallet(),
        skipped: totals.skipped,
        grants_created: totals.created,
        coins_credited: totals.coins,
        tokens_granted: tokens,
        duration_ms,
    })
}

#[derive(Debug, Default)]
struct PartitionTotals {
    scanned: i64,
    skipped: SkippedRows,
    created: i64,
    coins: i64,
}

impl PartitionTotals {
    fn add(&mut self, other: &PartitionTotals) {
        self.scanned += other.scanned;
        self.skipped.add(&other.skipped);
        self.created += other.created;
        self.coins = self.coins.saturating_add(other.coins);
    }

    fn no_wallet(&self) -> i64 {
        self.skipped.no_wallet + self.skipped.invalid_wallet
    }
}

/// The users of partition `k` of `n`.
fn partition_filter(k: u32, n: u32) -> String {
    if n == 1 {
        "TRUE".into()
    } else {
        format!("abs(hashtext(game.user_id::text)::bigint) % {n} = {k}")
    }
}

/// One partition in one transaction: every user in it is processed fully or not at all.
async fn run_partition(
    ledger: &PgPool,
    game: &GameSource,
    rules: &LedgerRules,
    run_id: i64,
    k: u32,
    n: u32,
) -> Result<PartitionTotals, sqlx::Error> {
    // READ COMMITTED: the computation is one statement (one snapshot), and the UPDATE of
    // credited re-reads rows a concurrent result just released, so runs never fail on them.
    let mut tx = ledger.begin().await?;
    let filter = partition_filter(k, n);
    let source = if game.same_database() {
        format!("({})", game.snapshot_sql(&filter))
    } else {
        copy_game_snapshot(game, &filter, &mut tx).await?;
        "game_snapshot".to_string()
    };
    // Validation runs under the "C" collation, with unbounded repetitions only (a `{1,64}` makes
    // Postgres' regex engine several times slower) and on `w` itself, each expression once per
    // row: wallet checks dominated a million-user run. The rule is `shared::wallet`'s (tested
    // against its table of cases): only `TRIMMED` (bound as $6) is trimmed, then optional 0x,
    // 1 to 64 hex digits, not all zeros; normalised to 0x + 64 digits.
    // One regular expression says both "hex digits" and "not all zeros" (a digit other than 0
    // after any leading zeros); once it has passed, `w` is ASCII, so octet_length (read from the
    // header rather than counted) is its length. Each inner query is kept a query of its own
    // (OFFSET 0) so `w` and `skip` are computed once per row without writing rows anywhere;
    // `run_users` is read four times (three writes, the counts), so it is written once to a
    // tuplestore: every row, with why it is skipped (if it is) and whether it is paid.
    // Bad rows are data, never errors: a user id the game returns twice is found by grouping
    // (and every row of it skipped, so the inserts below never meet it twice), and `balance -
    // credited` is only computed where `balance > credited >= 0`, so it cannot overflow.
    let skip_counts: String = SkipReason::ALL
        .iter()
        .map(|r| format!(", count(*) FILTER (WHERE skip = '{0}') AS {0}", r.label()))
        .collect();
    let sql = format!(
        r#"
        WITH duplicated AS (
            SELECT user_id FROM {source} AS d GROUP BY user_id HAVING count(*) > 1
        ),
        run_users AS MATERIALIZED (
            SELECT user_id, known, skip,
                   CASE WHEN skip IS NULL AND balance > credited
                        THEN balance - credited >= $3 ELSE false END AS paid,
                   CASE WHEN octet_length(w) = 66 THEN w
                        ELSE '0x' || lpad(ltrim(w, 'x0'), 64, '0') END AS wallet,
                   CASE WHEN balance > credited THEN least(balance - credited, $2) END AS coins
            FROM (
                SELECT user_id, balance, known, credited, w,
                       CASE WHEN user_id = '' OR octet_length(user_id) > {max_id_bytes}
                                 OR user_id ~ $7 THEN '{invalid_user_id}'
                            WHEN duplicated THEN '{duplicate}'
                            WHEN balance_unreadable THEN '{invalid_balance}'
                            WHEN w = '' THEN '{no_wallet}'
                            WHEN NOT (w ~ '^(?:0x)?0*[1-9a-f][0-9a-f]*$'
                                      AND octet_length(w)
                                          <= CASE WHEN left(w, 2) = '0x' THEN 66 ELSE 64 END)
                            THEN '{invalid_wallet}'
                       END AS skip
                FROM (
                    SELECT g.user_id, g.balance, g.balance_unreadable,
                           l.user_id IS NOT NULL AS known, coalesce(l.credited, 0) AS credited,
                           d.user_id IS NOT NULL AS duplicated,
                           lower(btrim(coalesce(g.wallet_address, ''), $6) COLLATE "C") AS w
                    FROM {source} AS g
                         LEFT JOIN user_ledger AS l ON l.user_id = g.user_id
                         LEFT JOIN duplicated AS d ON d.user_id = g.user_id
                    WHERE g.user_id IS NOT NULL
                    OFFSET 0
                ) AS scan
                OFFSET 0
            ) AS checked
        ),
        created AS (
            INSERT INTO grants (request_id, source, user_id, campaign_id, run_id, wallet_address,
                                coins, token_amount, token_type)
            SELECT grant_request_id(), 'ledger', user_id, 'ledger', $1, wallet, coins, coins * $4, $5
            FROM run_users WHERE paid
        ),
        first_credit AS (
            INSERT INTO user_ledger (user_id, credited)
            SELECT user_id, coins FROM run_users WHERE paid AND NOT known
        ),
        more_credit AS (
            UPDATE user_ledger AS l SET credited = l.credited + u.coins, updated_at = now()
            FROM run_users AS u WHERE u.paid AND u.known AND l.user_id = u.user_id
        )
        SELECT count(*) AS scanned,
               count(*) FILTER (WHERE paid) AS created,
               least(coalesce(sum(coins) FILTER (WHERE paid), 0), 9223372036854775807)::bigint
                   AS coins
               {skip_counts}
        FROM run_users
        "#,
        invalid_user_id = SkipReason::InvalidUserId.label(),
        max_id_bytes = shared::identifier::MAX_BYTES,
        duplicate = SkipReason::DuplicateUserId.label(),
        invalid_balance = SkipReason::InvalidBalance.label(),
        no_wallet = SkipReason::NoWallet.label(),
        invalid_wallet = SkipReason::InvalidWallet.label(),
    );
    let max_coins = rules.max_grant_amount / rules.coin_token_rate;
    // Dynamic SQL: assembled at run time from the operator's GAME_USERS_QUERY (or the snapshot
    // table it was copied into), this partition's filter and the list of skip reasons.
    let row = sqlx::query(&sql)
        .bind(run_id)
        .bind(max_coins)
        .bind(rules.min_payout_coins.max(1))
        .bind(rules.coin_token_rate)
        .bind(&rules.token_type)
        .bind(shared::wallet::TRIMMED)
        .bind(shared::identifier::SQL_INVALID_PATTERN.as_str())
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut skipped = SkippedRows::default();
    for reason in SkipReason::ALL {
        *skipped.slot(reason) = row.try_get(reason.label())?;
    }
    Ok(PartitionTotals {
        scanned: row.try_get("scanned")?,
        skipped,
        created: row.try_get("created")?,
        coins: row.try_get("coins")?,
    })
}

/// Copies a consistent snapshot of the game's users from the game database into a temporary
/// table of the ledger transaction, streaming COPY to COPY (no rows held in memory).
async fn copy_game_snapshot(
    game: &GameSource,
    filter: &str,
    tx: &mut Transaction<'_, Postgres>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "CREATE TEMP TABLE game_snapshot (user_id text, wallet_address text, balance bigint, \
         balance_unreadable boolean) ON COMMIT DROP"
    )
    .execute(&mut **tx)
    .await?;
    let mut game_conn = game.pool().acquire().await?;
    // Dynamic: these two run on the game's database, whose schema the compile-time check does
    // not know (GAME_DATABASE_URL); they touch no table anyway.
    sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *game_conn)
        .await?;
    let copy_out = format!("COPY ({}) TO STDOUT", game.snapshot_sql(filter));
    let result = async {
        let mut rows = game_conn.copy_out_raw(&copy_out).await?;
        let mut sink = tx
            .copy_in_raw(
                "COPY game_snapshot (user_id, wallet_address, balance, balance_unreadable) \
                 FROM STDIN",
            )
            .await?;
        while let Some(chunk) = rows.next().await {
            sink.send(chunk?).await?;
        }
        drop(rows);
        sink.finish().await?;
        Ok::<_, sqlx::Error>(())
    }
    .await;
    let _ = sqlx::query("ROLLBACK").execute(&mut *game_conn).await;
    result?;
    sqlx::query!("ANALYZE game_snapshot")
        .execute(&mut **tx)
        .await?;
    Ok(())
}
