//! The default game `users` table and a generator of demo and benchmark users. It only ever
//! writes to the ledger's own database (DATABASE_URL), never to GAME_DATABASE_URL.

use sqlx::PgPool;

/// The default shape of the game's User table (`queries/demo_users_table.sql`; the SQL check's
/// database has it beside the migrations, so the statements below are checked against it too).
pub const USERS_TABLE: &str = include_str!("../queries/demo_users_table.sql");

/// Creates the table if needed and adds alice, bob and carol plus `count` generated users
/// (`user-1` ...): about 1% without a wallet, about 5% with a zero balance. Existing users are
/// left alone. Returns the number of users added.
pub async fn seed_users(pool: &PgPool, count: u64) -> Result<u64, sqlx::Error> {
    sqlx::query_file!("queries/demo_users_table.sql")
        .execute(pool)
        .await?;
    let named = sqlx::query!(
        "INSERT INTO users (user_id, wallet_address, balance) VALUES \
         ('alice', '0x' || repeat('a1', 32), 1500), \
         ('bob',   '0x' || repeat('b0', 32), 800), \
         ('carol', NULL, 300) \
         ON CONFLICT (user_id) DO NOTHING"
    )
    .execute(pool)
    .await?
    .rows_affected();
    let generated = sqlx::query!(
        "INSERT INTO users (user_id, wallet_address, balance) \
         SELECT 'user-' || i, \
                CASE WHEN i % 100 = 0 THEN NULL ELSE '0x' || md5('w' || i) || md5('x' || i) END, \
                CASE WHEN i % 20 = 0 THEN 0 ELSE (hashint4(i::int) & 65535) + 1 END \
         FROM generate_series(1, $1::bigint) AS i \
         ON CONFLICT (user_id) DO NOTHING",
        count as i64
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(named + generated)
}

/// Adds 1..=100 coins to every user (simulates play between ledger runs). Returns users changed.
pub async fn bump_balances(pool: &PgPool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE users SET balance = balance + (hashint4(hashtext(user_id) # extract(epoch FROM now())::int) & 63) + 1, \
         updated_at = now()"
    )
    .execute(pool)
    .await?
    .rows_affected())
}
