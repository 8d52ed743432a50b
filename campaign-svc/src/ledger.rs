//! The ledger run: turn what the game says each user earned into grants for what they have not
//! been credited yet.
//!
//! Exactly once, by construction:
//! * One runner at a time across replicas: `pg_try_advisory_xact_lock`; a second runner finds the
//!   lock taken and skips.
//! * Set-based and atomic: in one transaction the run reads a snapshot of balances, computes
//!   `delta = balance - credited`, inserts one grant per positive delta (each grant row is also its
//!   outbox entry) and adds the delta to `credited`. A crash anywhere rolls all of it back; a
//!   second run sees the raised `credited` and finds nothing new.
//! * Deltas below `MIN_PAYOUT_COINS` wait; negative deltas (coins spent in the game) are never
//!   clawed back; users without a valid wallet are skipped and counted; one grant never exceeds
//!   `MAX_GRANT_AMOUNT` (the rest is paid by later runs).

use crate::game::GameSource;
use futures::StreamExt;
use serde::Serialize;
use sqlx::{PgPool, Postgres, Transaction};
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
}

/// What a run did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LedgerRunOutcome {
    /// The run happened.
    Completed {
        /// Its id.
        run_id: i64,
        /// Game users read.
        users_scanned: i64,
        /// Users skipped because their wallet is missing or invalid.
        users_skipped_no_wallet: i64,
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

/// Why a run failed (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A database call failed.
    #[error("ledger run failed: {0}")]
    Database(#[from] sqlx::Error),
    /// The rules make no sense (e.g. a zero rate).
    #[error("invalid ledger rules: {0}")]
    Rules(&'static str),
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
    let mut tx = ledger.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        .execute(&mut *tx)
        .await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
        .bind(LEDGER_LOCK_KEY)
        .fetch_one(&mut *tx)
        .await?;
    if !locked {
        tracing::info!("another replica is running the ledger; skipping");
        metrics::counter!("ledger_runs_total", "outcome" => "skipped").increment(1);
        return Ok(LedgerRunOutcome::Skipped);
    }
    let run_id: i64 =
        sqlx::query_scalar("INSERT INTO ledger_runs (trigger) VALUES ($1) RETURNING run_id")
            .bind(trigger)
            .fetch_one(&mut *tx)
            .await?;
    let source = if game.same_database() {
        format!("({})", game.snapshot_sql())
    } else {
        copy_game_snapshot(game, &mut tx).await?;
        "game_snapshot".to_string()
    };
    let sql = format!(
        r#"
        WITH scan AS MATERIALIZED (
            SELECT g.user_id, g.balance,
                   lower(regexp_replace(coalesce(g.wallet_address, ''), '^0[xX]', '')) AS hex,
                   coalesce(l.credited, 0) AS credited
            FROM {source} AS g LEFT JOIN user_ledger AS l ON l.user_id = g.user_id
            WHERE g.user_id IS NOT NULL
        ),
        deltas AS (
            SELECT user_id, '0x' || lpad(hex, 64, '0') AS wallet,
                   least(balance - credited, $2) AS coins
            FROM scan
            WHERE hex ~ '^[0-9a-f]{{1,64}}$' AND hex !~ '^0+$'
              AND balance IS NOT NULL AND balance - credited >= $3
        ),
        created AS (
            INSERT INTO grants (request_id, source, user_id, campaign_id, run_id, wallet_address,
                                coins, token_amount, token_type)
            SELECT gen_random_uuid(), 'ledger', user_id, 'ledger', $1, wallet, coins, coins * $4, $5
            FROM deltas
            RETURNING user_id, coins
        ),
        credited AS (
            INSERT INTO user_ledger (user_id, credited)
            SELECT user_id, coins FROM created
            ON CONFLICT (user_id) DO UPDATE
                SET credited = user_ledger.credited + EXCLUDED.credited, updated_at = now()
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM scan),
               (SELECT count(*) FROM scan WHERE NOT (hex ~ '^[0-9a-f]{{1,64}}$' AND hex !~ '^0+$')),
               (SELECT count(*) FROM created),
               (SELECT coalesce(sum(coins), 0)::bigint FROM created),
               (SELECT count(*) FROM credited)
        "#
    );
    let max_coins = rules.max_grant_amount / rules.coin_token_rate;
    let (scanned, no_wallet, created, coins, _): (i64, i64, i64, i64, i64) = sqlx::query_as(&sql)
        .bind(run_id)
        .bind(max_coins)
        .bind(rules.min_payout_coins.max(1))
        .bind(rules.coin_token_rate)
        .bind(&rules.token_type)
        .fetch_one(&mut *tx)
        .await?;
    let tokens = coins.saturating_mul(rules.coin_token_rate);
    sqlx::query(
        "UPDATE ledger_runs SET finished_at = now(), users_scanned = $2, users_skipped_no_wallet = $3, \
         grants_created = $4, coins_credited = $5, tokens_granted = $6 WHERE run_id = $1",
    )
    .bind(run_id)
    .bind(scanned)
    .bind(no_wallet)
    .bind(created)
    .bind(coins)
    .bind(tokens)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let duration_ms = started.elapsed().as_millis() as u64;
    metrics::counter!("ledger_runs_total", "outcome" => "completed").increment(1);
    metrics::counter!("ledger_grants_created_total").increment(created as u64);
    metrics::histogram!("ledger_run_duration_seconds").record(started.elapsed().as_secs_f64());
    tracing::info!(
        run_id,
        scanned,
        no_wallet,
        created,
        coins,
        duration_ms,
        "ledger run completed"
    );
    Ok(LedgerRunOutcome::Completed {
        run_id,
        users_scanned: scanned,
        users_skipped_no_wallet: no_wallet,
        grants_created: created,
        coins_credited: coins,
        tokens_granted: tokens,
        duration_ms,
    })
}

/// Copies a consistent snapshot of the game's users from the game database into a temporary
/// table of the ledger transaction, streaming COPY to COPY (no rows held in memory).
async fn copy_game_snapshot(
    game: &GameSource,
    tx: &mut Transaction<'_, Postgres>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "CREATE TEMP TABLE game_snapshot (user_id text, wallet_address text, balance bigint) \
         ON COMMIT DROP",
    )
    .execute(&mut **tx)
    .await?;
    let mut game_conn = game.pool().acquire().await?;
    sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *game_conn)
        .await?;
    let copy_out = format!("COPY ({}) TO STDOUT", game.snapshot_sql());
    let result = async {
        let mut rows = game_conn.copy_out_raw(&copy_out).await?;
        let mut sink = tx
            .copy_in_raw("COPY game_snapshot (user_id, wallet_address, balance) FROM STDIN")
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
    sqlx::query("ANALYZE game_snapshot")
        .execute(&mut **tx)
        .await?;
    Ok(())
}
