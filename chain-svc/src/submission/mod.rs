//! Submission: a batch becomes one signed `jobs::submit_job` transaction, is posted, and is
//! followed until the chain decides it; then each grant is settled or rides again.
//!
//! * Build: payload, next sequence number of the chosen signer, gas price = the node's estimate
//!   within [100, `GAS_UNIT_PRICE_CAP`], `max_gas_amount` from the gas model for this batch at
//!   this price ([`crate::gas`]), expiry = now + `TX_EXPIRATION_SECS`, chain id. The hash is
//!   computed and recorded (tracked by the signer's sequence manager) *before* the first post.
//! * Post: the same signed bytes are re-posted while the answer is ambiguous (network, 5xx,
//!   429); a definite refusal is classified ([`crate::classify`]).
//! * Watch (one task per signer): read the chain clock, then the account's sequence number;
//!   a passed number is looked up by hash (ours committed → settle from its events; not ours
//!   → dead), an expired one is confirmed dead by hash. Only then do its grants ride again.
//! * Ride again: exponential backoff with jitter, at most `MAX_SUBMIT_ATTEMPTS` transactions;
//!   then the `jobs::paid_grant` view decides between "already paid" and "failed", and not
//!   before the chain clock has passed every expiry a previous run of this service could have
//!   signed.
//! * Split: a transaction that committed over a VM limit paid nothing; its batch is cut in
//!   halves that are sent again at once ([`crate::sizing`]; not an attempt), and the batch cap
//!   drops. A single grant over a limit goes to the final check and fails `permanent`.
//! * Already paid: `GrantSkipped` (or the final check's view) names the original payment by
//!
//! The phases live in their own files: [`post`] (build, sign, post), [`watch`] (the per-signer
//! watcher), [`settle`] (what a decided transaction means for each grant), [`retry`] (ride
//! again, split, refuse; the attempt rule as a pure function) and [`final_check`] (the
//! contract's record decides a grant that will not ride again).

mod final_check;
mod post;
mod retry;
mod settle;
mod watch;

use crate::batcher::{Dispatch, Feed};
use crate::gas::MIN_GAS_UNIT_PRICE;
use crate::grant::{Grant, Settlement};
use crate::node::Node;
use crate::signer::{Signer, SignerPool};
use crate::sizing::LiveCap;
use crate::stats::Stats;
use aptos_sdk::{AccountAddress, ChainId};
use rand::Rng;
use shared::shutdown::Shutdown;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;
use tracing::Instrument;

/// How long a signer refused for its own reasons (balance, auth key, not an operator) is left
/// out of new batches.
const SIDELINE: Duration = Duration::from_secs(15);
/// How often each signer's balance is read.
const BALANCE_EVERY: Duration = Duration::from_secs(5);
/// How often the node's gas estimate is read.
const GAS_PRICE_EVERY: Duration = Duration::from_secs(10);

/// The knobs submission runs with (from the configuration).
#[derive(Debug, Clone)]
pub(crate) struct SubmitSettings {
    /// What a batch costs: each transaction's `max_gas_amount` follows from it.
    pub(crate) gas_model: crate::gas::GasModel,
    /// Recipients known to hold the token: a batch is priced by what it holds, and every
    /// grant a committed transaction paid teaches its recipient.
    pub(crate) holders: Arc<crate::holders::Holders>,
    /// Highest gas unit price paid.
    pub(crate) gas_unit_price_cap: u64,
    /// Seconds from signing to expiry.
    pub(crate) tx_expiration_secs: u64,
    /// Transactions a grant may ride in before the final check.
    pub(crate) max_attempts: u32,
    /// How often each signer polls the node.
    pub(crate) poll: Duration,
    /// Below this balance (octas) a signer is reported low.
    pub(crate) low_balance_octas: u64,
}

/// The submission engine shared by the batcher, the post tasks and the signer watchers.
#[derive(Debug)]
pub(crate) struct Engine {
    node: Node,
    submit_node: Node,
    pool: Arc<SignerPool>,
    stats: Arc<Stats>,
    chain_id: ChainId,
    jobs: AccountAddress,
    settings: SubmitSettings,
    cap: Arc<LiveCap>,
    gas_price: AtomicU64,
    next_job_id: AtomicU64,
    started_unix_secs: u64,
    feed: mpsc::UnboundedSender<Feed>,
    settled: mpsc::UnboundedSender<(Grant, Settlement)>,
    stop: Shutdown,
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Full-jitter exponential backoff: `base * 2^attempt`, capped, then scaled by 0.5..=1.
pub(crate) fn backoff(base: Duration, attempt: u32, cap: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.min(16));
    let d = exp.min(cap);
    d.mul_f64(rand::thread_rng().gen_range(0.5..=1.0))
}

impl Engine {
    /// An engine over `pool`. `node` is used for reads (SDK retries on), `submit_node` for
    /// posts (retries off: each post's answer is seen and classified here).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        node: Node,
        submit_node: Node,
        pool: Arc<SignerPool>,
        stats: Arc<Stats>,
        chain_id: u8,
        settings: SubmitSettings,
        cap: Arc<LiveCap>,
        feed: mpsc::UnboundedSender<Feed>,
        settled: mpsc::UnboundedSender<(Grant, Settlement)>,
        stop: Shutdown,
    ) -> Self {
        let jobs = node.jobs_address();
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Self {
            node,
            submit_node,
            pool,
            stats,
            chain_id: ChainId::new(chain_id),
            jobs,
            // The VM's minimum price until the first estimate arrives (the cap is validated ≥ it).
            gas_price: AtomicU64::new(MIN_GAS_UNIT_PRICE),
            settings,
            cap,
            // Job ids only label events; starting from the clock keeps them distinct across runs.
            next_job_id: AtomicU64::new(started.as_micros() as u64),
            started_unix_secs: started.as_secs(),
            feed,
            settled,
            stop,
        }
    }

    /// Gas unit price used for new transactions.
    pub(crate) fn gas_price(&self) -> u64 {
        self.gas_price.load(Ordering::Relaxed)
    }

    /// The batch cap now (lowered after VM limit hits).
    pub(crate) fn batch_cap(&self) -> usize {
        self.cap.current()
    }

    /// Starts the per-signer watchers and the gas price refresher.
    pub(crate) fn spawn_background(self: &Arc<Self>) -> Vec<tokio::task::JoinHandle<()>> {
        let mut tasks = Vec::new();
        for signer in self.pool.signers() {
            let (engine, signer) = (self.clone(), signer.clone());
            let span = tracing::info_span!("signer", address = %signer.address().to_long_string());
            tasks.push(tokio::spawn(engine.watch(signer).instrument(span)));
        }
        let engine = self.clone();
        tasks.push(tokio::spawn(
            async move { engine.refresh_gas_price().await },
        ));
        tasks
    }

    async fn refresh_gas_price(self: Arc<Self>) {
        loop {
            match self.node.gas_price().await {
                Ok(estimate) => {
                    let price =
                        estimate.clamp(MIN_GAS_UNIT_PRICE, self.settings.gas_unit_price_cap);
                    if estimate > self.settings.gas_unit_price_cap {
                        tracing::warn!(
                            estimate,
                            cap = self.settings.gas_unit_price_cap,
                            "gas estimate above the cap; paying the cap"
                        );
                    }
                    self.gas_price.store(price, Ordering::Relaxed);
                    metrics::gauge!("chain_gas_unit_price").set(price as f64);
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the gas estimate"),
            }
            tokio::select! {
                _ = self.stop.wait() => return,
                _ = tokio::time::sleep(GAS_PRICE_EVERY) => {}
            }
        }
    }
}

/// The batcher's view of the engine.
#[derive(Debug, Clone)]
pub(crate) struct EngineDispatch(pub Arc<Engine>);

impl Dispatch for EngineDispatch {
    fn dispatch(&self, signer: Arc<Signer>, batch: Vec<Grant>) -> Result<(), Vec<Grant>> {
        self.0.send_batch(signer, batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(2);
        for attempt in 0..20 {
            let d = backoff(base, attempt, cap);
            let full = base.saturating_mul(1 << attempt.min(16)).min(cap);
            assert!(d <= full && d >= full / 2, "attempt {attempt}: {d:?}");
        }
    }
}
