//! Brings a database to campaign-svc's schema without compiling campaign-svc.
//!
//! campaign-svc's query macros (`sqlx::query!` and its kin) are checked against a database with
//! its schema when they are expanded, so that database has to exist before campaign-svc can be
//! compiled against it: scripts/sqlx-prepare.sh runs this first. The migrations are applied by
//! sqlx's migrator, the one campaign-svc runs at start-up (`sqlx::migrate!`), read from
//! `campaign-svc/migrations` at run time: the same files, in the same order, with the same
//! checksums. Each further SQL file named is then run as it is (the demo game table,
//! `campaign-svc/queries/demo_users_table.sql`, which campaign-svc's demo statements write to).
//!
//! ```text
//! campaign-svc-migrate DATABASE_URL [SQL_FILE ...]
//! ```

use anyhow::Context;
use sqlx::Connection;
use std::path::Path;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .context("usage: campaign-svc-migrate DATABASE_URL [SQL_FILE ...]")?;
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let migrator = sqlx::migrate::Migrator::new(migrations.as_path())
        .await
        .with_context(|| format!("reading {}", migrations.display()))?;
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .context("connecting to the database")?;
    migrator
        .run(&mut conn)
        .await
        .context("applying the migrations")?;
    for file in args {
        let sql = std::fs::read_to_string(&file).with_context(|| format!("reading {file}"))?;
        sqlx::raw_sql(&sql)
            .execute(&mut conn)
            .await
            .with_context(|| format!("running {file}"))?;
    }
    conn.close().await?;
    Ok(())
}
