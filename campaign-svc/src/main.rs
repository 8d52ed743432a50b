//! campaign-svc's entry point: read the configuration, start telemetry, run the chosen command.

use anyhow::Context;
use campaign_svc::config::{Cli, Command};
use campaign_svc::http::auth;
use campaign_svc::startup::{self, Application};
use campaign_svc::{demo, ledger};
use clap::Parser;
use shared::shutdown::Shutdown;

/// `campaign-svc hash-key KEY` alone, parsed without the service configuration so it needs no
/// environment at all. Any other command line falls through to [`Cli`].
#[derive(Debug, Parser)]
#[command(name = "campaign-svc")]
struct HashKeyOnly {
    #[command(subcommand)]
    command: HashKeyCommand,
}

/// The one sub-command [`HashKeyOnly`] accepts.
#[derive(Debug, clap::Subcommand)]
enum HashKeyCommand {
    /// Print the SHA-256 of an API key, the form API_KEYS stores.
    HashKey {
        /// The key to hash.
        key: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `hash-key KEY` is a pure function of its argument: answer it before the full command line
    // (which requires DATABASE_URL and the rest of the service's settings) is parsed.
    if let Ok(HashKeyOnly {
        command: HashKeyCommand::HashKey { key },
    }) = HashKeyOnly::try_parse()
    {
        println!("{}", auth::hash_key(&key));
        return Ok(());
    }
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
        Command::LedgerRun => {
            cli.config.validate()?;
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
