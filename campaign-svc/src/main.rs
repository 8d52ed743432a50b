//! campaign-svc's entry point: read the configuration, start telemetry, run the chosen command.

use anyhow::Context;
use campaign_svc::config::{Cli, Command};
use campaign_svc::startup::{self, Application};
use campaign_svc::{auth, demo, ledger};
use clap::Parser;
use shared::shutdown::Shutdown;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    shared::telemetry::install_crypto_provider();
    let cli = Cli::parse();
    shared::telemetry::init_tracing(cli.config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let shutdown = Shutdown::new();
            shutdown.trigger_on_signals();
            let app = Application::build(cli.config)
                .await
                .context("start-up failed")?;
            app.run(shutdown).await.context("the HTTP server failed")?;
        }
        Command::LedgerRun { once: _ } => {
            let db = startup::connect_ledger(&cli.config).await?;
            let game = startup::connect_game(&cli.config, &db).await?;
            let outcome =
                ledger::run_ledger(&db, &game, &startup::ledger_rules(&cli.config), "cli").await?;
            println!("{}", serde_json::to_string(&outcome)?);
        }
        Command::SeedUsers { count, bump } => {
            let db = startup::connect_ledger(&cli.config).await?;
            if bump {
                println!("bumped {} users", demo::bump_balances(&db).await?);
            } else {
                println!("added {} users", demo::seed_users(&db, count).await?);
            }
        }
        Command::HashKey { key } => println!("{}", auth::hash_key(&key)),
    }
    Ok(())
}
