//! The game's users, read only: `GAME_USERS_QUERY` returns (user_id, wallet_address, balance).
//! campaign-svc never writes to the game database; the query is wrapped so its columns arrive as
//! text, text and bigint whatever the game's own types are.
//!
//! Single users (for `POST /token-request` and `GET /status`) are looked up through a
//! [`UserLookup`], which answers concurrent requests with one `= ANY($1)` query per batch.

use crate::batch::{Batcher, Request};
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Arc;

/// One game user as the ledger sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GameUser {
    /// The game's user id.
    pub user_id: String,
    /// The wallet as stored by the game (not yet validated).
    pub wallet_address: Option<String>,
    /// Coins earned, in the game's units.
    pub balance: i64,
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

    /// The game query with normalised column types.
    pub fn snapshot_sql(&self) -> String {
        format!(
            "SELECT game.user_id::text AS user_id, game.wallet_address::text AS wallet_address, \
             game.balance::bigint AS balance FROM ({}) AS game",
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

/// Looking one user up failed (the game database is unreachable or the query failed).
#[derive(Debug, Clone, thiserror::Error)]
#[error("game database lookup failed: {0}")]
pub struct LookupError(Arc<sqlx::Error>);

type Answer = Result<Option<GameUser>, LookupError>;

/// Finds single game users, combining concurrent lookups into one query per batch.
#[derive(Clone)]
pub struct UserLookup {
    batcher: Batcher<String, Answer>,
}

impl UserLookup {
    /// Starts `workers` tasks over `game`, each looking up to `max_batch` users per query.
    pub fn spawn(game: GameSource, workers: usize, max_batch: usize) -> Self {
        let sql = Arc::new(format!(
            "SELECT * FROM ({}) AS snapshot WHERE snapshot.user_id = ANY($1)",
            game.snapshot_sql()
        ));
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
            .unwrap_or_else(|| Err(LookupError(Arc::new(sqlx::Error::PoolClosed))))
    }
}

async fn find_batch(pool: &PgPool, sql: &str, batch: Vec<Request<String, Answer>>) {
    metrics::histogram!("game_lookup_batch_size").record(batch.len() as f64);
    let mut ids: Vec<&str> = batch.iter().map(|r| r.item.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = sqlx::query_as::<_, GameUser>(sql)
        .bind(&ids)
        .fetch_all(pool)
        .await;
    match found {
        Ok(rows) => {
            // Should the game's query return a user twice, the first row answers (as LIMIT 1 would).
            let mut by_id: HashMap<String, GameUser> = HashMap::with_capacity(rows.len());
            for row in rows {
                by_id.entry(row.user_id.clone()).or_insert(row);
            }
            for r in batch {
                let user = by_id.get(&r.item).cloned();
                let _ = r.reply.send(Ok(user));
            }
        }
        Err(e) => {
            let e = LookupError(Arc::new(e));
            for r in batch {
                let _ = r.reply.send(Err(e.clone()));
            }
        }
    }
}
