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
//!   operator and sequence number; [`crate::payment`] resolves its real hash and version.

use crate::batcher::{Dispatch, Feed};
use crate::classify::{self, SubmitRecovery, VmLimit};
use crate::gas::{GasModel, MIN_GAS_UNIT_PRICE};
use crate::grant::{Grant, Settlement};
use crate::node::{Lookup, Node};
use crate::payload;
use crate::payment;
use crate::sequence::{ChainView, Decided, SequenceManager};
use crate::settlement::{self, Fate};
use crate::signer::{Flight, Signer, SignerPool};
use crate::sizing::{self, LiveCap, Split};
use crate::stats::Stats;
use aptos_sdk::transaction::TransactionBuilder;
use aptos_sdk::transaction::builder::sign_transaction;
use aptos_sdk::{AccountAddress, ChainId};
use rand::Rng;
use shared::grant::ErrorClass;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
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
pub struct SubmitSettings {
    /// What a batch costs: each transaction's `max_gas_amount` follows from it.
    pub gas_model: GasModel,
    /// Highest gas unit price paid.
    pub gas_unit_price_cap: u64,
    /// Seconds from signing to expiry.
    pub tx_expiration_secs: u64,
    /// Transactions a grant may ride in before the final check.
    pub max_attempts: u32,
    /// How often each signer polls the node.
    pub poll: Duration,
    /// Below this balance (octas) a signer is reported low.
    pub low_balance_octas: u64,
}

/// The submission engine shared by the batcher, the post tasks and the signer watchers.
#[derive(Debug)]
pub struct Engine {
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
    stop: CancellationToken,
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Full-jitter exponential backoff: `base * 2^attempt`, capped, then scaled by 0.5..=1.
pub fn backoff(base: Duration, attempt: u32, cap: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.min(16));
    let d = exp.min(cap);
    d.mul_f64(rand::thread_rng().gen_range(0.5..=1.0))
}

impl Engine {
    /// An engine over `pool`. `node` is used for reads (SDK retries on), `submit_node` for
    /// posts (retries off: each post's answer is seen and classified here).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        node: Node,
        submit_node: Node,
        pool: Arc<SignerPool>,
        stats: Arc<Stats>,
        chain_id: u8,
        settings: SubmitSettings,
        cap: Arc<LiveCap>,
        feed: mpsc::UnboundedSender<Feed>,
        settled: mpsc::UnboundedSender<(Grant, Settlement)>,
        stop: CancellationToken,
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

    /// The signer pool.
    pub fn pool(&self) -> &Arc<SignerPool> {
        &self.pool
    }

    /// The node client used for reads.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Gas unit price used for new transactions.
    pub fn gas_price(&self) -> u64 {
        self.gas_price.load(Ordering::Relaxed)
    }

    /// The batch cap now (lowered after VM limit hits).
    pub fn batch_cap(&self) -> usize {
        self.cap.current()
    }

    /// Starts the per-signer watchers and the gas price refresher.
    pub fn spawn_background(self: &Arc<Self>) -> Vec<tokio::task::JoinHandle<()>> {
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
                _ = self.stop.cancelled() => return,
                _ = tokio::time::sleep(GAS_PRICE_EVERY) => {}
            }
        }
    }

    /// Builds, signs and tracks a transaction for `batch` on `signer`, then posts it in the
    /// background. Gives the batch back when the signer cannot take it.
    fn send_batch(
        self: &Arc<Self>,
        signer: Arc<Signer>,
        mut batch: Vec<Grant>,
    ) -> Result<(), Vec<Grant>> {
        let job_id = self.next_job_id.fetch_add(1, Ordering::Relaxed);
        let grants = batch.len();
        let job_grants: Vec<_> = batch.iter().map(Grant::job_grant).collect();
        let payload = match payload::submit_job(self.jobs, job_id, &job_grants) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "cannot build the submit_job payload");
                self.stats.error(format!("payload: {e}"));
                return Err(batch);
            }
        };
        let expiration = unix_secs() + self.settings.tx_expiration_secs;
        let gas_price = self.gas_price();
        let max_gas_amount = self.settings.gas_model.max_gas_amount(grants, gas_price);
        let sent = signer.send(expiration, |seq| {
            let raw = TransactionBuilder::new()
                .sender(signer.address())
                .sequence_number(seq)
                .payload(payload)
                .max_gas_amount(max_gas_amount)
                .gas_unit_price(gas_price)
                .expiration_timestamp_secs(expiration)
                .chain_id(self.chain_id)
                .build()?;
            let signed = sign_transaction(&raw, signer.account())?;
            let hash = signed.hash()?;
            for g in &mut batch {
                g.carried_by.push(hash.to_hex());
            }
            Ok::<_, aptos_sdk::AptosError>(Flight {
                job_id,
                grants: std::mem::take(&mut batch),
                signed: Arc::new(signed),
                hash,
                signed_at: Instant::now(),
            })
        });
        let (seq, signed, hash) = match sent {
            Ok(Some(sent)) => sent,
            Ok(None) => return Err(batch),
            Err(e) => {
                tracing::error!(error = %e, "cannot sign the transaction");
                self.stats.error(format!("signing: {e}"));
                return Err(batch);
            }
        };
        self.stats.batch(grants);
        let span = tracing::info_span!("job", job_id, seq, grants, hash = %hash.to_hex(), signer = %signer.address().to_long_string());
        span.in_scope(|| {
            tracing::info!(gas_price, max_gas_amount, expiration, "transaction signed")
        });
        let engine = self.clone();
        tokio::spawn(
            async move { engine.post(signer, seq, signed, hash, expiration).await }
                .instrument(span),
        );
        Ok(())
    }

    /// Posts the signed bytes until the node takes them, refuses them, or their fate is decided
    /// by the watcher.
    async fn post(
        self: Arc<Self>,
        signer: Arc<Signer>,
        seq: u64,
        signed: Arc<aptos_sdk::transaction::SignedTransaction>,
        hash: aptos_sdk::HashValue,
        expiration: u64,
    ) {
        let mut attempt = 0u32;
        loop {
            if !signer.is_in_flight(seq, &hash) || self.stop.is_cancelled() {
                return;
            }
            match self.submit_node.submit(&signed).await {
                Ok(()) => {
                    signer.mark_maybe_accepted(seq);
                    tracing::debug!("transaction accepted");
                    return;
                }
                Err(e) => {
                    let verdict = classify::submit_error(&e);
                    if verdict.recovery == SubmitRecovery::RepostSame {
                        signer.mark_maybe_accepted(seq);
                        tracing::warn!(error = %e, label = %verdict.label, attempt, "submit answer lost; posting the same bytes again");
                        if unix_secs() > expiration {
                            // The watcher settles it by hash and expiry.
                            return;
                        }
                        tokio::time::sleep(backoff(
                            Duration::from_millis(100),
                            attempt,
                            Duration::from_secs(2),
                        ))
                        .await;
                        attempt += 1;
                        continue;
                    }
                    self.refused(&signer, seq, &verdict, &e.to_string());
                    return;
                }
            }
        }
    }

    /// A post was definitely refused.
    fn refused(
        &self,
        signer: &Arc<Signer>,
        seq: u64,
        verdict: &classify::SubmitVerdict,
        error: &str,
    ) {
        tracing::warn!(error, label = %verdict.label, "transaction refused by the node");
        self.stats.refused(&verdict.label);
        self.stats
            .error(format!("submit refused: {}", verdict.label));
        if verdict.recovery == SubmitRecovery::SidelineSigner {
            signer.sideline(SIDELINE, format!("refused: {}", verdict.label));
        }
        let flight = {
            let mut state = signer.state();
            let Some(sequence) = state.sequence.as_mut() else {
                return;
            };
            if sequence.refused(seq, &verdict.label) {
                sequence.settle(seq)
            } else {
                None
            }
        };
        if let Some(flight) = flight {
            self.ride_again(
                flight.grants,
                format!("refused by the node: {}", verdict.label),
            );
        }
        self.pool.notify_freed();
    }

    /// The per-signer watcher: initialises the sequence number, settles decided transactions,
    /// finishes resyncs and watches the balance.
    async fn watch(self: Arc<Self>, signer: Arc<Signer>) {
        let address = signer.address();
        let mut balance_read: Option<Instant> = None;
        loop {
            tokio::select! {
                _ = self.stop.cancelled() => return,
                _ = tokio::time::sleep(self.settings.poll) => {}
            }
            if balance_read.is_none_or(|t| t.elapsed() >= BALANCE_EVERY) {
                balance_read = Some(Instant::now());
                self.read_balance(&signer).await;
            }
            let (initialised, busy, ready_to_resync) = {
                let state = signer.state();
                match state.sequence.as_ref() {
                    None => (false, false, false),
                    Some(s) => (true, s.in_flight() > 0, s.ready_to_resync()),
                }
            };
            if !initialised || ready_to_resync {
                match self.node.sequence_number(address).await {
                    Ok(seq) => {
                        let mut state = signer.state();
                        match state.sequence.as_mut() {
                            None => state.sequence = Some(SequenceManager::new(seq)),
                            Some(s) => {
                                if s.finish_resync(seq) {
                                    tracing::info!(
                                        sequence_number = seq,
                                        "resynced from the chain"
                                    );
                                    self.stats.resynced();
                                }
                            }
                        }
                        drop(state);
                        self.pool.notify_freed();
                    }
                    Err(e) => {
                        // Logged once per distinct error, not on every poll.
                        let message = e.to_string();
                        let mut state = signer.state();
                        if state.last_error.as_deref() != Some(message.as_str()) {
                            tracing::warn!(error = %message, "cannot read the signer's sequence number");
                            state.last_error = Some(message);
                        }
                    }
                }
                continue;
            }
            if !busy {
                continue;
            }
            if let Err(e) = self.settle_decided(&signer).await {
                tracing::debug!(error = %e, "node read failed; will look again");
            }
        }
    }

    async fn read_balance(&self, signer: &Arc<Signer>) {
        match self.node.balance(signer.address()).await {
            Ok(balance) => {
                let address = signer.address().to_long_string();
                metrics::gauge!("chain_signer_balance_octas", "signer" => address.clone())
                    .set(balance as f64);
                let low = balance < self.settings.low_balance_octas;
                metrics::gauge!("chain_signer_low_balance", "signer" => address).set(if low {
                    1.0
                } else {
                    0.0
                });
                let mut state = signer.state();
                let was_low = state
                    .balance
                    .is_some_and(|b| b < self.settings.low_balance_octas);
                if low && !was_low {
                    tracing::warn!(
                        balance,
                        threshold = self.settings.low_balance_octas,
                        "signer balance is low; fund it"
                    );
                }
                state.balance = Some(balance);
            }
            Err(e) => tracing::debug!(error = %e, "cannot read the signer balance"),
        }
    }

    /// One look at the chain for one signer: settles every transaction it has decided.
    async fn settle_decided(&self, signer: &Arc<Signer>) -> Result<(), crate::node::NodeError> {
        // The clock first, then the account: a number at or above the account's that expired by
        // this clock can never commit.
        let ledger = self.node.ledger().await?;
        let account_sequence = self.node.sequence_number(signer.address()).await?;
        let decided: Vec<(Decided, aptos_sdk::HashValue)> = {
            let mut state = signer.state();
            let Some(sequence) = state.sequence.as_mut() else {
                return Ok(());
            };
            sequence
                .decide(ChainView {
                    timestamp_usecs: ledger.timestamp_usecs,
                    account_sequence,
                })
                .into_iter()
                .filter_map(|d| {
                    let (Decided::Passed(s) | Decided::Expired(s)) = d;
                    sequence.get(s).map(|t| (d, t.payload.hash))
                })
                .collect()
        };
        if decided.is_empty() {
            return Ok(());
        }
        // After one dead transaction, every later one of this signer expires behind the gap:
        // only the first dead one in this look counts as an attempt for its grants.
        let mut first_dead_seen = false;
        let lookups =
            futures::future::join_all(decided.iter().map(|(_, hash)| self.node.lookup(hash))).await;
        for ((decision, hash), lookup) in decided.into_iter().zip(lookups) {
            let (Decided::Passed(seq) | Decided::Expired(seq)) = decision;
            let lookup = match lookup {
                Ok(l) => l,
                Err(e) => {
                    tracing::debug!(error = %e, seq, "lookup failed; will look again");
                    continue;
                }
            };
            let Some(flight) = ({
                let mut state = signer.state();
                let seqm = state.sequence.as_mut();
                match seqm {
                    Some(s) if s.get(seq).is_some_and(|t| t.payload.hash == hash) => {
                        if let (Lookup::NotFound | Lookup::Pending, Decided::Passed(_)) =
                            (&lookup, decision)
                        {
                            s.start_resync("sequence number taken by another transaction");
                        }
                        s.settle(seq)
                    }
                    _ => None,
                }
            }) else {
                continue;
            };
            let span =
                tracing::info_span!("job", job_id = flight.job_id, seq, hash = %hash.to_hex());
            let _enter = span.enter();
            match lookup {
                Lookup::Committed(tx) => {
                    let verdict = settlement::judge(&tx, flight.job_id, &flight.grants, &self.jobs);
                    self.stats.committed(verdict.aborted.as_deref());
                    if verdict.sideline_signer {
                        signer.sideline(SIDELINE, "not an operator of the Jobs contract".into());
                    }
                    if let Some(limit) = verdict.limit {
                        tracing::warn!(vm_status = %tx.vm_status, gas_used = tx.gas_used, grants = flight.grants.len(), "transaction hit a VM limit; nothing paid, splitting the batch");
                        self.stats
                            .error(format!("job over a VM limit: {}", limit.label()));
                        self.split(flight.grants, limit, &tx.vm_status);
                        continue;
                    }
                    if let Some(label) = &verdict.aborted {
                        tracing::warn!(vm_status = %tx.vm_status, label, "job aborted; its grants ride again");
                        self.stats.error(format!("job aborted: {label}"));
                    } else {
                        tracing::info!(
                            version = tx.version,
                            gas_used = tx.gas_used,
                            grants = flight.grants.len(),
                            "transaction committed"
                        );
                        self.cap.committed(flight.grants.len());
                    }
                    let mut again = Vec::new();
                    let mut already_paid = Vec::new();
                    let mut reason = String::new();
                    for (grant, fate) in flight.grants.into_iter().zip(verdict.fates) {
                        match fate {
                            Fate::Settled(s) => {
                                let _ = self.settled.send((grant, s));
                            }
                            Fate::AlreadyPaid(record) => already_paid.push((grant, record)),
                            Fate::RideAgain(why) => {
                                reason = why;
                                again.push(grant);
                            }
                        }
                    }
                    if !already_paid.is_empty() {
                        tokio::spawn(
                            payment::settle(
                                self.node.clone(),
                                already_paid,
                                self.settled.clone(),
                                self.stats.clone(),
                                self.stop.clone(),
                            )
                            .in_current_span(),
                        );
                    }
                    if !again.is_empty() {
                        self.ride_again(again, reason);
                    }
                }
                Lookup::NotFound | Lookup::Pending => {
                    let why = match decision {
                        Decided::Passed(_) => "its sequence number was used by another transaction",
                        Decided::Expired(_) => "expired without being committed",
                    };
                    let collateral = std::mem::replace(&mut first_dead_seen, true);
                    tracing::warn!(
                        why,
                        collateral,
                        "transaction is dead; its grants ride again"
                    );
                    self.stats.expired();
                    self.stats.error(format!("transaction {why}"));
                    self.ride_again_counted(
                        flight.grants,
                        format!("transaction {why}"),
                        !collateral,
                    );
                }
            }
        }
        self.pool.notify_freed();
        Ok(())
    }

    /// The grants of a transaction that committed over a VM limit (it paid nothing): the cap
    /// drops, and the batch goes back as two formed halves at once, or, alone, to the final
    /// check as a permanent failure. Not an attempt: each cut halves the batch, which bounds it.
    fn split(&self, mut grants: Vec<Grant>, limit: VmLimit, vm_status: &str) {
        let size = grants.len();
        self.stats.split(limit.label());
        self.cap.limit_hit(size, limit.label());
        let why = format!("transaction of {size} grant(s) hit the VM limit {vm_status}");
        for g in &mut grants {
            g.last_error = Some(why.clone());
        }
        match sizing::split(grants) {
            Some(Split::Halves(first, second)) => {
                tracing::info!(
                    first = first.len(),
                    second = second.len(),
                    "batch split in two"
                );
                let _ = self.feed.send(Feed::Formed(first));
                let _ = self.feed.send(Feed::Formed(second));
            }
            Some(Split::Alone(grant)) => {
                let message = format!(
                    "a transaction carrying only this grant hit the VM limit {} ({vm_status}); jobs::submit_job cannot pay it within the configured gas model",
                    limit.label()
                );
                tracing::warn!(request_id = %grant.id(), %message, "grant cannot be paid alone");
                self.final_check(grant, message, ErrorClass::Permanent);
            }
            None => {}
        }
    }

    /// Answers a request chain-svc decoded but refuses to pay (a field breaks
    /// `GrantRequest::check`: an id the identifier rule refuses, an amount above
    /// `MAX_GRANT_AMOUNT`): it never rides, and after the same final check as any grant that will
    /// not ride again — the contract's record decides, after every transaction this service
    /// could have signed for it has expired — it ends as a permanent failure (or, should an
    /// earlier run have paid it under other settings, as already paid with the real hash). So the
    /// sender gets one result and releases the grant, instead of re-sending it forever.
    pub fn refuse(&self, grant: Grant, why: &shared::grant::InvalidField) {
        metrics::counter!("chain_requests_refused_total", "field" => why.field).increment(1);
        tracing::warn!(request_id = %grant.id(), field = why.field, reason = %why.reason, "grant request refused; answering it as failed once the contract confirms it is unpaid");
        self.final_check(
            grant,
            format!("refused by chain-svc: {why}"),
            ErrorClass::Permanent,
        );
    }

    /// Starts the final check of `grant` (see [`final_check`]); unpaid, it fails with `message`
    /// and `class`.
    fn final_check(&self, grant: Grant, message: String, class: ErrorClass) {
        let not_before = self.started_unix_secs + self.settings.tx_expiration_secs + 1;
        tokio::spawn(final_check(
            self.node.clone(),
            grant,
            not_before,
            Unpaid { message, class },
            self.settled.clone(),
            self.stats.clone(),
            self.stop.clone(),
        ));
    }

    /// Grants a settled transaction did not pay: back to the batcher after a backoff, or, after
    /// `MAX_SUBMIT_ATTEMPTS`, to the final check.
    fn ride_again(&self, grants: Vec<Grant>, reason: String) {
        self.ride_again_counted(grants, reason, true)
    }

    /// [`Engine::ride_again`]; `counts` is false for a transaction that only died behind an
    /// earlier dead one of the same signer (not this grant's attempt; bounded by the earlier).
    fn ride_again_counted(&self, grants: Vec<Grant>, reason: String, counts: bool) {
        let mut again = Vec::new();
        // A grant that keeps dying behind others still ends: every third carrier counts.
        let hard_cap = self.settings.max_attempts.saturating_mul(3) as usize;
        for mut grant in grants {
            if counts || grant.carried_by.len() >= hard_cap {
                grant.attempts += 1;
            }
            grant.last_error = Some(reason.clone());
            if grant.attempts >= self.settings.max_attempts {
                let message = format!(
                    "not paid after {} transaction(s); last: {}",
                    grant.attempts,
                    grant.last_error.as_deref().unwrap_or("unknown")
                );
                self.final_check(grant, message, ErrorClass::Transient);
            } else {
                self.stats.retried();
                again.push(grant);
            }
        }
        if again.is_empty() {
            return;
        }
        let attempt = again[0].attempts.max(1);
        let delay = backoff(
            Duration::from_millis(100),
            attempt.saturating_sub(1),
            Duration::from_secs(5),
        );
        let feed = self.feed.clone();
        let stop = self.stop.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tokio::time::sleep(delay) => {
                    for g in again {
                        let _ = feed.send(Feed::Again(g));
                    }
                }
            }
        });
    }
}

/// The batcher's view of the engine.
#[derive(Debug, Clone)]
pub struct EngineDispatch(pub Arc<Engine>);

impl Dispatch for EngineDispatch {
    fn dispatch(&self, signer: Arc<Signer>, batch: Vec<Grant>) -> Result<(), Vec<Grant>> {
        self.0.send_batch(signer, batch)
    }
}

/// How a grant ends when the final check finds it unpaid.
#[derive(Debug, Clone)]
struct Unpaid {
    /// The failed result's message.
    message: String,
    /// Its class.
    class: ErrorClass,
}

/// Decides a grant that will not ride again (it rode in `MAX_SUBMIT_ATTEMPTS` transactions
/// without being paid, or alone in one that hit a VM limit). Every transaction that carried it
/// is settled (dead, or committed without paying it), and the chain clock is waited past
/// `not_before` (the latest expiry a previous run of this service could have signed); then the
/// contract's own record decides: paid → completed as already paid with the original
/// payment's real hash ([`payment::settle`]), else failed as `unpaid` says.
/// If the node cannot be asked before `stop`, nothing is published and the message is
/// redelivered later.
async fn final_check(
    node: Node,
    grant: Grant,
    not_before_unix_secs: u64,
    unpaid: Unpaid,
    settled: mpsc::UnboundedSender<(Grant, Settlement)>,
    stats: Arc<Stats>,
    stop: CancellationToken,
) {
    let span =
        tracing::info_span!("final_check", request_id = %grant.id(), attempts = grant.attempts);
    async move {
        let mut attempt = 0;
        loop {
            let verdict = async {
                let ledger = node.ledger().await?;
                if ledger.timestamp_usecs < not_before_unix_secs.saturating_mul(1_000_000) {
                    return Ok(None);
                }
                node.paid_grant(&grant.id()).await.map(Some)
            }
            .await;
            match verdict {
                Ok(Some(Some(record))) => {
                    tracing::info!(
                        job_id = record.job_id,
                        operator = %record.operator.to_long_string(),
                        sequence_number = record.sequence_number,
                        "paid after all; completed as already paid"
                    );
                    payment::settle(node, vec![(grant, record)], settled, stats, stop).await;
                    return;
                }
                Ok(Some(None)) => {
                    tracing::warn!(message = %unpaid.message, class = ?unpaid.class, "grant failed");
                    let _ = settled.send((
                        grant,
                        Settlement::Failed {
                            message: unpaid.message,
                            class: unpaid.class,
                            job_id: None,
                        },
                    ));
                    return;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "final check could not ask the node"),
            }
            attempt += 1;
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(backoff(Duration::from_millis(200), attempt.min(5), Duration::from_secs(5))) => {}
            }
        }
    }
    .instrument(span)
    .await
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
