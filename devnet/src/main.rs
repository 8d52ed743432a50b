//! The `devnet` binary: parse configuration, start tracing, run the development chain until
//! Ctrl-C / SIGTERM, then shut down cleanly (saving the state file if configured).

use anyhow::Context;
use clap::Parser;
use devnet::{Devnet, DevnetConfig, Role, write_keys_file};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = DevnetConfig::parse();
    let keys_file = config.keys_file_path();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,devnet=info".into()),
        )
        .init();
    let handle = Devnet::start(config)
        .await
        .context("starting the dev chain")?;
    println!(
        "devnet: DEVELOPMENT CHAIN (not a real network) listening on {}",
        handle.url()
    );
    println!(
        "devnet: chain id {}, jobs module {}::jobs",
        handle.chain_id(),
        handle.jobs_address()
    );
    let wrote_keys = write_keys_file(&keys_file, handle.genesis_keys())?;
    for key in handle.genesis_keys() {
        let role = match key.role {
            Role::Operator => "operator",
            Role::Admin => "admin",
        };
        if key.generated {
            println!(
                "devnet: generated {role} {} (private key in {})",
                key.address(),
                keys_file.display()
            );
        } else {
            println!("devnet: {role} {}", key.address());
        }
    }
    if wrote_keys {
        println!(
            "devnet: generated keys written to {} (mode 0600)",
            keys_file.display()
        );
    }
    wait_for_signal().await?;
    handle.shutdown().await.context("shutting down")?;
    Ok(())
}

async fn wait_for_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("installing SIGTERM handler")?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.context("waiting for Ctrl-C")?,
        _ = term.recv() => {}
    }
    Ok(())
}
