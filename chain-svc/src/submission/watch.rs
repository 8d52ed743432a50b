//! Watch: one task per signer polls the node: it initialises and resyncs the signer's sequence
//! number, reads its balance, and hands every look at the chain to [`super::settle`].

use super::{BALANCE_EVERY, Engine};
use crate::sequence::SequenceManager;
use crate::signer::Signer;
use std::sync::Arc;
use std::time::Instant;

impl Engine {
    /// The per-signer watcher: initialises the sequence number, settles decided transactions,
    /// finishes resyncs and watches the balance.
    pub(super) async fn watch(self: Arc<Self>, signer: Arc<Signer>) {
        let address = signer.address();
        let mut balance_read: Option<Instant> = None;
        loop {
            tokio::select! {
                _ = self.stop.wait() => return,
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
                                        reason = s.resync_reason().unwrap_or_default(),
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

    pub(super) async fn read_balance(&self, signer: &Arc<Signer>) {
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
}
