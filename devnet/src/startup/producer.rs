//! The block producer: a block every `block_time` until shutdown, and the state file saved when
//! the chain changed (at most once per save interval).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::state_file::{self, StoredKey};
use crate::node::{Node, now_usecs};

/// Produces blocks on `node` until `shutdown` turns true; saves `state_file` (path, interval)
/// with `stored_keys` after a block changed the ledger version.
pub(super) async fn produce_blocks(
    node: Arc<Node>,
    block_time: Duration,
    state_file: Option<(PathBuf, Duration)>,
    stored_keys: Vec<StoredKey>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(block_time);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_saved_version = node.chain().ledger().version;
    let mut last_save = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.wait_for(|stop| *stop) => break,
        }
        let (summary, version) = {
            let mut chain = node.chain();
            let mut roll = || node.faults.roll_job_abort();
            let summary = chain.produce_block(now_usecs(), &mut roll);
            (summary, chain.ledger().version)
        };
        if summary.committed > 0 {
            tracing::debug!(
                committed = summary.committed,
                grants = summary.grants,
                version,
                "block"
            );
        }
        if summary.evicted > 0 || summary.discarded > 0 {
            tracing::info!(
                evicted = summary.evicted,
                discarded = summary.discarded,
                "mempool: expired or stale transactions removed"
            );
        }
        node.notify_commits(version);
        if let Some((path, interval)) = &state_file
            && version != last_saved_version
            && last_save.elapsed() >= *interval
        {
            match state_file::save(&node, path, &stored_keys) {
                Ok(()) => last_saved_version = version,
                Err(e) => tracing::error!(error = %e, "state file save failed"),
            }
            last_save = tokio::time::Instant::now();
        }
    }
}
