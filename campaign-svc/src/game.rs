//! The game's users, read only: `GAME_USERS_QUERY` returns (user_id, wallet_address, balance).
//! campaign-svc never writes to the game database; the query is wrapped so its columns arrive as
//! text, text and bigint whatever the game's own types are.
//!
//! One bad row must not stop the others, so reading a row never fails on its values: a balance
//! that is not a whole number of coins within bigint's range (a `numeric` above 2^63, a text
//! balance that is not a number) arrives as `NULL` with `balance_unreadable` set, and the ledger
//! and the API each turn that into an answer for that user alone. A user id the query returns
//! more than once is a data error of that user: the ledger skips every row of it, the API refuses
//! it.
//!
//! Single users (for `POST /token-request` and `GET /status`) are looked up through a
//! [`UserLookup`], which answers concurrent requests with one `= ANY($1)` query per batch; should
//! that query fail for a reason other than an unreachable database, each user of the batch is
//! looked up again on their own, so a row the query cannot read fails only its own lookup.

use crate::batch::{Batcher, Request};
use crate::database;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Arc;

/// `game.balance` as whole coins in a bigint, or `NULL` when it is not one. Integer columns pass
/// as they are (the cheap path a million-user run takes); any other type (numeric, floating
/// point, text) goes through its text form and is accepted only when that is a plain number that
/// rounds into bigint's range, so no row can make the cast fail.
const COIN_BALANCE: &str = "CASE WHEN pg_typeof(game.balance) IN ('bigint'::regtype, \
    'integer'::regtype, 'smallint'::regtype) THEN game.balance::bigint \
    ELSE (SELECT CASE WHEN n > -9223372036854775808.5 AND n < 9223372036854775807.5 \
                      THEN round(n)::bigint END \
          FROM (SELECT CASE WHEN t ~ '^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?$' \
                            THEN t::numeric END AS n \
                FROM (SELECT btrim(game.balance::text) AS t) AS as_text) AS parsed) END";

/// A user's coin balance as the game's row gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// Coins earned, in the game's units.
    Coins(i64),
    /// The row has no balance (`NULL`): nothing earned.
    Missing,
    /// The row has a balance that is not a whole number of coins within bigint's range.
    Unreadable,
}

/// One game user as the API sees them.
#[derive(Debug, Clone)]
pub struct GameUser {
    /// The game's user id.
    pub user_id: String,
    /// The wallet as stored by the game (not yet validated).
    pub wallet_address: Option<String>,
    /// Coins earned.
    pub balance: Balance,
}

/// A row of the snapshot query.
#[derive(sqlx::FromRow)]
struct SnapshotRow {
    user_id: String,
    wallet_address: Option<String>,
    balance: Option<i64>,
    balance_unreadable: bool,
}

impl From<SnapshotRow> for GameUser {
    fn from(row: SnapshotRow) -> Self {
        let balance = match (row.balance, row.balance_unreadable) {
            (_, true) => Balance::Unreadable,
            (Some(coins), false) => Balance::Coins(coins),
            (None, false) => Balance::Missing,
        };
        GameUser {
            user_id: row.user_id,
            wallet_address: row.wallet_address,
            balance,
        }
    }
}

/// Reads the game's users.
#[derive(Debug, Clone)]
pub struct GameSource {
    pool: PgPool,
    query: String,
    same_database: bool,
}

impl GameSource {
    /// A source over `pool` with the operator's query. `same_database` says the pool is the
    /// ledger's own, so a ledger run can read and write in one transaction.
    pub fn new(pool: PgPool, query: &str, same_database: bool) -> Self {
        Self {
            pool,
            query: query.trim().trim_end_matches(';').to_string(),
            same_database,
        }
    }

    /// The game's rows that pass `filter` (an SQL condition on `game`, the operator's query),
    /// as `(user_id text, wallet_address text, balance bigint, balance_unreadable boolean)`.
    /// Reading a row never fails on its values (see [`COIN_BALANCE`]). The filter is applied to
    /// the game's query itself, so an index on the game's user id still serves it.
    pub fn snapshot_sql(&self, filter: &str) -> String {
        format!(
            "SELECT user_id, wallet_address, balance, \
                    has_balance AND balance IS NULL AS balance_unreadable \
             FROM (SELECT game.user_id::text AS user_id, \
                          game.wallet_address::text AS wallet_address, \
                          {COIN_BALANCE} AS balance, game.balance IS NOT NULL AS has_balance \
                   FROM ({}) AS game WHERE {filter} OFFSET 0) AS snapshot",
            self.query
        )
    }

    /// Whether the game table is in the ledger's database.
    pub fn same_database(&self) -> bool {
        self.same_database
    }

    /// The game database pool (read only use).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Why looking one user up failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LookupError {
    /// The game database cannot be reached; every lookup of the batch fails alike.
    #[error("game database unreachable: {0}")]
    Unreachable(Arc<sqlx::Error>),
    /// The game's query failed (for this user alone when the failure is one row's values).
    #[error("the game's users query failed: {0}")]
    QueryFailed(Arc<sqlx::Error>),
    /// The game's query returns this user id more than once.
    #[error("the game's users query returns this user id more than once")]
    Duplicate,
}

impl LookupError {
    fn from_query(e: sqlx::Error) -> Self {
        if database::unreachable(&e) {
            LookupError::Unreachable(Arc::new(e))
        } else {
            LookupError::QueryFailed(Arc::new(e))
        }
    }
}

type Answer = Result<Option<GameUser>, LookupError>;

/// Finds single game users, combining concurrent lookups into one query per batch.
#[derive(Clone)]
pub struct UserLookup {
    batcher: Batcher<String, Answer>,
}

impl UserLookup {
    /// Starts `workers` tasks over `game`, each looking up to `max_batch` users per query.
    pub fn spawn(game: GameSource, workers: usize, max_batch: usize) -> Self {
        let sql = Arc::new(game.snapshot_sql("game.user_id::text = ANY($1)"));
        let batcher = Batcher::spawn(workers, max_batch, move |batch| {
            let (pool, sql) = (game.pool.clone(), sql.clone());
            async move { find_batch(&pool, &sql, batch).await }
        });
        Self { batcher }
    }

    /// The user with this id, `None` when the game does not know them.
    pub async fn find(&self, user_id: &str) -> Answer {
        self.batcher
            .call(user_id.to_string())
            .await
            .unwrap_or_else(|| Err(LookupError::Unreachable(Arc::new(sqlx::Error::PoolClosed))))
    }
}

async fn find_batch(pool: &PgPool, sql: &str, batch: Vec<Request<String, Answer>>) {
    metrics::histogram!("game_lookup_batch_size").record(batch.len() as f64);
    let mut ids: Vec<&str> = batch.iter().map(|r| r.item.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    match find_users(pool, sql, &ids).await {
        Ok(found) => {
            for r in batch {
                // Several waiters may ask for the same user: each gets the same answer.
                let answer = found.get(&r.item).cloned().unwrap_or(Ok(None));
                let _ = r.reply.send(answer);
            }
        }
        Err(e) if ids.len() > 1 && database::data_exception(&e) => {
            // One row's values failed the whole statement: ask for each user alone, so that
            // row fails only its own lookup.
            tracing::warn!(error = %e, size = ids.len(), "batched game lookup failed on a row; looking users up one by one");
            let mut alone: HashMap<String, Answer> = HashMap::with_capacity(ids.len());
            for id in ids {
                let answer = match find_users(pool, sql, &[id]).await {
                    Ok(found) => found.get(id).cloned().unwrap_or(Ok(None)),
                    Err(e) => Err(LookupError::from_query(e)),
                };
                alone.insert(id.to_string(), answer);
            }
            for r in batch {
                let answer = alone.get(&r.item).cloned().unwrap_or(Ok(None));
                let _ = r.reply.send(answer);
            }
        }
        Err(e) => {
            let e = LookupError::from_query(e);
            for r in batch {
                let _ = r.reply.send(Err(e.clone()));
            }
        }
    }
}

/// One query for `ids`: each id found with its user, or [`LookupError::Duplicate`] when the
/// game's query returns it more than once.
async fn find_users(
    pool: &PgPool,
    sql: &str,
    ids: &[&str],
) -> Result<HashMap<String, Answer>, sqlx::Error> {
    // Dynamic SQL: the statement wraps the operator's GAME_USERS_QUERY, known only at run time
    // (and run against the game's database, whose schema no compile-time check can know).
    let rows = sqlx::query_as::<_, SnapshotRow>(sql)
        .bind(ids)
        .fetch_all(pool)
        .await?;
    let mut found: HashMap<String, Answer> = HashMap::with_capacity(rows.len());
    for row in rows {
        let user = GameUser::from(row);
        match found.get_mut(&user.user_id) {
            Some(answer) => *answer = Err(LookupError::Duplicate),
            None => {
                found.insert(user.user_id.clone(), Ok(Some(user)));
            }
        }
    }
    Ok(found)
}
