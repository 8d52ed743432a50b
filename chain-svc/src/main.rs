//! chain-svc binary: configuration from the environment, telemetry, then the library.

use anyhow::Context;
use chain_svc::config::Config;
use chain_svc::startup::Application;
use clap::Parser;
use shared::shutdown::Shutdown;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    shared::telemetry::install_crypto_provider();
    let config = Config::parse();
    shared::telemetry::init_tracing(config.log_format);
    tracing::info!(config = ?config, "starting chain-svc");
    let shutdown = Shutdown::new();
    shutdown.trigger_on_signals();
    let app = Application::build(config)
        .await
        .context("chain-svc failed to start")?;
    app.run(shutdown).await;
    Ok(())
}
