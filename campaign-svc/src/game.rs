//! The game's users, read only: `GAME_USERS_QUERY` returns (user_id, wallet_address, balance).
//! campaign-svc never writes to the game database; the query is wrapped so its columns arrive as
//! text, text and bigint whatever the game's own types are.

use sqlx::PgPool;

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

    /// One user by id, `None` when the game does not know them.
    pub async fn lookup(&self, user_id: &str) -> Result<Option<GameUser>, sqlx::Error> {
        let sql = format!(
            "SELECT * FROM ({}) AS snapshot WHERE snapshot.user_id = $1 LIMIT 1",
            self.snapshot_sql()
        );
        sqlx::query_as::<_, GameUser>(&sql)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
    }
}
